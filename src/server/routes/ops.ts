/** GET /healthz (liveness) and GET /readyz (models loaded, workers up, not shutting down). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { defaultModel } from '../model-choice.ts';
import type { ParseService } from '../parse-service.ts';
import { HealthSchema, ReadySchema } from '../schemas.ts';

export interface OpsRouteOptions {
  service: ParseService;
  /** False once shutdown has begun. */
  accepting: () => boolean;
}

export const opsRoutes: FastifyPluginAsyncZod<OpsRouteOptions> = async (app, { service, accepting }) => {
  app.get('/healthz', {
    schema: { tags: ['operations'], summary: 'Liveness: 200 while the process serves HTTP', response: { 200: HealthSchema } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    schema: {
      tags: ['operations'], summary: 'Readiness: 200 when the models are loaded and the workers are up, 503 before and during shutdown',
      response: { 200: ReadySchema, 503: ReadySchema },
    },
  }, async (_req, reply) => {
    const s = service.status();
    const ready = s.ready && accepting();
    return reply.code(ready ? 200 : 503).send({ ready, pipeline: defaultModel(service.models).pipeline, threads: s.threads, queued: s.queued, running: s.running });
  });
};
