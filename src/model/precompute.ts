import { activate } from './activation.ts';
import type { Network } from './network.ts';
import type { Scorer } from './scorer.ts';
import type { TensorRef, WeightStore } from './weight-store.ts';

/** Rows per slot: one count for every slot, or one per slot. */
export type PrecomputeRows = number | ArrayLike<number>;

/**
 * Bytes before the values of a quantized row: its f32 scale (bytes 0–3, written by
 * Kernels.quantizeRowI8), the same scale as an i16 multiple of the scorer's unit (bytes 4–5, what
 * Kernels.sumRowsI8 reads), padded so the i8 values start 16-byte aligned.
 */
export const QROW_HEADER = 16;

/** Bytes of one precomputed row of `hidden` values: f32, or quantized (header + i8 values, padded to 16 bytes). */
export function rowBytes(hidden: number, quantized: boolean): number {
  return quantized ? QROW_HEADER + ((hidden + 15) & ~15) : 4 * hidden;
}

/** How a PrecomputedScorer keeps its rows. */
export interface PrecomputeOptions {
  /**
   * Precompute tables with a TableSpec.rank by rank (what loaded models do). Training code leaves
   * it off: which rows are precomputed decides the order of the float additions, and the shipped
   * models were trained with id order.
   */
  ranked?: boolean;
  /**
   * Rows as i8 with an f32 scale per row instead of f32 (a quarter of the memory; each value within
   * half a step of the f32 row, a step being the row's largest magnitude / 127). Loaded models use it;
   * training leaves it off, so what it computes stays exactly the forward pass's.
   */
  quantized?: boolean;
}

/** The largest embedding dimension of a slot a quantized scorer computes missed rows for (Kernels.matVecI8 sums in i32). */
export const MAX_QUANTIZED_DIM = 512;

/** Bytes of one quantized row of W1's column block for a slot of dimension `dim` (quantizeRowI8's layout). */
export const qBlockBytes = (dim: number): number => rowBytes(dim, true);

/** The largest integer scale of a quantized row (an i16). */
export const MAX_INT_SCALE = 32767;
/** Rows sumRowsI8 can add without overflowing its i32 sums: 2^31 / (MAX_INT_SCALE · 127). */
export const MAX_QUANTIZED_SLOTS = 516;

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
 * the most frequent ids; a table with a TableSpec.rank, the pretrained vectors, keeps the ids of
 * its lowest ranks instead); other ids fall back to a matrix-vector product per slot, whose row is
 * kept in a small cache (preActivation). How many
 * rows a slot gets is the model's business (manifest `precompute`: what covers most of the slot's
 * training occurrences, precompute-rows.ts). Built after training; the network must not change
 * afterwards. The tables (and copied W1 blocks) can be shared between threads like the weights
 * (`shared`, `tensors`); the row-pointer scratch is each scorer's own.
 */
export class PrecomputedScorer implements Scorer {
  readonly numOutputs: number;
  private readonly net: Network;
  private readonly limit: Int32Array;
  /** Per slot: its table's TableSpec.rank (ids past `limit` in rank are not precomputed), or undefined: rank = id. */
  private readonly rank: (Int32Array | undefined)[];
  private readonly table: Int32Array;
  /**
   * Per slot: W1's column block [hidden × dim] and its row length: a contiguous copy (row length
   * dim) for a slot whose ids are not all precomputed, read at every miss; for the others, only
   * read while the tables are filled, W1 itself in place (row length inputDim). A quantized scorer
   * copies nothing here (its misses read qBlock): W1 in place for every slot.
   */
  private readonly blockW: Int32Array;
  private readonly blockLd: Int32Array;
  /**
   * Quantized scorers, per slot whose ids are not all precomputed: W1's column block as quantized
   * rows (quantizeRowI8's layout, qBlockBytes(dim) bytes each), what matVecI8 computes a missed row
   * from: a quarter of an f32 copy's bytes and reads. 0 for the other slots.
   */
  private readonly qBlock: Int32Array;
  /** Quantized scorers: i16 scratch for the embedding matVecI8 quantizes. */
  private readonly xq: number;
  private readonly rowPtrs: number;
  private readonly quantized: boolean;
  /**
   * Quantized rows: the f32 value of one step of their integer scales (the largest row scale /
   * MAX_INT_SCALE), so a row's values are q · round(scale / unit) · unit.
   */
  private unit = 0;
  /**
   * Quantized (loaded) scorers: W2 transposed [hidden × outputs], this scorer's own, and scratch for
   * the indices of the non-zero hidden units; 0 when the output layer is net.output()'s.
   */
  private readonly outT: number;
  private readonly outIdx: number;
  /** Bytes per precomputed row (rowBytes). */
  private readonly rowBytes: number;
  private readonly missPtrs: number;
  private readonly zeroBias: number;
  /**
   * Per slot: this scorer's cache of rows computed for ids past `limit` (0: the slot has none), as
   * f32 rows or, in a quantized scorer, as quantized rows like the precomputed ones.
   */
  private readonly cacheRows: Int32Array;
  /** Quantized scorers: f32 scratch a missed row is computed in before it is quantized into the cache. */
  private readonly missRow: number;
  /** Quantized scorers: the slots of the current features whose rows are added in f32 (preActivationQuantized). */
  private readonly directSlots: Int32Array;
  /** [slot × CACHE_ROWS]: the id each cache row holds (-1: empty). */
  private readonly cacheIds: Int32Array;
  private view: Float32Array;

