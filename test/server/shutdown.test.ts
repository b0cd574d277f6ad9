/**
 * Graceful shutdown with a real server process on 127.0.0.1: SIGTERM while 50 requests are in
 * flight; all 50 complete with 200, new connections are refused, and the process exits 0.
 * The server is the real start-up path (runMain) with the fake worker (40 ms per request).
 * Keep-alive clients in flight at SIGTERM get `Connection: close` and do not hold the exit.
 */
import http from 'node:http';
import { afterEach, expect, test } from 'vitest';
import { ParseResponseSchema } from '../../src/server/schemas.ts';
import { type ServerProcess, request, spawnServer } from './process.ts';

let server: ServerProcess | undefined;
afterEach(() => { server?.child.kill('SIGKILL'); server = undefined; });

const waitFor = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

test('SIGTERM during 50 in-flight requests: all 50 complete with 200, then exit 0', async () => {
  server = await spawnServer(['--import', 'tsx', 'test/server/fixtures/fake-server.ts'],
    { ARCPARSE_MODEL: 'fake:delay=40', ARCPARSE_THREADS: '2', ARCPARSE_MAX_QUEUE: '100', ARCPARSE_QUEUE_TARGET_MS: '60000', LOG_LEVEL: 'info' });
  const { url, logs, child } = server;
  const inFlight = Array.from({ length: 50 }, (_, i) => request(`${url}/v1/parse`, 'POST', { tokens: [[`w${i}`, 'x']] }));
  // Every request has reached the server (and is queued or running: 50 × 40 ms on 2 threads ≈ 1 s of work).
  await waitFor(() => logs.filter((l) => l.msg === 'incoming request').length >= 50, 15_000);
  const answered = logs.filter((l) => l.msg === 'request completed').length;
  expect(answered).toBeLessThan(40);
  console.log(`SIGTERM with ${50 - answered} of 50 requests still in flight`);
  child.kill('SIGTERM');

  const results = await Promise.all(inFlight);
  expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
  results.forEach((r, i) => expect(ParseResponseSchema.parse(JSON.parse(r.body)).sentences[0]?.words[0]?.text).toBe(`w${i}`));

  const late = await request(`${url}/healthz`, 'GET').then((r) => r.status, (e: NodeJS.ErrnoException) => e.code);
  expect([503, 'ECONNREFUSED', 'ECONNRESET']).toContain(late);
  expect(await server.exited).toBe(0);
  expect(logs.some((l) => l.msg === 'shutting down: finishing in-flight requests' && l.signal === 'SIGTERM')).toBe(true);
  expect(logs.at(-1)?.msg).toBe('stopped');
}, 60_000);

test('SIGTERM with keep-alive clients in flight: their answers close the connection, and the process exits 0 without waiting for the shutdown timeout', async () => {
  server = await spawnServer(['--import', 'tsx', 'test/server/fixtures/fake-server.ts'],
    { ARCPARSE_MODEL: 'fake:delay=500', ARCPARSE_THREADS: '2', ARCPARSE_QUEUE_TARGET_MS: '60000', ARCPARSE_SHUTDOWN_TIMEOUT_MS: '30000', LOG_LEVEL: 'info' });
  const { url, logs, child } = server;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const keepAlive = (accept: string, i: number): Promise<{ status: number; connection: string | undefined; body: string }> => new Promise((resolve, reject) => {
    const payload = JSON.stringify({ tokens: [[`w${i}`, 'x']] });
    const req = http.request(`${url}/v1/parse`, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), accept },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  // Warm both sockets, so they are reused (kept alive) by the requests in flight at SIGTERM.
  expect((await Promise.all([keepAlive('application/json', 0), keepAlive('application/json', 1)])).map((r) => r.connection)).toEqual(['keep-alive', 'keep-alive']);
  const inFlight = [keepAlive('application/json', 2), keepAlive('application/x-ndjson', 3)];
  await waitFor(() => logs.filter((l) => l.msg === 'incoming request').length >= 4, 15_000);
  const started = Date.now();
  child.kill('SIGTERM');
  const results = await Promise.all(inFlight);
  expect(results.map((r) => r.status)).toEqual([200, 200]);
  expect(results[0]?.connection).toBe('close');
  expect(results[1]?.body).toContain('w3');
  expect(await server.exited).toBe(0);
  // Well inside ARCPARSE_SHUTDOWN_TIMEOUT_MS (30 s): before the fix it took all of it and exited 1.
  expect(Date.now() - started).toBeLessThan(10_000);
  agent.destroy();
}, 60_000);
