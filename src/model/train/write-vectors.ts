import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vocab } from '../vocab.ts';
import { Vectors, type VectorsDtype, type VectorsManifest, sha256 } from '../vectors.ts';

/** Quantizes f32 rows (one per vocabulary id, reserved ids included): int8 with a scale per row, or f16. */
export function quantizeVectors(words: Vocab, dim: number, rows: Float32Array, dtype: VectorsDtype, source: Record<string, unknown> = {}): Vectors {
  const size = words.size;
  if (dtype === 'f16') {
    const data = new Uint16Array(size * dim);
    for (let i = 0; i < data.length; i++) data[i] = f32ToF16(rows[i]);
    return new Vectors(words, dim, dtype, data, new Float32Array(0), source);
  }
  const data = new Int8Array(size * dim), scale = new Float32Array(size);
  for (let r = 0; r < size; r++) {
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(rows[r * dim + j]));
    const s = max > 0 ? max / 127 : 1;
    scale[r] = s;
    for (let j = 0; j < dim; j++) data[r * dim + j] = Math.round(rows[r * dim + j] / s);
  }
  return new Vectors(words, dim, dtype, data, scale, source);
}

/** Writes a vectors directory (manifest.json, vocab.json, weights.bin) that Vectors.load reads. */
export function saveVectors(v: Vectors, dir: string): VectorsManifest {
  mkdirSync(dir, { recursive: true });
  const vocabJson = JSON.stringify(v.words.entries());
  const weights = v.weightsBytes();
  const manifest: VectorsManifest = {
    format: 'arcparse-vectors', formatVersion: 1, dim: v.dim, size: v.size, dtype: v.dtype,
    weightsSha256: sha256(weights), vocabSha256: sha256(Buffer.from(vocabJson)), source: v.source,
  };
  writeFileSync(join(dir, 'vocab.json'), vocabJson);
  writeFileSync(join(dir, 'weights.bin'), weights);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Nearest f16 bit pattern of an f32 value (round half up; overflow to infinity). */
function f32ToF16(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >> shift;
    if ((mant >> (shift - 1)) & 1) half++;
    return sign | half;
  }
  if (exp >= 31) return sign | 0x7c00;
  let half = sign | (exp << 10) | (mant >> 13);
  if (mant & 0x1000) half++; // round half up
  return half;
}

