import { buildApp, type App } from '../../src/server/app.ts';
import type { Limits } from '../../src/server/config.ts';
import type { ParseService } from '../../src/server/parse-service.ts';
import { FakeService } from './fixtures/fake-service.ts';

export const TEST_LIMITS: Limits = { bodyLimit: 64 * 1024, maxChars: 2000, maxSentences: 20, maxTokensPerSentence: 50, maxTokenChars: 40 };

export async function testApp(service: ParseService = new FakeService(), limits: Partial<Limits> = {}): Promise<App> {
  const app = await buildApp({ service, limits: { ...TEST_LIMITS, ...limits }, logger: false, underPressure: false });
  await app.ready();
  return app;
}

export const json = { 'content-type': 'application/json' };
