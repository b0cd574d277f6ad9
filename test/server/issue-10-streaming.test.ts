/**
 * Issue 10, streaming and overload over HTTP: NDJSON and CoNLL-U answers start before the whole document
 * is parsed, a failure after the answer started ends it with an error record, and a request refused by
 * admission control gets its 503 before its body has been read at all.
 */
import net from 'node:net';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../src/server/app.ts';
import { ServiceError } from '../../src/server/parse-service.ts';
import { ErrorSchema, SentenceSchema } from '../../src/server/schemas.ts';
import { WorkerPoolService } from '../../src/server/worker-pool.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, json, testApp } from './helpers.ts';
import { request } from './process.ts';

const apps: App[] = [];
afterEach(async () => { await Promise.all(apps.splice(0).map((a) => a.close())); });

/** Reads from a stream until `predicate` holds for what has arrived, or it ends (without destroying it, as leaving a for-await would). */
function readUntil(stream: Readable, predicate: (s: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const done = (): void => {
      stream.off('data', onData);
      stream.off('end', done);
      stream.pause();
      resolve(got);
    };
    const onData = (chunk: unknown): void => {
      got += String(chunk);
      if (predicate(got)) done();
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
    stream.resume();
  });
}

describe('issue 10: streaming', () => {
  test.each([
    ['application/x-ndjson', 'application/x-ndjson; charset=utf-8', (s: string) => s.includes('\n')],
    ['text/x-conllu', 'text/x-conllu; charset=utf-8', (s: string) => s.includes('\n\n')],
  ])('Accept: %s — the first sentence arrives while the parse of the rest is still held back', async (accept, type, firstDone) => {
    let release = (): void => undefined;
    const service = new FakeService({ gate: new Promise<void>((r) => { release = r; }) });
    const app = await testApp(service);
    apps.push(app);
    const res = await app.inject({ method: 'POST', url: '/v1/parse', headers: { ...json, accept }, payload: JSON.stringify({ text: 'One a. Two b. Three c.' }), payloadAsStream: true });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    const stream = res.stream();
    const first = await readUntil(stream, firstDone);
    expect(service.streamed).toBe(1); // the service has given one sentence and waits at the gate
    if (accept === 'application/x-ndjson') expect(SentenceSchema.parse(JSON.parse(first)).text).toBe('One a.');
    else expect(first).toContain('# text = One a.');
    release();
    const rest = await readUntil(stream, () => false);
    expect(service.streamed).toBe(3);
    expect(first + rest).toContain('Three c.');
  });

  test('a failure after the answer started ends it with an error record (NDJSON: an `error` line; CoNLL-U: a `# error` comment)', async () => {
    const pool = await WorkerPoolService.start({ modelDirs: ['fake:block=1'], threads: 1, maxQueue: 4, queueTargetMs: 10_000, timeoutMs: 300,
      maxChars: 1000, maxWordsPerSentence: 100, workerUrl: new URL('./fixtures/fake-worker.ts', import.meta.url) });
    const app = await buildApp({ service: pool, limits: TEST_LIMITS, logger: false, underPressure: false });
    apps.push(app);
    const ndjson = await app.inject({ method: 'POST', url: '/v1/parse?format=ndjson', headers: json, payload: JSON.stringify({ sentences: ['a', 'b', 'c'] }) });
    expect(ndjson.statusCode).toBe(200);
    const lines = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(SentenceSchema.parse(lines[0]).text).toBe('a');
    expect(ErrorSchema.parse(lines[1]?.error)).toMatchObject({ statusCode: 503, code: 'HTTP_ERR_TIMEOUT', requestId: ndjson.headers['x-request-id'] });
    const conllu = await app.inject({ method: 'POST', url: '/v1/parse?format=conllu', headers: json, payload: JSON.stringify({ sentences: ['a', 'b'] }) });
    expect(conllu.body).toMatch(/^# sent_id = 1\n# text = a\n1\ta\t.*\n\n# error = HTTP_ERR_TIMEOUT: the request took longer than 300 ms \(ARCPARSE_TIMEOUT_MS\); retry later \(request [\w-]+\)\n\n$/);
  });

  test('input errors of a streamed answer are still plain 4xx answers (checked before the first sentence)', async () => {
    const app = await testApp();
    apps.push(app);
    const res = await app.inject({ method: 'POST', url: '/v1/parse?format=ndjson', headers: json, payload: JSON.stringify({ text: 'A. '.repeat(TEST_LIMITS.maxSentences + 1) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: TEST_LIMITS.maxSentences });
  });
});

describe('issue 10: overload', () => {
  test('a request refused by admission control gets its 503 before any of its body was sent (the body is never read or parsed)', async () => {
    // Jobs block in the worker until aborted, here by their 2 s time limit.
    const pool = await WorkerPoolService.start({ modelDirs: ['fake:block=0'], threads: 1, maxQueue: 64, queueTargetMs: 50, timeoutMs: 2000,
      maxChars: 1000, maxWordsPerSentence: 100, workerUrl: new URL('./fixtures/fake-worker.ts', import.meta.url) });
    const app = await buildApp({ service: pool, limits: TEST_LIMITS, logger: false, underPressure: false });
    apps.push(app);
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    // Two jobs stuck in the worker: once they have run past their estimate long enough, the service refuses new work.
    const busy = [request(`${url}/v1/parse`, 'POST', { tokens: [['x']] }), request(`${url}/v1/parse`, 'POST', { tokens: [['y']] })];
    while (pool.refusal() === undefined) await new Promise((r) => setTimeout(r, 5));
    // Headers only, Content-Length promised: the answer must not wait for the body.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => {
        socket.write('POST /v1/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n');
      });
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => {
        data += d;
        if (data.includes('\r\n\r\n') && data.endsWith('}')) { socket.destroy(); resolve(data); }
      });
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer).toMatch(/retry-after: \d+/i);
    const body = ErrorSchema.parse(JSON.parse(answer.slice(answer.indexOf('{'))));
    expect(body.code).toBe('HTTP_ERR_OVERLOADED');
    expect(body.message).toMatch(/ARCPARSE_QUEUE_TARGET_MS=50/);
    expect((await Promise.all(busy)).map((r) => r.status)).toEqual([503, 503]); // their time limit
    await app.close();
    apps.splice(0);
    await pool.close();
  }, 30_000);

  test('refusals are cheap: no request log line at info level for a 503 of admission control', async () => {
    const lines: string[] = [];
    const service = new FakeService({ refusal: new ServiceError('HTTP_ERR_OVERLOADED', 'busy', { retryAfter: 1 }) });
    const app = await buildApp({ service, limits: TEST_LIMITS, logger: { level: 'info', stream: { write: (s: string) => { lines.push(s); } } }, underPressure: false });
    apps.push(app);
    for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'POST', url: '/v1/parse', headers: json, payload: '{}' })).statusCode).toBe(503);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg).filter((m) => m === 'request rejected')).toEqual([]);
  });
});
