import { activate } from './activation.ts';
import type { Network } from './network.ts';
import type { Scorer } from './scorer.ts';

/** Scores with a plain forward pass (training-time evaluation, reference for tests). */
export class DirectScorer implements Scorer {
  readonly numOutputs: number;
  private readonly net: Network;
  private view: Float32Array;

  constructor(net: Network) {
    this.net = net;
    this.numOutputs = net.shape.outputs;
    this.view = net.arena.view(net.scores, net.shape.outputs);
  }

  score(ids: Int32Array, offset: number): Float32Array {
    this.net.forward(ids, offset);
    if (this.view.buffer !== this.net.arena.memory.buffer) this.view = this.net.arena.view(this.net.scores, this.net.shape.outputs);
    return this.view;
  }
}

/**
 * The precomputation trick (Chen & Manning 2014): W1·x = Σ_slots W1[:, block] · E[id], so the
 * hidden-layer contribution of each (slot, id) pair can be computed once at load time. Rows are
 * kept for every id below `limit` of each slot (vocabularies are sorted by frequency, so that is
 * the most frequent ids); other ids fall back to a small matrix-vector product per slot.
 * Built after training; the network must not change afterwards.
 */
export class PrecomputedScorer implements Scorer {
  readonly numOutputs: number;
  private readonly net: Network;
  private readonly limit: Int32Array;
  private readonly table: Int32Array;
  /** Per slot: contiguous copy of W1's column block, [hidden × dim]. */
  private readonly blockW: Int32Array;
  private readonly rowPtrs: number;
  private readonly zeroBias: number;
  private view: Float32Array;

  constructor(net: Network, maxRowsPerSlot: number) {
    this.net = net;
    this.numOutputs = net.shape.outputs;
    const S = net.numSlots, H = net.shape.hidden, D = net.inputDim;
    const a = net.arena;
    this.limit = new Int32Array(S);
    this.table = new Int32Array(S);
    this.blockW = new Int32Array(S);
    for (let s = 0; s < S; s++) {
      this.limit[s] = Math.min(net.shape.tables[net.shape.slotTable[s]].size, maxRowsPerSlot);
      this.blockW[s] = a.alloc(H * net.slotDim[s]);
      this.table[s] = a.alloc(this.limit[s] * H);
    }
    this.rowPtrs = a.alloc(S);
    this.zeroBias = a.alloc(H);
    const f = a.f32();
    for (let s = 0; s < S; s++) {
      const dim = net.slotDim[s], off = net.slotOffset[s], b0 = this.blockW[s] >> 2, w0 = net.W1 >> 2;
      for (let i = 0; i < H; i++) f.set(f.subarray(w0 + i * D + off, w0 + i * D + off + dim), b0 + i * dim);
      const tablePtr = net.tablePtr[net.shape.slotTable[s]];
      const ext = net.shape.tables[net.shape.slotTable[s]].external;
      for (let id = 0; id < this.limit[s]; id++) {
        if (ext) ext.decodeRow(id, a.f32(), tablePtr >> 2);
        net.kernels.matVec(this.blockW[s], this.zeroBias, ext ? tablePtr : tablePtr + id * dim * 4, this.table[s] + id * H * 4, H, dim);
      }
    }
    this.view = a.view(net.scores, net.shape.outputs);
  }

  /** Bytes of precomputed rows. */
  get bytes(): number {
    let rows = 0;
    for (let s = 0; s < this.limit.length; s++) rows += this.limit[s];
    return rows * this.net.shape.hidden * 4;
  }

  score(ids: Int32Array, offset: number): Float32Array {
    const net = this.net;
    this.hidden(ids, offset);
    net.output();
    // Another allocation in the same arena may have grown (and so detached) the memory.
    if (this.view.buffer !== net.arena.memory.buffer) this.view = net.arena.view(net.scores, net.shape.outputs);
    return this.view;
  }

  /** net.h = act(W1·x + b1) for the features at ids[offset …]. */
  hidden(ids: Int32Array, offset: number): void {
    const net = this.net;
    this.preActivation(ids, offset);
    activate(net.shape.activation, net.arena.f32(), net.z >> 2, net.h >> 2, net.shape.hidden);
  }

  /** net.z = W1·x + b1 for the features at ids[offset …], from the precomputed rows. */
  preActivation(ids: Int32Array, offset: number): void {
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
        const table = net.shape.slotTable[s];
        const ext = net.shape.tables[table].external;
        if (ext) {
          ext.decodeRow(id, net.arena.f32(), net.tablePtr[table] >> 2);
          k.matVec(this.blockW[s], net.z, net.tablePtr[table], net.z, H, dim);
        } else {
          k.matVec(this.blockW[s], net.z, net.tablePtr[table] + id * dim * 4, net.z, H, dim);
        }
      }
    }
  }
}