  /**
   * `rows`: rows per slot (capped at the table's size); `shared`: the tensors() of a scorer built
   * before on the same weights, rows and options; `opts`: see PrecomputeOptions.
   */
  constructor(net: Network, rows: PrecomputeRows, shared?: readonly TensorRef[], opts: PrecomputeOptions = {}) {
    this.net = net;
    this.numOutputs = net.shape.outputs;
    const S = net.numSlots, H = net.shape.hidden;
    const a = net.arena;
    const ranked = opts.ranked === true;
    this.quantized = opts.quantized === true;
    this.rowBytes = rowBytes(H, this.quantized);
    if (this.quantized && S > MAX_QUANTIZED_SLOTS) throw new Error(`${S} slots: quantized rows are summed in i32, which holds ${MAX_QUANTIZED_SLOTS}`);
    if (typeof rows !== 'number' && rows.length !== S) throw new Error(`precomputed rows for ${rows.length} slots, the network has ${S}`);
    this.limit = new Int32Array(S);
    this.rank = Array.from({ length: S }, (_, s) => (ranked ? net.shape.tables[net.shape.slotTable[s]].rank : undefined));
    this.table = new Int32Array(S);
    this.blockW = new Int32Array(S);
    this.blockLd = new Int32Array(S);
    this.qBlock = new Int32Array(S);
    for (let s = 0; s < S; s++) this.limit[s] = precomputable(net, s, rows);
    if (this.quantized) {
      for (let s = 0; s < S; s++) {
        if (this.cachesMisses(s) && net.slotDim[s] > MAX_QUANTIZED_DIM) throw new Error(`slot ${s} has dimension ${net.slotDim[s]}: matVecI8 sums exactly in i32 up to ${MAX_QUANTIZED_DIM}`);
      }
    }
    const layout = this.layout();
    const reuse = shared !== undefined && shared.length === layout.length && shared.every((t, i) => t.name === layout[i].name && t.size === layout[i].size);
    let i = 0;
    for (let s = 0; s < S; s++) {
      this.table[s] = reuse ? shared[i++].ptr : a.alloc((this.limit[s] * this.rowBytes) / 4);
      const block = this.hasBlock(s) ? (reuse ? shared[i++].ptr : a.alloc(this.blockCells(s))) : 0;
      if (block !== 0 && !this.quantized) {
        this.blockW[s] = block;
        this.blockLd[s] = net.slotDim[s];
      } else {
        this.blockW[s] = net.W1 + net.slotOffset[s] * 4;
        this.blockLd[s] = net.inputDim;
        this.qBlock[s] = block;
      }
    }
    this.rowPtrs = a.alloc(S);
    this.missPtrs = a.alloc(S);
    this.zeroBias = a.alloc(H);
    this.cacheRows = new Int32Array(S);
    this.cacheIds = new Int32Array(S * CACHE_ROWS).fill(-1);
    for (let s = 0; s < S; s++) if (this.cachesMisses(s)) this.cacheRows[s] = a.alloc((CACHE_ROWS * this.cacheRowBytes) / 4);
    this.missRow = this.quantized ? a.alloc(H) : 0;
    this.xq = this.quantized ? a.alloc(MAX_QUANTIZED_DIM / 2) : 0;
    this.directSlots = new Int32Array(this.quantized ? S : 0);
    this.view = a.view(net.scores, net.shape.outputs);
    this.outT = this.quantized ? transposedCopy(net, net.W2) : 0;
    this.outIdx = this.quantized ? a.alloc(H) : 0;
    if (!reuse) this.fill();
    if (this.quantized) this.unit = this.intScales(!reuse);
  }

