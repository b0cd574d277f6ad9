import type { Kernels } from './types.ts';

/**
 * Plain TypeScript twins of the WebAssembly kernels, on the same memory and pointers.
 * They are the reference the tests compare the SIMD build against, and the fallback
 * when WebAssembly SIMD is unavailable. f32 rounding of each stored value matches
 * the SIMD build only up to summation order, so comparisons use a tolerance.
 */
export function referenceKernels(memory: WebAssembly.Memory): Kernels {
  const f = (): Float32Array => new Float32Array(memory.buffer);
  const i32 = (): Int32Array => new Int32Array(memory.buffer);
  const axpy = (dst: number, src: number, alpha: number, n: number): void => {
    const h = f();
    const d = dst >> 2, s = src >> 2;
    for (let j = 0; j < n; j++) h[d + j] += alpha * h[s + j];
  };
  const matVecStrided = (W: number, ld: number, b: number, x: number, out: number, rows: number, cols: number): void => {
    const h = f();
    const w0 = W >> 2, b0 = b >> 2, x0 = x >> 2, o0 = out >> 2;
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      const r = w0 + i * ld;
      for (let j = 0; j < cols; j++) sum += h[r + j] * h[x0 + j];
      h[o0 + i] = h[b0 + i] + sum;
    }
  };
  return {
    name: 'typescript',
    memory,
    matVec(W, b, x, out, rows, cols) {
      matVecStrided(W, cols, b, x, out, rows, cols);
    },
    matVecStrided,
    matTVecAdd(W, y, out, rows, cols) {
      const h = f();
      for (let i = 0; i < rows; i++) {
        const yi = h[(y >> 2) + i];
        if (yi !== 0) axpy(out, W + i * cols * 4, yi, cols);
      }
    },
    sparseMatTVec(WT, b, y, out, rows, cols, idx) {
      const h = f(), ix = i32();
      let nz = 0;
      for (let i = 0; i < rows; i++) if (h[(y >> 2) + i] !== 0) ix[(idx >> 2) + nz++] = i;
      for (let j = 0; j < cols; j++) {
        let a = h[(b >> 2) + j];
        for (let k = 0; k < nz; k++) {
          const i = ix[(idx >> 2) + k];
          a = Math.fround(a + Math.fround(h[(y >> 2) + i] * h[(WT >> 2) + i * cols + j]));
        }
        h[(out >> 2) + j] = a;
      }
    },
    outerAdd(dW, a, x, rows, cols) {
      const h = f();
      for (let i = 0; i < rows; i++) {
        const ai = h[(a >> 2) + i];
        if (ai !== 0) axpy(dW + i * cols * 4, x, ai, cols);
      }
    },
    axpy,
    sumRows(out, bias, rows, count, n) {
      const h = f();
      const ptrs = i32();
      h.copyWithin(out >> 2, bias >> 2, (bias >> 2) + n);
      for (let k = 0; k < count; k++) axpy(out, ptrs[(rows >> 2) + k], 1, n);
    },
    sumRowsI8(out, bias, rows, count, n, unit) {
      const h = f();
      const ptrs = i32();
      const q = new Int8Array(memory.buffer), s16 = new Int16Array(memory.buffer);
      const o0 = out >> 2, b0 = bias >> 2, u = Math.fround(unit);
      for (let j = 0; j < n; j++) {
        // Exact in a double as in the SIMD build's i32 (≤ 516 rows of |s·q| ≤ 32767·127); then one
        // f32 conversion, f32 product and f32 sum, as there.
        let acc = 0;
        for (let k = 0; k < count; k++) {
          const p = ptrs[(rows >> 2) + k];
          acc += s16[(p + 4) >> 1] * q[p + 16 + j];
        }
        h[o0 + j] = Math.fround(h[b0 + j] + Math.fround(Math.fround(acc) * u));
      }
    },
    quantizeRowI8(src, dst, n) {
      const h = f(), q = new Int8Array(memory.buffer);
      const s0 = src >> 2;
      let max = 0;
      for (let j = 0; j < n; j++) max = Math.max(max, Math.abs(h[s0 + j]));
      const scale = Math.fround(max / 127);
      h[dst >> 2] = scale;
      h.fill(0, (dst >> 2) + 1, (dst >> 2) + 4);
      const q0 = dst + 16, padded = (n + 15) & ~15;
      // f32 division (an f64 quotient of two f32 values rounded once is the f32 quotient), then
      // ties to even, as f32x4.nearest in the SIMD build.
      for (let j = 0; j < n; j++) q[q0 + j] = scale === 0 ? 0 : Math.max(-127, Math.min(127, nearestEven(Math.fround(h[s0 + j] / scale))));
      q.fill(0, q0 + n, q0 + padded);
    },
    matVecI8(W, ld, b, x, xq, out, rows, cols) {
      const h = f(), q = new Int8Array(memory.buffer), x16 = new Int16Array(memory.buffer);
      const x0 = x >> 2, b0 = b >> 2, o0 = out >> 2, padded = (cols + 15) & ~15;
      let max = 0;
      for (let j = 0; j < cols; j++) max = Math.max(max, Math.abs(h[x0 + j]));
      if (max === 0) {
        h.copyWithin(o0, b0, b0 + rows);
        return;
      }
      const sx = Math.fround(max / 32767);
      for (let j = 0; j < padded; j++) x16[(xq >> 1) + j] = j < cols ? Math.max(-32767, Math.min(32767, nearestEven(Math.fround(h[x0 + j] / sx)))) : 0;
      for (let i = 0; i < rows; i++) {
        const r = W + i * ld;
        // Exact in a double as in the SIMD build's i32 (cols ≤ 512); then one f32 conversion, as there.
        let acc = 0;
        for (let j = 0; j < padded; j++) acc += q[r + 16 + j] * x16[(xq >> 1) + j];
        h[o0 + i] = Math.fround(h[b0 + i] + Math.fround(Math.fround(h[r >> 2] * sx) * Math.fround(acc)));
      }
    },
    relu(dst, src, n) {
      const h = f();
      const d0 = dst >> 2, s0 = src >> 2;
      for (let j = 0; j < n; j++) { const z = h[s0 + j]; h[d0 + j] = z > 0 ? z : 0; }
    },
    lerp(dst, src, t, n) {
      const h = f();
      const d0 = dst >> 2, s0 = src >> 2;
      for (let j = 0; j < n; j++) h[d0 + j] += t * (h[s0 + j] - h[d0 + j]);
    },
    adam(p, g, m, v, n, lr, beta1, beta2, eps, l2, bc1, bc2) {
      const h = f();
      const p0 = p >> 2, g0 = g >> 2, m0 = m >> 2, v0 = v >> 2;
      for (let j = 0; j < n; j++) {
        const gj = h[g0 + j] + l2 * h[p0 + j];
        const mj = (h[m0 + j] = beta1 * h[m0 + j] + (1 - beta1) * gj);
        const vj = (h[v0 + j] = beta2 * h[v0 + j] + (1 - beta2) * gj * gj);
        h[p0 + j] -= ((lr / bc1) * mj) / (Math.sqrt(vj / bc2) + eps);
        h[g0 + j] = 0;
      }
    },
  };
}

/** x rounded to the nearest integer, halves to the even one (WebAssembly's `nearest`). */
function nearestEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
