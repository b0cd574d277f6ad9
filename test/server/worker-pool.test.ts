/**
 * The piscina service with the fake worker (real threads, the production job loop, no model):
 * admission control, time limit, cancellation, streaming, failures.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/server/config.ts';
import { type ParseJob, type RenderedSentence, ServiceError } from '../../src/server/parse-service.ts';
import { MAX_QUEUE_WAIT_FACTOR, type PoolOptions, WorkerPoolService } from '../../src/server/worker-pool.ts';
import { TEST_LIMITS } from './helpers.ts';

const FAKE_WORKER = new URL('./fixtures/fake-worker.ts', import.meta.url);
const jobOf = (tokens: string[][]): ParseJob => ({ model: 'fake', input: { kind: 'tokens', tokens }, output: 'json', probabilities: false, decode: {}, limits: TEST_LIMITS });
const job = jobOf([['a', 'b']]);
/** n one-word sentences: w0 … w(n-1). */
const sentences = (n: number): ParseJob => jobOf(Array.from({ length: n }, (_, i) => [`w${i}`]));
const cost = { bytes: 100, kind: 'json' };

const BASE: PoolOptions = { modelDirs: ['fake'], threads: 1, maxQueue: 4, queueTargetMs: 10_000, timeoutMs: 5000, maxChars: 1000, maxWordsPerSentence: 100, workerUrl: FAKE_WORKER };
const started: WorkerPoolService[] = [];
async function start(opts: Partial<PoolOptions> = {}): Promise<WorkerPoolService> {
  const s = await WorkerPoolService.start({ ...BASE, ...opts });
  started.push(s);
  return s;
}
afterEach(async () => { await Promise.all(started.splice(0).map((s) => s.close())); });

const outcome = (p: Promise<unknown>): Promise<string> => p.then(() => 'ok', (e: unknown) => (e instanceof ServiceError ? e.code : String(e)));
const forms = (r: RenderedSentence[]): string[][] => r.map((s) => (s.kind === 'json' ? s.sentence.words.map((w) => w.text) : []));
const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