  /**
   * The unit of the integer scales: the largest row scale / MAX_INT_SCALE. With `write` (the
   * thread that filled the tables), also stores each row's scale as round(scale / unit) at byte 4;
   * a thread that attached the tables only reads the scales, and finds the same unit.
   * One integer scale per row instead of an f32 one lets sumRowsI8 sum the rows in integers and
   * convert once (2.4× fewer instructions), at a rounding of each row's scale by at most half a unit.
   */
  private intScales(write: boolean): number {
    const a = this.net.arena, f = a.f32(), i16 = new Int16Array(a.memory.buffer);
    let max = 0;
    for (let s = 0; s < this.limit.length; s++) {
      for (let r = 0; r < this.limit[s]; r++) max = Math.max(max, f[(this.table[s] + r * this.rowBytes) >> 2]);
    }
    const unit = Math.fround(max / MAX_INT_SCALE);
    if (!write) return unit;
    for (let s = 0; s < this.limit.length; s++) {
      for (let r = 0; r < this.limit[s]; r++) {
        const p = this.table[s] + r * this.rowBytes;
        i16[(p + 4) >> 1] = unit === 0 ? 0 : Math.min(MAX_INT_SCALE, Math.round(f[p >> 2] / unit));
      }
    }
    return unit;
  }

  /** Whether some ids of slot s have no precomputed row (misses). */
  private hasMisses(s: number): boolean {
    return this.limit[s] < this.net.shape.tables[this.net.shape.slotTable[s]].size;
  }

  /**
   * Whether the rows slot s computes for ids past its precomputed ones are kept in a cache (and, in a
   * quantized scorer, computed from its i8 block): not for a table that changes per sentence (the
   * attention context), whose rows cannot be kept.
   */
  private cachesMisses(s: number): boolean {
    return this.hasMisses(s) && this.net.shape.tables[this.net.shape.slotTable[s]].external?.fixedRows === undefined;
  }

  /**
   * Whether slot s has a copy of its W1 block among the shared tensors, what its misses are computed
   * from: a contiguous f32 copy, or in a quantized scorer the i8 rows of qBlock (only for cached misses).
   */
  private hasBlock(s: number): boolean {
    return this.quantized ? this.cachesMisses(s) : this.hasMisses(s);
  }

  /** Cells of slot s's block copy (hasBlock). */
  private blockCells(s: number): number {
    const H = this.net.shape.hidden, dim = this.net.slotDim[s];
    return this.quantized ? (H * qBlockBytes(dim)) / 4 : H * dim;
  }

  /** Names and cells of the shareable tensors, in tensors() order: per slot, its table of rows, then its W1 block if copied. */
  private layout(): { name: string; size: number }[] {
    const out: { name: string; size: number }[] = [];
    for (let s = 0; s < this.limit.length; s++) {
      out.push({ name: `rows${s}`, size: Math.max(1, (this.limit[s] * this.rowBytes) / 4) });
      if (this.hasBlock(s)) out.push({ name: `block${s}`, size: this.blockCells(s) });
    }
    return out;
  }

  /** The shareable tensors: layout() with where each one is. */
  tensors(): TensorRef[] {
    const ptrs: number[] = [];
    for (let s = 0; s < this.limit.length; s++) {
      ptrs.push(this.table[s]);
      if (this.hasBlock(s)) ptrs.push(this.quantized ? this.qBlock[s] : this.blockW[s]);
    }
    return this.layout().map((t, i) => ({ ...t, ptr: ptrs[i] ?? 0 }));
  }

