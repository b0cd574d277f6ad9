import type { Network } from '../model/network.ts';

/**
 * Boundary logit (score[1] − score[0]) of a 2-output network, with the precomputation trick: the
 * hidden-layer contribution of every (slot, id) below `maxRows` is computed once, so a candidate
 * costs one `sumRows` over the slots, plus a small matrix-vector product per rarer id. The ReLU and
 * the output layer are fused into one dot product with W2[1] − W2[0].
 * Built once the weights are final; the network must not change afterwards.
 */
export class BoundaryScorer {
  private readonly net: Network;
  private readonly limit: Int32Array;
  private readonly table: Int32Array;
  /** Per slot: contiguous copy of W1's column block, [hidden × dim]. */
  private readonly blockW: Int32Array;
  private readonly rowPtrs: number;
  private readonly wDiff: Float32Array;
  private readonly bDiff: number;

  constructor(net: Network, maxRows: number) {
    if (net.shape.outputs !== 2 || net.shape.activation !== 'relu') throw new Error('BoundaryScorer needs a 2-output ReLU network');
    this.net = net;
    const S = net.numSlots, H = net.shape.hidden, D = net.inputDim;
    const a = net.arena;
    this.limit = new Int32Array(S);
    this.table = new Int32Array(S);
    this.blockW = new Int32Array(S);
    for (let s = 0; s < S; s++) {
      this.limit[s] = Math.min(net.shape.tables[net.shape.slotTable[s]].size, maxRows);
      this.blockW[s] = a.alloc(H * net.slotDim[s]);
      this.table[s] = a.alloc(this.limit[s] * H);
    }
    this.rowPtrs = a.alloc(S);
    const zero = a.alloc(H);
    const f = a.f32();
    for (let s = 0; s < S; s++) {
      const dim = net.slotDim[s], off = net.slotOffset[s], b0 = this.blockW[s] >> 2, w0 = net.W1 >> 2;
      for (let i = 0; i < H; i++) f.copyWithin(b0 + i * dim, w0 + i * D + off, w0 + i * D + off + dim);
      const tablePtr = net.tablePtr[net.shape.slotTable[s]];
      for (let id = 0; id < this.limit[s]; id++) {
        net.kernels.matVec(this.blockW[s], zero, tablePtr + id * dim * 4, this.table[s] + id * H * 4, H, dim);
      }
    }
    const g = a.f32();
    this.wDiff = new Float32Array(H);
    for (let h = 0; h < H; h++) this.wDiff[h] = g[(net.W2 >> 2) + H + h] - g[(net.W2 >> 2) + h];
    this.bDiff = g[(net.b2 >> 2) + 1] - g[net.b2 >> 2];
  }

  logit(ids: Int32Array, offset: number): number {
    const net = this.net, k = net.kernels;
    const H = net.shape.hidden, S = net.numSlots;
    const i32 = net.arena.i32();
    const p0 = this.rowPtrs >> 2;
    let count = 0;
    for (let s = 0; s < S; s++) {
      const id = ids[offset + s];
      if (id < this.limit[s]) i32[p0 + count++] = this.table[s] + id * H * 4;
    }
    k.sumRows(net.z, net.b1, this.rowPtrs, count, H);
    for (let s = 0; s < S; s++) {
      const id = ids[offset + s];
      if (id >= this.limit[s]) {
        const dim = net.slotDim[s];
        k.matVec(this.blockW[s], net.z, net.tablePtr[net.shape.slotTable[s]] + id * dim * 4, net.z, H, dim);
      }
    }
    const f = net.arena.f32();
    const z0 = net.z >> 2, w = this.wDiff;
    let acc = this.bDiff;
    for (let h = 0; h < H; h++) {
      const z = f[z0 + h];
      if (z > 0) acc += w[h] * z;
    }
    return acc;
  }
}
