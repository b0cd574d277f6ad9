import { describe, it, expect } from 'vitest';
import { Arena, referenceKernels, wasmKernels, type Kernels } from '../../src/kernels/index.ts';
import { Rng } from '../../src/model/train/random.ts';

/**
 * Differential test: the WebAssembly SIMD kernels against their TypeScript twins.
 * Both run on identical inputs laid out identically in their own memories. The twins
 * accumulate in float64 and the SIMD build in float32 (different summation order), so
 * values are compared with a relative tolerance; sizes that are not multiples of 4 or 8
 * exercise the scalar tails, and a guard band after every output catches SIMD overruns.
 */

const REL = 1e-5;
const GUARD = 4; // cells after each buffer, filled with a sentinel that no kernel may touch
const SENTINEL = -12345.5;

/** Shapes [rows, cols]: scalar-only, tail-only, exact SIMD widths, odd sizes, big. */
const SHAPES: [number, number][] = [[1, 1], [3, 3], [2, 4], [5, 8], [7, 13], [4, 17], [16, 32], [64, 203]];

class Side {
  readonly k: Kernels;
  readonly arena: Arena;
  constructor(k: Kernels) {
    this.k = k;
    this.arena = new Arena(k.memory);
  }

  /** Copies data into fresh memory followed by the guard band; returns the byte pointer. */
  put(data: ArrayLike<number>): number {
    const p = this.arena.alloc(data.length + GUARD);
    const f = this.arena.f32();
    f.set(data, p >> 2);
    f.fill(SENTINEL, (p >> 2) + data.length, (p >> 2) + data.length + GUARD);
    return p;
  }

  /** The n cells at p, plus whether the guard band after them is intact. */
  get(p: number, n: number): { values: Float32Array; guardOk: boolean } {
    const f = this.arena.f32();
    const guard = f.subarray((p >> 2) + n, (p >> 2) + n + GUARD);
    return { values: f.slice(p >> 2, (p >> 2) + n), guardOk: guard.every((g) => g === SENTINEL) };
  }
}

/** A fresh pair for each case, so one kernel's bug cannot leak into the next case's inputs. */
function pair(): [Side, Side] {
  return [new Side(wasmKernels()), new Side(referenceKernels(new WebAssembly.Memory({ initial: 2 })))];
}

function randomVec(rng: Rng, n: number, zeroFraction = 0): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.next() < zeroFraction ? 0 : rng.normal();
  return v;
}

/**
 * Compares wasm output against the reference cell by cell. `scale[i]` is the magnitude the
 * error is relative to (Σ|terms| for dot products, so cancellation does not inflate it).
 */
function expectClose(what: string, wasm: Float32Array, ref: Float32Array, scale?: ArrayLike<number>): void {
  expect(wasm.length).toBe(ref.length);
  let worst = 0, at = -1;
  for (let i = 0; i < ref.length; i++) {
    const s = Math.max(scale ? scale[i] : 0, Math.abs(ref[i]), Math.abs(wasm[i]), 1e-30);
    const err = Number.isNaN(wasm[i]) || Number.isNaN(ref[i]) ? Infinity : Math.abs(wasm[i] - ref[i]) / s;
    if (err > worst || at < 0) { worst = err; at = i; }
  }
  expect(worst, `${what}: worst relative error at [${at}] wasm=${wasm[at]} ref=${ref[at]}`).toBeLessThan(REL);
}

/** Runs `body` on both sides and compares the named outputs and their guard bands. */
function compare(what: string, run: (s: Side) => { ptr: number; n: number; scale?: ArrayLike<number> }[]): void {
  const [w, r] = pair();
  const outW = run(w);
  const outR = run(r);
  outR.forEach((o, k) => {
    const a = w.get(outW[k].ptr, o.n), b = r.get(o.ptr, o.n);
    expect(a.guardOk, `${what}: wasm wrote past output ${k}`).toBe(true);
    expect(b.guardOk, `${what}: reference wrote past output ${k}`).toBe(true);
    expectClose(`${what} output ${k}`, a.values, b.values, o.scale);
  });
}

