/** The piscina service with the fake worker (real threads, no model): admission control, time limit, failures. */
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/server/config.ts';
import { type ParseJob, ServiceError } from '../../src/server/parse-service.ts';
import { type PoolOptions, WorkerPoolService } from '../../src/server/worker-pool.ts';

const FAKE_WORKER = new URL('./fixtures/fake-worker.ts', import.meta.url);
const job: ParseJob = { input: { kind: 'tokens', tokens: [['a', 'b']] }, maxSentences: 10 };

const started: WorkerPoolService[] = [];
async function start(opts: Partial<PoolOptions> = {}): Promise<WorkerPoolService> {
  const s = await WorkerPoolService.start({
    modelDir: 'fake', threads: 1, maxQueue: 4, timeoutMs: 5000, maxChars: 1000, maxWordsPerSentence: 100, workerUrl: FAKE_WORKER, ...opts,
  });
  started.push(s);
  return s;
}
afterEach(async () => { await Promise.all(started.splice(0).map((s) => s.close())); });

const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof ServiceError ? e.code : String(e)));

describe('WorkerPoolService', () => {
  test('starts every worker, reports the model, parses', async () => {
    const s = await start({ threads: 2 });
    expect(s.model).toEqual({ modelDir: 'fake', pipeline: true, labels: 3 });
    expect(s.status()).toEqual({ ready: true, threads: 2, queued: 0, running: 0 });
    const out = await s.parse(job);
    expect(out[0]?.words.map((w) => [w.form, w.head, w.deprel])).toEqual([['a', 0, 'root'], ['b', 1, 'dep']]);
  });

  test('a model that cannot be loaded stops start-up with one line naming the directory', async () => {
    const err = await WorkerPoolService.start({ modelDir: 'fake:fail-load', threads: 1, maxQueue: 1, timeoutMs: 1000, maxChars: 1, maxWordsPerSentence: 1, workerUrl: FAKE_WORKER })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('cannot load the model from fake:fail-load (ARCPARSE_MODEL): fake:fail-load/parser/manifest.json: not found');
  });

  test('a missing worker module stops start-up too', async () => {
    const err = await WorkerPoolService.start({ modelDir: 'x', threads: 1, maxQueue: 1, timeoutMs: 1000, maxChars: 1, maxWordsPerSentence: 1, workerUrl: new URL('./nope.ts', import.meta.url) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^cannot start the parser workers/);
  });

  test('admission control: beyond 2 × threads running plus maxQueue waiting, 503 at once with Retry-After', async () => {
    const s = await start({ modelDir: 'fake:delay=100', threads: 1, maxQueue: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => s.parse(job).then(() => 'ok', (e: unknown) => e)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(5); // 2 handed to the worker + 3 queued
    const refused = results.filter((r): r is ServiceError => r instanceof ServiceError);
    expect(refused).toHaveLength(5);
    for (const e of refused) {
      expect(e.code).toBe('HTTP_ERR_OVERLOADED');
      expect(e.statusCode).toBe(503);
      expect(e.retryAfter).toBeGreaterThanOrEqual(1);
      expect(e.message).toMatch(/ARCPARSE_MAX_QUEUE=3/);
    }
    expect(s.status()).toMatchObject({ queued: 0, running: 0 });
  });

  test('time limit: queued jobs past it are dropped, running ones answered with 503', async () => {
    const s = await start({ modelDir: 'fake:delay=300', threads: 1, maxQueue: 10, timeoutMs: 150 });
    const codes = await Promise.all(Array.from({ length: 4 }, () => outcome(s.parse(job))));
    expect(codes).toEqual(['HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT']);
    // Two were in piscina (they finish, 300 ms each); the two queued ones never ran.
    await new Promise((r) => setTimeout(r, 700));
    expect(s.status()).toMatchObject({ queued: 0, running: 0 });
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_TIMEOUT');
  });

  test('a cancelled job that has not started is dropped', async () => {
    const s = await start({ modelDir: 'fake:delay=100', threads: 1, maxQueue: 10 });
    const first = [s.parse(job), s.parse(job)];
    const ac = new AbortController();
    const third = outcome(s.parse(job, ac.signal));
    expect(s.status().queued).toBe(1);
    ac.abort();
    expect(await third).toBe('HTTP_ERR_CANCELLED');
    expect(s.status().queued).toBe(0);
    await Promise.all(first);
  });

  test('a task that throws is a 500 and the pool keeps working', async () => {
    const errors: unknown[] = [];
    const s = await start({ modelDir: 'fake:throw', onInternalError: (e) => errors.push(e) });
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_INTERNAL');
    expect(String(errors[0])).toMatch(/boom/);
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_INTERNAL');
    expect(s.status()).toMatchObject({ queued: 0, running: 0 });
  });

  test('close finishes queued and running jobs, then refuses new ones', async () => {
    const s = await WorkerPoolService.start({ modelDir: 'fake:delay=50', threads: 1, maxQueue: 10, timeoutMs: 5000, maxChars: 1000, maxWordsPerSentence: 100, workerUrl: FAKE_WORKER });
    const pending = Array.from({ length: 5 }, () => outcome(s.parse(job)));
    const closed = s.close();
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_CLOSING');
    expect(s.status().ready).toBe(false);
    await closed;
    expect(await Promise.all(pending)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});
