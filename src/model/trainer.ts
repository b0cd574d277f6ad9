import { Gradients } from './backprop.ts';
import type { ExampleSet } from './examples.ts';
import type { Network } from './network.ts';
import { Adam } from './optimizer.ts';
import { Rng } from './random.ts';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Multiplies the learning rate after every epoch. */
  lrDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
  l2: number;
  /** Dropout rate on the hidden layer. */
  dropout: number;
  seed: number;
  /** Stop after this many epochs without a better dev score. */
  patience: number;
  /** Word dropout: per slot in `slots`, an id is replaced by `unkId` with probability prob[id]. */
  idDropout?: { slots: number[]; prob: Float32Array; unkId: number } | undefined;
  /** Called after each epoch; returns the dev score to maximise. */
  evaluate: (epoch: number) => number;
  onProgress?: ((done: number, total: number, loss: number) => void) | undefined;
  onEpoch?: ((info: EpochInfo) => void) | undefined;
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
  const adam = new Adam(grads, { lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, l2: o.l2 });
  const order = new Int32Array(data.count);
  for (let i = 0; i < data.count; i++) order[i] = i;
  const ids = new Int32Array(data.numSlots);
  const H = net.shape.hidden;
  const keep = 1 - o.dropout;
  let best = -Infinity, bestEpoch = 0;
  let bestParams: Float32Array[] = [];
  const history: EpochInfo[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const started = Date.now();
    rng.shuffle(order);
    let lossSum = 0, correct = 0, inBatch = 0;
    for (let n = 0; n < data.count; n++) {
      const ex = order[n];
      ids.set(data.ids.subarray(ex * data.numSlots, (ex + 1) * data.numSlots));
      if (o.idDropout) {
        const d = o.idDropout;
        for (const s of d.slots) if (rng.next() < d.prob[ids[s]]) ids[s] = d.unkId;
      }
      net.gatherInput(ids, 0);
      net.hiddenFromInput();
      const f = net.arena.f32();
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
      lossSum += grads.backward(gold, data.valid, voff, ids, 0, o.dropout > 0);
      if (++inBatch === o.batchSize || n === data.count - 1) {
        adam.step();
        inBatch = 0;
      }
      if (o.onProgress && (n & 4095) === 4095) o.onProgress(n + 1, data.count, lossSum / (n + 1));
    }
    const dev = o.evaluate(epoch);
    if (dev > best) {
      best = dev;
      bestEpoch = epoch;
      const f = net.arena.f32();
      bestParams = net.params.map((p) => f.slice(p.ptr >> 2, (p.ptr >> 2) + p.size));
    }
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