describe('wasm kernels match the TypeScript reference', () => {
  it('both builds report their names', () => {
    const [w, r] = pair();
    expect([w.k.name, r.k.name]).toEqual(['wasm-simd', 'typescript']);
  });

  it.each(SHAPES)('matVec %i×%i', (rows, cols) => {
    const rng = new Rng(1000 + rows * 1009 + cols);
    const W = randomVec(rng, rows * cols), b = randomVec(rng, rows), x = randomVec(rng, cols);
    const scale = Array.from({ length: rows }, (_, i) => {
      let s = Math.abs(b[i]);
      for (let j = 0; j < cols; j++) s += Math.abs(W[i * cols + j] * x[j]);
      return s;
    });
    compare(`matVec ${rows}x${cols}`, (s) => {
      const pW = s.put(W), pb = s.put(b), px = s.put(x), out = s.put(new Float32Array(rows).fill(99));
      s.k.matVec(pW, pb, px, out, rows, cols);
      // Inputs must be left alone.
      expect(Array.from(s.get(px, cols).values)).toEqual(Array.from(x));
      return [{ ptr: out, n: rows, scale }];
    });
  });

  it.each([[1, 1, 3, 0], [3, 5, 9, 2], [7, 13, 40, 8], [16, 32, 96, 32], [64, 203, 300, 97]])('matVecStrided %i×%i block of rows of %i at column %i: the same bits as matVec on a copy', (rows, cols, ld, at) => {
    const rng = new Rng(1500 + rows * 1009 + cols);
    const W = randomVec(rng, rows * ld), b = randomVec(rng, rows), x = randomVec(rng, cols);
    const block = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) block.set(W.subarray(i * ld + at, i * ld + at + cols), i * cols);
    const scale = Array.from({ length: rows }, (_, i) => {
      let s = Math.abs(b[i]);
      for (let j = 0; j < cols; j++) s += Math.abs(block[i * cols + j] * x[j]);
      return s;
    });
    compare(`matVecStrided ${rows}x${cols}`, (s) => {
      const pW = s.put(W), pBlock = s.put(block), pb = s.put(b), px = s.put(x);
      const out = s.put(new Float32Array(rows).fill(99)), copy = s.put(new Float32Array(rows).fill(98));
      s.k.matVecStrided(pW + at * 4, ld, pb, px, out, rows, cols);
      s.k.matVec(pBlock, pb, px, copy, rows, cols);
      expect(Array.from(s.get(out, rows).values)).toEqual(Array.from(s.get(copy, rows).values));
      return [{ ptr: out, n: rows, scale }];
    });
  });

  // The wasm kernel works on four rows at a time; each row must still get the bits it gets alone (the
  // row cache and the precomputed rows rely on a row's value not depending on its neighbours).
  it.each([[4, 8, 8], [5, 64, 64], [9, 100, 300], [256, 24, 24], [7, 13, 40]])('matVecStrided %i×%i (rows of %i): every row the same bits as that row alone', (rows, cols, ld) => {
    const s = new Side(wasmKernels());
    const rng = new Rng(1700 + rows * 1009 + cols);
    const pW = s.put(randomVec(rng, rows * ld)), pb = s.put(randomVec(rng, rows)), px = s.put(randomVec(rng, cols));
    const all = s.put(new Float32Array(rows)), one = s.put(new Float32Array(rows));
    s.k.matVecStrided(pW, ld, pb, px, all, rows, cols);
    for (let i = 0; i < rows; i++) s.k.matVecStrided(pW + i * ld * 4, ld, pb + i * 4, px, one + i * 4, 1, cols);
    expect(Array.from(s.get(all, rows).values)).toEqual(Array.from(s.get(one, rows).values));
  });

  it.each(SHAPES)('matTVecAdd %i×%i (zeros in y, non-finite W rows behind them)', (rows, cols) => {
    const rng = new Rng(2000 + rows * 1009 + cols);
    const W = randomVec(rng, rows * cols), y = randomVec(rng, rows, 0.3), out0 = randomVec(rng, cols);
    y[0] = 0;
    // Rows with y[i] = 0 must be skipped, not multiplied by zero: Inf there would turn the result into NaN.
    for (let i = 0; i < rows; i++) if (y[i] === 0) W.fill(Infinity, i * cols, (i + 1) * cols);
    const scale = Array.from({ length: cols }, (_, j) => {
      let s = Math.abs(out0[j]);
      for (let i = 0; i < rows; i++) if (y[i] !== 0) s += Math.abs(y[i] * W[i * cols + j]);
      return s;
    });
    compare(`matTVecAdd ${rows}x${cols}`, (s) => {
      const pW = s.put(W), py = s.put(y), out = s.put(out0);
      s.k.matTVecAdd(pW, py, out, rows, cols);
      return [{ ptr: out, n: cols, scale }];
    });
  });

  it.each([...SHAPES, [256, 103], [256, 36], [40, 64]])('sparseMatTVec %i×%i: bit-identical to the twin, close to the f64 product, zeros of y skipped', (rows, cols) => {
    const rng = new Rng(2500 + rows * 1009 + cols);
    const WT = randomVec(rng, rows * cols), b = randomVec(rng, cols), y = randomVec(rng, rows, 0.8);
    y[0] = 0;
    if (rows > 1) y[rows - 1] = rng.normal();
    // Rows with y[i] = 0 must be skipped, not multiplied by zero: Inf there would turn the result into NaN.
    for (let i = 0; i < rows; i++) if (y[i] === 0) WT.fill(Infinity, i * cols, (i + 1) * cols);
    const run = (s: Side): Float32Array => {
      const pW = s.put(WT), pb = s.put(b), py = s.put(y), out = s.put(new Float32Array(cols).fill(7)), idx = s.put(new Float32Array(rows));
      s.k.sparseMatTVec(pW, pb, py, out, rows, cols, idx);
      const got = s.get(out, cols);
      expect(got.guardOk, `${s.k.name} wrote past the output`).toBe(true);
      expect(s.get(idx, rows).guardOk, `${s.k.name} wrote past the index scratch`).toBe(true);
      return got.values;
    };
    const [w, r] = pair();
    const wasm = run(w), ref = run(r);
    expect(Array.from(wasm)).toEqual(Array.from(ref));
    const exact = Float32Array.from(b, (bj, j) => y.reduce((acc, yi, i) => (yi === 0 ? acc : acc + yi * WT[i * cols + j]), bj));
    const mag = Array.from(b, (bj, j) => y.reduce((acc, yi, i) => (yi === 0 ? acc : acc + Math.abs(yi * WT[i * cols + j])), Math.abs(bj)));
    expectClose(`sparseMatTVec ${rows}x${cols}`, wasm, exact, mag);
  });

  it.each(SHAPES)('outerAdd %i×%i (zeros in a leave their rows untouched)', (rows, cols) => {
    const rng = new Rng(3000 + rows * 1009 + cols);
    const dW0 = randomVec(rng, rows * cols), a = randomVec(rng, rows, 0.3), x = randomVec(rng, cols);
    a[rows - 1] = 0;
    // -0 in skipped rows: adding 0·x would turn it into +0, so skipping is observable bit for bit.
    for (let i = 0; i < rows; i++) if (a[i] === 0) dW0.fill(-0, i * cols, (i + 1) * cols);
    const [w, r] = pair();
    for (const s of [w, r]) {
      const pdW = s.put(dW0), pa = s.put(a), px = s.put(x);
      s.k.outerAdd(pdW, pa, px, rows, cols);
      const { values, guardOk } = s.get(pdW, rows * cols);
      expect(guardOk).toBe(true);
      for (let i = 0; i < rows; i++) {
        if (a[i] !== 0) continue;
        const row = values.subarray(i * cols, (i + 1) * cols);
        expect(row.every((v) => Object.is(v, -0)), `${s.k.name}: row ${i} with a=0 was modified`).toBe(true);
      }
    }
    const scale = Array.from(dW0, (d, k) => Math.abs(d) + Math.abs(a[Math.floor(k / cols)] * x[k % cols]));
    compare(`outerAdd ${rows}x${cols}`, (s) => {
      const pdW = s.put(dW0), pa = s.put(a), px = s.put(x);
      s.k.outerAdd(pdW, pa, px, rows, cols);
      return [{ ptr: pdW, n: rows * cols, scale }];
    });
  });

  it.each([0, 1, 3, 4, 7, 8, 13, 203, 1000])('axpy n=%i', (n) => {
    const rng = new Rng(4000 + n);
    // Scalars cross into wasm as f32; rounding them first keeps both sides on the same inputs.
    const dst = randomVec(rng, n), src = randomVec(rng, n), alpha = Math.fround(rng.normal());
    const scale = Array.from(dst, (d, j) => Math.abs(d) + Math.abs(alpha * src[j]));
    compare(`axpy ${n}`, (s) => {
      const pd = s.put(dst), ps = s.put(src);
      s.k.axpy(pd, ps, alpha, n);
      return [{ ptr: pd, n, scale }];
    });
  });

  it.each([[0, 5], [1, 1], [3, 7], [48, 13], [70, 64], [18, 203]])('sumRows count=%i n=%i', (count, n) => {
    const rng = new Rng(5000 + count * 31 + n);
    const tableRows = 20;
    const table = randomVec(rng, tableRows * n), bias = randomVec(rng, n);
    const pick = Array.from({ length: count }, () => rng.int(tableRows)); // repeats are expected
    const scale = Array.from(bias, (b, j) => pick.reduce((acc, r) => acc + Math.abs(table[r * n + j]), Math.abs(b)));
    compare(`sumRows ${count}x${n}`, (s) => {
      const pt = s.put(table), pb = s.put(bias), out = s.put(new Float32Array(n).fill(7));
      const rows = s.arena.alloc(Math.max(1, count));
      s.arena.i32().set(pick.map((r) => pt + r * n * 4), rows >> 2);
      s.k.sumRows(out, pb, rows, count, n);
      return [{ ptr: out, n, scale }];
    });
  });

  /** Quantized rows with integer scales (i16 at byte 4) and i8 values, `pick` summed by sumRowsI8. */
  function sumQuantized(s: Side, scales: readonly number[], q: readonly number[], pick: readonly number[], bias: Float32Array, n: number, unit: number): Float32Array {
    const tableRows = scales.length, stride = (16 + n + 15) & ~15;
    const records = s.put(new Float32Array((tableRows * stride) / 4)), pb = s.put(bias), out = s.put(new Float32Array(n).fill(7));
    const b = new Int8Array(s.k.memory.buffer), h16 = new Int16Array(s.k.memory.buffer);
    for (let r = 0; r < tableRows; r++) {
      const p = records + r * stride;
      h16[(p + 4) >> 1] = scales[r];
      for (let j = 0; j < n; j++) b[p + 16 + j] = q[r * n + j];
    }
    const rows = s.arena.alloc(Math.max(1, pick.length));
    s.arena.i32().set(pick.map((r) => records + r * stride), rows >> 2);
    s.k.sumRowsI8(out, pb, rows, pick.length, n, unit);
    const got = s.get(out, n);
    expect(got.guardOk, `${s.k.name} wrote past the output`).toBe(true);
    return got.values;
  }

  it.each([[0, 5], [1, 1], [3, 7], [48, 13], [70, 64], [18, 203], [75, 256], [76, 256]])('sumRowsI8 count=%i n=%i: bit-identical to the twin, to the exact sum rounded in f32, in any row order', (count, n) => {
    const rng = new Rng(5500 + count * 31 + n);
    const tableRows = 20;
    const scales = Array.from({ length: tableRows }, (_, r) => (r === 3 ? 0 : r === 4 ? 32767 : rng.int(32768)));
    const q = Array.from({ length: tableRows * n }, () => rng.int(255) - 127);
    const bias = randomVec(rng, n);
    const unit = Math.fround(Math.abs(rng.normal()) * 1e-6);
    const pick = Array.from({ length: count }, () => rng.int(tableRows)); // repeats are expected
    const [w, r] = pair();
    const wasm = sumQuantized(w, scales, q, pick, bias, n, unit), ref = sumQuantized(r, scales, q, pick, bias, n, unit);
    expect(Array.from(wasm)).toEqual(Array.from(ref));
    // The integer sum is exact, so the result is the f32 rounding of it, times the unit, plus the bias.
    const exact = Float32Array.from(bias, (b, j) => Math.fround(b + Math.fround(Math.fround(pick.reduce((acc, k) => acc + scales[k] * q[k * n + j], 0)) * unit)));
    expect(Array.from(wasm)).toEqual(Array.from(exact));
    const reversed = sumQuantized(pair()[0], scales, q, [...pick].reverse(), bias, n, unit);
    expect(Array.from(reversed)).toEqual(Array.from(wasm));
  });

  it('sumRowsI8 adds 516 rows of the largest scale and values without overflow', () => {
    const n = 40, count = 516;
    const scales = [32767, 32767], q = [...new Array(n).fill(127), ...new Array(n).fill(-127)];
    const bias = new Float32Array(n);
    for (const row of [0, 1]) {
      const pick = new Array(count).fill(row);
      const [w, r] = pair();
      const wasm = sumQuantized(w, scales, q, pick, bias, n, 1), ref = sumQuantized(r, scales, q, pick, bias, n, 1);
      const want = Math.fround((row === 0 ? 1 : -1) * count * 32767 * 127);
      expect(Array.from(wasm)).toEqual(new Array(n).fill(want));
      expect(Array.from(ref)).toEqual(new Array(n).fill(want));
    }
  });

  it.each([1, 4, 13, 16, 31, 64, 203, 256])('quantizeRowI8 n=%i: byte-identical to the twin, each value within half a step, ties to even, zero row and padding', (n) => {
    const rng = new Rng(5700 + n);
    const stride = (16 + n + 15) & ~15;
    const rows = [
      Array.from({ length: n }, () => rng.normal() * 3),
      Array.from({ length: n }, () => 0),
      // Exact halves of a step: the largest is 127 steps of 0.5, and the others (k + 0.5) steps.
      Array.from({ length: n }, (_, j) => (j === 0 ? 63.5 : ((j % 9) - 4 + 0.5) * 0.5)),
    ];
    const run = (s: Side): Uint8Array[] => rows.map((row) => {
      const src = s.put(Float32Array.from(row)), dst = s.put(new Float32Array(stride / 4).fill(NaN));
      s.k.quantizeRowI8(src, dst, n);
      return new Uint8Array(s.k.memory.buffer, dst, stride).slice();
    });
    const [w, r] = pair();
    const wasm = run(w), ref = run(r);
    expect(wasm.map((b) => Array.from(b))).toEqual(ref.map((b) => Array.from(b)));
    rows.forEach((row, i) => {
      const bytes = wasm[i];
      const scale = new Float32Array(bytes.buffer, 0, 1)[0];
      const q = new Int8Array(bytes.buffer, 16, n);
      expect(scale).toBe(Math.fround(Math.max(...row.map((v) => Math.abs(Math.fround(v)))) / 127));
      expect(Array.from(bytes.subarray(4, 16))).toEqual(new Array(12).fill(0));
      expect(Array.from(bytes.subarray(16 + n))).toEqual(new Array(stride - 16 - n).fill(0));
      row.forEach((v, j) => {
        expect(Math.abs(q[j])).toBeLessThanOrEqual(127);
        if (scale === 0) expect(q[j]).toBe(0);
        else expect(Math.abs(q[j] * scale - Math.fround(v))).toBeLessThanOrEqual(scale / 2 * (1 + 1e-6));
      });
      if (i === 2 && n > 1) {
        // Halves of a step round to the even neighbour: 0.5 → 0, -3.5 → -4, 1.5 → 2 (scale 0.5 exactly).
        expect(scale).toBe(0.5);
        row.forEach((v, j) => {
          if (j === 0) return;
          expect(Math.abs(q[j] % 2)).toBe(0);
          expect(Math.abs(q[j] - v / 0.5)).toBe(0.5);
        });
      }
    });
  });

  it.each([[1, 1], [3, 7], [4, 16], [5, 64], [256, 64], [256, 100], [7, 203], [2, 512]])('matVecI8 %i×%i: bit-identical to the twin, within the quantization bound of the f32 product, zero x gives b', (rows, cols) => {
    const rng = new Rng(7100 + rows * 7 + cols);
    const ld = 16 + ((cols + 15) & ~15);
    const Wf = Array.from({ length: rows }, () => Float32Array.from({ length: cols }, () => rng.normal()));
    const xs = [Float32Array.from({ length: cols }, () => rng.normal() * 2), new Float32Array(cols)];
    const b = Float32Array.from({ length: rows }, () => rng.normal());
    const run = (s: Side, x: Float32Array): Float32Array => {
      const W = s.put(new Float32Array((rows * ld) / 4).fill(NaN));
      Wf.forEach((row, i) => s.k.quantizeRowI8(s.put(row), W + i * ld, cols));
      const px = s.put(x), pb = s.put(b), xq = s.put(new Float32Array(((cols + 15) & ~15) / 2).fill(NaN)), out = s.put(new Float32Array(rows).fill(NaN));
      s.k.matVecI8(W, ld, pb, px, xq, out, rows, cols);
      const got = s.get(out, rows);
      expect(got.guardOk).toBe(true);
      return got.values;
    };
    const [w, r] = pair();
    for (const x of xs) {
      const wasm = run(w, x), ref = run(r, x);
      expect(Array.from(wasm)).toEqual(Array.from(ref));
      const sx = Math.max(...Array.from(x, Math.abs)) / 32767;
      Wf.forEach((row, i) => {
        let exact = b[i] ?? 0, bound = 0;
        const sw = Math.max(...Array.from(row, Math.abs)) / 127;
        row.forEach((v, j) => {
          exact += v * (x[j] ?? 0);
          // Half a step of each factor, times the other (and the product of the halves).
          bound += (sw / 2) * Math.abs(x[j] ?? 0) + (sx / 2) * Math.abs(v) + (sw * sx) / 4;
        });
        if (sx === 0) expect(wasm[i]).toBe(b[i]);
        else expect(Math.abs((wasm[i] ?? NaN) - exact)).toBeLessThanOrEqual(bound * 1.01 + 1e-5 * Math.abs(exact) + 1e-6);
      });
    }
  });

  it.each([1, 3, 4, 13, 64, 203])('adam n=%i, three steps with L2', (n) => {
    const rng = new Rng(6000 + n);
    const p0 = randomVec(rng, n), m0 = randomVec(rng, n), v0 = randomVec(rng, n).map((x) => x * x);
    const grads = [randomVec(rng, n, 0.2), randomVec(rng, n), randomVec(rng, n).map((x) => x * 1e-3)];
    // f32-exact hyperparameters: wasm receives f32 scalars (1 − 0.999 differs by 1e-5 relative otherwise).
    const [lr, b1, b2, eps, l2] = [0.01, 0.9, 0.999, 1e-8, 1e-4].map(Math.fround) as [number, number, number, number, number];
    compare(`adam ${n}`, (s) => {
      const p = s.put(p0), g = s.put(grads[0]), m = s.put(m0), v = s.put(v0);
      grads.forEach((grad, step) => {
        s.arena.f32().set(grad, g >> 2);
        const t = step + 1;
        s.k.adam(p, g, m, v, n, lr, b1, b2, eps, l2, Math.fround(1 - b1 ** t), Math.fround(1 - b2 ** t));
        // The gradient is consumed: exactly zero after every step.
        expect(s.get(g, n).values.every((x) => x === 0)).toBe(true);
      });
      return [{ ptr: p, n }, { ptr: m, n }, { ptr: v, n }];
    });
  });
  it.each([1, 3, 4, 13, 256])('relu n=%i, with NaN, −0 and ±Infinity', (n) => {
    const rng = new Rng(7100 + n);
    const z0 = randomVec(rng, n);
    [NaN, -0, Infinity, -Infinity].forEach((v, i) => { if (i < n) z0[(i * 5) % n] = v; });
    compare(`relu ${n}`, (s) => {
      const z = s.put(z0), h = s.put(new Float32Array(n).fill(7));
      s.k.relu(h, z, n);
      expect(s.get(h, n).values.every((x) => x >= 0 && !Object.is(x, -0))).toBe(true);
      return [{ ptr: h, n }];
    });
  });
  it.each([1, 3, 4, 13, 203])('lerp n=%i', (n) => {
    const rng = new Rng(7000 + n);
    const d0 = randomVec(rng, n), s0 = randomVec(rng, n);
    compare(`lerp ${n}`, (s) => {
      const d = s.put(d0), src = s.put(s0);
      s.k.lerp(d, src, Math.fround(0.125), n);
      return [{ ptr: d, n }];
    });
  });
});
