/** GET /v1/models: the models this server loaded, which requests choose among with `model`. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { defaultModel } from '../model-choice.ts';
import type { ParseService } from '../parse-service.ts';
import { ModelsSchema } from '../schemas.ts';

export interface ModelsRouteOptions {
  service: ParseService;
}

export const modelsRoutes: FastifyPluginAsyncZod<ModelsRouteOptions> = async (app, { service }) => {
  app.get('/v1/models', {
    schema: {
      tags: ['parse'], summary: 'The loaded models: name, language, version, and the default',
      description: 'What `model` in POST /v1/parse chooses among (ARCPARSE_MODEL). Model directories are not shown.',
      response: { 200: ModelsSchema },
    },
  }, async () => {
    const fallback = defaultModel(service.models);
    return {
      default: fallback.name,
      models: service.models.map((m) => ({ name: m.name, language: m.language, version: m.version, default: m === fallback, pipeline: m.pipeline })),
    };
  });
};
