/**
 * Admission control by estimated queueing delay, decided from the request headers alone (so a refusal
 * costs no body reading, JSON parsing or validation).
 *
 * A fixed queue length is the wrong limit: 64 waiting 20-token sentences are 60 ms of work, 64 waiting
 * books are minutes. Like the concurrency limiters of Netflix's concurrency-limits and Envoy's adaptive
 * concurrency, the limit here follows the measured cost of the work: each job's cost is estimated from its
 * body size (milliseconds per byte, learned from finished jobs per kind of body), and a new request is
 * refused when the work already queued or running ahead of it would keep it waiting longer than the
 * target (ARCPARSE_QUEUE_TARGET_MS). Admitted requests therefore wait about the target at most, the
 * workers never run dry, and the 503s cost almost nothing: goodput stays near the unloaded throughput.
 */

/** A job the estimator knows about: its estimated cost and, once handed to a worker, when that was. */
export interface Work {
  estimateMs: number;
  startedAt: number | undefined;
}

const ALPHA = 0.1;

/**
 * A running job's expected remaining time. One that has run past its estimate is assumed to need half as
 * long again as it has run so far: the estimate was wrong, and a job stuck in a worker must not look free.
 */
export const remainingMs = (estimateMs: number, elapsedMs: number): number =>
  elapsedMs < estimateMs ? estimateMs - elapsedMs : 0.5 * elapsedMs;

/** Moving averages of milliseconds and bytes per job, per kind of body (`json`, `conllu`, `json+gzip`, ...). */
class CostModel {
  private readonly kinds = new Map<string, { ms: number; bytes: number }>();

  /**
   * Milliseconds a job of `bytes` bytes of this kind is expected to take on one worker. A kind not
   * seen yet is estimated from `fallback` (its body kind without the decoding) times `factor` (the beam
   * width: beam decoding costs about width times greedy), until its own jobs have been measured.
   */
  estimate(kind: string, bytes: number | undefined, fallback = 'json', factor = 1): number {
    const own = this.kinds.get(kind);
    const k = own ?? this.kinds.get(fallback) ?? this.kinds.get('json');
    if (!k) return factor; // nothing learned yet: assume cheap, so a fresh server admits and learns
    const f = own ? 1 : factor;
    return f * (bytes === undefined ? k.ms : (k.ms / Math.max(1, k.bytes)) * bytes);
  }

  learn(kind: string, bytes: number, ms: number): void {
    const k = this.kinds.get(kind);
    // The first sample replaces the prior, so the model is useful after one job.
    if (!k) this.kinds.set(kind, { ms, bytes });
    else {
      k.ms += ALPHA * (ms - k.ms);
      k.bytes += ALPHA * (bytes - k.bytes);
    }
  }
}

/** Decay of the calibration sums per sample: about the last few hundred queued jobs count. */
const CALIBRATION_DECAY = 0.995;

/**
 * What clients wait, as a line through the estimated waits of recent queued jobs: measured ≈ fixed +
 * slope × estimated (least squares with decaying weights). The cost model learns the time a job spends
 * parsing inside its worker; a queued client waits longer: the threads share the cores with the main
 * thread, a worker's second task waits behind its first, and the main thread may be slow to take the
 * request in and hand the answer back. The slope covers what grows with the queue, `fixed` what does not
 * (a ratio alone would scale the fixed part with the queue and refuse at modest load). Measured here
 * (2 cores, 4× overload, before this correction): admitted jobs waited 2-3× their estimate, so a 50 ms
 * target gave 100-250 ms waits.
 */
export class WaitCalibration {
  private w = 0;
  private x = 0;
  private y = 0;
  private xx = 0;
  private xy = 0;

  add(estimatedMs: number, measuredMs: number): void {
    const d = CALIBRATION_DECAY;
    const m = Math.max(0, measuredMs);
    this.w = this.w * d + 1;
    this.x = this.x * d + estimatedMs;
    this.y = this.y * d + m;
    this.xx = this.xx * d + estimatedMs * estimatedMs;
    this.xy = this.xy * d + estimatedMs * m;
  }

  /** The corrected wait for an estimated one; the estimate itself until enough jobs have queued. */
  predict(estimatedMs: number): number {
    if (this.w < 20) return estimatedMs;
    const mx = this.x / this.w, my = this.y / this.w;
    const varX = this.xx / this.w - mx * mx;
    // Estimates all alike: no line to fit, so scale by the ratio of the means.
    let slope = varX > 1 ? (this.xy / this.w - mx * my) / varX : my / Math.max(mx, 1e-9);
    slope = Math.min(20, Math.max(0.5, slope));
    const fixed = Math.max(0, my - slope * mx);
    return fixed + slope * estimatedMs;
  }
}

export class QueueDelayEstimator {
  readonly costs = new CostModel();
  readonly calibration = new WaitCalibration();
  private readonly threads: number;
  private readonly targetMs: number;

  constructor(threads: number, targetMs: number) {
    this.threads = threads;
    this.targetMs = targetMs;
  }

  /**
   * How long a job admitted now would wait for a worker: the remaining work of the jobs ahead of it,
   * spread over the threads; zero while a thread is idle.
   */
  waitMs(queued: Iterable<Work>, running: Iterable<Work>, now: number): number {
    let busy = 0, total = 0;
    for (const w of running) {
      busy++;
      total += w.startedAt === undefined ? w.estimateMs : remainingMs(w.estimateMs, now - w.startedAt);
    }
    if (busy < this.threads) return 0;
    for (const w of queued) total += w.estimateMs;
    return total / this.threads;
  }

  /** Whether a job whose estimated wait is `waitMs` (uncorrected) is refused. While a thread is idle, never. */
  refuses(waitMs: number): boolean {
    return waitMs > 0 && this.calibration.predict(waitMs) > this.targetMs;
  }
}
