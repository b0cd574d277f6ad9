import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../src/index.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { saveModel } from '../../src/parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, trainParser } from '../../src/parser/train/train-parser.ts';
import { CACHE_ROWS, DirectScorer, PrecomputedScorer, rowBytes } from '../../src/model/precompute.ts';
import { parseSentences } from '../../src/parser/parse-sentences.ts';
import { loadModel } from '../../src/parser/serialize.ts';

const fixture = new URL('../fixtures/tiny.conllu', import.meta.url);
const sentences = readConllu(readFileSync(fixture, 'utf8'), 'tiny.conllu');
const opts = { ...DEFAULT_TRAIN_OPTIONS, epochs: 40, patience: 40, hidden: 32, wordDim: 8, tagDim: 8, labelDim: 8,
  suffixDim: 8, dropout: 0, wordDropout: 0, lr: 0.01, lrDecay: 1, batchSize: 4 };

describe('a tiny model overfits hand-written sentences (spaCy test_overfitting_IO)', () => {
  const { model, best } = trainParser(sentences, sentences, opts);

  it('learns every head and label of its training sentences', () => {
    expect(best?.las).toBe(100);
    const parsed = parseSentences(model, new DirectScorer(model.net), sentences);
    parsed.forEach((s, i) => s.words.forEach((w, j) => {
      expect(w.head).toBe(sentences[i]?.words[j]?.head);
      expect(w.deprel).toBe(sentences[i]?.words[j]?.deprel);
    }));
  });

  it('save → load gives bit-identical scores and the same trees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-'));
    saveModel(model, dir);
    const { model: loaded } = loadModel(dir);
    const a = new DirectScorer(model.net), b = new DirectScorer(loaded.net);
    const ids = new Int32Array(model.template.numSlots);
    for (let trial = 0; trial < 20; trial++) {
      for (let k = 0; k < ids.length; k++) ids[k] = (trial * 7 + k * 3) % 3;
      expect(Array.from(b.score(ids, 0))).toEqual(Array.from(a.score(ids, 0)));
    }
    const parser = loadParserSync(dir);
    const viaApi = parser.parseConllu(sentences);
    expect(viaApi.map((s) => s.words.map((w) => [w.head, w.deprel]))).toEqual(
      sentences.map((s) => s.words.map((w) => [w.head, w.deprel])));
  });

  it('the precomputed scorer matches the plain forward pass', () => {
    const direct = new DirectScorer(model.net);
    const ids = new Int32Array(model.template.numSlots);
    const pre = new PrecomputedScorer(model.net, 3); // small limit: both the table and the fallback are used
    for (let trial = 0; trial < 20; trial++) {
      for (let k = 0; k < ids.length; k++) ids[k] = (trial * 5 + k) % 6;
      const x = Array.from(direct.score(ids, 0));
      const y = Array.from(pre.score(ids, 0));
      y.forEach((v, t) => expect(v).toBeCloseTo(x[t] ?? NaN, 4));
    }
  });

  it('quantized rows: the pre-activation is within half a quantization step and half a scale unit per row of the forward pass, in about a quarter of the bytes', () => {
    const net = model.net, H = net.shape.hidden;
    const direct = new DirectScorer(net);
    const ids = new Int32Array(model.template.numSlots);
    const rows = 6; // most ids precomputed, a few through the cache
    const plain = new PrecomputedScorer(net, rows), pre = new PrecomputedScorer(net, rows, undefined, { quantized: true });
    // i8 values and a 16-byte header per row (for hidden 256: 272 bytes instead of 1,024).
    expect(pre.bytes / plain.bytes).toBe(rowBytes(H, true) / (4 * H));
    expect(rowBytes(256, true)).toBe(272);
    const z = (): Float32Array => net.arena.view(net.z, H).slice();
    // A row's largest magnitude |W1 block · E[id]|.
    const rowMax = (s: number, id: number): number => {
      const table = net.shape.slotTable[s] ?? 0, dim = net.slotDim[s] ?? 0;
      const f = net.arena.f32(), e = (net.tablePtr[table] ?? 0) / 4 + id * dim;
      let max = 0;
      for (let i = 0; i < H; i++) {
        let v = 0;
        for (let j = 0; j < dim; j++) v += (f[net.W1 / 4 + i * net.inputDim + (net.slotOffset[s] ?? 0) + j] ?? 0) * (f[e + j] ?? 0);
        max = Math.max(max, Math.abs(v));
      }
      return max;
    };
    // matVecI8's error for (slot, id), largest over the hidden units: half a step of each factor times
    // the other, and the product of the half steps (its kernel test checks the same bound).
    const i8ProductBound = (s: number, id: number): number => {
      const table = net.shape.slotTable[s] ?? 0, dim = net.slotDim[s] ?? 0;
      const f = net.arena.f32(), e = (net.tablePtr[table] ?? 0) / 4 + id * dim;
      const x = Array.from({ length: dim }, (_, j) => f[e + j] ?? 0);
      const sx = Math.max(...x.map(Math.abs)) / 32767;
      let max = 0;
      for (let i = 0; i < H; i++) {
        const w = Array.from({ length: dim }, (_, j) => f[net.W1 / 4 + i * net.inputDim + (net.slotOffset[s] ?? 0) + j] ?? 0);
        const sw = Math.max(...w.map(Math.abs)) / 127;
        let b = 0;
        for (let j = 0; j < dim; j++) b += (sw / 2) * Math.abs(x[j] ?? 0) + (sx / 2) * Math.abs(w[j] ?? 0) + (sw * sx) / 4;
        max = Math.max(max, b);
      }
      return max;
    };
    const precomputed = (s: number, id: number): boolean => id < Math.min(rows, net.shape.tables[net.shape.slotTable[s] ?? 0]?.size ?? 0);
    // Each row's scale is rounded to a multiple of the unit (the largest scale of all rows / 32767).
    let largest = 0;
    for (let s = 0; s < ids.length; s++) for (let id = 0; precomputed(s, id); id++) largest = Math.max(largest, rowMax(s, id));
    const unit = largest / 127 / 32767;
    let differs = false;
    for (let trial = 0; trial < 20; trial++) {
      for (let k = 0; k < ids.length; k++) ids[k] = (trial * 5 + k * 7) % 9;
      direct.score(ids, 0);
      const exact = z();
      // The bound: Σ over the rows used (precomputed or from the cache: both are quantized) of half a step
      // (the row's largest magnitude / 127 / 2) and of 127 values times half a unit (its rounded scale),
      // plus f32 rounding. A row from the cache was computed by matVecI8 from the quantized W1 block, which
      // adds that product's bound. A row whose scale is past the integer scales is added in f32, within its share.
      let bound = 0;
      for (let s = 0; s < ids.length; s++) {
        bound += rowMax(s, ids[s] ?? 0) / 127 / 2 + (127 * unit) / 2;
        if (!precomputed(s, ids[s] ?? 0)) bound += i8ProductBound(s, ids[s] ?? 0);
      }
      pre.score(ids, 0);
      const got = z();
      exact.forEach((v, i) => {
        expect(Math.abs((got[i] ?? NaN) - v)).toBeLessThanOrEqual(bound * 1.01 + 1e-5 * Math.abs(v) + 1e-6);
        if (got[i] !== v) differs = true;
      });
    }
    expect(differs).toBe(true); // the rows really are quantized
    // The rows kept for ids past the precomputed ones are quantized too: a quarter of the f32 cache.
    const cachedSlots = Array.from({ length: ids.length }, (_, s) => s).filter((s) => (net.shape.tables[net.shape.slotTable[s] ?? 0]?.size ?? 0) > rows).length;
    expect(cachedSlots).toBeGreaterThan(0);
    expect(pre.cacheBytes).toBe(cachedSlots * CACHE_ROWS * rowBytes(H, true));
    expect(plain.cacheBytes).toBe(cachedSlots * CACHE_ROWS * 4 * H);
  });

  it.each([false, true])('a row from the cache of rows past the precomputed ones gives bit-identical scores to computing it afresh (quantized %s)', (quantized) => {
    const ids = new Int32Array(model.template.numSlots);
    const warm = new PrecomputedScorer(model.net, 1, undefined, { quantized }); // only id 0 precomputed: every other id goes through the cache
    const size = (s: number): number => model.net.shape.tables[model.net.shape.slotTable[s] ?? 0]?.size ?? 1;
    let hits = 0;
    for (let trial = 0; trial < 60; trial++) {
      // Ids repeat across trials (cache hits) and collide modulo the cache size (evictions).
      for (let k = 0; k < ids.length; k++) ids[k] = ((trial % 7) * 257 + k * 3 + (trial % 2) * CACHE_ROWS) % size(k);
      const cached = Array.from(warm.score(ids, 0));
      const fresh = Array.from(new PrecomputedScorer(model.net, 1, undefined, { quantized }).score(ids, 0));
      expect(cached).toEqual(fresh);
      if (trial >= 7) hits++;
    }
    expect(hits).toBeGreaterThan(0);
  });

  it('training is deterministic for a seed', () => {
    const again = trainParser(sentences, sentences, { ...opts, epochs: 3, patience: 3 }).model;
    const once = trainParser(sentences, sentences, { ...opts, epochs: 3, patience: 3 }).model;
    const f1 = again.net.arena.f32(), f2 = once.net.arena.f32();
    again.net.params.forEach((p, i) => {
      const q = once.net.params[i];
      expect(q).toBeDefined();
      expect(f1.slice(p.ptr >> 2, (p.ptr >> 2) + p.size)).toEqual(f2.slice((q?.ptr ?? 0) >> 2, ((q?.ptr ?? 0) >> 2) + p.size));
    });
  });
});
