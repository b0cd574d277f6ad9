/**
 * buildApp: the Fastify app without listening (tests use `app.inject()`; main.ts listens).
 * Everything the app needs comes in as arguments: the parse service, the limits and the logger.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fastifySwagger } from '@fastify/swagger';
import { fastifySwaggerUi } from '@fastify/swagger-ui';
import { fastifyUnderPressure } from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import { type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Limits } from './config.ts';
import { registerErrorHandlers } from './error-handler.ts';
import { LATENCY_BUCKETS, createMetrics } from './metrics.ts';
import { type ParseService, ServiceError } from './parse-service.ts';
import { opsRoutes } from './routes/ops.ts';
import { parseRoutes } from './routes/parse.ts';
import { viewerRoutes } from './routes/viewer.ts';

export interface AppOptions {
  service: ParseService;
  limits: Limits;
  /** pino options, or false for no logs (tests). */
  logger?: FastifyServerOptions['logger'];
  /** 503 when the event loop is saturated (a backstop; the queue limit is the real overload signal). Default true. */
  underPressure?: boolean;
}


const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const version = (): string => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

/** JSON bodies must be UTF-8: invalid bytes are a 400, not silently replaced by U+FFFD. */
function registerJsonParser(app: FastifyInstance): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    let text: string;
    try {
      text = decoder.decode(raw as Buffer);
    } catch {
      done(new ServiceError('HTTP_ERR_ENCODING', 'the request body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(req, text, done);
  });
}

export async function buildApp(opts: AppOptions) {
  const { service, limits } = opts;
  let accepting = true;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: limits.bodyLimit,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: (req) => QUIET_ROUTES.has(req.url) }),
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonParser(app);
  const metrics = createMetrics(service);
  registerErrorHandlers(app, metrics);
  app.addHook('onRequest', async (req, reply) => { reply.header('x-request-id', req.id); });
  app.addHook('preClose', async () => { accepting = false; });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'arcparse', version: version(), description: 'Universal Dependencies parsing over HTTP: raw text, sentences or tokens in; trees out as JSON or CoNLL-U.' },
      tags: [{ name: 'parse' }, { name: 'operations' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', logLevel: 'warn' });
  await app.register(fastifyMetrics.default, {
    endpoint: { url: '/metrics', method: 'GET', schema: { hide: true }, logLevel: 'warn', handler: () => undefined },
    defaultMetrics: { enabled: true, register: metrics.registry },
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      routeBlacklist: ['/metrics', '/healthz', '/readyz'],
      // The summary is created even when disabled; keeping both in our registry lets many apps share a process.
      overrides: { histogram: { registers: [metrics.registry], buckets: LATENCY_BUCKETS }, summary: { registers: [metrics.registry] } },
    },
  });
  await app.register(opsRoutes, { service, accepting: () => accepting });
  await app.register(viewerRoutes);
  // under-pressure in a child context: it guards the parse route only, so /healthz and /readyz stay truthful under load.
  await app.register(async (api) => {
    if (opts.underPressure !== false) {
      await api.register(fastifyUnderPressure, { maxEventLoopDelay: 1000, maxEventLoopUtilization: 0.98, retryAfter: 1 });
    }
    await api.register(parseRoutes, { service, limits, metrics });
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
