import type { Scorer } from '../model/scorer.ts';
import { ParserError } from '../ud/errors.ts';
import type { ParsedTree } from './decode.ts';
import type { EncodedSentence, FeatureTemplate } from './features.ts';
import type { GlobalScorer } from './global-scorer.ts';
import { ParserState } from './state.ts';
import type { TransitionSystem } from './transition-system.ts';

/** One finished derivation of a beam search. */
export interface BeamResult {
  /** What the beam ranks by: Σ log-probability (+ global correction). */
  score: number;
  /** Sum of the chosen transitions' log-probabilities under the local softmax. */
  logProb: number;
  head: Int32Array;
  label: Int32Array;
  /** Local probability of the transition that attached each word. */
  prob: Float32Array;
}

/**
 * Beam search over derivations. In arc-standard every derivation of an n-word sentence has exactly
 * 2n transitions, so all items of the beam finish together; with SWAP they may not, and an item that
 * has finished stays in the beam unchanged (its score fixed) until every item has finished. Items are ranked by the sum of their
 * transitions' local log-probabilities, plus the global correction when a GlobalScorer is given
 * (a parser trained with the globally normalised objective). Candidates tie-break by (item rank, transition id), so a
 * beam of width 1 makes exactly the greedy parser's choices.
 * Scratch is sized once per width and grown per sentence length; a parse allocates only its results.
 */
export class BeamSearch {
  readonly width: number;
  private states: ParserState[];
  private next: ParserState[];
  private score: Float64Array;
  private logProb: Float64Array;
  private nextScore: Float64Array;
  private nextLogProb: Float64Array;
  /** Per item: the transition scores (raw) and the local log-softmax of each transition. */
  private raw: Float32Array;
  private lsm: Float64Array;
  /** What items are ranked by: lsm, plus the global correction when there is one. */
  private rank: Float64Array;
  /** Per item: log of the softmax denominator at the calibration temperature. */
  private readonly logZT: Float64Array;
  private readonly features: Int32Array;
  private readonly valid: Uint8Array;
  private readonly validAll: Uint8Array;
  /** Selected candidates: parent item and transition, best first. */
  private candParent: Int32Array;
  private candT: Int32Array;
  private candScore: Float64Array;
  private readonly T: number;
  /** Per item: 1 when its derivation has finished. */
  private readonly done: Uint8Array;

  constructor(numSlots: number, numTransitions: number, width: number) {
    if (!Number.isInteger(width) || width < 1) throw new ParserError('PARSER_ERR_INPUT', `beam width must be a positive integer, got ${width}`, { width });
    this.width = width;
    this.T = numTransitions;
    this.states = Array.from({ length: width }, () => new ParserState(64));
    this.next = Array.from({ length: width }, () => new ParserState(64));
    this.score = new Float64Array(width);
    this.logProb = new Float64Array(width);
    this.nextScore = new Float64Array(width);
    this.nextLogProb = new Float64Array(width);
    this.raw = new Float32Array(width * numTransitions);
    this.lsm = new Float64Array(width * numTransitions);
    this.rank = new Float64Array(width * numTransitions);
    this.logZT = new Float64Array(width);
    this.features = new Int32Array(numSlots);
    this.valid = new Uint8Array(numTransitions);
    this.validAll = new Uint8Array(width * numTransitions);
    this.candParent = new Int32Array(width);
    this.candT = new Int32Array(width);
    this.candScore = new Float64Array(width);
    this.done = new Uint8Array(width);
  }

  /** True while a live item has not finished; marks the finished ones in `done`. */
  private unfinished(system: TransitionSystem, live: number): boolean {
    let any = false;
    for (let b = 0; b < live; b++) {
      const fin = system.isTerminal(this.states[b]);
      this.done[b] = fin ? 1 : 0;
      if (!fin) any = true;
    }
    return any;
  }

