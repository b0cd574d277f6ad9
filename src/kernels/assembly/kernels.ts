// Hot numeric kernels of the feed-forward network, compiled to WebAssembly SIMD.
// Every pointer is a byte offset into this module's memory (f32 = 4 bytes); the
// TypeScript twins in ../reference.ts compute the same values and tests compare them.

/** out[i] = b[i] + sum_j W[i*cols + j] * x[j]   (W: rows x cols, row-major) */
export function matVec(W: usize, b: usize, x: usize, out: usize, rows: i32, cols: i32): void {
  matVecStrided(W, cols, b, x, out, rows, cols);
}

/**
 * out[i] = b[i] + sum_j W[i*ld + j] * x[j]: matVec on a column block of a wider matrix (row
 * length `ld`), in the same order of operations, so the block needs no contiguous copy.
 */
export function matVecStrided(W: usize, ld: i32, b: usize, x: usize, out: usize, rows: i32, cols: i32): void {
  // Four rows at a time share the loads of x and give the CPU eight independent sums instead of two
  // (one row's pair of sums waits on the latency of its adds); every row's sums are in the order of
  // the one-row loop below, so the bits do not depend on the blocking.
  const c8 = cols & ~7;
  const stride = <usize>ld << 2;
  let i = 0;
  for (; i + 4 <= rows; i += 4) {
    const r0 = W + (<usize>i * <usize>ld << 2), r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
    let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
    for (let j = 0; j < c8; j += 8) {
      const o = <usize>j << 2;
      const x0 = v128.load(x + o), x1 = v128.load(x + o + 16);
      a0 = f32x4.add(a0, f32x4.mul(v128.load(r0 + o), x0));
      b0 = f32x4.add(b0, f32x4.mul(v128.load(r0 + o + 16), x1));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(r1 + o), x0));
      b1 = f32x4.add(b1, f32x4.mul(v128.load(r1 + o + 16), x1));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(r2 + o), x0));
      b2 = f32x4.add(b2, f32x4.mul(v128.load(r2 + o + 16), x1));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(r3 + o), x0));
      b3 = f32x4.add(b3, f32x4.mul(v128.load(r3 + o + 16), x1));
    }
    const o = <usize>i << 2;
    store<f32>(out + o, rowDotEnd(r0, x, load<f32>(b + o), a0, b0, c8, cols));
    store<f32>(out + o + 4, rowDotEnd(r1, x, load<f32>(b + o + 4), a1, b1, c8, cols));
    store<f32>(out + o + 8, rowDotEnd(r2, x, load<f32>(b + o + 8), a2, b2, c8, cols));
    store<f32>(out + o + 12, rowDotEnd(r3, x, load<f32>(b + o + 12), a3, b3, c8, cols));
  }
  for (; i < rows; i++) {
    const row = W + (<usize>i * <usize>ld << 2);
    let acc0 = f32x4.splat(0);
    let acc1 = f32x4.splat(0);
    for (let j = 0; j < c8; j += 8) {
      const o = <usize>j << 2;
      acc0 = f32x4.add(acc0, f32x4.mul(v128.load(row + o), v128.load(x + o)));
      acc1 = f32x4.add(acc1, f32x4.mul(v128.load(row + o + 16), v128.load(x + o + 16)));
    }
    store<f32>(out + (<usize>i << 2), rowDotEnd(row, x, load<f32>(b + (<usize>i << 2)), acc0, acc1, c8, cols));
  }
}

/**
 * The rest of one row's dot product after its first c8 columns (sums of columns j ≡ 0..3 and
 * 4..7 mod 8 in acc0 and acc1): a last block of four columns into acc0, the lanes, then the
 * columns past the last multiple of four one by one.
 */
// @ts-ignore: decorator
@inline
function rowDotEnd(row: usize, x: usize, bias: f32, acc0: v128, acc1: v128, c8: i32, cols: i32): f32 {
  const c4 = cols & ~3;
  let j = c8;
  for (; j < c4; j += 4) {
    const o = <usize>j << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(row + o), v128.load(x + o)));
  }
  const acc = f32x4.add(acc0, acc1);
  let sum: f32 = bias +
    (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < cols; j++) sum += load<f32>(row + (<usize>j << 2)) * load<f32>(x + (<usize>j << 2));
  return sum;
}

