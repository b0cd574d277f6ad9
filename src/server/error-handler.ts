/**
 * One error handler for the whole app: every error answer has the same JSON body
 * ({statusCode, error, code, message, requestId, field?, issues?, limit?}). Client errors keep their
 * message; 5xx errors get a generic one and are logged. Messages are never logged for 4xx, because a
 * JSON syntax error message quotes the request body. Overload refusals are logged at debug only: under
 * overload a log line per 503 would be a large part of what a refusal costs.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ResponseSerializationError, hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Limits } from './config.ts';
import { limitPhrase } from './input-policy.ts';
import type { ServerMetrics } from './metrics.ts';
import { ServiceError } from './parse-service.ts';
import type { ErrorBody } from './schemas.ts';

type Issue = NonNullable<ErrorBody['issues']>[number];
type Validation = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

function body(req: FastifyRequest, statusCode: number, code: string, message: string, extra: Partial<ErrorBody> = {}): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, requestId: req.id, ...extra };
}

/** The error code a custom issue carries (input-policy violations), if any. */
const codedIssue = (v: Validation): string | undefined => (v.params.params as { code?: string } | undefined)?.code;

function validationBody(req: FastifyRequest, err: FastifyError & { validation: Validation[] }): ErrorBody {
  const issues: Issue[] = err.validation.slice(0, 20).map((v) => ({ path: v.instancePath === '/' ? '' : v.instancePath, message: v.message ?? 'invalid', code: codedIssue(v) ?? v.keyword }));
  // A limit alone is a 413; any other problem makes it a 400 (the first such issue names the code).
  const tooBig = err.validation.every((v) => v.keyword === 'too_big');
  const firstIndex = tooBig ? 0 : err.validation.findIndex((v) => v.keyword !== 'too_big');
  const first = issues[firstIndex] ?? issues[0];
  const context = err.validationContext === 'querystring' ? 'query' : err.validationContext ?? 'body';
  const field = context + (first?.path ?? '');
  const message = `${field}: ${first?.message ?? 'invalid'}${issues.length > 1 ? ` (and ${err.validation.length - 1} more)` : ''}`;
  if (tooBig) {
    const limit = err.validation[0]?.params.maximum;
    return body(req, 413, 'HTTP_ERR_LIMIT', message, { field, issues, ...(typeof limit === 'number' ? { limit } : {}) });
  }
  const coded = err.validation[firstIndex];
  return body(req, 400, (coded && codedIssue(coded)) ?? 'HTTP_ERR_VALIDATION', message, { field, issues });
}

/** Fields for Fastify's own errors, which name none. */
const FASTIFY_FIELDS: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'headers/content-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'headers/content-length',
  FST_ERR_CTP_INVALID_JSON_BODY: 'body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body',
};

export function toErrorBody(err: unknown, req: FastifyRequest, limits: Limits): { body: ErrorBody; retryAfter?: number | undefined; log: 'error' | 'info' | 'debug' } {
  if (hasZodFastifySchemaValidationErrors(err)) return { body: validationBody(req, err), log: 'info' };
  if (err instanceof ServiceError) {
    const extra = { ...(err.limit !== undefined ? { limit: err.limit } : {}), ...(err.field !== undefined ? { field: err.field } : {}) };
    const log = err.code === 'HTTP_ERR_INTERNAL' ? 'error' : err.code === 'HTTP_ERR_OVERLOADED' ? 'debug' : 'info';
    return { body: body(req, err.statusCode, err.code, err.message, extra), retryAfter: err.retryAfter, log };
  }
  if (err instanceof ResponseSerializationError) return { body: body(req, 500, 'HTTP_ERR_INTERNAL', 'internal error'), log: 'error' };
  const fe = err as Partial<FastifyError>;
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { body: body(req, 413, fe.code, `the body is too large: ${limitPhrase(limits, 'bodyLimit')}`, { field: 'body', limit: limits.bodyLimit }), log: 'info' };
  }
  if (status < 500) {
    const field = fe.code !== undefined ? FASTIFY_FIELDS[fe.code] : undefined;
    return { body: body(req, status, fe.code ?? 'HTTP_ERR_CLIENT', fe.message ?? 'bad request', field !== undefined ? { field } : {}), log: 'info' };
  }
  if (status === 503 && fe.code === 'FST_UNDER_PRESSURE') {
    return { body: body(req, 503, 'HTTP_ERR_OVERLOADED', 'the server is under pressure; retry later'), retryAfter: 1, log: 'debug' };
  }
  return { body: body(req, 500, 'HTTP_ERR_INTERNAL', 'internal error'), log: 'error' };
}

export function registerErrorHandlers(app: FastifyInstance, metrics: ServerMetrics, limits: Limits): void {
  const send = (reply: FastifyReply, b: ErrorBody, retryAfter: number | undefined): FastifyReply => {
    metrics.errors.inc({ code: b.code });
    if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
    return reply.code(b.statusCode).type('application/json; charset=utf-8').send(b);
  };
  app.setErrorHandler((err, req, reply) => {
    const { body: b, retryAfter, log } = toErrorBody(err, req, limits);
    if (log === 'error') req.log.error({ err }, 'request failed');
    else req.log[log]({ statusCode: b.statusCode, code: b.code, field: b.field }, 'request rejected');
    return send(reply, b, retryAfter);
  });
  app.setNotFoundHandler((req, reply) => send(reply, body(req, 404, 'HTTP_ERR_NOT_FOUND', `no route ${req.method} ${(req.url.split('?')[0] ?? '').slice(0, 200)}`), undefined));
}
