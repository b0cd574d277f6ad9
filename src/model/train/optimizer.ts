import type { Gradients } from './backprop.ts';

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  l2: number;
}

/**
 * Adam over the network's parameters. Dense tensors (W1, b1, W2, b2, small tables) are updated
 * every step; large embedding tables only on the rows touched since the last step ("lazy" Adam),
 * which keeps a step's cost independent of the vocabulary size.
 */
export class Adam {
  private readonly g: Gradients;
  private readonly m: number[];
  private readonly v: number[];
  private readonly sparse: boolean[];
  private t = 0;
  opts: AdamOptions;

  constructor(g: Gradients, opts: AdamOptions, sparseRowsAbove = 1000) {
    this.g = g;
    this.opts = opts;
    const a = g.net.arena;
    this.m = g.net.params.map((p) => a.alloc(p.size));
    this.v = g.net.params.map((p) => a.alloc(p.size));
    const tables = g.net.shape.tables;
    this.sparse = g.net.paramTable.map((t) => t >= 0 && tables[t].size > sparseRowsAbove);
  }

  step(): void {
    const { lr, beta1, beta2, eps, l2 } = this.opts;
    this.t++;
    const bc1 = 1 - Math.pow(beta1, this.t);
    const bc2 = 1 - Math.pow(beta2, this.t);
    const net = this.g.net;
    const k = net.kernels;
    net.params.forEach((p, i) => {
      const g = this.g.grad[i], m = this.m[i], v = this.v[i];
      if (!this.sparse[i]) {
        k.adam(p.ptr, g, m, v, p.size, lr, beta1, beta2, eps, l2, bc1, bc2);
        return;
      }
      const table = net.paramTable[i];
      const dim = net.shape.tables[table].dim;
      const list = this.g.touchedList[table];
      const bytes = dim * 4;
      for (let r = 0; r < this.g.touchedCount[table]; r++) {
        const off = list[r] * bytes;
        k.adam(p.ptr + off, g + off, m + off, v + off, dim, lr, beta1, beta2, eps, l2, bc1, bc2);
      }
    });
    this.g.touched.forEach((t, i) => {
      const list = this.g.touchedList[i];
      for (let r = 0; r < this.g.touchedCount[i]; r++) t[list[r]] = 0;
      this.g.touchedCount[i] = 0;
    });
  }
}