  private fill(): void {
    const net = this.net, a = net.arena;
    const S = net.numSlots, H = net.shape.hidden, D = net.inputDim;
    // A quantized row is computed in f32 here first.
    const scratch = this.quantized ? a.alloc(H) : 0;
    for (let s = 0; s < S; s++) {
      const dim = net.slotDim[s];
      if (this.hasBlock(s) && this.quantized) {
        const ld = qBlockBytes(dim);
        for (let i = 0; i < H; i++) net.kernels.quantizeRowI8(net.W1 + (i * D + net.slotOffset[s]) * 4, this.qBlock[s] + i * ld, dim);
      } else if (this.hasBlock(s)) {
        const f = a.f32(), off = net.slotOffset[s], b0 = this.blockW[s] >> 2, w0 = net.W1 >> 2;
        for (let i = 0; i < H; i++) f.set(f.subarray(w0 + i * D + off, w0 + i * D + off + dim), b0 + i * dim);
      }
      const byRank = inverse(this.rank[s], this.limit[s]);
      for (let r = 0; r < this.limit[s]; r++) {
        const row = this.table[s] + r * this.rowBytes;
        net.kernels.matVecStrided(this.blockW[s], this.blockLd[s], this.zeroBias, this.rowSource(s, byRank ? byRank[r] : r), this.quantized ? scratch : row, H, dim);
        if (this.quantized) net.kernels.quantizeRowI8(scratch, row, H);
      }
    }
  }

  /** Bytes of precomputed rows. */
  get bytes(): number {
    let rows = 0;
    for (let s = 0; s < this.limit.length; s++) rows += this.limit[s];
    return rows * this.rowBytes;
  }

  /** Bytes of this scorer's own cache of rows past the precomputed ones (each thread's scorer has one). */
  get cacheBytes(): number {
    let slots = 0;
    for (let s = 0; s < this.cacheRows.length; s++) if (this.cacheRows[s] !== 0) slots++;
    return slots * CACHE_ROWS * this.cacheRowBytes;
  }

  score(ids: Int32Array, offset: number): Float32Array {
    const net = this.net;
    this.hidden(ids, offset);
    this.output();
    // Another allocation in the same arena may have grown (and so detached) the memory.
    if (this.view.buffer !== net.arena.memory.buffer) this.view = net.arena.view(net.scores, net.shape.outputs);
    return this.view;
  }

  /**
   * net.scores = W2·h + b2. A loaded scorer skips the zeros of h (with ReLU about 80% of the hidden
   * units of the English parser are zero at a transition) by reading W2 transposed: 1.19× greedy
   * parsing speed (EWT dev, the two output layers alternating in one process, median of 8 rounds).
   * Its sums are in another order than net.output()'s, so scores can differ in the last bits.
   */
  output(): void {
    const net = this.net;
    this.outputOf(net.W2, this.outT, net.b2, net.scores);
  }

  /**
   * out = W·h + b for an output layer on the hidden layer (W: [outputs × hidden], as W2; `WT` its
   * transposedCopy): skipping the zeros of h when this scorer is a loaded one and WT ≠ 0, else a
   * plain matrix-vector product (what net.output() computes for W2).
   */
  outputOf(W: number, WT: number, b: number, out: number): void {
    const net = this.net;
    if (this.outT === 0 || WT === 0) net.kernels.matVec(W, b, net.h, out, net.shape.outputs, net.shape.hidden);
    else net.kernels.sparseMatTVec(WT, b, net.h, out, net.shape.hidden, net.shape.outputs, this.outIdx);
  }

  /** Whether output() and outputOf() skip the zeros of h (a loaded scorer). */
  get sparseOutput(): boolean {
    return this.outT !== 0;
  }

  /** net.h = act(W1·x + b1) for the features at ids[offset …]. */
  hidden(ids: Int32Array, offset: number): void {
    const net = this.net;
    this.preActivation(ids, offset);
    if (net.shape.activation === 'relu') net.kernels.relu(net.h, net.z, net.shape.hidden);
    else activate(net.shape.activation, net.arena.f32(), net.z >> 2, net.h >> 2, net.shape.hidden);
  }

