import { PrecomputedScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type Scores, scoreParses } from '../../ud/attachment-score.ts';
import { isProjective } from '../../ud/tree.ts';
import type { Sentence } from '../../ud/types.ts';
import { BeamSearch, selectBest } from '../beam.ts';
import type { EncodedSentence } from '../features.ts';
import { GlobalScorer } from '../global-scorer.ts';
import { emptyEncoded, type ParserModel } from '../parser-model.ts';
import { ParserState } from '../state.ts';
import { type ArcStandardLike, DynamicArcStandardOracle } from './dynamic-oracle.ts';
import type { GoldTree } from './oracle.ts';
import { goldTree } from './training-data.ts';

export interface GlobalTrainOptions {
  /** Beam width during training and for the dev evaluation. */
  width: number;
  epochs: number;
  lr: number;
  /** Sentences per update. */
  batch: number;
  seed: number;
  patience: number;
}

export const DEFAULT_GLOBAL_OPTIONS: GlobalTrainOptions = { width: 8, epochs: 6, lr: 0.0005, batch: 8, seed: 1, patience: 2 };

/**
 * Globally normalised training of the output layer (Andor et al. 2016; Zhou et al. 2015), after
 * local training. The hidden layer and the embeddings stay as the local model learned them (so
 * their precomputed rows serve training too); a second output layer W2g, b2g, starting at zero,
 * learns a correction to the local log-probabilities that ranks whole derivations: for each sentence a beam search runs with the
 * sum of raw transition scores, and the loss is −s(gold) + log Σ exp s(b) over the beam and the
 * gold derivation (the static oracle's), with an early update at the step where the gold
 * derivation falls out of the beam. Greedy decoding keeps the local layer. `train` holds the trees
 * the parser learns (projectivized for a pseudo-projective model); non-projective ones are left out.
 */
export function trainGlobal(model: ParserModel, train: readonly Sentence[], dev: readonly Sentence[], o: GlobalTrainOptions,
  hooks: { onEpoch?: ((info: { epoch: number; loss: number; earlyUpdates: number; dev: Scores; seconds: number }) => void) | undefined; onBest?: ((epoch: number, dev: Scores) => void) | undefined } = {}): Scores | undefined {
  if (model.globalW2 < 0) throw new Error('the model needs a global output layer (config.globalOutput)');
  const net = model.net, H = net.shape.hidden, T = model.system.numTransitions;
  const f0 = net.arena.f32();
  f0.fill(0, model.globalW2 >> 2, (model.globalW2 >> 2) + T * H);
  f0.fill(0, model.globalB2 >> 2, (model.globalB2 >> 2) + T);
  const inner = new PrecomputedScorer(net, 4000);
  const scorer = new GlobalScorer(model, inner);
  const data: { gold: GoldTree; enc: EncodedSentence }[] = [];
  for (const s of train) {
    const g = goldTree(model, s);
    if (!isProjective(g.head, g.n)) continue;
    data.push({ gold: g, enc: model.encode(s.words, emptyEncoded()) });
  }
  const step = new GlobalStep(model, scorer, o.width);
  const adam = new SmallAdam(T * H + T, o.lr);
  const grad = new Float64Array(T * H + T);
  const rng = new Rng(o.seed);
  const order = new Int32Array(data.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let best: Scores | undefined, bestEpoch = 0, bestParams: Float32Array | undefined;
  const beam = new BeamSearch(model.template.numSlots, T, o.width);
  const devEnc = emptyEncoded();
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let loss = 0, early = 0, inBatch = 0;
    for (let k = 0; k < order.length; k++) {
      const d = data[order[k]];
      const r = step.run(d.enc, d.gold, grad);
      loss += r.loss;
      if (r.early) early++;
      if (++inBatch === o.batch || k === order.length - 1) {
        adam.step(net.arena.f32(), model.globalW2 >> 2, model.globalB2 >> 2, T * H, grad);
        grad.fill(0);
        inBatch = 0;
      }
    }
    const pred = dev.map((s) => {
      model.encode(s.words, devEnc);
      const r = beam.parse(model.system, model.template, scorer, devEnc, scorer)[0];
      const t = model.restoreHeads(r.head.slice(1), Array.from(r.label.subarray(1), (l) => model.vocabs.labels[l] ?? '_'));
      return { ...s, words: s.words.map((w, i) => ({ ...w, head: t.head[i], deprel: t.label[i] })) };
    });
    const sc = scoreParses(dev, pred);
    hooks.onEpoch?.({ epoch, loss: loss / data.length, earlyUpdates: early, dev: sc, seconds: (Date.now() - started) / 1000 });
    if (!best || sc.las > best.las) {
      best = sc;
      bestEpoch = epoch;
      const f = net.arena.f32();
      bestParams = f.slice(model.globalW2 >> 2, (model.globalW2 >> 2) + T * H + 0);
      bestParams = concat(bestParams, f.slice(model.globalB2 >> 2, (model.globalB2 >> 2) + T));
      hooks.onBest?.(epoch, sc);
    }
    if (epoch - bestEpoch >= o.patience) break;
  }
  if (bestParams) {
    const f = net.arena.f32();
    f.set(bestParams.subarray(0, T * H), model.globalW2 >> 2);
    f.set(bestParams.subarray(T * H), model.globalB2 >> 2);
  }
  return best;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Adam on a flat f32 block (W2g then b2g, which are not contiguous in memory). */
class SmallAdam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly lr: number;

  constructor(n: number, lr: number) {
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
    this.lr = lr;
  }

  step(f: Float32Array, w0: number, b0: number, nW: number, g: Float64Array): void {
    this.t++;
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    const bc1 = 1 - b1 ** this.t, bc2 = 1 - b2 ** this.t;
    for (let i = 0; i < g.length; i++) {
      const gi = g[i];
      this.m[i] = b1 * this.m[i] + (1 - b1) * gi;
      this.v[i] = b2 * this.v[i] + (1 - b2) * gi * gi;
      const upd = this.lr * (this.m[i] / bc1) / (Math.sqrt(this.v[i] / bc2) + eps);
      if (i < nW) f[w0 + i] -= upd;
      else f[b0 + i - nW] -= upd;
    }
  }
}