  /**
   * Parses one sentence; returns up to `width` finished derivations, best first (not deduplicated:
   * arc-standard can reach one tree by several derivations).
   */
  parse(system: TransitionSystem, template: FeatureTemplate, scorer: Scorer, sent: EncodedSentence, global?: GlobalScorer, temperature = 1): BeamResult[] {
    const T = this.T, B = this.width;
    let live = 1;
    this.states[0].reset(sent.n);
    this.score[0] = 0;
    this.logProb[0] = 0;
    for (let i = 1; i < B; i++) this.states[i].ensureCapacity(sent.n);
    for (let i = 0; i < B; i++) this.next[i].ensureCapacity(sent.n);
    while (this.unfinished(system, live)) {
      // Score every live item.
      for (let b = 0; b < live; b++) {
        const s = this.states[b];
        const off = b * T;
        if (this.done[b]) {
          // A finished item competes with its fixed score; transition 0 (never legal in a terminal state) stands for "stay".
          this.validAll.fill(0, off, off + T);
          this.validAll[off] = 1;
          this.raw[off] = 0;
          this.lsm[off] = 0;
          this.rank[off] = 0;
          continue;
        }
        template.extract(s, sent, this.features, 0);
        const scores = scorer.score(this.features, 0);
        system.fillValidMask(s, this.valid);
        let max = -Infinity;
        for (let t = 0; t < T; t++) {
          const v = scores[t];
          const ok = this.valid[t] === 1 && v === v;
          this.validAll[off + t] = ok ? 1 : 0;
          this.raw[off + t] = v;
          if (ok && v > max) max = v;
        }
        if (max === -Infinity) {
          let any = false;
          for (let t = 0; t < T; t++) any ||= this.validAll[off + t] === 1;
          if (!any) throw new ParserError('PARSER_ERR_NO_VALID_TRANSITION', 'no legal transition (or the scores are NaN)', { step: s.steps });
        }
        let sum = 0;
        for (let t = 0; t < T; t++) {
          if (!this.validAll[off + t]) continue;
          const v = this.raw[off + t];
          sum += v === max ? 1 : Math.exp(v - max);
        }
        const logZ = max + Math.log(sum);
        for (let t = 0; t < T; t++) this.lsm[off + t] = this.validAll[off + t] ? this.raw[off + t] - logZ : -Infinity;
        if (temperature !== 1) {
          let sumT = 0;
          for (let t = 0; t < T; t++) if (this.validAll[off + t]) sumT += Math.exp((this.raw[off + t] - max) / temperature);
          this.logZT[b] = max / temperature + Math.log(sumT);
        }
        const corr = global?.correction;
        for (let t = 0; t < T; t++) this.rank[off + t] = corr ? this.lsm[off + t] + corr[t] : this.lsm[off + t];
      }
      // Keep the best `width` (item, transition) pairs.
      const kept = selectBest(live, T, B, this.validAll, this.score, this.rank, this.candScore, this.candParent, this.candT);
      for (let k = 0; k < kept; k++) {
        const parent = this.candParent[k], t = this.candT[k];
        const dst = this.next[k];
        dst.copyFrom(this.states[parent]);
        if (this.done[parent]) {
          this.nextScore[k] = this.candScore[k];
          this.nextLogProb[k] = this.logProb[parent];
          continue;
        }
        const lp = this.lsm[parent * T + t];
        const dependent = system.dependentOf(dst, t);
        if (dependent >= 0) {
          dst.prob[dependent] = temperature === 1 ? Math.exp(lp) : Math.exp(this.raw[parent * T + t] / temperature - this.logZT[parent]);
        }
        system.apply(dst, t);
        this.nextScore[k] = this.candScore[k];
        this.nextLogProb[k] = this.logProb[parent] + lp;
      }
      [this.states, this.next] = [this.next, this.states];
      [this.score, this.nextScore] = [this.nextScore, this.score];
      [this.logProb, this.nextLogProb] = [this.nextLogProb, this.logProb];
      live = kept;
    }
    const out: BeamResult[] = [];
    for (let b = 0; b < live; b++) {
      const s = this.states[b], end = sent.n + 1;
      out.push({ score: this.score[b], logProb: this.logProb[b], head: s.head.slice(0, end), label: s.label.slice(0, end), prob: s.prob.slice(0, end) });
    }
    return out;
  }
}

/**
 * The k best distinct trees of a finished beam (arc-standard reaches some trees by several
 * derivations: each tree keeps its best one), best first, as ParsedTrees. Their logProb:
 * - locally normalised ranking: Σ log p(transition) of the derivation, the tree's probability
 *   under the model (non-increasing, since that is what the beam ranks by);
 * - with a global layer (ranking by Σ log p + correction, an unnormalised score): the score minus
 *   the log-sum-exp of the whole final beam, i.e. the tree's probability among the beam's
 *   derivations, the usual approximation of a globally normalised model's partition function.
 * The first tree carries the list in `kbest`. With `restore` (a pseudo-projective model's
 * ParserModel.restoreHeads), trees are restored before they are compared, so the k trees are
 * distinct as the caller sees them.
 */
export function beamTrees(results: readonly BeamResult[], k: number, labels: readonly string[], global: boolean,
  restore?: (head: Int32Array, label: readonly string[]) => { head: Int32Array; label: string[] }): ParsedTree {
  let logZ = 0;
  if (global) {
    let max = -Infinity;
    for (const r of results) max = Math.max(max, r.score);
    let z = 0;
    for (const r of results) z += Math.exp(r.score - max);
    logZ = max + Math.log(z);
  }
  const seen = new Set<string>();
  const trees: ParsedTree[] = [];
  for (const r of results) {
    const n = r.head.length - 1;
    let head: Int32Array = r.head.slice(1), label = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const l = labels[r.label[i + 1]];
      if (l === undefined || head[i] < 0) throw new Error(`word ${i + 1} of ${n} has no head or relation after a complete parse`);
      label[i] = l;
    }
    if (restore) ({ head, label } = restore(head, label));
    const key = `${head.join(',')}|${label.join(',')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    trees.push({ head, label, prob: r.prob.slice(1), logProb: global ? r.score - logZ : r.logProb });
    if (trees.length === k) break;
  }
  const best = trees[0];
  if (!best) throw new Error('the beam finished empty');
  return { ...best, kbest: trees.map((t) => ({ logProb: t.logProb, head: t.head, label: t.label, prob: t.prob })) };
}

/**
 * The best `width` legal (item, transition) pairs of a beam step by itemScore[b] + stepScore[b·T + t],
 * written best first to candScore/candParent/candT; returns how many there are (fewer when fewer are
 * legal). Shared by beam decoding and global training, which must expand a beam the same way.
 */
export function selectBest(live: number, T: number, width: number, valid: Uint8Array, itemScore: Float64Array,
  stepScore: ArrayLike<number>, candScore: Float64Array, candParent: Int32Array, candT: Int32Array): number {
  let kept = 0;
  for (let b = 0; b < live; b++) {
    const off = b * T;
    for (let t = 0; t < T; t++) {
      if (!valid[off + t]) continue;
      const cand = itemScore[b] + stepScore[off + t];
      if (kept === width && !(cand > candScore[width - 1])) continue;
      let pos = kept < width ? kept++ : width - 1;
      while (pos > 0 && cand > candScore[pos - 1]) {
        candScore[pos] = candScore[pos - 1];
        candParent[pos] = candParent[pos - 1];
        candT[pos] = candT[pos - 1];
        pos--;
      }
      candScore[pos] = cand;
      candParent[pos] = b;
      candT[pos] = t;
    }
  }
  return kept;
}
