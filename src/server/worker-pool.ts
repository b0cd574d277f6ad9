/**
 * The production ParseService: a piscina pool of worker threads, each with its own Parser, behind our
 * own admission control (admission.ts). Piscina gets at most `2 × threads` tasks (one running and one
 * ready per worker); everything else waits in a bounded FIFO here.
 *
 * Cancellation: every job carries a small SharedArrayBuffer (run-job.ts). A job that times out or whose
 * client goes away is answered at once; if it is in a worker, the flag is set and the worker stops after
 * the sentence in progress and takes the next task. Jobs never carry an AbortSignal into piscina: piscina
 * would bypass its queue limit for them, and aborting a running task there terminates the worker (and its
 * loaded models).
 *
 * Streaming: a streaming job's task carries one end of a MessageChannel; the worker posts each sentence
 * on it as soon as it is parsed, and its reply last.
 */
import { on } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { limitWorkerYoungGeneration } from '../api/worker-limits.ts';
import type { StoreImage } from '../model/weight-store.ts';
import { QueueDelayEstimator, type Work } from './admission.ts';
import { ConfigError } from './config.ts';
import { type ModelSummary, type ParseJob, type ParseService, type RenderedSentence, type RequestCost, type RunOptions, ServiceError, type ServiceStatus } from './parse-service.ts';
import { ABORTED, DONE, type JobReply, type StreamMessage, type WorkerConfig, type WorkerReply, type WorkerTask, newJobFlags } from './run-job.ts';

export interface PoolOptions {
  /** The models every worker holds, default first (one pool for all: any worker takes any job). */
  modelDirs: readonly string[];
  threads: number;
  /** Hard cap on jobs waiting for a worker; one more is refused with 503. */
  maxQueue: number;
  /** Admission: refuse when the estimated wait for a worker exceeds this (milliseconds). */
  queueTargetMs: number;
  /** Per-job time limit in milliseconds, waiting included. */
  timeoutMs: number;
  maxChars: number;
  maxWordsPerSentence: number;
  /** Worker module; tests and benchmarks substitute their own. Default: ./worker.ts (./worker.js when built). */
  workerUrl?: URL;
  /** Called with errors that mean a bug (a task threw, a worker died); the client gets a generic 500. */
  onInternalError?: (err: unknown) => void;
  /** Called when an aborted job has left its worker: milliseconds since the abort, and sentences finished after it. */
  onAbortDone?: (ms: number, sentencesAfterAbort: number) => void;
  /** Called when a job's answer is back, with the milliseconds it waited: since admission, less its parse time. */
  onWaited?: (waitedMs: number) => void;
  /** The weight store the bundles were loaded into (server.ts): workers attach to it instead of loading their own copy. */
  store?: StoreImage;
}

type ParseTask = Extract<WorkerTask, { op: 'parse' }>;

interface Job extends Work {
  task: ParseTask;
  cost: RequestCost;
  /** Waiting here, handed to piscina, or back from the worker. */
  state: 'queued' | 'running' | 'finished';
  /** Whether the caller has its answer (it may get it before the worker is done: timeout, cancel). */
  answered: boolean;
  answer: (result: JobReply | ServiceError) => void;
  abortedAt: number | undefined;
  doneAtAbort: number;
  /** When it was admitted (performance.now()). */
  queuedAt: number;
  /** The estimator's wait for it at admission (uncorrected). */
  expectedWaitMs: number;
}

