/**
 * Connection hygiene: every phase of a connection has a time limit, so a stalled or slow client is
 * dropped without holding anything the other clients need.
 *
 * - headers must arrive within ARCPARSE_HEADERS_TIMEOUT_MS and the whole request (headers and body)
 *   within ARCPARSE_RECEIVE_TIMEOUT_MS: 408 and the connection is closed (slowloris, a body that stops);
 * - a request in progress with no bytes moving either way is closed after ARCPARSE_IDLE_TIMEOUT_MS
 *   (a client that stops reading its answer);
 * - an idle keep-alive connection is closed after ARCPARSE_KEEP_ALIVE_TIMEOUT_MS;
 * - a request head over ARCPARSE_MAX_HEADER_BYTES is 431.
 * Node checks the headers and receive deadlines on a timer (every 30 s by default, far too coarse for a
 * 10 s deadline), so the check runs several times per deadline here.
 *
 * Errors Node's HTTP parser raises before a request exists (431, 408, malformed requests) get the same
 * JSON error body as every other error, with a fresh request id that is also logged.
 */
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyHttpOptions } from 'fastify';
import type { ConnectionLimits } from './config.ts';
import type { ErrorBody } from './schemas.ts';

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000, receiveTimeoutMs: 30_000, idleTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000, maxHeaderBytes: 16 << 10,
};

/** The check interval for the headers and receive deadlines: a quarter of the shorter one, 50 ms to 1 s. */
export const checkingInterval = (c: ConnectionLimits): number =>
  Math.max(50, Math.min(1000, Math.floor(Math.min(c.headersTimeoutMs, c.receiveTimeoutMs) / 4)));

type ClientError = Error & { code?: string };

/** The status, code and message for an error Node's HTTP parser raised; undefined when nothing can be sent. */
function describe(err: ClientError, c: ConnectionLimits): { status: number; code: string; message: string; field?: string; limit?: number } | undefined {
  switch (err.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'HTTP_ERR_HEADERS_TOO_LARGE', field: 'headers', limit: c.maxHeaderBytes,
        message: `the request line and headers exceed ${c.maxHeaderBytes} bytes (ARCPARSE_MAX_HEADER_BYTES)` };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'HTTP_ERR_REQUEST_TIMEOUT',
        message: `the request did not arrive in time: headers within ${c.headersTimeoutMs} ms (ARCPARSE_HEADERS_TIMEOUT_MS), headers and body within ${c.receiveTimeoutMs} ms (ARCPARSE_RECEIVE_TIMEOUT_MS)` };
    default:
      return { status: 400, code: 'HTTP_ERR_BAD_REQUEST', message: 'malformed HTTP request' };
  }
}

/**
 * A request the server answers before Fastify sees it (admission control's 503: see shed.ts); true when
 * it has answered.
 */
export type EarlyAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Fastify options for the limits above. The HTTP server is made here (Fastify's serverFactory) so that
 * `early` can answer a request before Fastify's routing, hooks and logging run; `onError` counts the
 * answers to client errors (metrics).
 */
export function connectionOptions(c: ConnectionLimits, onError: (code: string) => void, early?: EarlyAnswer): Partial<FastifyHttpOptions<Server>> {
  return {
    serverFactory: (handler) => {
      const server = createServer(
        { headersTimeout: c.headersTimeoutMs, requestTimeout: c.receiveTimeoutMs, maxHeaderSize: c.maxHeaderBytes, connectionsCheckingInterval: checkingInterval(c) },
        (req, res) => { if (!early?.(req, res)) handler(req, res); });
      // What Fastify does for the servers it makes itself.
      server.keepAliveTimeout = c.keepAliveTimeoutMs;
      server.setTimeout(c.idleTimeoutMs);
      return server;
    },
    clientErrorHandler(this: { log: FastifyBaseLogger }, err: ClientError, socket: Socket): void {
      const d = describe(err, c);
      if (!d || socket.destroyed) {
        socket.destroy();
        return;
      }
      const requestId = randomUUID();
      this.log.info({ reqId: requestId, statusCode: d.status, code: d.code }, 'request rejected by the HTTP parser');
      onError(d.code);
      // A response may already be under way on this socket (a body that stopped arriving after the
      // answer started): then only closing is left.
      const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
      if (socket.writable && !current?.headersSent) {
        const body: ErrorBody = { statusCode: d.status, error: STATUS_CODES[d.status] ?? 'Error', code: d.code, message: d.message, requestId,
          ...(d.field !== undefined ? { field: d.field } : {}), ...(d.limit !== undefined ? { limit: d.limit } : {}) };
        const json = JSON.stringify(body);
        // end() flushes the answer before closing; the timer covers a client that never closes its side.
        socket.end(`HTTP/1.1 ${d.status} ${STATUS_CODES[d.status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${json}`);
        setTimeout(() => socket.destroy(), 1000).unref();
        return;
      }
      socket.destroy();
    },
  };
}