/** One sentence of beam training: search, find the update point, accumulate the gradient. */
export class GlobalStep {
  private readonly model: ParserModel;
  private readonly scorer: GlobalScorer;
  private readonly B: number;
  private readonly T: number;
  private readonly H: number;
  private states: ParserState[];
  private next: ParserState[];
  private score: Float64Array;
  private nextScore: Float64Array;
  /** Last history entry of each item (-1: none). */
  private entry: Int32Array;
  private nextEntry: Int32Array;
  /** Whether each item can still reach the gold tree (dynamic-oracle cost 0). */
  private isGold: Uint8Array;
  private nextIsGold: Uint8Array;
  private readonly oracle: DynamicArcStandardOracle;
  private readonly costs: Int32Array;
  private readonly candGold: Uint8Array;
  /** History: parent entry, index of the hidden vector the transition was scored from, transition. */
  private hParent = new Int32Array(1024);
  private hHidden = new Int32Array(1024);
  private hT = new Int32Array(1024);
  private hidden = new Float32Array(1024 * 64);
  private readonly raw: Float64Array;
  private readonly valid: Uint8Array;
  private readonly validAll: Uint8Array;
  private readonly features: Int32Array;
  private readonly hiddenOf: Int32Array;
  private readonly candParent: Int32Array;
  private readonly candT: Int32Array;
  private readonly candScore: Float64Array;

  constructor(model: ParserModel, scorer: GlobalScorer, width: number) {
    this.model = model;
    this.scorer = scorer;
    this.B = width;
    this.T = model.system.numTransitions;
    this.H = model.net.shape.hidden;
    const B = width;
    this.states = Array.from({ length: B }, () => new ParserState(64));
    this.next = Array.from({ length: B }, () => new ParserState(64));
    this.score = new Float64Array(B);
    this.nextScore = new Float64Array(B);
    this.entry = new Int32Array(B + 1);
    this.nextEntry = new Int32Array(B + 1);
    this.isGold = new Uint8Array(B);
    this.nextIsGold = new Uint8Array(B);
    this.raw = new Float64Array(B * this.T);
    this.valid = new Uint8Array(this.T);
    this.validAll = new Uint8Array(B * this.T);
    this.features = new Int32Array(model.template.numSlots);
    this.hiddenOf = new Int32Array(B);
    this.candParent = new Int32Array(B + 1);
    this.candT = new Int32Array(B + 1);
    this.candScore = new Float64Array(B + 1);
    this.costs = new Int32Array(B * this.T);
    this.oracle = new DynamicArcStandardOracle(model.system as ArcStandardLike);
    this.candGold = new Uint8Array(B + 1);
  }

