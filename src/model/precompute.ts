import { activate } from './activation.ts';
import type { Network } from './network.ts';
import type { Scorer } from './scorer.ts';
import type { TensorRef, WeightStore } from './weight-store.ts';

/** Rows per slot: one count for every slot, or one per slot. */
export type PrecomputeRows = number | ArrayLike<number>;

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
 * the most frequent ids); other ids fall back to a small matrix-vector product per slot. How many
 * rows a slot gets is the model's business (manifest `precompute`: what covers most of the slot's
 * training occurrences, precompute-rows.ts). Built after training; the network must not change
 * afterwards. The tables and W1's column blocks can be shared between threads like the weights
 * (`shared`, `tensors`); the row-pointer scratch is each scorer's own.
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

  /** `rows`: rows per slot (capped at the table's size); `shared`: the tensors() of a scorer built before on the same weights and rows. */
  constructor(net: Network, rows: PrecomputeRows, shared?: readonly TensorRef[]) {
    this.net = net;
    this.numOutputs = net.shape.outputs;
    const S = net.numSlots, H = net.shape.hidden;
    const a = net.arena;
    if (typeof rows !== 'number' && rows.length !== S) throw new Error(`precomputed rows for ${rows.length} slots, the network has ${S}`);
    this.limit = new Int32Array(S);
    this.table = new Int32Array(S);
    this.blockW = new Int32Array(S);
    const reuse = shared !== undefined && shared.length === 2 * S && shared.every((t, i) => t.size === this.tensorSize(i, rows));
    for (let s = 0; s < S; s++) {
      this.limit[s] = Math.min(net.shape.tables[net.shape.slotTable[s]].size, typeof rows === 'number' ? rows : rows[s]);
      this.blockW[s] = reuse ? shared[2 * s].ptr : a.alloc(H * net.slotDim[s]);
      this.table[s] = reuse ? shared[2 * s + 1].ptr : a.alloc(this.limit[s] * H);
    }
    this.rowPtrs = a.alloc(S);
    this.zeroBias = a.alloc(H);
    this.view = a.view(net.scores, net.shape.outputs);
    if (!reuse) this.fill();
  }

  /** Cells of tensor i of tensors(): W1's block of slot i/2, or its table of rows. */
  private tensorSize(i: number, rows: PrecomputeRows): number {
    const net = this.net, s = i >> 1, H = net.shape.hidden;
    if ((i & 1) === 0) return H * net.slotDim[s];
    return Math.max(1, Math.min(net.shape.tables[net.shape.slotTable[s]].size, typeof rows === 'number' ? rows : rows[s]) * H);
  }

  /** The shareable tensors: per slot, W1's column block then the table of rows. */
  tensors(): TensorRef[] {
    const out: TensorRef[] = [];
    const H = this.net.shape.hidden;
    for (let s = 0; s < this.limit.length; s++) {
      out.push({ name: `block${s}`, ptr: this.blockW[s], size: H * this.net.slotDim[s] });
      out.push({ name: `rows${s}`, ptr: this.table[s], size: Math.max(1, this.limit[s] * H) });
    }
    return out;
  }

  private fill(): void {
    const net = this.net, a = net.arena;
    const S = net.numSlots, H = net.shape.hidden, D = net.inputDim;
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

/**
 * A precomputed scorer whose tables are shared through the store: built once per process for a
 * weights file and a row setting (`weightsKey`, from ModelFiles), found again by later loads and by
 * worker threads attached to the store.
 */
export function sharedPrecomputedScorer(store: WeightStore, weightsKey: string, net: Network, rows: PrecomputeRows): PrecomputedScorer {
  const key = `precompute:${weightsKey}:${typeof rows === 'number' ? rows : Array.from(rows).join(',')}`;
  const scorer = new PrecomputedScorer(net, rows, store.group(key));
  if (store.group(key) === undefined) store.addGroup(key, scorer.tensors());
  return scorer;
}