/** out[j] += sum_i y[i] * W[i*cols + j]; rows with y[i] == 0 are skipped (ReLU and dropout zeros). */
export function matTVecAdd(W: usize, y: usize, out: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const yi = load<f32>(y + (<usize>i << 2));
    if (yi == 0) continue;
    axpy(out, W + (<usize>i * <usize>cols << 2), yi, cols);
  }
}

/**
 * out[j] = b[j] + sum over i with y[i] != 0 of y[i] * WT[i*cols + j], i ascending: a matrix-vector
 * product with the matrix stored transposed (WT: rows x cols), skipping the zeros of y (ReLU
 * outputs are mostly zeros). `idx` is scratch for `rows` i32s (the non-zero rows). Blocks of 32
 * columns are held in registers across the non-zero rows; every element adds b, then the products
 * in row order, so the sums do not depend on the blocking.
 */
export function sparseMatTVec(WT: usize, b: usize, y: usize, out: usize, rows: i32, cols: i32, idx: usize): void {
  let nz = 0;
  for (let i = 0; i < rows; i++) {
    if (load<f32>(y + (<usize>i << 2)) != 0) {
      store<i32>(idx + (<usize>nz << 2), i);
      nz++;
    }
  }
  const c32 = cols & ~31;
  let j = 0;
  for (; j < c32; j += 32) {
    const o = <usize>j << 2;
    let a0 = v128.load(b + o), a1 = v128.load(b + o + 16), a2 = v128.load(b + o + 32), a3 = v128.load(b + o + 48);
    let a4 = v128.load(b + o + 64), a5 = v128.load(b + o + 80), a6 = v128.load(b + o + 96), a7 = v128.load(b + o + 112);
    for (let k = 0; k < nz; k++) {
      const i = <usize>load<i32>(idx + (<usize>k << 2));
      const yv = f32x4.splat(load<f32>(y + (i << 2)));
      const r = WT + ((i * <usize>cols) << 2) + o;
      a0 = f32x4.add(a0, f32x4.mul(yv, v128.load(r)));
      a1 = f32x4.add(a1, f32x4.mul(yv, v128.load(r + 16)));
      a2 = f32x4.add(a2, f32x4.mul(yv, v128.load(r + 32)));
      a3 = f32x4.add(a3, f32x4.mul(yv, v128.load(r + 48)));
      a4 = f32x4.add(a4, f32x4.mul(yv, v128.load(r + 64)));
      a5 = f32x4.add(a5, f32x4.mul(yv, v128.load(r + 80)));
      a6 = f32x4.add(a6, f32x4.mul(yv, v128.load(r + 96)));
      a7 = f32x4.add(a7, f32x4.mul(yv, v128.load(r + 112)));
    }
    v128.store(out + o, a0); v128.store(out + o + 16, a1); v128.store(out + o + 32, a2); v128.store(out + o + 48, a3);
    v128.store(out + o + 64, a4); v128.store(out + o + 80, a5); v128.store(out + o + 96, a6); v128.store(out + o + 112, a7);
  }
  for (; j + 4 <= cols; j += 4) {
    const o = <usize>j << 2;
    let a = v128.load(b + o);
    for (let k = 0; k < nz; k++) {
      const i = <usize>load<i32>(idx + (<usize>k << 2));
      a = f32x4.add(a, f32x4.mul(f32x4.splat(load<f32>(y + (i << 2))), v128.load(WT + ((i * <usize>cols) << 2) + o)));
    }
    v128.store(out + o, a);
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    let a = load<f32>(b + o);
    for (let k = 0; k < nz; k++) {
      const i = <usize>load<i32>(idx + (<usize>k << 2));
      a += load<f32>(y + (i << 2)) * load<f32>(WT + ((i * <usize>cols) << 2) + o);
    }
    store<f32>(out + o, a);
  }
}

