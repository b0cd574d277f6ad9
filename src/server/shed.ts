/**
 * Load shedding at the door: while admission control refuses work, a parse request is answered 503
 * straight from Node's request event, before Fastify routes it, runs its hooks, logs it or reads a byte
 * of its body. Under 4× overload most requests are refused, so what a refusal costs decides how much CPU
 * is left for the parses (goodput): a refusal here costs a few tens of microseconds, one through the
 * framework several times that. Refusals are counted (arcparse_errors_total{code="HTTP_ERR_OVERLOADED"})
 * and logged at most once a second, not once per request.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { EarlyAnswer } from './connection.ts';
import type { ServiceError } from './parse-service.ts';
import type { ErrorBody } from './schemas.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The client's x-request-id when it is sane, else a new one (the same rule as the app's). */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function errorJson(err: ServiceError, requestId: string): string {
  const body: ErrorBody = { statusCode: err.statusCode, error: 'Service Unavailable', code: err.code, message: err.message, requestId };
  return JSON.stringify(body);
}

export function shedder(refusal: () => ServiceError | undefined, onShed: (code: string) => void, log: () => FastifyBaseLogger | undefined): EarlyAnswer {
  let shed = 0;
  let lastLog = 0;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || !(req.url === '/v1/parse' || req.url?.startsWith('/v1/parse?'))) return false;
    const refused = refusal();
    if (!refused) return false;
    const requestId = requestIdOf(req);
    const json = errorJson(refused, requestId);
    res.writeHead(503, {
      'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json),
      'retry-after': String(refused.retryAfter ?? 1), 'x-request-id': requestId,
    });
    res.end(json);
    onShed(refused.code);
    shed++;
    const now = Date.now();
    if (now - lastLog >= 1000) {
      log()?.warn({ refused: shed, code: refused.code, reason: refused.message }, 'shedding load: parse requests refused before their body was read');
      shed = 0;
      lastLog = now;
    }
    return true;
  };
}
