/**
 * The production ParseService: a piscina pool of worker threads, each with its own Parser, behind
 * our own admission control. Piscina gets at most `2 × threads` tasks (one running and one ready per
 * worker); everything else waits in a bounded FIFO here. A full FIFO means 503 + Retry-After at
 * once; a job that waits or runs past the time limit is answered with 503, and one that has not
 * started by then is dropped without costing CPU. Jobs never carry an AbortSignal into piscina:
 * piscina would bypass its queue limit for them and aborting a running task kills the worker.
 */
import { Piscina } from 'piscina';
import type { StoreImage } from '../model/weight-store.ts';
import type { AnalyzedSentence } from '../ud/analyzed.ts';
import { ConfigError } from './config.ts';
import { type ModelSummary, type ParseJob, type ParseService, ServiceError, type ServiceStatus } from './parse-service.ts';
import type { WorkerConfig, WorkerReply, WorkerTask } from './run-job.ts';

export interface PoolOptions {
  modelDir: string;
  threads: number;
  /** Jobs that may wait for a worker; one more is refused with 503. */
  maxQueue: number;
  /** Per-job time limit in milliseconds, waiting included. */
  timeoutMs: number;
  maxChars: number;
  maxWordsPerSentence: number;
  /** Worker module; tests and benchmarks substitute their own. Default: ./worker.ts (./worker.js when built). */
  workerUrl?: URL;
  /** Called with errors that mean a bug (a task threw, a worker died); the client gets a generic 500. */
  onInternalError?: (err: unknown) => void;
  /** The weight store the bundle was loaded into (server.ts): workers attach to it instead of loading their own copy. */
  store?: StoreImage;
}

interface Job {
  task: WorkerTask;
  state: 'queued' | 'running' | 'settled';
  resolve: (s: AnalyzedSentence[]) => void;
  reject: (e: ServiceError) => void;
  timer: NodeJS.Timeout | undefined;
  cleanup: () => void;
}

const defaultWorkerUrl = (): URL => new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** A TypeScript worker needs the tsx loader; workers inherit it from `tsx main.ts`, but not under vitest. */
function workerExecArgv(url: URL): string[] | undefined {
  if (!url.pathname.endsWith('.ts') || process.execArgv.some((a) => a.includes('tsx'))) return undefined;
  return [...process.execArgv, '--import', 'tsx'];
}

export class WorkerPoolService implements ParseService {
  readonly model: ModelSummary;
  private readonly pool: Piscina;
  private readonly opts: PoolOptions;
  private readonly queue: Job[] = [];
  private running = 0;
  private closing = false;
  private closed: Promise<void> | undefined;
  private idle: (() => void) | undefined;
  /** Moving average of the time a job spends in a worker, for Retry-After. */
  private avgRunMs = 5;

  private constructor(pool: Piscina, model: ModelSummary, opts: PoolOptions) {
    this.pool = pool;
    this.model = model;
    this.opts = opts;
  }

  /** Starts the workers and waits until every one has loaded the model; throws ConfigError when it cannot be loaded. */
  static async start(opts: PoolOptions): Promise<WorkerPoolService> {
    const url = opts.workerUrl ?? defaultWorkerUrl();
    const workerData: WorkerConfig = { modelDir: opts.modelDir, maxChars: opts.maxChars, maxWordsPerSentence: opts.maxWordsPerSentence, store: opts.store };
    const execArgv = workerExecArgv(url);
    const pool = new Piscina({
      filename: url.href, minThreads: opts.threads, maxThreads: opts.threads, concurrentTasksPerWorker: 1,
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
    if (failed || !info || !('info' in info)) {
      await pool.destroy();
      const why = failed && !failed.ok ? failed.error.message : 'no reply';
      throw new ConfigError(`cannot load the model from ${opts.modelDir} (ARCPARSE_MODEL): ${why}`);
    }
    return new WorkerPoolService(pool, info.info, opts);
  }

  status(): ServiceStatus {
    return { ready: !this.closing, threads: this.opts.threads, queued: this.queue.length, running: this.running };
  }

  refusal(): ServiceError | undefined {
    if (this.closing) return new ServiceError('HTTP_ERR_CLOSING', 'the server is shutting down', { retryAfter: 1 });
    if (this.queue.length >= this.opts.maxQueue && this.running >= this.dispatchLimit()) {
      return new ServiceError('HTTP_ERR_OVERLOADED',
        `the server is busy: ${this.queue.length} requests are waiting (ARCPARSE_MAX_QUEUE=${this.opts.maxQueue}); retry later`,
        { retryAfter: this.retryAfterSeconds() });
    }
    return undefined;
  }

  parse(job: ParseJob, signal?: AbortSignal): Promise<AnalyzedSentence[]> {
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    if (signal?.aborted) return Promise.reject(new ServiceError('HTTP_ERR_CANCELLED', 'the client went away'));
    return new Promise<AnalyzedSentence[]>((resolve, reject) => {
      const onAbort = (): void => {
        if (entry.state === 'queued') this.settle(entry, new ServiceError('HTTP_ERR_CANCELLED', 'the client went away'));
      };
      const entry: Job = {
        task: { op: 'parse', job }, state: 'queued', resolve, reject, timer: undefined,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      entry.timer = setTimeout(() => {
        this.settle(entry, new ServiceError('HTTP_ERR_TIMEOUT',
          `the request took longer than ${this.opts.timeoutMs} ms (ARCPARSE_TIMEOUT_MS); retry later`, { retryAfter: this.retryAfterSeconds() }));
      }, this.opts.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(entry);
      this.pump();
    });
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.closing = true;
      if (this.queue.length > 0 || this.running > 0) await new Promise<void>((resolve) => { this.idle = resolve; });
      await this.pool.close();
    })();
    return this.closed;
  }

  private dispatchLimit(): number {
    return 2 * this.opts.threads;
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(((this.queue.length + this.running) * this.avgRunMs) / this.opts.threads / 1000));
  }

  /** Settles a job once; a queued job leaves the queue, a running one keeps its worker until it ends. */
  private settle(job: Job, result: AnalyzedSentence[] | ServiceError): void {
    if (job.state === 'settled') return;
    if (job.state === 'queued') {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      this.checkIdle();
    }
    job.state = 'settled';
    clearTimeout(job.timer);
    job.cleanup();
    if (result instanceof ServiceError) job.reject(result);
    else job.resolve(result);
  }

  private pump(): void {
    while (this.running < this.dispatchLimit()) {
      const job = this.queue.shift();
      if (!job) return;
      job.state = 'running';
      this.running++;
      const started = performance.now();
      (this.pool.run(job.task) as Promise<WorkerReply>).then((reply) => {
        if (!reply.ok) this.settle(job, ServiceError.from(reply.error));
        else if ('sentences' in reply) this.settle(job, reply.sentences);
        else this.settle(job, new ServiceError('HTTP_ERR_INTERNAL', 'internal error: unexpected worker reply'));
      }, (err: unknown) => {
        this.opts.onInternalError?.(err);
        this.settle(job, new ServiceError('HTTP_ERR_INTERNAL', 'internal error while parsing'));
      }).finally(() => {
        this.avgRunMs = 0.9 * this.avgRunMs + 0.1 * (performance.now() - started);
        this.running--;
        this.pump();
        this.checkIdle();
      });
    }
  }

  private checkIdle(): void {
    if (this.idle && this.queue.length === 0 && this.running === 0) {
      const done = this.idle;
      this.idle = undefined;
      done();
    }
  }
}