/** dW[i,:] += a[i] * x for every row with a[i] != 0. */
export function outerAdd(dW: usize, a: usize, x: usize, rows: i32, cols: i32): void {
  for (let i = 0; i < rows; i++) {
    const ai = load<f32>(a + (<usize>i << 2));
    if (ai == 0) continue;
    axpy(dW + (<usize>i * <usize>cols << 2), x, ai, cols);
  }
}

/** dst += alpha * src */
export function axpy(dst: usize, src: usize, alpha: f32, n: i32): void {
  const av = f32x4.splat(alpha);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.mul(av, v128.load(src + o))));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(dst + o, load<f32>(dst + o) + alpha * load<f32>(src + o));
  }
}

/** out = bias + sum_k rows[k], where rows is an i32 array of `count` byte pointers to rows of length n. */
// Column blocks of 32 held in registers across all the rows: each row is read once and `out` is
// written once, instead of a load and a store of `out` per row. Every element still adds bias,
// row 0, row 1, … in that order, so the sums are bit-identical to row-by-row accumulation.
export function sumRows(out: usize, bias: usize, rows: usize, count: i32, n: i32): void {
  const n32 = n & ~31;
  let j = 0;
  for (; j < n32; j += 32) {
    const o = <usize>j << 2;
    let a0 = v128.load(bias + o), a1 = v128.load(bias + o + 16), a2 = v128.load(bias + o + 32), a3 = v128.load(bias + o + 48);
    let a4 = v128.load(bias + o + 64), a5 = v128.load(bias + o + 80), a6 = v128.load(bias + o + 96), a7 = v128.load(bias + o + 112);
    for (let k = 0; k < count; k++) {
      const r = <usize>load<i32>(rows + (<usize>k << 2)) + o;
      a0 = f32x4.add(a0, v128.load(r));
      a1 = f32x4.add(a1, v128.load(r + 16));
      a2 = f32x4.add(a2, v128.load(r + 32));
      a3 = f32x4.add(a3, v128.load(r + 48));
      a4 = f32x4.add(a4, v128.load(r + 64));
      a5 = f32x4.add(a5, v128.load(r + 80));
      a6 = f32x4.add(a6, v128.load(r + 96));
      a7 = f32x4.add(a7, v128.load(r + 112));
    }
    v128.store(out + o, a0); v128.store(out + o + 16, a1); v128.store(out + o + 32, a2); v128.store(out + o + 48, a3);
    v128.store(out + o + 64, a4); v128.store(out + o + 80, a5); v128.store(out + o + 96, a6); v128.store(out + o + 112, a7);
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    let acc = load<f32>(bias + o);
    for (let k = 0; k < count; k++) acc += load<f32>(<usize>load<i32>(rows + (<usize>k << 2)) + o);
    store<f32>(out + o, acc);
  }
}

/**
 * out = bias + f32(sum_k s_k * q_k) * unit, where rows is an i32 array of `count` byte pointers to
 * quantized rows (QROW_HEADER in ../../model/precompute.ts): an i16 integer scale s_k at byte 4 of
 * the 16-byte header, then n i8 values q_k. The sum is exact in i32 (|s·q| ≤ 32767·127, so up to
 * 516 rows), converted to f32 once, times `unit`, plus the bias: the result does not depend on the
 * order of the rows. Two rows at a time: their bytes interleaved, widened to i16 and multiplied by
 * (s_a, s_b) pairs with i32x4.dot_i16x8_s, which does two rows' multiply-adds for 4 columns in one
 * instruction; 32 columns held in registers across all the rows, as in sumRows.
 */
