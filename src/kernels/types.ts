/**
 * The numeric kernels the network runs on. Pointers are byte offsets into one
 * WebAssembly.Memory (4-byte aligned f32 / i32 data); see ./arena.ts.
 */
export interface Kernels {
  readonly name: 'wasm-simd' | 'typescript';
  readonly memory: WebAssembly.Memory;
  /** out[i] = b[i] + Σ_j W[i·cols + j]·x[j] */
  matVec(W: number, b: number, x: number, out: number, rows: number, cols: number): void;
  /** out[i] = b[i] + Σ_j W[i·ld + j]·x[j] (a column block of a matrix with rows of `ld`), as matVec computes it */
  matVecStrided(W: number, ld: number, b: number, x: number, out: number, rows: number, cols: number): void;
  /** out[j] += Σ_i y[i]·W[i·cols + j], skipping y[i] = 0 */
  matTVecAdd(W: number, y: number, out: number, rows: number, cols: number): void;
  /**
   * out[j] = b[j] + Σ_{i: y[i] ≠ 0} y[i]·WT[i·cols + j], i ascending (the matrix stored transposed;
   * zeros of y skipped); idx: scratch for `rows` i32s
   */
  sparseMatTVec(WT: number, b: number, y: number, out: number, rows: number, cols: number, idx: number): void;
  /** dW[i,:] += a[i]·x, skipping a[i] = 0 */
  outerAdd(dW: number, a: number, x: number, rows: number, cols: number): void;
  /** dst += alpha·src */
  axpy(dst: number, src: number, alpha: number, n: number): void;
  /** out = bias + Σ_k row(k), rows = i32 array of `count` byte pointers */
  sumRows(out: number, bias: number, rows: number, count: number, n: number): void;
  /**
   * out = bias + f32(Σ_k s(k)·q(k))·unit: rows = i32 array of `count` (≤ 516) byte pointers to
   * quantized rows (a 16-byte header with an i16 integer scale s at byte 4, then n i8 values q);
   * the sum is exact in i32, so the order of the rows does not matter.
   */
  sumRowsI8(out: number, bias: number, rows: number, count: number, n: number, unit: number): void;
  /**
   * Writes n f32 values at src as a quantized row at dst (what sumRowsI8 reads): scale = max|v| / 127
   * (f32) in the header, then nearest(v / scale) as i8 (ties to even), zero-padded to 16 bytes.
   */
  quantizeRowI8(src: number, dst: number, n: number): void;
  /**
   * out[i] = b[i] + (s_i·sx)·f32(Σ_j q_ij·xq_j): a matrix-vector product over a block of quantized rows
   * (quantizeRowI8's layout, row i at W + i·ld bytes, cols ≤ 512) and x (cols f32 values) quantized
   * into xq (scratch for cols rounded up to 16 i16s) with sx = max|x| / 32767, nearest, ties to even.
   * The sums are exact in i32, so the result is the same in both builds. A zero x gives b.
   */
  matVecI8(W: number, ld: number, b: number, x: number, xq: number, out: number, rows: number, cols: number): void;
  /** dst[i] = max(src[i], 0), with NaN and −0 giving 0 (the ReLU) */
  relu(dst: number, src: number, n: number): void;
  /** dst += t·(src − dst) */
  lerp(dst: number, src: number, t: number, n: number): void;
  /** One Adam step with L2 in the gradient; zeroes the gradient. bc1/bc2 are the bias corrections. */
  adam(p: number, g: number, m: number, v: number, n: number, lr: number, beta1: number, beta2: number,
    eps: number, l2: number, bc1: number, bc2: number): void;
}
