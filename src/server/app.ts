/**
 * buildApp: the Fastify app without listening (tests use `app.inject()`; main.ts listens).
 * Everything the app needs comes in as arguments: the parse service, the limits and the logger.
 */
import { readFileSync } from 'node:fs';
import { fastifySwagger } from '@fastify/swagger';
import { fastifySwaggerUi } from '@fastify/swagger-ui';
import { fastifyUnderPressure } from '@fastify/under-pressure';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions, LogController } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import { ResponseSerializationError, type ZodTypeProvider, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ConnectionLimits, Limits } from './config.ts';
import { DEFAULT_CONNECTION_LIMITS, connectionOptions } from './connection.ts';
import { CONLLU_TYPE, registerBodyParsers } from './content.ts';
import { registerErrorHandlers } from './error-handler.ts';
import { LATENCY_BUCKETS, type ServerMetrics, createMetrics } from './metrics.ts';
import type { ParseService } from './parse-service.ts';
import { modelsRoutes } from './routes/models.ts';
import { opsRoutes } from './routes/ops.ts';
import { parseRoutes } from './routes/parse.ts';
import { viewerRoutes } from './routes/viewer.ts';
import { requestIdOf, shedder } from './shed.ts';
import { CONLLU_EXAMPLE } from './schemas.ts';

export interface AppOptions {
  service: ParseService;
  limits: Limits;
  /** Timeouts and the header limit (default: the configuration's defaults). */
  connection?: ConnectionLimits;
  /** Metrics registry and instruments (default: a new one for this app). */
  metrics?: ServerMetrics;
  /** pino options, or false for no logs (tests). */
  logger?: FastifyServerOptions['logger'];
  /** 503 when the event loop is saturated (a backstop; admission control is the real overload signal). Default true. */
  underPressure?: boolean;
}

const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

const version = (): string => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

type OpenApiDoc = { paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> };

/** The docs page shows a CoNLL-U body beside the JSON one (the zod transform knows one schema per body). */
function addConlluBody(doc: OpenApiDoc): OpenApiDoc {
  const content = doc.paths?.['/v1/parse']?.post?.requestBody?.content;
  if (content) {
    content[CONLLU_TYPE] = {
      schema: { type: 'string', description: 'A CoNLL-U document; options (format, keepTags, probabilities, beam, model) go in the query string.' },
      example: CONLLU_EXAMPLE,
    };
  }
  return doc;
}

/**
 * Answers are serialized through their zod schema, which checks them (a tree that breaks it is a 500,
 * never sent), with the schema's parse rather than fastify-type-provider-zod's encode: the same
 * result, since no response schema has a transform or codec (only query schemas do), but encode skips
 * zod's compiled fast path: 60–90 µs against 17 µs for the 4.5 KB parse answer of a 20-token sentence,
 * of the main thread's ~480 µs per request in bench:server. A schema given some other way (not a zod
 * type) goes to the library's serializer.
 */
const responseSerializer: typeof serializerCompiler = (route) => {
  const schema = route.schema;
  if (!(schema instanceof z.ZodType)) return serializerCompiler(route);
  return (data) => {
    const r = schema.safeParse(data);
    if (!r.success) throw new ResponseSerializationError(route.method, route.url, { cause: r.error });
    return JSON.stringify(r.data);
  };
};

export async function buildApp(opts: AppOptions) {
  const { service, limits } = opts;
  const metrics = opts.metrics ?? createMetrics(service);
  let accepting = true;
  const late: { log?: FastifyBaseLogger } = {}; // the shedder is made before the app (and its logger)
  const early = shedder(() => service.refusal(), (code) => metrics.errors.inc({ code }), () => late.log);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: limits.bodyLimit,
    requestIdHeader: false,
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: (req) => QUIET_ROUTES.has(req.url) }),
    return503OnClosing: true,
    ...connectionOptions(opts.connection ?? DEFAULT_CONNECTION_LIMITS, (code) => metrics.errors.inc({ code }), early),
  }).withTypeProvider<ZodTypeProvider>();
  late.log = app.log;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  registerBodyParsers(app);
  registerErrorHandlers(app, metrics, limits);
  app.addHook('onRequest', async (req, reply) => { reply.header('x-request-id', req.id); });
  app.addHook('preClose', async () => { accepting = false; });
  // Draining: every answer that leaves after shutdown began closes its connection. Otherwise a keep-alive
  // client (a proxy, another service's pool) whose request was in flight holds app.close(), and with it the
  // pod's termination, until its keep-alive timeout or ARCPARSE_SHUTDOWN_TIMEOUT_MS, whichever comes first.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!accepting) reply.header('connection', 'close');
    return payload;
  });
  // A streamed answer whose headers (keep-alive) went out before shutdown: close once it is complete.
  app.addHook('onResponse', async (req) => { if (!accepting) req.raw.socket?.end(); });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'arcparse', version: version(), description: 'Universal Dependencies parsing over HTTP: raw text, sentences, tokens or CoNLL-U in; trees out as JSON, NDJSON or CoNLL-U.' },
      tags: [{ name: 'parse' }, { name: 'operations' }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => addConlluBody(('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as OpenApiDoc) as never,
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
  await app.register(modelsRoutes, { service });
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
