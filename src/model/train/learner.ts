import { Gradients } from './backprop.ts';
import type { Network } from '../network.ts';
import { Adam } from './optimizer.ts';
import type { Rng } from './random.ts';

/** What one training step needs besides the example: regularisation and the optimiser's settings. */
export interface LearnerOptions {
  batchSize: number;
  lr: number;
  l2: number;
  /** Dropout rate on the hidden layer. */
  dropout: number;
  /** Dropout rate on the input (the concatenated embeddings). */
  inputDropout: number;
  /** Parameter moving-average decay (0 = off). */
  emaDecay: number;
  beta1?: number | undefined;
  beta2?: number | undefined;
  eps?: number | undefined;
  /** Word dropout: per slot in `slots`, an id is replaced by `unkId` with probability prob[id]. */
  idDropout?: { slots: number[]; prob: Float32Array; unkId: number } | undefined;
}

/**
 * One example at a time: forward with dropout, backward, an Adam step every `batchSize` examples.
 * Shared by the trainers that learn from a fixed example set and those that explore (dynamic oracle),
 * so both regularise and update the same way. Every random draw goes through the given Rng, in a
 * fixed order (word dropout, input dropout, hidden dropout), which keeps training reproducible.
 */
export class Learner {
  readonly net: Network;
  readonly grads: Gradients;
  readonly adam: Adam;
  readonly ema: ParameterAverage | undefined;
  private readonly o: LearnerOptions;
  private readonly rng: Rng;
  private readonly ids: Int32Array;
  private inBatch = 0;

  constructor(net: Network, o: LearnerOptions, rng: Rng) {
    this.net = net;
    this.o = o;
    this.rng = rng;
    this.grads = new Gradients(net);
    this.adam = new Adam(this.grads, { lr: o.lr, beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, l2: o.l2 });
    this.ema = o.emaDecay ? new ParameterAverage(net, o.emaDecay) : undefined;
    this.ids = new Int32Array(net.numSlots);
  }

  /** Training-mode forward pass for the features at src[offset …]; scores are left at net.scores. */
  forward(src: Int32Array, offset: number): void {
    const net = this.net, o = this.o, rng = this.rng, ids = this.ids;
    const S = net.numSlots, H = net.shape.hidden, D = net.inputDim;
    for (let k = 0; k < S; k++) ids[k] = src[offset + k];
    if (o.idDropout) {
      const d = o.idDropout;
      for (const s of d.slots) if (rng.next() < d.prob[ids[s]]) ids[s] = d.unkId;
    }
    net.gatherInput(ids, 0);
    const f = net.arena.f32();
    if (o.inputDropout > 0) {
      const m0 = this.grads.inputMask >> 2, x0 = net.x >> 2, scale = 1 / (1 - o.inputDropout);
      for (let i = 0; i < D; i++) {
        const m = rng.next() < o.inputDropout ? 0 : scale;
        f[m0 + i] = m;
        f[x0 + i] *= m;
      }
    }
    net.hiddenFromInput();
    if (o.dropout > 0) {
      const keep = 1 - o.dropout;
      const m0 = this.grads.mask >> 2, h0 = net.h >> 2;
      for (let i = 0; i < H; i++) {
        const m = rng.next() < keep ? 1 / keep : 0;
        f[m0 + i] = m;
        f[h0 + i] *= m;
      }
    }
    net.output();
  }

  /**
   * Backpropagates the masked softmax cross-entropy of the last `forward` (one-hot `gold`, or the
   * distribution soft[softOffset …]) and steps the optimiser when a batch is full. Returns the loss.
   */
  learn(gold: number, valid: Uint8Array, validOffset: number, soft?: Float32Array, softOffset = 0): number {
    const loss = this.grads.backward(gold, valid, validOffset, this.ids, 0, this.o.dropout > 0, this.o.inputDropout > 0, soft, softOffset);
    if (++this.inBatch === this.o.batchSize) this.step();
    return loss;
  }

  /** Applies the pending gradients (the end of an epoch ends a partial batch). */
  flush(): void {
    if (this.inBatch > 0) this.step();
  }

  get lr(): number {
    return this.adam.opts.lr;
  }

  set lr(v: number) {
    this.adam.opts = { ...this.adam.opts, lr: v };
  }

  private step(): void {
    this.adam.step();
    this.ema?.afterStep();
    this.inBatch = 0;
  }
}

/**
 * Exponential moving average of all parameters, updated every `every` optimizer steps with the
 * decay raised to that power (a full pass over the parameters each step would cost as much as
 * a few examples' backpropagation).
 */
export class ParameterAverage {
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
    const params = this.net.params;
    for (let i = 0; i < params.length; i++) this.net.kernels.lerp(this.shadow[i], params[i].ptr, this.rate, params[i].size);
  }

  /** Exchanges the live parameters with the averaged ones (call twice to restore). */
  swap(): void {
    const f = this.net.arena.f32();
    const params = this.net.params;
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      const a = p.ptr >> 2, b = this.shadow[i] >> 2;
      const tmp = f.slice(a, a + p.size);
      f.copyWithin(a, b, b + p.size);
      f.set(tmp, b);
    }
  }
}
