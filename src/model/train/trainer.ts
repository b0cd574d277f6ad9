import { Gradients } from './backprop.ts';
import type { ExampleSet } from './examples.ts';
import type { Network } from '../network.ts';
import { Adam } from './optimizer.ts';
import { Rng } from './random.ts';

/** The optimisation settings every classifier trainer shares (parser, tagger, sentence splitter). */
export interface TrainSchedule {
  epochs: number;
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Multiplies the learning rate after every epoch. */
  lrDecay: number;
  l2: number;
  /** Dropout rate on the hidden layer. */
  dropout: number;
  /** Dropout rate on the input (the concatenated embeddings). */
  inputDropout?: number | undefined;
  /**
   * Decay of an exponential moving average of the parameters (0 = off). Evaluation and the kept
   * best parameters use the average, which is usually a little more accurate than the last step.
   */
  emaDecay?: number | undefined;
  seed: number;
  /** Stop after this many epochs without a better dev score. */
  patience: number;
}

/** Just the TrainSchedule fields of a trainer's options (which carry model settings too). */
export function scheduleOf(o: TrainSchedule): TrainSchedule {
  return { epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, lrDecay: o.lrDecay, l2: o.l2, dropout: o.dropout,
    inputDropout: o.inputDropout, emaDecay: o.emaDecay, seed: o.seed, patience: o.patience };
}

export interface TrainOptions extends TrainSchedule {
  /** Adam moments and epsilon; default 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Word dropout: per slot in `slots`, an id is replaced by `unkId` with probability prob[id]. */
  idDropout?: { slots: number[]; prob: Float32Array; unkId: number } | undefined;
  /** Called after each epoch; returns the dev score to maximise. */
  evaluate: (epoch: number) => number;
  onProgress?: ((done: number, total: number, loss: number) => void) | undefined;
  onEpoch?: ((info: EpochInfo) => void) | undefined;
}

/**
 * Word dropout (Kiperwasser & Goldberg 2016): a word seen c times becomes UNK with probability
 * α/(α + c), so the UNK embedding is trained on words like the unseen ones at test time.
 * Ids below firstWordId (the reserved ones) are never replaced.
 */
export function wordDropoutProbabilities(size: number, firstWordId: number, countOf: (id: number) => number, alpha: number): Float32Array {
  const prob = new Float32Array(size);
  if (alpha > 0) for (let id = firstWordId; id < size; id++) prob[id] = alpha / (alpha + countOf(id));
  return prob;
}

export interface EpochInfo {
  epoch: number;
  loss: number;
  trainAcc: number;
  dev: number;
  best: number;
  seconds: number;
  lr: number;
}