export function sumRowsI8(out: usize, bias: usize, rows: usize, count: i32, n: i32, unit: f32): void {
  const n32 = n & ~31;
  const u = f32x4.splat(unit);
  const zero = i32x4.splat(0);
  let j = 0;
  for (; j < n32; j += 32) {
    const h = <usize>j + 16;
    let a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero, a5 = zero, a6 = zero, a7 = zero;
    let k = 0;
    for (; k < count; k += 2) {
      const pa = <usize>load<i32>(rows + (<usize>k << 2));
      const last = k + 1 >= count;
      // An odd row out is paired with itself at scale 0.
      const pb = last ? pa : <usize>load<i32>(rows + (<usize>(k + 1) << 2));
      const sa = <i32>load<u16>(pa + 4), sb = last ? 0 : <i32>load<u16>(pb + 4);
      const sv = i32x4.splat(sa | (sb << 16));
      const x0 = v128.load(pa + h), y0 = v128.load(pb + h);
      const x1 = v128.load(pa + h + 16), y1 = v128.load(pb + h + 16);
      const l0 = i8x16.shuffle(x0, y0, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const g0 = i8x16.shuffle(x0, y0, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const l1 = i8x16.shuffle(x1, y1, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const g1 = i8x16.shuffle(x1, y1, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(l0), sv));
      a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(l0), sv));
      a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(g0), sv));
      a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(g0), sv));
      a4 = i32x4.add(a4, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(l1), sv));
      a5 = i32x4.add(a5, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(l1), sv));
      a6 = i32x4.add(a6, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(g1), sv));
      a7 = i32x4.add(a7, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(g1), sv));
    }
    const o = <usize>j << 2;
    v128.store(out + o, f32x4.add(v128.load(bias + o), f32x4.mul(f32x4.convert_i32x4_s(a0), u)));
    v128.store(out + o + 16, f32x4.add(v128.load(bias + o + 16), f32x4.mul(f32x4.convert_i32x4_s(a1), u)));
    v128.store(out + o + 32, f32x4.add(v128.load(bias + o + 32), f32x4.mul(f32x4.convert_i32x4_s(a2), u)));
    v128.store(out + o + 48, f32x4.add(v128.load(bias + o + 48), f32x4.mul(f32x4.convert_i32x4_s(a3), u)));
    v128.store(out + o + 64, f32x4.add(v128.load(bias + o + 64), f32x4.mul(f32x4.convert_i32x4_s(a4), u)));
    v128.store(out + o + 80, f32x4.add(v128.load(bias + o + 80), f32x4.mul(f32x4.convert_i32x4_s(a5), u)));
    v128.store(out + o + 96, f32x4.add(v128.load(bias + o + 96), f32x4.mul(f32x4.convert_i32x4_s(a6), u)));
    v128.store(out + o + 112, f32x4.add(v128.load(bias + o + 112), f32x4.mul(f32x4.convert_i32x4_s(a7), u)));
  }
  for (; j < n; j++) {
    let acc: i32 = 0;
    for (let k = 0; k < count; k++) {
      const p = <usize>load<i32>(rows + (<usize>k << 2));
      acc += <i32>load<i16>(p + 4) * <i32>load<i8>(p + 16 + <usize>j);
    }
    const o = <usize>j << 2;
    store<f32>(out + o, load<f32>(bias + o) + <f32>acc * unit);
  }
}

/**
 * Quantizes n f32 values at src into a row at dst (the layout sumRowsI8 reads): scale =
 * max|v| / 127 as f32 in the header, values nearest(v / scale) (ties to even) as i8, clamped to
 * ±127; an all-zero row gets scale 0 and zeros. Padding bytes up to 16 are zeroed.
 */
export function quantizeRowI8(src: usize, dst: usize, n: i32): void {
  const scale: f32 = maxAbs(src, n) / 127;
  store<f32>(dst, scale);
  store<f32>(dst + 4, 0); store<f32>(dst + 8, 0); store<f32>(dst + 12, 0);
  const q = dst + 16;
  const padded = (n + 15) & ~15;
  if (scale == 0) {
    memory.fill(q, 0, <usize>padded);
    return;
  }
  const sv = f32x4.splat(scale), hi = f32x4.splat(127), lo = f32x4.splat(-127);
  const n16 = n & ~15;
  let j = 0;
  for (; j < n16; j += 16) {
    const s = src + (<usize>j << 2);
    const r0 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(s), sv)))));
    const r1 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(s + 16), sv)))));
    const r2 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(s + 32), sv)))));
    const r3 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(s + 48), sv)))));
    v128.store(q + <usize>j, i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(r0, r1), i16x8.narrow_i32x4_s(r2, r3)));
  }
  for (; j < n; j++) {
    const v = nearest<f32>(load<f32>(src + (<usize>j << 2)) / scale);
    store<i8>(q + <usize>j, <i8><i32>max<f32>(-127, min<f32>(127, v)));
  }
  for (; j < padded; j++) store<i8>(q + <usize>j, 0);
}

