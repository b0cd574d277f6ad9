import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp, type App } from '../../src/server/app.ts';
import type { Limits } from '../../src/server/config.ts';
import type { ParseService } from '../../src/server/parse-service.ts';
import { ErrorSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';

export const TEST_LIMITS: Limits = { bodyLimit: 64 * 1024, maxChars: 2000, maxSentences: 20, maxTokensPerSentence: 50, maxTokenChars: 40 };

export async function testApp(service: ParseService = new FakeService(), limits: Partial<Limits> = {}): Promise<App> {
  const app = await buildApp({ service, limits: { ...TEST_LIMITS, ...limits }, logger: false, underPressure: false });
  await app.ready();
  return app;
}

export const json = { 'content-type': 'application/json' };

/** POST /v1/parse with a JSON body (or a string or bytes as they are). */
export const post = (app: App, payload: unknown, headers: Record<string, string> = json, url = '/v1/parse'): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url, headers, payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) });

/** Every error answer has the same body shape; checks it and returns it. */
export function errorOf(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = ErrorSchema.parse(res.json());
  expect(body.statusCode).toBe(status);
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}