  run(enc: EncodedSentence, gold: GoldTree, grad: Float64Array): { loss: number; early: boolean } {
    const { system, template, net } = this.model;
    const B = this.B, T = this.T, H = this.H;
    let live = 1, entries = 0, hiddens = 0;
    this.states[0].reset(enc.n);
    for (let i = 0; i < B; i++) { this.states[i].ensureCapacity(enc.n); this.next[i].ensureCapacity(enc.n); }
    this.score[0] = 0;
    this.entry[0] = -1;
    this.isGold[0] = 1;
    this.oracle.start(gold);
    const steps = 2 * enc.n;
    for (let stepNo = 0; stepNo < steps; stepNo++) {
      for (let b = 0; b < live; b++) {
        const s = this.states[b];
        template.extract(s, enc, this.features, 0);
        const scores = this.scorer.score(this.features, 0);
        const corr = this.scorer.correction;
        system.fillValidMask(s, this.valid);
        const off = b * T;
        let max = -Infinity;
        for (let t = 0; t < T; t++) if (this.valid[t] && scores[t] > max) max = scores[t];
        let z = 0;
        for (let t = 0; t < T; t++) if (this.valid[t]) z += Math.exp(scores[t] - max);
        const logZ = max + Math.log(z);
        for (let t = 0; t < T; t++) {
          // The derivation score of a transition: local log-probability + global correction.
          this.raw[off + t] = scores[t] - logZ + corr[t];
          this.validAll[off + t] = this.valid[t];
        }
        if (this.hidden.length < (hiddens + 1) * H) this.hidden = grow(this.hidden, (hiddens + 1) * H * 2);
        this.hidden.set(net.arena.f32().subarray(net.h >> 2, (net.h >> 2) + H), hiddens * H);
        this.hiddenOf[b] = hiddens++;
        if (this.isGold[b]) this.oracle.fillCosts(s, this.valid, this.costs.subarray(off, off + T));
      }
      const kept = selectBest(live, T, B, this.validAll, this.score, this.raw, this.candScore, this.candParent, this.candT);
      let goldKept = 0;
      for (let k = 0; k < kept; k++) {
        const p = this.candParent[k];
        this.candGold[k] = this.isGold[p] && this.costs[p * T + this.candT[k]] === 0 ? 1 : 0;
        goldKept += this.candGold[k];
      }
      // When no kept candidate can reach the gold tree any more, the best one that could joins the set (early update).
      let total = kept;
      if (goldKept === 0) {
        let bestScore = -Infinity;
        for (let b = 0; b < live; b++) {
          if (!this.isGold[b]) continue;
          for (let t = 0; t < T; t++) {
            if (!this.validAll[b * T + t] || this.costs[b * T + t] !== 0) continue;
            const v = this.score[b] + this.raw[b * T + t];
            if (v > bestScore) { bestScore = v; this.candParent[kept] = b; this.candT[kept] = t; }
          }
        }
        this.candScore[kept] = bestScore;
        this.candGold[kept] = 1;
        total = kept + 1;
      }
      if (this.hParent.length < entries + total) {
        this.hParent = growI(this.hParent, 2 * (entries + total));
        this.hHidden = growI(this.hHidden, 2 * (entries + total));
        this.hT = growI(this.hT, 2 * (entries + total));
      }
      for (let k = 0; k < total; k++) {
        const p = this.candParent[k];
        this.hParent[entries] = this.entry[p];
        this.hHidden[entries] = this.hiddenOf[p];
        this.hT[entries] = this.candT[k];
        this.nextEntry[k] = entries++;
      }
      const last = stepNo === steps - 1;
      if (goldKept === 0 || last) return { loss: this.update(total, grad), early: goldKept === 0 };
      for (let k = 0; k < kept; k++) {
        const dst = this.next[k];
        dst.copyFrom(this.states[this.candParent[k]]);
        system.apply(dst, this.candT[k]);
        this.nextScore[k] = this.candScore[k];
        this.nextIsGold[k] = this.candGold[k];
      }
      [this.states, this.next] = [this.next, this.states];
      [this.score, this.nextScore] = [this.nextScore, this.score];
      [this.entry, this.nextEntry] = [this.nextEntry, this.entry];
      [this.isGold, this.nextIsGold] = [this.nextIsGold, this.isGold];
      live = kept;
    }
    return { loss: 0, early: false };
  }

  /**
   * Loss −log Σ_{gold} p + … over the candidate set, where "gold" are the candidates that can still
   * reach the gold tree (several derivations can); grad += Σ_k (p_k − [k gold]·p_k / p_gold) ∇s_k.
   */
  private update(total: number, grad: Float64Array): number {
    const T = this.T, H = this.H;
    let max = -Infinity;
    for (let k = 0; k < total; k++) max = Math.max(max, this.candScore[k]);
    let z = 0, zGold = 0;
    for (let k = 0; k < total; k++) {
      const e = Math.exp(this.candScore[k] - max);
      z += e;
      if (this.candGold[k]) zGold += e;
    }
    const logZ = max + Math.log(z), logZGold = max + Math.log(zGold);
    for (let k = 0; k < total; k++) {
      const p = Math.exp(this.candScore[k] - logZ);
      const coef = p - (this.candGold[k] ? Math.exp(this.candScore[k] - logZGold) : 0);
      if (coef === 0) continue;
      for (let e = this.nextEntry[k]; e >= 0; e = this.hParent[e]) {
        const t = this.hT[e], h0 = this.hHidden[e] * H, row = t * H;
        for (let j = 0; j < H; j++) grad[row + j] += coef * this.hidden[h0 + j];
        grad[T * H + t] += coef;
      }
    }
    return logZ - logZGold;
  }
}

function grow(a: Float32Array, n: number): Float32Array<ArrayBuffer> {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}

function growI(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
