import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod/v3';
import { ModelError } from './errors.ts';
import type { Network } from './network.ts';
import type { TensorRef, WeightStore } from './weight-store.ts';

/**
 * Files of any network-backed model (parser, tagger, sentence splitter) in one directory:
 * manifest.json (kind, architecture, format version, config, tensor table, checksums, training record),
 * vocab.json (the model's vocabularies, any JSON) and weights.bin (little-endian f32 tensors back to back).
 * A model with more than one network (the tagger's second pass and FEATS network) stores the main
 * network's tensors first, then each further network's, named `<network>.<tensor>`.
 * Format versions: 1 = initial.
 */
export const FORMAT_VERSION = 1;

const ManifestSchema = z.object({
  format: z.literal('arcparse-model'),
  formatVersion: z.number().int(),
  kind: z.string(),
  architecture: z.string(),
  createdAt: z.string(),
  config: z.record(z.string(), z.unknown()),
  tensors: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
  weightsBytes: z.number().int().nonnegative(),
  weightsSha256: z.string(),
  vocabSha256: z.string(),
  training: z.record(z.string(), z.unknown()).optional(),
  /**
   * Precomputed hidden-layer rows per feature slot, chosen by coverage of the slot's occurrences in
   * the training data (`arcparse precompute`); absent in models made before it existed.
   */
  precompute: z.object({
    coverage: z.number().min(0).max(1),
    maxRows: z.number().int().nonnegative().optional(),
    rows: z.array(z.number().int().nonnegative()),
    examples: z.number().int().nonnegative().optional(),
    measuredOn: z.string().optional(),
  }).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function readOrThrow(file: string): Buffer {
  if (!existsSync(file)) throw new ModelError('MODEL_ERR_NOT_FOUND', `model file not found: ${file}`, { file });
  return readFileSync(file);
}

function parseJson(file: string, buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: not valid JSON (${(e as Error).message})`, { file });
  }
}

/** A JSON file of a model: MODEL_ERR_NOT_FOUND when missing, MODEL_ERR_MANIFEST when not JSON (both name the file). */
export function readJsonFile(file: string): unknown {
  return parseJson(file, readOrThrow(file));
}

export interface ModelFiles {
  dir: string;
  manifest: Manifest;
  vocab: unknown;
  /** Throws MODEL_ERR_SHAPE unless the parameters of the network and further named networks are the manifest's tensor table. */
  checkTensors(net: Network, more?: readonly NamedNetwork[]): void;
  /**
   * Reads weights.bin into the parameters of the network and further named networks, in order
   * (checking tensor table, size and checksum), without an intermediate copy.
   */
  loadInto(net: Network, more?: readonly NamedNetwork[]): void;
  /** Identifies weights.bin (path, size, modification time, checksum): the key under which its tensors are shared. */
  weightsKey(): string;
}

/** A further network of a model, whose tensors are saved as `<name>.<tensor>`. */
export interface NamedNetwork {
  name: string;
  net: Network;
}

/** The tensor table of a main network and further named networks, in weights.bin order. */
export function tensorTable(net: Network, more: readonly NamedNetwork[] = []): TensorRef[] {
  return [
    ...net.params.map((p) => ({ name: p.name, size: p.size, ptr: p.ptr })),
    ...more.flatMap((m) => m.net.params.map((p) => ({ name: `${m.name}.${p.name}`, size: p.size, ptr: p.ptr }))),
  ];
}

/**
 * One network's part of a model's shared tensors (a WeightStore group in tensorTable order): the
 * main network's (no name) or a named network's, its `<name>.` prefix dropped; undefined for none.
 */
export function sharedPart(shared: readonly TensorRef[] | undefined, name?: string): TensorRef[] | undefined {
  if (!shared) return undefined;
  if (name === undefined) return shared.filter((t) => !t.name.includes('.'));
  const prefix = `${name}.`;
  return shared.filter((t) => t.name.startsWith(prefix)).map((t) => ({ ...t, name: t.name.slice(prefix.length) }));
}

/** Reads and checks a model directory of the given kind (weights.bin only when loadInto runs); the caller validates config and vocab. */
export function readModelFiles(dir: string, kind: string): ModelFiles {
  const manifestFile = join(dir, 'manifest.json');
  const raw = parseJson(manifestFile, readOrThrow(manifestFile));
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== FORMAT_VERSION) {
    throw new ModelError('MODEL_ERR_UNSUPPORTED_VERSION',
      `${manifestFile}: format version ${String(version)} is not supported (this arcparse reads ${FORMAT_VERSION})`, { file: manifestFile });
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelError('MODEL_ERR_MANIFEST', `${manifestFile}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { file: manifestFile });
  }
  const manifest = parsed.data;
  if (manifest.kind !== kind) {
    throw new ModelError('MODEL_ERR_MANIFEST', `${manifestFile}: a ${manifest.kind} model, expected a ${kind} model`, { file: manifestFile });
  }
  const vocabFile = join(dir, 'vocab.json');
  const vocabBuf = readOrThrow(vocabFile);
  if (sha256(vocabBuf) !== manifest.vocabSha256) {
    throw new ModelError('MODEL_ERR_CHECKSUM', `${vocabFile}: checksum does not match manifest.json (corrupt or edited file)`, { file: vocabFile });
  }
  const vocab = parseJson(vocabFile, vocabBuf);
  const weightsFile = join(dir, 'weights.bin');
  const checkSize = (): void => {
    if (!existsSync(weightsFile)) throw new ModelError('MODEL_ERR_NOT_FOUND', `model file not found: ${weightsFile}`, { file: weightsFile });
    const size = statSync(weightsFile).size;
    if (size !== manifest.weightsBytes) {
      throw new ModelError('MODEL_ERR_TRUNCATED', `${weightsFile}: ${size} bytes, manifest.json says ${manifest.weightsBytes} (truncated or wrong file)`, { file: weightsFile });
    }
  };
  checkSize();
  const checkTensors = (net: Network, more: readonly NamedNetwork[] = []): void => {
    const t = manifest.tensors;
    const params = tensorTable(net, more);
    if (params.length !== t.length || params.some((p, i) => p.name !== t[i]?.name || p.size !== t[i]?.size)) {
      throw new ModelError('MODEL_ERR_SHAPE', `${manifestFile}: tensor table does not match the configuration and vocabularies`, { file: manifestFile });
    }
  };
  return {
    dir, manifest, vocab, checkTensors,
    loadInto(net: Network, more: readonly NamedNetwork[] = []): void {
      checkTensors(net, more);
      checkSize();
      const hash = createHash('sha256');
      const fd = openSync(weightsFile, 'r');
      try {
        let off = 0;
        // Every network of a model lives in one WebAssembly memory.
        for (const p of tensorTable(net, more)) {
          // Tensors are back to back in the file: read each straight into its cells, hashing as we go.
          const cells = new Uint8Array(net.arena.memory.buffer, p.ptr, p.size * 4);
          let got = 0;
          while (got < cells.length) {
            const n = readSync(fd, cells, got, cells.length - got, off + got);
            if (n === 0) throw new ModelError('MODEL_ERR_TRUNCATED', `${weightsFile}: ended early`, { file: weightsFile });
            got += n;
          }
          hash.update(cells);
          off += cells.length;
        }
      } finally {
        closeSync(fd);
      }
      if (hash.digest('hex') !== manifest.weightsSha256) {
        throw new ModelError('MODEL_ERR_CHECKSUM', `${weightsFile}: checksum does not match manifest.json (corrupt file)`, { file: weightsFile });
      }
    },
    weightsKey(): string {
      const st = statSync(weightsFile);
      return `weights:${realpathSync(weightsFile)}:${st.size}:${st.mtimeMs}:${manifest.weightsSha256}`;
    },
  };
}