  /**
   * net.z = W1·x + b1 for the features at ids[offset …], from the precomputed rows. An id past a
   * slot's precomputed rows gets its row computed once into this scorer's cache for the slot (a
   * rare word stays at s0, s1, … for several transitions, and a worker meets the same rare words
   * again), direct-mapped by id. The cached rows are added after the precomputed ones, in slot
   * order, exactly as the matrix-vector products they replace were, so z is bit-identical whether
   * a row came from the cache or was just computed.
   */
  preActivation(ids: Int32Array, offset: number): void {
    if (this.quantized) {
      this.preActivationQuantized(ids, offset);
      return;
    }
    const net = this.net, k = net.kernels;
    const H = net.shape.hidden, S = net.numSlots;
    const i32 = net.arena.i32();
    const p0 = this.rowPtrs >> 2, m0 = this.missPtrs >> 2;
    let count = 0;
    for (let s = 0; s < S; s++) {
      const rank = this.rank[s];
      const r = rank === undefined ? ids[offset + s] : rank[ids[offset + s]];
      if (r < this.limit[s]) i32[p0 + count++] = this.table[s] + r * this.rowBytes;
    }
    k.sumRows(net.z, net.b1, this.rowPtrs, count, H);
    let pending = 0;
    for (let s = 0; s < S; s++) {
      const id = ids[offset + s];
      const rank = this.rank[s];
      if ((rank === undefined ? id : rank[id]) < this.limit[s]) continue;
      const dim = net.slotDim[s];
      if (this.cacheRows[s] === 0) {
        if (pending > 0) k.sumRows(net.z, net.z, this.missPtrs, pending, H);
        pending = 0;
        k.matVecStrided(this.blockW[s], this.blockLd[s], net.z, this.rowSource(s, id), net.z, H, dim);
        continue;
      }
      const entry = id & (CACHE_ROWS - 1);
      const row = this.cacheRows[s] + entry * H * 4;
      if (this.cacheIds[s * CACHE_ROWS + entry] !== id) {
        k.matVecStrided(this.blockW[s], this.blockLd[s], this.zeroBias, this.rowSource(s, id), row, H, dim);
        this.cacheIds[s * CACHE_ROWS + entry] = id;
      }
      i32[m0 + pending++] = row;
    }
    if (pending > 0) k.sumRows(net.z, net.z, this.missPtrs, pending, H);
  }

  /** Bytes of one cached row: f32, or quantized like the precomputed rows. */
  private get cacheRowBytes(): number {
    return this.quantized ? this.rowBytes : 4 * this.net.shape.hidden;
  }

  /**
   * preActivation of a quantized scorer: a row past a slot's precomputed ones is quantized as they
   * are and kept in the slot's cache, and all rows are added in one sumRowsI8. A quantized row is a
   * function of (slot, id) alone and its integer sum is exact, so z does not depend on what the
   * cache held. Only a row whose scale the integer scales cannot hold (past MAX_INT_SCALE units, or
   * any row when every precomputed row is zero), and the rows of tables that change per sentence,
   * are computed in f32 every time and added after the others, in slot order.
   * Quantizing the cached rows too makes them a quarter of the memory (per thread and slot: 128 × 272
   * bytes instead of 128 × 1,024 for hidden 256), and the sum one kernel call. A missed row is
   * computed by matVecI8 from the slot's quantized W1 block (qBlock), so it carries that block's
   * rounding as well as its own; the f32 rows above are computed from W1 itself.
   */
  private preActivationQuantized(ids: Int32Array, offset: number): void {
    const net = this.net, k = net.kernels;
    const H = net.shape.hidden, S = net.numSlots;
    const i32 = net.arena.i32(), p0 = this.rowPtrs >> 2;
    let count = 0, direct = 0;
    for (let s = 0; s < S; s++) {
      const id = ids[offset + s];
      const rank = this.rank[s];
      const r = rank === undefined ? id : rank[id];
      const row = r < this.limit[s] ? this.table[s] + r * this.rowBytes : this.cacheRows[s] === 0 ? 0 : this.cachedRow(s, id);
      if (row !== 0) i32[p0 + count++] = row;
      else this.directSlots[direct++] = s;
    }
    k.sumRowsI8(net.z, net.b1, this.rowPtrs, count, H, this.unit);
    for (let j = 0; j < direct; j++) {
      const s = this.directSlots[j];
      k.matVecStrided(this.blockW[s], this.blockLd[s], net.z, this.rowSource(s, ids[offset + s]), net.z, H, net.slotDim[s]);
    }
  }

