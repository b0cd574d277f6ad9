/**
 * Issue 10, connection hygiene, on a real socket: stalled and slow clients are dropped within the
 * configured timeouts while other clients are served, and errors Node's HTTP parser raises (431, 408)
 * carry the same JSON body as every other error. The deadlines here are short (hundreds of
 * milliseconds); the test asserts that the server closes the connections, not how fast.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../src/server/app.ts';
import type { ConnectionLimits } from '../../src/server/config.ts';
import { ErrorSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS } from './helpers.ts';
import { request } from './process.ts';

const LIMITS: ConnectionLimits = { headersTimeoutMs: 300, receiveTimeoutMs: 600, idleTimeoutMs: 5000, keepAliveTimeoutMs: 300, maxHeaderBytes: 2048 };

interface Raw { data: string; closed: Promise<void>; socket: net.Socket }

/** A raw TCP client: writes `head` (and nothing more unless told), collects what comes back. */
function connect(port: number, head: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const raw: Raw = { data: '', socket, closed: new Promise((r) => socket.once('close', () => r())) };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { raw.data += d; });
    socket.on('error', () => undefined); // a reset by the server is one way of being dropped
    socket.once('connect', () => { socket.write(head); resolve(raw); });
    socket.once('error', reject);
  });
}

/** Status and JSON error body of a raw HTTP answer. */
function answer(raw: string): { status: number; body: ReturnType<typeof ErrorSchema.parse>; requestId: string | undefined } {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  return { status, body: ErrorSchema.parse(JSON.parse(body)), requestId: /x-request-id: (\S+)/i.exec(head)?.[1] };
}

describe('issue 10: connection hygiene', () => {
  let app: App;
  let service: FakeService;
  let port: number;
  let url: string;
  beforeAll(async () => {
    service = new FakeService();
    app = await buildApp({ service, limits: TEST_LIMITS, connection: LIMITS, logger: false, underPressure: false });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(url).port);
  });
  afterAll(async () => { await app.close(); });

  test('100 clients that stop halfway through their headers are each answered 408 and dropped; others are served meanwhile', async () => {
    const stalled = await Promise.all(Array.from({ length: 100 }, () => connect(port, 'POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Ty')));
    const served = await request(`${url}/v1/parse`, 'POST', { text: 'Still served.' });
    expect(served.status).toBe(200);
    await Promise.all(stalled.map((s) => s.closed));
    for (const s of stalled) {
      const a = answer(s.data);
      expect(a.status).toBe(408);
      expect(a.body).toMatchObject({ statusCode: 408, code: 'HTTP_ERR_REQUEST_TIMEOUT' });
      expect(a.body.message).toMatch(/ARCPARSE_HEADERS_TIMEOUT_MS/);
      expect(a.body.requestId).toBe(a.requestId);
    }
  }, 20_000);

  test('a body that stops halfway is dropped (408) within the receive timeout; its request never reaches the parser', async () => {
    const before = service.calls.length;
    const s = await connect(port, 'POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text": "only half');
    await s.closed;
    if (s.data !== '') expect(answer(s.data).status).toBe(408);
    expect(service.calls.length).toBe(before);
  }, 20_000);

  test('a client that trickles its body byte by byte is still dropped at the receive deadline', async () => {
    const s = await connect(port, 'POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n');
    const timer = setInterval(() => { if (!s.socket.destroyed) s.socket.write(' '); }, 50);
    await s.closed;
    clearInterval(timer);
  }, 20_000);

  test('headers over ARCPARSE_MAX_HEADER_BYTES → 431 with code, requestId, field and limit', async () => {
    const s = await connect(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`);
    await s.closed;
    const a = answer(s.data);
    expect(a.status).toBe(431);
    expect(a.body).toMatchObject({ statusCode: 431, code: 'HTTP_ERR_HEADERS_TOO_LARGE', field: 'headers', limit: 2048 });
    expect(a.body.message).toMatch(/ARCPARSE_MAX_HEADER_BYTES/);
    expect(a.body.requestId).toBe(a.requestId);
  }, 20_000);

  test('a malformed request line → 400 with the JSON error body', async () => {
    const s = await connect(port, 'NOT HTTP AT ALL\r\n\r\n');
    await s.closed;
    expect(answer(s.data).body).toMatchObject({ statusCode: 400, code: 'HTTP_ERR_BAD_REQUEST' });
  }, 20_000);

  test('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const s = await connect(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    await s.closed;
    expect(s.data).toMatch(/^HTTP\/1\.1 200/);
    expect(s.data).toMatch(/keep-alive/i);
  }, 20_000);
});
