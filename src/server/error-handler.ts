/**
 * One error handler for the whole app: every error answer has the same JSON body
 * ({statusCode, error, code, message, requestId, issues?, limit?}). Client errors keep their message;
 * 5xx errors get a generic one and are logged. Messages are never logged for 4xx, because a JSON
 * syntax error message quotes the request body.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ResponseSerializationError, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ServerMetrics } from './metrics.ts';
import { ServiceError } from './parse-service.ts';
import type { ErrorBody } from './schemas.ts';

type Issue = NonNullable<ErrorBody['issues']>[number];

function body(req: FastifyRequest, statusCode: number, code: string, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, requestId: req.id, ...extra };
}

function validationBody(req: FastifyRequest, err: FastifyError & { validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[] }): ErrorBody {
  const issues: Issue[] = err.validation.slice(0, 20).map((v) => ({ path: v.instancePath === '/' ? '' : v.instancePath, message: v.message ?? 'invalid', code: v.keyword }));
  const tooBig = err.validation.every((v) => v.keyword === 'too_big');
  const first = issues[0];
  const where = (err.validationContext ?? 'body') + (first?.path ?? '');
  const message = `${where}: ${first?.message ?? 'invalid'}${issues.length > 1 ? ` (and ${err.validation.length - 1} more)` : ''}`;
  if (tooBig) {
    const limit = err.validation[0]?.params.maximum;
    return body(req, 413, 'HTTP_ERR_LIMIT', message, { issues, ...(typeof limit === 'number' ? { limit } : {}) });
  }
  return body(req, 400, 'HTTP_ERR_VALIDATION', message, { issues });
}

export function toErrorBody(err: unknown, req: FastifyRequest): { body: ErrorBody; retryAfter?: number | undefined; log: boolean } {
  if (hasZodFastifySchemaValidationErrors(err)) return { body: validationBody(req, err), log: false };
  if (err instanceof ServiceError) {
    const extra = err.limit !== undefined ? { limit: err.limit } : {};
    const internal = err.statusCode >= 500 && err.code === 'HTTP_ERR_INTERNAL';
    return { body: body(req, err.statusCode, err.code, err.message, extra), retryAfter: err.retryAfter, log: internal };
  }
  if (err instanceof ResponseSerializationError) return { body: body(req, 500, 'HTTP_ERR_INTERNAL', 'internal error'), log: true };
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (status < 500) return { body: body(req, status, fe.code ?? 'HTTP_ERR_CLIENT', fe.message ?? 'bad request'), log: false };
  if (status === 503 && fe.code === 'FST_UNDER_PRESSURE') {
    return { body: body(req, 503, 'HTTP_ERR_OVERLOADED', 'the server is under pressure; retry later'), retryAfter: 1, log: false };
  }
  return { body: body(req, 500, 'HTTP_ERR_INTERNAL', 'internal error'), log: true };
}

export function registerErrorHandlers(app: FastifyInstance, metrics: ServerMetrics): void {
  const send = (reply: FastifyReply, b: ErrorBody, retryAfter: number | undefined): FastifyReply => {
    metrics.errors.inc({ code: b.code });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(b.statusCode).type('application/json; charset=utf-8').send(b);
  };
  app.setErrorHandler((err, req, reply) => {
    const { body: b, retryAfter, log } = toErrorBody(err, req);
    if (log) req.log.error({ err }, 'request failed');
    else req.log.info({ statusCode: b.statusCode, code: b.code }, 'request rejected');
    return send(reply, b, retryAfter);
  });
  app.setNotFoundHandler((req, reply) => send(reply, body(req, 404, 'HTTP_ERR_NOT_FOUND', `no route ${req.method} ${(req.url.split('?')[0] ?? '').slice(0, 200)}`), undefined));
}