  /** The quantized row of (slot s, id) from the slot's cache, computed into it on a miss; 0 when the row cannot be quantized. */
  private cachedRow(s: number, id: number): number {
    const net = this.net, H = net.shape.hidden;
    const entry = id & (CACHE_ROWS - 1);
    const row = this.cacheRows[s] + entry * this.rowBytes;
    const c = s * CACHE_ROWS + entry;
    if (this.cacheIds[c] === id) return row;
    const dim = net.slotDim[s];
    net.kernels.matVecI8(this.qBlock[s], qBlockBytes(dim), this.zeroBias, this.rowSource(s, id), this.xq, this.missRow, H, dim);
    net.kernels.quantizeRowI8(this.missRow, row, H);
    const intScale = this.unit === 0 ? Infinity : Math.round(net.arena.f32()[row >> 2] / this.unit);
    if (!(intScale <= MAX_INT_SCALE)) {
      this.cacheIds[c] = -1;
      return 0;
    }
    // Bytes 4–7: the i16 scale sumRowsI8 reads, then two bytes of header padding (zero).
    net.arena.i32()[(row + 4) >> 2] = intScale;
    this.cacheIds[c] = id;
    return row;
  }

  /** Where the embedding of (slot s, id) is: its table's row, or the external table's decoded row. */
  private rowSource(s: number, id: number): number {
    const net = this.net;
    const table = net.shape.slotTable[s];
    const ext = net.shape.tables[table].external;
    if (!ext) return net.tablePtr[table] + id * net.slotDim[s] * 4;
    ext.decodeRow(id, net.arena.f32(), net.tablePtr[table] >> 2);
    return net.tablePtr[table];
  }
}

/** A copy of an output layer W [outputs × hidden] transposed to [hidden × outputs], in net's arena (what sparseMatTVec reads). */
export function transposedCopy(net: Network, W: number): number {
  const O = net.shape.outputs, H = net.shape.hidden;
  const t = net.arena.alloc(H * O);
  const f = net.arena.f32(), w0 = W >> 2, t0 = t >> 2;
  for (let o = 0; o < O; o++) for (let i = 0; i < H; i++) f[t0 + i * O + o] = f[w0 + o * H + i];
  return t;
}

/**
 * Cached rows per slot whose ids are not all precomputed (a power of two). A sentence brings a
 * few dozen words; 128 rows also keep some moderately frequent ones between sentences. A loaded
 * (quantized) scorer's rows are quantized: 128 × 272 bytes per slot and thread for hidden 256, about
 * 2.2 MiB per thread for the English bundle (8.3 when they were f32). 256 or 512 rows measured no
 * faster on EWT dev (greedy 1.00× and 0.995×; raw text 1.00× and 1.03×, compare-builds).
 */
export const CACHE_ROWS = 128;

/** rank → id for the ranks below `limit` (undefined when rank = id). */
function inverse(rank: Int32Array | undefined, limit: number): Int32Array | undefined {
  if (!rank) return undefined;
  const byRank = new Int32Array(limit);
  for (let id = 0; id < rank.length; id++) if (rank[id] < limit) byRank[rank[id]] = id;
  return byRank;
}

/** Rows of slot s to precompute: the asked number, capped by the table's size and by its rows that never change. */
function precomputable(net: Network, s: number, rows: PrecomputeRows): number {
  const t = net.shape.tables[net.shape.slotTable[s]];
  return Math.min(t.size, t.external?.fixedRows ?? t.size, typeof rows === 'number' ? rows : rows[s]);
}

/**
 * A precomputed scorer whose tables are shared through the store: built once per process for a
 * weights file and a row setting (`weightsKey`, from ModelFiles), found again by later loads and by
 * worker threads attached to the store. Its rows are quantized (PrecomputeOptions.quantized) and
 * ranked.
 */
export function sharedPrecomputedScorer(store: WeightStore, weightsKey: string, net: Network, rows: PrecomputeRows): PrecomputedScorer {
  const key = `precompute:i8:${weightsKey}:${typeof rows === 'number' ? rows : Array.from(rows).join(',')}`;
  const scorer = new PrecomputedScorer(net, rows, store.group(key), { ranked: true, quantized: true });
  if (store.group(key) === undefined) store.addGroup(key, scorer.tensors());
  return scorer;
}
