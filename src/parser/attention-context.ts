import type { RowSource } from '../model/network.ts';
import type { Vectors } from '../model/vectors.ts';
import { FIRST_REAL_ID } from '../ud/vocab-ids.ts';

/**
 * Attention-pooled sentence context as a fixed embedding table (the `ctx` feature attribute): the
 * row of word i is Σ_j softmax_j(u_i·u_j·SHARPNESS) v_j over the sentence's other words j, where v
 * are the pretrained vectors and u the same vectors at unit length; ROOT's row is the mean of the
 * sentence's vectors, the reserved rows (NULL, UNK) are zero. The query is the word's own vector, so the table
 * has no parameters: the network's first layer learns what to take from it. Rows are a scratch
 * filled when a sentence is encoded: at run time each sentence reuses the rows after the fixed ones;
 * during training `keep()` makes each encoded sentence keep its rows, so stored feature ids stay valid.
 */
export class SentenceContext implements RowSource {
  /** The table as the network sees it: large enough for any sentence's ids. */
  readonly size: number = FIRST_REAL_ID + (1 << 20);
  readonly dim: number;
  /** Rows that never change (the reserved ids, all zero): what may be precomputed. */
  readonly fixedRows: number = FIRST_REAL_ID;
  private readonly vectors: Vectors;
  private rows: Float32Array;
  /** First row a new sentence writes to. */
  private base: number = FIRST_REAL_ID;
  private keeping = false;
  private vec = new Float32Array(0);
  private unit = new Float32Array(0);
  private weights = new Float32Array(0);

  constructor(vectors: Vectors) {
    this.vectors = vectors;
    this.dim = vectors.dim;
    this.rows = new Float32Array(1024 * this.dim);
  }

  /** From now on every encoded sentence keeps its rows (training data encoded once, read many times). */
  keep(on: boolean): void {
    this.keeping = on;
  }

  /**
   * Computes the rows of one sentence from its pretrained-vector ids (pre[1..n]) and writes the
   * ids of its rows to ctx[0..n] (ROOT's row first, then the words').
   */
  fill(pre: Int32Array, n: number, ctx: Int32Array): void {
    const d = this.dim, base = this.base;
    if (base + n + 1 > this.size) throw new Error('attention context: too many rows kept');
    this.ensure((base + n + 1) * d, n);
    const vec = this.vec, unit = this.unit, w = this.weights, rows = this.rows;
    const root = base * d;
    rows.fill(0, root, root + d);
    let known = 0;
    for (let i = 0; i < n; i++) {
      const id = pre[i + 1];
      const o = i * d;
      if (id < FIRST_REAL_ID) {
        vec.fill(0, o, o + d);
        unit.fill(0, o, o + d);
        continue;
      }
      this.vectors.decodeRow(id, vec, o);
      let norm = 0;
      for (let k = 0; k < d; k++) norm += vec[o + k] * vec[o + k];
      const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < d; k++) {
        unit[o + k] = vec[o + k] * inv;
        rows[root + k] += vec[o + k];
      }
      known++;
    }
    if (known > 0) for (let k = 0; k < d; k++) rows[root + k] /= known;
    ctx[0] = base;
    for (let i = 0; i < n; i++) {
      const out = (base + 1 + i) * d;
      rows.fill(0, out, out + d);
      ctx[i + 1] = base + 1 + i;
      if (pre[i + 1] < FIRST_REAL_ID) continue;
      let max = -Infinity;
      for (let j = 0; j < n; j++) {
        w[j] = -Infinity;
        if (j === i || pre[j + 1] < FIRST_REAL_ID) continue;
        let dot = 0;
        for (let k = 0; k < d; k++) dot += unit[i * d + k] * unit[j * d + k];
        w[j] = dot * SHARPNESS;
        if (w[j] > max) max = w[j];
      }
      if (max === -Infinity) continue;
      let sum = 0;
      for (let j = 0; j < n; j++) {
        w[j] = w[j] === -Infinity ? 0 : Math.exp(w[j] - max);
        sum += w[j];
      }
      for (let j = 0; j < n; j++) {
        if (w[j] === 0) continue;
        const a = w[j] / sum, o = j * d;
        for (let k = 0; k < d; k++) rows[out + k] += a * vec[o + k];
      }
    }
    if (this.keeping) this.base += n + 1;
  }

  decodeRow(id: number, out: Float32Array, offset: number): void {
    const d = this.dim;
    if (id < FIRST_REAL_ID) {
      out.fill(0, offset, offset + d);
      return;
    }
    out.set(this.rows.subarray(id * d, id * d + d), offset);
  }

  private ensure(cells: number, n: number): void {
    if (this.rows.length < cells) {
      const grown = new Float32Array(Math.max(cells, this.rows.length * 2));
      grown.set(this.rows);
      this.rows = grown;
    }
    if (this.weights.length < n) {
      this.weights = new Float32Array(2 * n);
      this.vec = new Float32Array(2 * n * this.dim);
      this.unit = new Float32Array(2 * n * this.dim);
    }
  }
}

/** Scale of the cosine similarities before the softmax (1/temperature): sharp enough to pick related words. */
const SHARPNESS = 8;