/**
 * Builds a model on shared weights: when the store already holds this weights file (loaded before
 * in this process), the network's parameters point at those cells and nothing is read; otherwise
 * weights.bin is read into fresh cells, checked, and added to the store for the next load.
 * `build` makes the model with its network placed on `shared` (or on fresh cells when undefined).
 * A model with further named networks (`moreOf`) gets the whole group, in tensorTable order, and
 * places each network on its part of it (sharedPart).
 */
export function loadShared<T>(files: ModelFiles, store: WeightStore, build: (shared: readonly TensorRef[] | undefined) => T, netOf: (m: T) => Network,
  moreOf: (m: T) => readonly NamedNetwork[] = () => []): T {
  const key = files.weightsKey();
  const group = store.group(key);
  const t = files.manifest.tensors;
  const matches = group !== undefined && group.length === t.length && group.every((g, i) => g.name === t[i]?.name && g.size === t[i]?.size);
  const model = build(matches ? group : undefined);
  const net = netOf(model), more = moreOf(model);
  files.checkTensors(net, more);
  if (!net.sharesParams || more.some((m) => !m.net.sharesParams)) {
    files.loadInto(net, more);
    store.addGroup(key, tensorTable(net, more));
  }
  return model;
}

/** Refuses a manifest whose architecture this code does not know (a model made by a later version). */
export function checkArchitecture(files: ModelFiles, dir: string, known: readonly string[]): void {
  const file = join(dir, 'manifest.json');
  if (!known.includes(files.manifest.architecture)) {
    throw new ModelError('MODEL_ERR_INVALID', `${file}: unknown ${files.manifest.kind} architecture "${files.manifest.architecture}" (known: ${known.join(', ')})`, { file });
  }
}

/** Validates a manifest's config or vocab with a zod schema, naming the file on failure. */
export function checkWith<S extends z.ZodTypeAny>(schema: S, value: unknown, file: string): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { file });
  }
  return r.data as z.output<S>;
}

/**
 * A schema for a long array whose every entry passes `ok` (vocabularies: tens of thousands of
 * strings). It checks the array in place: z.array copies an array entry by entry, which for a
 * bundle's vocabularies made megabytes of garbage at every load, in every thread. An issue names
 * the first bad entry's index.
 */
export function listOf<T>(ok: (x: unknown) => boolean, what: string): z.ZodType<T[]> {
  return z.any().superRefine((v: unknown, ctx) => {
    if (!Array.isArray(v)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected an array of ${what}` });
      return;
    }
    for (let i = 0; i < v.length; i++) {
      if (!ok(v[i])) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `expected ${what}`, path: [i] });
        return;
      }
    }
  }) as unknown as z.ZodType<T[]>;
}

const isString = (x: unknown): boolean => typeof x === 'string';
const isNat = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;
const isStringPair = (x: unknown): boolean => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string';

/** Long lists of a vocabulary file: strings, non-negative integers, pairs of strings. */
export const stringList = (): z.ZodType<string[]> => listOf<string>(isString, 'a string');
export const natList = (): z.ZodType<number[]> => listOf<number>(isNat, 'a non-negative integer');
export const stringPairList = (): z.ZodType<[string, string][]> => listOf<[string, string]>(isStringPair, 'a pair of strings');

/**
 * Runs `build` on data read from `file`; a ModelError it throws without naming a file (an invalid
 * feature, a label set without its root relation, a duplicate vocabulary entry) gets the file's name.
 */
export function withFile<T>(file: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof ModelError && e.details.file === undefined) throw new ModelError(e.code, `${file}: ${e.message}`, { ...e.details, file });
    throw e;
  }
}
