import type { ExampleSet } from './examples.ts';
import type { Network } from '../network.ts';
import { Learner } from './learner.ts';
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
  const learner = new Learner(net, { ...o, inputDropout: o.inputDropout ?? 0, emaDecay: o.emaDecay ?? 0 }, rng);
  const order = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) order[i] = i;
  const S = data.numSlots;
  const keeper = new BestParameters(net);
  const history: EpochInfo[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let lossSum = 0, correct = 0;
    for (let n = 0; n < data.count; n++) {
      const ex = order[n];
      learner.forward(data.ids, ex * S);
      const f = net.arena.f32();
      const gold = data.gold[ex];
      const voff = ex * data.numOutputs;
      const s0 = net.scores >> 2;
      let arg = -1, max = -Infinity;
      for (let t = 0; t < data.numOutputs; t++) if (data.valid[voff + t] && f[s0 + t] > max) { max = f[s0 + t]; arg = t; }
      if (arg === gold) correct++;
      lossSum += learner.learn(gold, data.valid, voff);
      if (o.onProgress && (n & 4095) === 4095) o.onProgress(n + 1, data.count, lossSum / (n + 1));
    }
    learner.flush();
    const info = keeper.endEpoch(learner, epoch, o.evaluate, { loss: lossSum / data.count, trainAcc: correct / data.count, seconds: (Date.now() - started) / 1000 });
    history.push(info);
    o.onEpoch?.(info);
    learner.lr = learner.lr * o.lrDecay;
    if (epoch - keeper.bestEpoch >= o.patience) break;
  }
  keeper.restore();
  return { best: keeper.best, bestEpoch: keeper.bestEpoch, history };
}

/** Evaluates after each epoch (with the averaged parameters when there are any) and keeps the best. */
export class BestParameters {
  private readonly net: Network;
  best = -Infinity;
  bestEpoch = 0;
  private params: Float32Array[] = [];

  constructor(net: Network) {
    this.net = net;
  }

  endEpoch(learner: Learner, epoch: number, evaluate: (epoch: number) => number,
    stats: { loss: number; trainAcc: number; seconds: number }): EpochInfo {
    learner.ema?.swap();
    const dev = evaluate(epoch);
    if (dev > this.best) {
      this.best = dev;
      this.bestEpoch = epoch;
      const f = this.net.arena.f32();
      this.params = this.net.params.map((p) => f.slice(p.ptr >> 2, (p.ptr >> 2) + p.size));
    }
    learner.ema?.swap();
    return { epoch, loss: stats.loss, trainAcc: stats.trainAcc, dev, best: this.best, seconds: stats.seconds, lr: learner.lr };
  }

  /** Puts the best epoch's parameters back into the network. */
  restore(): void {
    const f = this.net.arena.f32();
    this.net.params.forEach((p, i) => {
      const b = this.params[i];
      if (b) f.set(b, p.ptr >> 2);
    });
  }
}