/**
 * out[i] = b[i] + (s_i · sx) · f32(Σ_j q_ij · xq_j) over a block of quantized rows (the layout
 * quantizeRowI8 writes: row i at W + i·ld bytes, f32 scale s_i at byte 0, i8 values q_ij from byte 16,
 * zero-padded to 16). x (cols f32 values) is quantized first into xq (i16, cols rounded up to 16):
 * sx = max|x| / 32767, xq_j = nearest(x_j / sx) (ties to even). The sums are exact in i32 for
 * cols ≤ 512 (127 · 32767 · 512 < 2^31); the products are i32x4.dot_i16x8_s. A zero x gives b.
 */
export function matVecI8(W: usize, ld: i32, b: usize, x: usize, xq: usize, out: usize, rows: i32, cols: i32): void {
  const padded = (cols + 15) & ~15;
  const c8 = cols & ~7;
  const big = maxAbs(x, cols);
  if (big == 0) {
    memory.copy(out, b, <usize>rows << 2);
    return;
  }
  const sx: f32 = big / 32767;
  const sv = f32x4.splat(sx), hi = f32x4.splat(32767), lo = f32x4.splat(-32767);
  let j = 0;
  for (; j < c8; j += 8) {
    const p = x + (<usize>j << 2);
    const q0 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(p), sv)))));
    const q1 = i32x4.trunc_sat_f32x4_s(f32x4.max(lo, f32x4.min(hi, f32x4.nearest(f32x4.div(v128.load(p + 16), sv)))));
    v128.store(xq + (<usize>j << 1), i16x8.narrow_i32x4_s(q0, q1));
  }
  for (; j < cols; j++) {
    const v = nearest<f32>(load<f32>(x + (<usize>j << 2)) / sx);
    store<i16>(xq + (<usize>j << 1), <i16><i32>max<f32>(-32767, min<f32>(32767, v)));
  }
  for (; j < padded; j++) store<i16>(xq + (<usize>j << 1), 0);
  const stride = <usize>ld;
  let i = 0;
  // Four rows at a time share the loads of xq and give the CPU four independent sums.
  for (; i + 4 <= rows; i += 4) {
    const r0 = W + <usize>i * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride;
    let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
    for (let j = 0; j < padded; j += 16) {
      const xl = v128.load(xq + (<usize>j << 1)), xh = v128.load(xq + (<usize>j << 1) + 16);
      const w0 = v128.load(r0 + 16 + <usize>j), w1 = v128.load(r1 + 16 + <usize>j);
      const w2 = v128.load(r2 + 16 + <usize>j), w3 = v128.load(r3 + 16 + <usize>j);
      a0 = i32x4.add(a0, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w0), xl), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w0), xh)));
      a1 = i32x4.add(a1, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w1), xl), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w1), xh)));
      a2 = i32x4.add(a2, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w2), xl), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w2), xh)));
      a3 = i32x4.add(a3, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w3), xl), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w3), xh)));
    }
    // The four rows' lane sums at once: transpose-and-add (lane k of the result is row k's sum).
    const t0 = i32x4.add(i8x16.shuffle(a0, a1, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23), i8x16.shuffle(a0, a1, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31));
    const t1 = i32x4.add(i8x16.shuffle(a2, a3, 0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23), i8x16.shuffle(a2, a3, 8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31));
    const sums = i32x4.add(i8x16.shuffle(t0, t1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), i8x16.shuffle(t0, t1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31));
    const scales = f32x4.mul(f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(r0)), 1, load<f32>(r1)), 2, load<f32>(r2)), 3, load<f32>(r3)), f32x4.splat(sx));
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(b + o), f32x4.mul(scales, f32x4.convert_i32x4_s(sums))));
  }
  for (; i < rows; i++) {
    const r = W + <usize>i * stride;
    let a = i32x4.splat(0);
    for (let j = 0; j < padded; j += 16) {
      const w = v128.load(r + 16 + <usize>j);
      a = i32x4.add(a, i32x4.add(i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_s(w), v128.load(xq + (<usize>j << 1))), i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_s(w), v128.load(xq + (<usize>j << 1) + 16))));
    }
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(b + o) + (load<f32>(r) * sx) * <f32>laneSum(a));
  }
}