/** Mini-batch training with Adam, dropout, seeded shuffling; keeps the parameters of the best dev epoch. */
export function trainNetwork(net: Network, data: ExampleSet, o: TrainOptions): { best: number; bestEpoch: number; history: EpochInfo[] } {
  const rng = new Rng(o.seed);
  const grads = new Gradients(net);
  const adam = new Adam(grads, { lr: o.lr, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, l2: o.l2 });
  const order = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) order[i] = i;
  const ids = new Int32Array(data.numSlots);
  const S = data.numSlots;
  const H = net.shape.hidden;
  const D = net.inputDim;
  const keep = 1 - o.dropout;
  let best = -Infinity, bestEpoch = 0;
  let bestParams: Float32Array[] = [];
  const history: EpochInfo[] = [];
  const ema = o.emaDecay ? new ParameterAverage(net, o.emaDecay) : undefined;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let lossSum = 0, correct = 0, inBatch = 0;
    for (let n = 0; n < data.count; n++) {
      const ex = order[n];
      for (let k = 0, base = ex * S; k < S; k++) ids[k] = data.ids[base + k];
      if (o.idDropout) {
        const d = o.idDropout;
        for (const s of d.slots) if (rng.next() < d.prob[ids[s]]) ids[s] = d.unkId;
      }
      net.gatherInput(ids, 0);
      const f = net.arena.f32();
      const inputDrop = o.inputDropout ?? 0;
      if (inputDrop > 0) {
        const m0 = grads.inputMask >> 2, x0 = net.x >> 2, scale = 1 / (1 - inputDrop);
        for (let i = 0; i < D; i++) {
          const m = rng.next() < inputDrop ? 0 : scale;
          f[m0 + i] = m;
          f[x0 + i] *= m;
        }
      }
      net.hiddenFromInput();
      if (o.dropout > 0) {
        const m0 = grads.mask >> 2, h0 = net.h >> 2;
        for (let i = 0; i < H; i++) {
          const m = rng.next() < keep ? 1 / keep : 0;
          f[m0 + i] = m;
          f[h0 + i] *= m;
        }
      }
      net.output();
      const gold = data.gold[ex];
      const voff = ex * data.numOutputs;
      const s0 = net.scores >> 2;
      let arg = -1, max = -Infinity;
      for (let t = 0; t < data.numOutputs; t++) if (data.valid[voff + t] && f[s0 + t] > max) { max = f[s0 + t]; arg = t; }
      if (arg === gold) correct++;
      lossSum += grads.backward(gold, data.valid, voff, ids, 0, o.dropout > 0, inputDrop > 0);
      if (++inBatch === o.batchSize || n === data.count - 1) {
        adam.step();
        ema?.afterStep();
        inBatch = 0;
      }
      if (o.onProgress && (n & 4095) === 4095) o.onProgress(n + 1, data.count, lossSum / (n + 1));
    }
    ema?.swap();
    const dev = o.evaluate(epoch);
    if (dev > best) {
      best = dev;
      bestEpoch = epoch;
      const f = net.arena.f32();
      bestParams = net.params.map((p) => f.slice(p.ptr >> 2, (p.ptr >> 2) + p.size));
    }
    ema?.swap();
    const info: EpochInfo = { epoch, loss: lossSum / data.count, trainAcc: correct / data.count, dev, best,
      seconds: (Date.now() - started) / 1000, lr: adam.opts.lr };
    history.push(info);
    o.onEpoch?.(info);
    adam.opts = { ...adam.opts, lr: adam.opts.lr * o.lrDecay };
    if (epoch - bestEpoch >= o.patience) break;
  }
  const f = net.arena.f32();
  net.params.forEach((p, i) => { const b = bestParams[i]; if (b) f.set(b, p.ptr >> 2); });
  return { best, bestEpoch, history };
}

/**
 * Exponential moving average of all parameters, updated every `every` optimizer steps with the
 * decay raised to that power (a full pass over the parameters each step would cost as much as
 * a few examples' backpropagation).
 */
class ParameterAverage {
  private readonly net: Network;
  private readonly shadow: number[];
  private readonly every = 16;
  private readonly rate: number;
  private steps = 0;

  constructor(net: Network, decay: number) {
    this.net = net;
    this.rate = 1 - Math.pow(decay, this.every);
    const a = net.arena;
    this.shadow = net.params.map((p) => {
      const ptr = a.alloc(p.size);
      a.f32().copyWithin(ptr >> 2, p.ptr >> 2, (p.ptr >> 2) + p.size);
      return ptr;
    });
  }

  afterStep(): void {
    if (++this.steps % this.every !== 0) return;
    this.net.params.forEach((p, i) => this.net.kernels.lerp(this.shadow[i], p.ptr, this.rate, p.size));
  }

  /** Exchanges the live parameters with the averaged ones (call twice to restore). */
  swap(): void {
    const f = this.net.arena.f32();
    this.net.params.forEach((p, i) => {
      const a = p.ptr >> 2, b = this.shadow[i] >> 2;
      const tmp = f.slice(a, a + p.size);
      f.copyWithin(a, b, b + p.size);
      f.set(tmp, b);
    });
  }
}
