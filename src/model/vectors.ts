import { type Hash, createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v3';
import { CompactVocab, type WordIndex } from './compact-vocab.ts';
import { sharedCompactVocab } from './shared-vocab.ts';
import { FIRST_REAL_ID } from '../ud/vocab-ids.ts';
import { ModelError } from './errors.ts';
import type { RowSource } from './network.ts';
import type { WeightStore } from './weight-store.ts';

/**
 * Pretrained word vectors as a fixed embedding table: a vocabulary (NULL, UNK, ROOT reserved as
 * in every vocabulary) and one row per word, stored compactly (int8 with a scale per row, or f16)
 * and decoded on demand. Vectors are never trained: words the treebank never showed keep vectors
 * that mean the same thing as at training time, which is where pretrained vectors help.
 * Files (a directory shared by the parser and the tagger of a bundle): manifest.json, vocab.json
 * (the word list), weights.bin (rows, then the f32 row scales for int8).
 */
export type VectorsDtype = 'int8' | 'f16';

export const VectorsManifestSchema = z.object({
  format: z.literal('arcparse-vectors'),
  formatVersion: z.literal(1),
  dim: z.number().int().positive(),
  size: z.number().int().positive(),
  dtype: z.enum(['int8', 'f16']),
  weightsSha256: z.string(),
  vocabSha256: z.string(),
  source: z.record(z.string(), z.unknown()).optional(),
});
export type VectorsManifest = z.infer<typeof VectorsManifestSchema>;

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Words missing from GloVe 6B's vocabulary mapped to a near equivalent that is in it. */
const ALIASES: Record<string, string> = {
  a: 'an', i: 'me', "'s": 'is', "n't": 'not', "'m": 'am', "'re": 'are', "'ve": 'have', "'ll": 'will',
  "'d": 'would', ca: 'can', wo: 'will', '’s': 'is', 'n’t': 'not',
};

/** The lookup key of a form: lowercased, with the aliases above. */
export function vectorKey(form: string): string {
  const w = form.toLowerCase();
  return ALIASES[w] ?? w;
}

let f16Table: Float32Array | undefined;
/** f16 bit pattern → f32 value, as a 64k-entry table built once. */
function f16ToF32(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return (f16Table = t);
}

export class Vectors implements RowSource {
  readonly words: WordIndex;
  readonly dim: number;
  readonly dtype: VectorsDtype;
  /** int8: size·dim bytes; f16: size·dim halves. */
  readonly data: Int8Array | Uint16Array;
  /** int8 only: one scale per row. */
  readonly scale: Float32Array;
  readonly source: Record<string, unknown>;
  /** Checksum of the weights file this was loaded from (checked when read), else of what would be saved. */
  get weightsSha256(): string {
    return this.fileSha256 ?? sha256(this.weightsBytes());
  }
  private fileSha256: string | undefined;

  /** The bytes of weights.bin: the rows, then (int8) the row scales. */
  weightsBytes(): Uint8Array {
    const body = new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const scale = new Uint8Array(this.scale.buffer, this.scale.byteOffset, this.scale.byteLength);
    const weights = new Uint8Array(body.length + scale.length);
    weights.set(body);
    weights.set(scale, body.length);
    return weights;
  }

  constructor(words: WordIndex, dim: number, dtype: VectorsDtype, data: Int8Array | Uint16Array, scale: Float32Array, source: Record<string, unknown> = {}) {
    if (data.length !== words.size * dim) throw new Error(`vectors: ${data.length} values for ${words.size} rows of ${dim}`);
    this.words = words;
    this.dim = dim;
    this.dtype = dtype;
    this.data = data;
    this.scale = scale;
    this.source = source;
  }

  get size(): number {
    return this.words.size;
  }

  /** The row of a surface form (UNK when absent). */
  id(form: string): number {
    return this.words.id(vectorKey(form));
  }

  decodeRow(id: number, out: Float32Array, offset: number): void {
    const dim = this.dim, base = id * dim;
    if (this.dtype === 'int8') {
      const q = this.data as Int8Array, s = this.scale[id];
      for (let j = 0; j < dim; j++) out[offset + j] = q[base + j] * s;
    } else {
      const q = this.data as Uint16Array, lut = f16ToF32();
      for (let j = 0; j < dim; j++) out[offset + j] = lut[q[base + j]];
    }
  }

  /**
   * Loads a vectors directory. With a store, the rows live in a SharedArrayBuffer held by it: a
   * second load of the same files (the tagger after the parser, a worker thread) gets views of
   * the same bytes instead of a copy.
   */
  static load(dir: string, store?: WeightStore): Vectors {
    // The parser and the tagger of a bundle read the same directory: one Vectors (and one
    // 100k-word list, 3 MiB, which worker threads attached to the store share) per thread and files.
    const cacheKey = loadedKey(dir, store);
    const cached = cacheKey === undefined ? undefined : loaded.get(cacheKey)?.deref();
    if (cached) return cached;
    const vectors = Vectors.read(dir, store);
    if (cacheKey !== undefined) loaded.set(cacheKey, new WeakRef(vectors));
    return vectors;
  }

  private static read(dir: string, store?: WeightStore): Vectors {
    const file = (name: string): Buffer => {
      const f = join(dir, name);
      if (!existsSync(f)) throw new ModelError('MODEL_ERR_NOT_FOUND', `vectors file not found: ${f}`, { file: f });
      return readFileSync(f);
    };
    const manifestFile = join(dir, 'manifest.json');
    let raw: unknown;
    try {
      raw = JSON.parse(file('manifest.json').toString('utf8'));
    } catch (e) {
      if (e instanceof ModelError) throw e;
      throw new ModelError('MODEL_ERR_MANIFEST', `${manifestFile}: not valid JSON`, { file: manifestFile });
    }
    const parsed = VectorsManifestSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ModelError('MODEL_ERR_MANIFEST', `${manifestFile}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { file: manifestFile });
    }
    const m = parsed.data;
    const words = readWords(join(dir, 'vocab.json'), m.vocabSha256, store);
    const weightsFile = join(dir, 'weights.bin');
    const bodyBytes = m.size * m.dim * (m.dtype === 'int8' ? 1 : 2);
    const expected = bodyBytes + (m.dtype === 'int8' ? m.size * 4 : 0);
    if (!existsSync(weightsFile)) throw new ModelError('MODEL_ERR_NOT_FOUND', `vectors file not found: ${weightsFile}`, { file: weightsFile });
    const st = statSync(weightsFile);
    if (st.size !== expected || words.size !== m.size) throw new ModelError('MODEL_ERR_TRUNCATED', `${weightsFile}: ${st.size} bytes, expected ${expected}`, { file: weightsFile });
    // The scales start on a 4-byte boundary, so both parts are views of one buffer.
    const scaleOffset = (bodyBytes + 3) & ~3;
    const key = `vectors:${realpathSync(weightsFile)}:${st.size}:${st.mtimeMs}:${m.weightsSha256}`;
    let buf = store?.buffer(key);
    if (!buf) {
      buf = new SharedArrayBuffer(scaleOffset + (expected - bodyBytes));
      // Straight from the file into place (rows, then the scales on their boundary), hashing as it goes: no copy of the file.
      const hash = createHash('sha256');
      const fd = openSync(weightsFile, 'r');
      try {
        readInto(fd, weightsFile, new Uint8Array(buf, 0, bodyBytes), 0, hash);
        readInto(fd, weightsFile, new Uint8Array(buf, scaleOffset, expected - bodyBytes), bodyBytes, hash);
      } finally {
        closeSync(fd);
      }
      if (hash.digest('hex') !== m.weightsSha256) throw new ModelError('MODEL_ERR_CHECKSUM', `${weightsFile}: checksum does not match manifest.json`, { file: weightsFile });
      store?.addBuffer(key, buf);
    }
    const data = m.dtype === 'int8' ? new Int8Array(buf, 0, bodyBytes) : new Uint16Array(buf, 0, bodyBytes / 2);
    const scale = m.dtype === 'int8' ? new Float32Array(buf, scaleOffset, m.size) : new Float32Array(0);
    const vectors = new Vectors(words, m.dim, m.dtype, data, scale, m.source ?? {});
    vectors.fileSha256 = m.weightsSha256;
    return vectors;
  }
}

/**
 * The word list of a vectors directory. With a store it is built on a SharedArrayBuffer the store
 * keeps: a worker thread attached to the store adopts it instead of parsing 1 MB of JSON into 100k
 * strings again (checked once, by the thread that read it).
 */
function readWords(file: string, vocabSha256: string, store: WeightStore | undefined): CompactVocab {
  if (!existsSync(file)) throw new ModelError('MODEL_ERR_NOT_FOUND', `vectors file not found: ${file}`, { file });
  const read = (): CompactVocab => {
    const buf = readFileSync(file);
    if (sha256(buf) !== vocabSha256) throw new ModelError('MODEL_ERR_CHECKSUM', `${file}: checksum does not match manifest.json`, { file });
    try {
      return CompactVocab.fromJson(buf, store !== undefined);
    } catch (e) {
      if (e instanceof SyntaxError) throw new ModelError('MODEL_ERR_MANIFEST', `${file}: ${e.message}`, { file });
      throw e;
    }
  };
  if (!store) return read();
  const st = statSync(file);
  return sharedCompactVocab(store, `vectors-vocab:${realpathSync(file)}:${st.size}:${st.mtimeMs}:${vocabSha256}`, read);
}

/** Fills `into` with the file's bytes from `position` on, adding them to `hash`. */
function readInto(fd: number, file: string, into: Uint8Array, position: number, hash: Hash): void {
  let got = 0;
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got);
    if (n === 0) throw new ModelError('MODEL_ERR_TRUNCATED', `${file}: ended early`, { file });
    got += n;
  }
  hash.update(into);
}

/** Vectors loaded in this thread, by files and store (weak: unused ones can go). */
const loaded = new Map<string, WeakRef<Vectors>>();
const storeIds = new WeakMap<WeightStore, number>();
let nextStoreId = 0;

/** What identifies a load: the files as they are now (path, size, modification time) and the store their rows go to. */
function loadedKey(dir: string, store: WeightStore | undefined): string | undefined {
  const parts: string[] = [];
  for (const name of ['manifest.json', 'vocab.json', 'weights.bin']) {
    const f = join(dir, name);
    if (!existsSync(f)) return undefined; // read() reports it
    const st = statSync(f);
    parts.push(`${realpathSync(f)}:${st.size}:${st.mtimeMs}`);
  }
  let id = -1;
  if (store) {
    id = storeIds.get(store) ?? nextStoreId++;
    storeIds.set(store, id);
  }
  return `${id}|${parts.join('|')}`;
}

/**
 * Precomputation ranks of the vectors' rows (TableSpec.rank): the reserved rows, then the rows of
 * `words` (a vocabulary numbered by treebank frequency, the model's own) in its order, then every
 * other row in file order. rank[id] for every row id.
 */
export function vectorRanks(vectors: Vectors, words: WordIndex): Int32Array {
  const rank = new Int32Array(vectors.size).fill(-1);
  let next = 0;
  for (let id = 0; id < Math.min(FIRST_REAL_ID, vectors.size); id++) rank[id] = next++;
  for (const w of words.entries()) {
    const id = vectors.id(w);
    if (rank[id] < 0) rank[id] = next++;
  }
  for (let id = 0; id < rank.length; id++) if (rank[id] < 0) rank[id] = next++;
  return rank;
}

/**
 * The pretrained vectors a model was trained with: a directory given relative to the model's
 * directory (a bundle's parser and tagger share one), checked against the checksum the model's
 * manifest recorded. With a store, the rows are shared as in Vectors.load.
 */
export function loadModelVectors(modelDir: string, rel: string, sha: string | undefined, manifestFile: string, store?: WeightStore): Vectors {
  const vectorsDir = join(modelDir, rel);
  const vectors = Vectors.load(vectorsDir, store);
  if (vectors.weightsSha256 !== sha) {
    throw new ModelError('MODEL_ERR_CHECKSUM', `${manifestFile}: the vectors in ${vectorsDir} are not the ones this model was trained with`, { file: manifestFile });
  }
  return vectors;
}