describe('WorkerPoolService', () => {
  test('starts every worker, reports the model, parses', async () => {
    const s = await start({ threads: 2 });
    expect(s.models).toEqual([{ name: 'fake', language: 'und', version: 'test-1', modelDir: 'fake', pipeline: true, labels: 3 }]);
    expect(s.status()).toEqual({ ready: true, threads: 2, queued: 0, running: 0 });
    const out = await s.parse(job);
    expect(out[0]?.kind === 'json' && out[0].sentence.words.map((w) => [w.text, w.head, w.deprel])).toEqual([['a', 0, 'root'], ['b', 1, 'dep']]);
  });

  test('a model that cannot be loaded stops start-up with one line naming the directory', async () => {
    const err = await WorkerPoolService.start({ ...BASE, modelDirs: ['fake:fail-load'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('cannot load the model from fake:fail-load (ARCPARSE_MODEL): fake:fail-load/parser/manifest.json: not found');
  });

  test('a missing worker module stops start-up too', async () => {
    const err = await WorkerPoolService.start({ ...BASE, modelDirs: ['x'], workerUrl: new URL('./nope.ts', import.meta.url) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/^cannot start the parser workers/);
  });

  test('hard cap: beyond 2 × threads running plus ARCPARSE_MAX_QUEUE waiting, 503 at once with Retry-After', async () => {
    const s = await start({ modelDirs: ['fake:delay=100'], threads: 1, maxQueue: 3 });
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

  test('admission by estimated wait: with 100 ms jobs and a 150 ms target, the third request is refused although the queue has room', async () => {
    const s = await start({ modelDirs: ['fake:delay=100'], threads: 1, maxQueue: 64, queueTargetMs: 150 });
    await s.parse(job, { cost }); // the cost model learns: about 100 ms for 100 bytes
    const admitted: Promise<unknown>[] = [];
    const refused: ServiceError[] = [];
    for (let i = 0; i < 10; i++) {
      const r = s.refusal();
      if (r) refused.push(r);
      else admitted.push(s.parse(job, { cost }));
    }
    // The first runs at once, the second waits ~100 ms (≤ 150), the third would wait ~200 ms.
    expect(admitted).toHaveLength(2);
    expect(refused).toHaveLength(8);
    expect(refused[0]?.code).toBe('HTTP_ERR_OVERLOADED');
    expect(refused[0]?.message).toMatch(/ARCPARSE_QUEUE_TARGET_MS=150/);
    expect(refused[0]?.retryAfter).toBe(1);
    await Promise.all(admitted);
    expect(s.refusal()).toBeUndefined(); // idle again
  });

  test(`a queued job that waited over ${MAX_QUEUE_WAIT_FACTOR} × the queue target when a worker frees is refused, not parsed late`, async () => {
    // One thread takes two jobs of 100 ms; the third waits for the first to finish (~100 ms > 1.5 × 50 ms).
    const s = await start({ modelDirs: ['fake:delay=100'], threads: 1, maxQueue: 64, queueTargetMs: 50 });
    const results: Promise<unknown>[] = [s.parse(job), s.parse(job), s.parse(job)];
    expect(await Promise.all(results.map(outcome))).toEqual(['ok', 'ok', 'HTTP_ERR_OVERLOADED']);
    await expect(results[2]).rejects.toThrow(/waited \d+ ms for a worker, over 1.5 × ARCPARSE_QUEUE_TARGET_MS=50/);
    // With a target it can meet, the same third job is parsed.
    const t = await start({ modelDirs: ['fake:delay=100'], threads: 1, maxQueue: 64, queueTargetMs: 1000 });
    expect(await Promise.all([t.parse(job), t.parse(job), t.parse(job)].map(outcome))).toEqual(['ok', 'ok', 'ok']);
  });

  test('time limit: queued jobs past it are dropped, running ones answered with 503', async () => {
    const s = await start({ modelDirs: ['fake:delay=300'], threads: 1, maxQueue: 10, timeoutMs: 150 });
    const codes = await Promise.all(Array.from({ length: 4 }, () => outcome(s.parse(job))));
    expect(codes).toEqual(['HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT', 'HTTP_ERR_TIMEOUT']);
    await until(() => s.status().running === 0);
    expect(s.status()).toMatchObject({ queued: 0, running: 0 });
  });

  test('a timed-out running parse stops after the sentence in progress and frees its worker', async () => {
    const aborts: [number, number][] = [];
    // Sentence 1 of a job blocks until the job is aborted: the job is certainly running when its time is up.
    const s = await start({ modelDirs: ['fake:block=1'], threads: 1, timeoutMs: 300, onAbortDone: (ms, after) => aborts.push([ms, after]) });
    expect(await outcome(s.parse(sentences(20)))).toBe('HTTP_ERR_TIMEOUT');
    await until(() => aborts.length === 1);
    expect(aborts[0]?.[1]).toBeLessThanOrEqual(1); // at most the sentence in progress
    // The worker is free: a one-sentence job (it never reaches the blocking sentence) is parsed.
    expect(forms(await s.parse(sentences(1)))).toEqual([['w0']]);
  });

  test('a cancelled job that has not started is dropped', async () => {
    const s = await start({ modelDirs: ['fake:delay=100'], threads: 1, maxQueue: 10 });
    const first = [s.parse(job), s.parse(job)];
    const ac = new AbortController();
    const third = outcome(s.parse(job, { signal: ac.signal }));
    expect(s.status().queued).toBe(1);
    ac.abort();
    expect(await third).toBe('HTTP_ERR_CANCELLED');
    expect(s.status().queued).toBe(0);
    await Promise.all(first);
  });

  test('streaming: sentences arrive while the parse is unfinished; leaving early aborts it, at most one more sentence is parsed', async () => {
    const aborts: [number, number][] = [];
    const s = await start({ modelDirs: ['fake:block=3'], threads: 1, onAbortDone: (ms, after) => aborts.push([ms, after]) });
    const got: string[][] = [];
    for await (const r of s.stream(sentences(10))) {
      got.push(...forms([r]));
      // The job cannot finish before it is aborted (sentence 3 blocks), so these came before the end of the parse.
      expect(s.status().running).toBe(1);
      if (got.length === 3) break;
    }
    expect(got).toEqual([['w0'], ['w1'], ['w2']]);
    await until(() => aborts.length === 1);
    expect(aborts[0]?.[1]).toBeLessThanOrEqual(1);
    expect(forms(await s.parse(sentences(2)))).toEqual([['w0'], ['w1']]);
  });

  test('streaming: a client abort stops the stream with HTTP_ERR_CANCELLED; input errors come before any sentence', async () => {
    const s = await start({ modelDirs: ['fake:block=1'], threads: 1 });
    const ac = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const r of s.stream(sentences(5), { signal: ac.signal })) got.push(r.kind);
    })();
    await until(() => got.length === 1);
    ac.abort();
    expect(await outcome(done)).toBe('HTTP_ERR_CANCELLED');
    const tooMany = s.stream(sentences(TEST_LIMITS.maxSentences + 1))[Symbol.asyncIterator]();
    const err = await tooMany.next().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: TEST_LIMITS.maxSentences });
  });

  test('a task that throws is a 500 and the pool keeps working', async () => {
    const errors: unknown[] = [];
    const s = await start({ modelDirs: ['fake:throw'], onInternalError: (e) => errors.push(e) });
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_INTERNAL');
    expect(String(errors[0])).toMatch(/boom/);
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_INTERNAL');
    expect(s.status()).toMatchObject({ queued: 0, running: 0 });
  });

  test('close finishes queued and running jobs, then refuses new ones', async () => {
    const s = await WorkerPoolService.start({ ...BASE, modelDirs: ['fake:delay=50'], maxQueue: 10 });
    const pending = Array.from({ length: 5 }, () => outcome(s.parse(job)));
    const closed = s.close();
    expect(await outcome(s.parse(job))).toBe('HTTP_ERR_CLOSING');
    expect(s.status().ready).toBe(false);
    await closed;
    expect(await Promise.all(pending)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});
