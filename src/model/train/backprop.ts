import { activationBackward } from '../activation.ts';
import type { Network } from '../network.ts';

/**
 * Gradient buffers laid out like the network's parameters, plus backward scratch.
 * `backward` accumulates into them; the optimizer consumes and zeroes them.
 */
export class Gradients {
  readonly net: Network;
  /** Gradient pointer per parameter tensor, in net.params order. */
  readonly grad: number[];
  readonly dTable: number[];
  readonly dW1: number;
  readonly db1: number;
  readonly dW2: number;
  readonly db2: number;
  readonly ds: number;
  readonly dh: number;
  readonly dx: number;
  /** Dropout mask for h (0 or 1/keep), used when dropout is on. */
  readonly mask: number;
  /** Dropout mask for the input x, used when input dropout is on. */
  readonly inputMask: number;
  /** Rows of each table touched since the last update (for sparse updates). */
  readonly touched: Uint8Array[];
  readonly touchedList: Int32Array[];
  readonly touchedCount: Int32Array;

  constructor(net: Network) {
    this.net = net;
    const a = net.arena;
    this.grad = net.params.map((p) => a.alloc(p.size));
    this.dTable = net.tableParam.map((p) => (p < 0 ? -1 : this.grad[p]));
    const gradOf = (name: string): number => {
      const i = net.params.findIndex((p) => p.name === name);
      if (i < 0) throw new Error(`network has no ${name}`);
      return this.grad[i];
    };
    [this.dW1, this.db1, this.dW2, this.db2] = [gradOf('W1'), gradOf('b1'), gradOf('W2'), gradOf('b2')];
    this.ds = a.alloc(net.shape.outputs);
    this.dh = a.alloc(net.shape.hidden);
    this.dx = a.alloc(net.inputDim);
    this.mask = a.alloc(net.shape.hidden);
    this.inputMask = a.alloc(net.inputDim);
    this.touched = net.shape.tables.map((t) => new Uint8Array(t.external ? 0 : t.size));
    this.touchedList = net.shape.tables.map((t) => new Int32Array(t.external ? 0 : t.size));
    this.touchedCount = new Int32Array(net.shape.tables.length);
  }

  /**
   * Masked softmax cross-entropy on net.scores (after net.forward), then backpropagation.
   * Only legal transitions (valid[validOffset + t] = 1) take part in the softmax.
   * When useMask is set, h was multiplied by `mask` after the activation; when useInputMask is set,
   * x was multiplied by `inputMask` after the embedding lookup.
   * With `soft`, the target is the distribution soft[softOffset …] instead of the one-hot `gold`
   * (loss −Σ q·log p, gradient p − q): the dynamic oracle's zero-cost set, or a teacher's distribution.
   * Returns the example's loss (natural log).
   */
  backward(gold: number, valid: Uint8Array, validOffset: number, ids: Int32Array, idsOffset: number, useMask: boolean,
    useInputMask = false, soft?: Float32Array, softOffset = 0): number {
    const net = this.net;
    const k = net.kernels;
    const f = net.arena.f32();
    const H = net.shape.hidden, Tn = net.shape.outputs, D = net.inputDim;
    const s0 = net.scores >> 2, ds0 = this.ds >> 2;
    let max = -Infinity;
    for (let t = 0; t < Tn; t++) if (valid[validOffset + t] && f[s0 + t] > max) max = f[s0 + t];
    let sum = 0;
    for (let t = 0; t < Tn; t++) {
      const e = valid[validOffset + t] ? Math.exp(f[s0 + t] - max) : 0;
      f[ds0 + t] = e;
      sum += e;
    }
    for (let t = 0; t < Tn; t++) f[ds0 + t] /= sum;
    let loss = 0;
    if (soft) {
      for (let t = 0; t < Tn; t++) {
        const q = soft[softOffset + t];
        if (q > 0) loss -= q * Math.log(Math.max(f[ds0 + t], 1e-30));
        f[ds0 + t] -= q;
      }
    } else {
      loss = -Math.log(Math.max(f[ds0 + gold], 1e-30));
      f[ds0 + gold] -= 1;
    }
    k.axpy(this.db2, this.ds, 1, Tn);
    k.outerAdd(this.dW2, this.ds, net.h, Tn, H);
    const dh0 = this.dh >> 2;
    f.fill(0, dh0, dh0 + H);
    k.matTVecAdd(net.W2, this.ds, this.dh, Tn, H);
    if (useMask) {
      const m0 = this.mask >> 2;
      for (let i = 0; i < H; i++) f[dh0 + i] *= f[m0 + i];
    }
    activationBackward(net.shape.activation, f, net.z >> 2, dh0, H);
    k.axpy(this.db1, this.dh, 1, H);
    k.outerAdd(this.dW1, this.dh, net.x, H, D);
    const dx0 = this.dx >> 2;
    f.fill(0, dx0, dx0 + D);
    k.matTVecAdd(net.W1, this.dh, this.dx, H, D);
    if (useInputMask) {
      const m0 = this.inputMask >> 2;
      for (let i = 0; i < D; i++) f[dx0 + i] *= f[m0 + i];
    }
    const slotTable = net.shape.slotTable;
    for (let s = 0; s < net.numSlots; s++) {
      const t = slotTable[s];
      if (this.dTable[t] < 0) continue; // a fixed (external) table learns nothing
      const dim = net.slotDim[s];
      const id = ids[idsOffset + s];
      k.axpy(this.dTable[t] + id * dim * 4, this.dx + net.slotOffset[s] * 4, 1, dim);
      const touched = this.touched[t];
      if (!touched[id]) {
        touched[id] = 1;
        this.touchedList[t][this.touchedCount[t]++] = id;
      }
    }
    return loss;
  }
}
