import { Arena, type Kernels } from '../kernels/index.ts';
import { type Activation, activate } from './activation.ts';
import type { TensorRef } from './weight-store.ts';

/** One embedding table: `size` rows of `dim` floats. */
export interface TableSpec {
  name: string;
  size: number;
  dim: number;
  /**
   * A fixed table kept outside the network's parameters (pretrained vectors, stored compactly and
   * shared): rows are decoded on demand, never trained, never saved with the network.
   */
  external?: RowSource | undefined;
  /**
   * Precomputation order of the rows (rank[id]), for a table whose ids are not numbered by the
   * treebank's frequencies (pretrained vectors are in their source corpus's order): the scorer keeps
   * rows for the lowest ranks instead of the lowest ids. Default: rank = id.
   */
  rank?: Int32Array | undefined;
}

/** Rows of a fixed embedding table, decoded into f32 on demand. */
export interface RowSource {
  readonly size: number;
  readonly dim: number;
  /** Rows below this never change (a table filled per sentence): only they may be precomputed. Default: all. */
  readonly fixedRows?: number;
  /** Writes row `id` as `dim` floats at out[offset …]. */
  decodeRow(id: number, out: Float32Array, offset: number): void;
}

export interface NetworkShape {
  tables: TableSpec[];
  /** Table index of each feature slot. */
  slotTable: number[];
  hidden: number;
  outputs: number;
  activation: Activation;
}

export interface ParamTensor {
  name: string;
  ptr: number;
  size: number;
}

/**
 * Embeddings → one hidden layer → scores over transitions (softmax applied by callers that need it).
 * Parameters, named as in Chen & Manning: E_<table> [size × dim], W1 [hidden × inputDim], b1 [hidden],
 * W2 [outputs × hidden], b2 [outputs]. All live in the kernels' WebAssembly memory.
 */
export class Network {
  readonly kernels: Kernels;
  readonly arena: Arena;
  readonly shape: NetworkShape;
  readonly inputDim: number;
  readonly numSlots: number;
  /** Float offset of each slot's block in the input vector. */
  readonly slotOffset: Int32Array;
  readonly slotDim: Int32Array;
  /** Byte pointer of each table, indexed like shape.tables (for an external table: a one-row scratch it is decoded into). */
  readonly tablePtr: number[];
  /** Index into params of each table, or -1 for an external table. */
  readonly tableParam: number[];
  /** Table index of each parameter tensor, or -1 for W1, b1, W2, b2. */
  readonly paramTable: number[];
  readonly W1: number;
  readonly b1: number;
  readonly W2: number;
  readonly b2: number;
  readonly params: ParamTensor[];
  /** Scratch: input x, pre-activation z, hidden h, scores. */
  readonly x: number;
  readonly z: number;
  readonly h: number;
  readonly scores: number;
  /** Parameters already in memory (loaded by this or another thread), taken in order where name and size match. */
  private readonly shared: readonly TensorRef[] | undefined;

  /**
   * `shared`: the parameters of this network as loaded before (a WeightStore group); those that
   * match by position, name and size are used in place (read-only), the others get fresh cells.
   * Scratch vectors are always this network's own.
   */
  constructor(kernels: Kernels, shape: NetworkShape, arena = new Arena(kernels.memory), shared?: readonly TensorRef[]) {
    this.kernels = kernels;
    this.arena = arena;
    this.shared = shared;
    this.shape = shape;
    this.numSlots = shape.slotTable.length;
    this.slotOffset = new Int32Array(this.numSlots);
    this.slotDim = new Int32Array(this.numSlots);
    let d = 0;
    shape.slotTable.forEach((t, k) => {
      const table = shape.tables[t];
      if (!table) throw new Error(`slot ${k} names table ${t}, which does not exist`);
      this.slotOffset[k] = d;
      this.slotDim[k] = table.dim;
      d += table.dim;
    });
    this.inputDim = d;
    const H = shape.hidden, T = shape.outputs;
    this.params = [];
    this.paramTable = [];
    this.tableParam = [];
    const param = (name: string, size: number, table = -1): number => {
      const ptr = this.placeParam(name, size);
      this.params.push({ name, ptr, size });
      this.paramTable.push(table);
      return ptr;
    };
    this.tablePtr = shape.tables.map((t, i) => {
      if (t.external) {
        this.tableParam.push(-1);
        return arena.alloc(t.dim);
      }
      this.tableParam.push(this.params.length);
      return param(`E_${t.name}`, t.size * t.dim, i);
    });
    this.W1 = param('W1', H * d);
    this.b1 = param('b1', H);
    this.W2 = param('W2', T * H);
    this.b2 = param('b2', T);
    this.x = arena.alloc(d);
    this.z = arena.alloc(H);
    this.h = arena.alloc(H);
    this.scores = arena.alloc(T);
  }

  /**
   * A further parameter tensor beside the standard ones (e.g. a second output layer), allocated
   * in the same memory and saved and loaded with the others, after them.
   */
  addParam(name: string, size: number): number {
    const ptr = this.placeParam(name, size);
    this.params.push({ name, ptr, size });
    this.paramTable.push(-1);
    return ptr;
  }

  /** Whether every parameter is in place from the shared group (nothing to load). */
  get sharesParams(): boolean {
    const s = this.shared;
    return s !== undefined && s.length === this.params.length && this.params.every((p, i) => p.ptr === s[i]?.ptr);
  }

  private placeParam(name: string, size: number): number {
    const s = this.shared?.[this.params.length];
    return s && s.name === name && s.size === size ? s.ptr : this.arena.alloc(size);
  }

  /** x = concat(E[table(slot)][ids[offset + slot]]). */
  gatherInput(ids: Int32Array, offset: number): void {
    const f = this.arena.f32();
    const x0 = this.x >> 2;
    const slotTable = this.shape.slotTable;
    const tables = this.shape.tables;
    for (let k = 0; k < this.numSlots; k++) {
      const dim = this.slotDim[k];
      const ext = tables[slotTable[k]].external;
      if (ext) {
        ext.decodeRow(ids[offset + k], f, x0 + this.slotOffset[k]);
        continue;
      }
      const src = (this.tablePtr[slotTable[k]] >> 2) + ids[offset + k] * dim;
      f.copyWithin(x0 + this.slotOffset[k], src, src + dim);
    }
  }

  /** z = W1·x + b1; h = act(z). */
  hiddenFromInput(): void {
    this.kernels.matVec(this.W1, this.b1, this.x, this.z, this.shape.hidden, this.inputDim);
    activate(this.shape.activation, this.arena.f32(), this.z >> 2, this.h >> 2, this.shape.hidden);
  }

  /** scores = W2·h + b2. */
  output(): void {
    this.kernels.matVec(this.W2, this.b2, this.h, this.scores, this.shape.outputs, this.shape.hidden);
  }

  /** Full forward pass without precomputation; leaves scores at `this.scores`. */
  forward(ids: Int32Array, offset = 0): void {
    this.gatherInput(ids, offset);
    this.hiddenFromInput();
    this.output();
  }
}