/** max |v| over n f32 values at p (0 for n = 0). */
@inline
function maxAbs(p: usize, n: i32): f32 {
  const n4 = n & ~3;
  let m = f32x4.splat(0);
  let j = 0;
  for (; j < n4; j += 4) m = f32x4.max(m, f32x4.abs(v128.load(p + (<usize>j << 2))));
  let big = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; j < n; j++) big = max<f32>(big, abs<f32>(load<f32>(p + (<usize>j << 2))));
  return big;
}

@inline
function laneSum(a: v128): i32 {
  return i32x4.extract_lane(a, 0) + i32x4.extract_lane(a, 1) + i32x4.extract_lane(a, 2) + i32x4.extract_lane(a, 3);
}

/** dst[i] = src[i] > 0 ? src[i] : 0 (NaN and −0 give 0, as the TypeScript twin). In place is fine. */
export function relu(dst: usize, src: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    const v = v128.load(src + o);
    v128.store(dst + o, v128.and(v, f32x4.gt(v, zero)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const z = load<f32>(src + o);
    store<f32>(dst + o, z > 0 ? z : 0);
  }
}

/** Adam step on n parameters with L2 folded into the gradient; the gradient is zeroed afterwards. */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32,
  lr: f32, beta1: f32, beta2: f32, eps: f32, l2: f32, bc1: f32, bc2: f32): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const ob1 = f32x4.splat(1 - beta1);
  const ob2 = f32x4.splat(1 - beta2);
  const vl2 = f32x4.splat(l2);
  const step = f32x4.splat(lr / bc1);
  const ibc2 = f32x4.splat(1 / bc2);
  const veps = f32x4.splat(eps);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    const pj = v128.load(p + o);
    const gj = f32x4.add(v128.load(g + o), f32x4.mul(vl2, pj));
    const mj = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(ob1, gj));
    const vj = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(ob2, f32x4.mul(gj, gj)));
    v128.store(m + o, mj);
    v128.store(v + o, vj);
    const denom = f32x4.add(f32x4.sqrt(f32x4.mul(vj, ibc2)), veps);
    v128.store(p + o, f32x4.sub(pj, f32x4.div(f32x4.mul(step, mj), denom)));
    v128.store(g + o, zero);
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const pj = load<f32>(p + o);
    const gj = load<f32>(g + o) + l2 * pj;
    const mj = beta1 * load<f32>(m + o) + (1 - beta1) * gj;
    const vj = beta2 * load<f32>(v + o) + (1 - beta2) * gj * gj;
    store<f32>(m + o, mj);
    store<f32>(v + o, vj);
    store<f32>(p + o, pj - (lr / bc1) * mj / (Mathf.sqrt(vj / bc2) + eps));
    store<f32>(g + o, 0);
  }
}

/** dst += t * (src - dst): moves a running average toward the current parameters. */
export function lerp(dst: usize, src: usize, t: f32, n: i32): void {
  const tv = f32x4.splat(t);
  const n4 = n & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    const o = <usize>j << 2;
    const d = v128.load(dst + o);
    v128.store(dst + o, f32x4.add(d, f32x4.mul(tv, f32x4.sub(v128.load(src + o), d))));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const d = load<f32>(dst + o);
    store<f32>(dst + o, d + t * (load<f32>(src + o) - d));
  }
}