const defaultWorkerUrl = (): URL => new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** A TypeScript worker needs the tsx loader; workers inherit it from `tsx main.ts`, but not under vitest. */
function workerExecArgv(url: URL): string[] | undefined {
  if (!url.pathname.endsWith('.ts') || process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  return [...process.execArgv, '--import', 'tsx'];
}

/** A queued job that has waited this many times ARCPARSE_QUEUE_TARGET_MS when a worker frees is refused (503). */
export const MAX_QUEUE_WAIT_FACTOR = 1.5;

const cancelled = (): ServiceError => new ServiceError('HTTP_ERR_CANCELLED', 'the client went away');

export class WorkerPoolService implements ParseService {
  readonly models: readonly ModelSummary[];
  private readonly pool: Piscina;
  private readonly opts: PoolOptions;
  private readonly estimator: QueueDelayEstimator;
  private readonly queue: Job[] = [];
  private readonly running = new Set<Job>();
  private closing = false;
  private closed: Promise<void> | undefined;
  private idle: (() => void) | undefined;

  private constructor(pool: Piscina, models: readonly ModelSummary[], opts: PoolOptions) {
    this.pool = pool;
    this.models = models;
    this.opts = opts;
    this.estimator = new QueueDelayEstimator(opts.threads, opts.queueTargetMs);
  }

  /** Starts the workers and waits until every one has loaded every model; throws ConfigError when one cannot be loaded. */
  static async start(opts: PoolOptions): Promise<WorkerPoolService> {
    const url = opts.workerUrl ?? defaultWorkerUrl();
    const workerData: WorkerConfig = { modelDirs: [...opts.modelDirs], maxChars: opts.maxChars, maxWordsPerSentence: opts.maxWordsPerSentence, store: opts.store };
    const execArgv = workerExecArgv(url);
    limitWorkerYoungGeneration();
    // Two tasks per worker: the next task already sits on the worker's port when the current one ends,
    // so the worker does not idle for a round trip through a busy main thread (measured: ~57% of worker
    // time was spent waiting in piscina's atomics loop with 1; +10-14% req/s with 2). The cost: a short
    // task can wait behind a long one handed to the same worker; admission still caps the total in flight.
    const pool = new Piscina({
      filename: url.href, minThreads: opts.threads, maxThreads: opts.threads, concurrentTasksPerWorker: 2,
      idleTimeout: Number.MAX_SAFE_INTEGER, workerData, ...(execArgv ? { execArgv } : {}),
    });
    // A worker that dies outside a task (e.g. its module fails to load) is an 'error' event; piscina replaces it.
    pool.on('error', (err: unknown) => opts.onInternalError?.(err));
    let replies: WorkerReply[];
    try {
      // One task per thread; with one task per worker at a time, each worker takes one and loads its model.
      replies = await Promise.all(Array.from({ length: opts.threads }, () => pool.run({ op: 'info' } satisfies WorkerTask) as Promise<WorkerReply>));
    } catch (err) {
      await pool.destroy();
      throw new ConfigError(`cannot start the parser workers (${url.pathname}): ${err instanceof Error ? err.message : String(err)}`);
    }
    const failed = replies.find((r) => !r.ok);
    const info = replies.find((r) => r.ok && 'info' in r);
    if (failed || !info || !('info' in info) || info.info.length === 0) {
      await pool.destroy();
      const why = failed && !failed.ok ? failed.error.message : 'no model reported';
      throw new ConfigError(`cannot load the model${opts.modelDirs.length > 1 ? 's' : ''} from ${opts.modelDirs.join(', ')} (ARCPARSE_MODEL): ${why}`);
    }
    return new WorkerPoolService(pool, info.info, opts);
  }

  status(): ServiceStatus {
    return { ready: !this.closing, threads: this.opts.threads, queued: this.queue.length, running: this.running.size };
  }

  /** Admission control (see admission.ts): the 503 a request of this cost gets now, or undefined. */
  refusal(): ServiceError | undefined {
    if (this.closing) return new ServiceError('HTTP_ERR_CLOSING', 'the server is shutting down', { retryAfter: 1 });
    const wait = this.estimator.waitMs(this.queue, this.running, performance.now());
    if (this.queue.length >= this.opts.maxQueue && this.running.size >= this.dispatchLimit()) {
      return this.overloaded(wait, `${this.queue.length} requests are waiting (ARCPARSE_MAX_QUEUE=${this.opts.maxQueue})`);
    }
    if (this.estimator.refuses(wait)) {
      return this.overloaded(wait, `a worker would be free in about ${Math.round(this.estimator.calibration.predict(wait))} ms, over ARCPARSE_QUEUE_TARGET_MS=${this.opts.queueTargetMs}`);
    }
    return undefined;
  }

  async parse(job: ParseJob, opts: RunOptions = {}): Promise<RenderedSentence[]> {
    const reply = await this.submit(job, opts, undefined);
    if (!reply.ok) throw ServiceError.from(reply.error);
    return reply.sentences;
  }

  async *stream(job: ParseJob, opts: RunOptions = {}): AsyncGenerator<RenderedSentence> {
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    const ended = this.submit(job, opts, port2);
    // The task settles after its last port message was posted, but the two travel on different channels:
    // end the stream on the port's own `end` message; a rejection (timeout, cancel, crash) stops it early.
    ended.catch((err: unknown) => stop.abort(err));
    try {
      for await (const [message] of on(port1, 'message', { signal: stop.signal }) as AsyncIterableIterator<[StreamMessage]>) {
        if ('sentence' in message) {
          yield message.sentence;
          continue;
        }
        if (!message.end.ok) throw ServiceError.from(message.end.error);
        return;
      }
    } catch (err) {
      throw stop.signal.aborted && stop.signal.reason instanceof ServiceError ? stop.signal.reason : err;
    } finally {
      port1.close();
      // Stopped early (client gone, or the consumer gave up): stop the worker too.
      this.abortJob(port2);
    }
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      if (this.queue.length > 0 || this.running.size > 0) await new Promise<void>((resolve) => { this.idle = resolve; });
      await this.pool.close();
    })();
    return this.closed;
  }

  /** Streaming jobs by the port end their worker writes to, so the stream can abort its own job. */
  private readonly byPort = new WeakMap<MessagePort, Job>();

  private submit(job: ParseJob, opts: RunOptions, port: MessagePort | undefined): Promise<JobReply> {
    if (this.closing) return Promise.reject(new ServiceError('HTTP_ERR_CLOSING', 'the server is shutting down', { retryAfter: 1 }));
    if (this.queue.length >= this.opts.maxQueue && this.running.size >= this.dispatchLimit()) {
      return Promise.reject(this.overloaded(0, `${this.queue.length} requests are waiting (ARCPARSE_MAX_QUEUE=${this.opts.maxQueue})`));
    }
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(cancelled());
    const given = opts.cost ?? { bytes: undefined, kind: 'json' };
    // Beam decoding costs about width times greedy: its jobs are a kind of their own for the cost model.
    const width = Math.max(1, job.decode.beam ?? 1);
    const cost = width > 1 ? { ...given, kind: `${given.kind}+beam${width}` } : given;
    return new Promise<JobReply>((resolve, reject) => {
      const onAbort = (): void => this.abort(entry, cancelled());
      const now = performance.now();
      const timer = setTimeout(() => this.abort(entry, new ServiceError('HTTP_ERR_TIMEOUT',
        `the request took longer than ${this.opts.timeoutMs} ms (ARCPARSE_TIMEOUT_MS); retry later`, { retryAfter: 1 })), this.opts.timeoutMs);
      const entry: Job = {
        task: { op: 'parse', job, flags: newJobFlags(), port }, cost,
        estimateMs: this.estimator.costs.estimate(cost.kind, cost.bytes, given.kind, width), startedAt: undefined,
        state: 'queued', answered: false, abortedAt: undefined, doneAtAbort: 0, queuedAt: now,
        expectedWaitMs: this.estimator.waitMs(this.queue, this.running, now),
        answer: (result) => {
          if (entry.answered) return;
          entry.answered = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (result instanceof ServiceError) reject(result);
          else resolve(result);
        },
      };
      if (port) this.byPort.set(port, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
      this.pump();
    });
  }

  /** Answers the job now; a queued job leaves the queue, a running one is told to stop after its current sentence. */
  private abort(job: Job, error: ServiceError): void {
    if (job.answered) return;
    if (job.state === 'queued') {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      job.state = 'finished';
      this.checkIdle();
    } else if (job.state === 'running') {
      job.abortedAt = performance.now();
      job.doneAtAbort = Atomics.load(job.task.flags, DONE);
      Atomics.store(job.task.flags, ABORTED, 1);
    }
    job.answer(error);
  }

  private abortJob(port: MessagePort): void {
    const job = this.byPort.get(port);
    if (job) this.abort(job, cancelled());
  }

  private dispatchLimit(): number {
    return 2 * this.opts.threads;
  }

  private overloaded(waitMs: number, why: string): ServiceError {
    return new ServiceError('HTTP_ERR_OVERLOADED', `the server is busy: ${why}; retry later`, { retryAfter: this.retryAfterSeconds(waitMs) });
  }

  private retryAfterSeconds(waitMs: number): number {
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  private pump(): void {
    while (this.running.size < this.dispatchLimit()) {
      const job = this.queue.shift();
      if (!job) return;
      // Admission let it in on an estimate; if it has already waited well past the target, parsing it
      // now only makes a late answer and delays the jobs behind it: refuse it as admission would have.
      const waited = performance.now() - job.queuedAt;
      if (waited > MAX_QUEUE_WAIT_FACTOR * this.opts.queueTargetMs) {
        job.state = 'finished';
        job.answer(this.overloaded(waited, `it waited ${Math.round(waited)} ms for a worker, over ${MAX_QUEUE_WAIT_FACTOR} × ARCPARSE_QUEUE_TARGET_MS=${this.opts.queueTargetMs}`));
        this.checkIdle();
        continue;
      }
      job.state = 'running';
      job.startedAt = performance.now();
      this.running.add(job);
      const transferList = job.task.port ? [job.task.port] : undefined;
      (this.pool.run(job.task, transferList ? { transferList } : {}) as Promise<JobReply>).then((reply) => {
        this.learn(job, reply);
        job.answer(reply);
      }, (err: unknown) => {
        this.opts.onInternalError?.(err);
        job.answer(new ServiceError('HTTP_ERR_INTERNAL', 'internal error while parsing'));
      }).finally(() => {
        if (job.abortedAt !== undefined) {
          this.opts.onAbortDone?.(performance.now() - job.abortedAt, Atomics.load(job.task.flags, DONE) - job.doneAtAbort);
        }
        job.state = 'finished';
        this.running.delete(job);
        this.pump();
        this.checkIdle();
      });
    }
  }

  private learn(job: Job, reply: JobReply): void {
    if (reply.ok && job.cost.bytes !== undefined && reply.parsed > 0) this.estimator.costs.learn(job.cost.kind, job.cost.bytes, reply.ms);
    if (!reply.ok) return;
    const waited = performance.now() - job.queuedAt - reply.ms;
    this.opts.onWaited?.(waited);
    if (job.expectedWaitMs > 0) this.estimator.calibration.add(job.expectedWaitMs, waited);
  }

  private checkIdle(): void {
    if (this.idle && this.queue.length === 0 && this.running.size === 0) {
      const done = this.idle;
      this.idle = undefined;
      done();
    }
  }
}
