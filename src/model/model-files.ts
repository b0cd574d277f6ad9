import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelError } from './errors.ts';
import type { Network } from './network.ts';

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
  manifest: Manifest;
  vocab: unknown;
  weights: Float32Array;
  /**
   * Copies the weights into a network built from the manifest's config (and into further named
   * networks, in order); checks the tensor table.
   */
  loadInto(net: Network, more?: readonly NamedNetwork[]): void;
}

/** A further network of a model, whose tensors are saved as `<name>.<tensor>`. */
export interface NamedNetwork {
  name: string;
  net: Network;
}

/** The tensor table of a main network and further named networks, in weights.bin order. */
export function tensorTable(net: Network, more: readonly NamedNetwork[] = []): { name: string; size: number; ptr: number }[] {
  return [
    ...net.params.map((p) => ({ name: p.name, size: p.size, ptr: p.ptr })),
    ...more.flatMap((m) => m.net.params.map((p) => ({ name: `${m.name}.${p.name}`, size: p.size, ptr: p.ptr }))),
  ];
}

/** Reads and checks a model directory of the given kind; the caller validates config and vocab. */
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
  const wbuf = readOrThrow(weightsFile);
  if (wbuf.length !== manifest.weightsBytes) {
    throw new ModelError('MODEL_ERR_TRUNCATED', `${weightsFile}: ${wbuf.length} bytes, manifest.json says ${manifest.weightsBytes} (truncated or wrong file)`, { file: weightsFile });
  }
  if (sha256(wbuf) !== manifest.weightsSha256) {
    throw new ModelError('MODEL_ERR_CHECKSUM', `${weightsFile}: checksum does not match manifest.json (corrupt file)`, { file: weightsFile });
  }
  const weights = new Float32Array(wbuf.buffer.slice(wbuf.byteOffset, wbuf.byteOffset + wbuf.length));
  return {
    manifest, vocab, weights,
    loadInto(net: Network, more: readonly NamedNetwork[] = []): void {
      const t = manifest.tensors;
      const params = tensorTable(net, more);
      if (params.length !== t.length || params.some((p, i) => p.name !== t[i]?.name || p.size !== t[i]?.size)) {
        throw new ModelError('MODEL_ERR_SHAPE', `${manifestFile}: tensor table does not match the configuration and vocabularies`, { file: manifestFile });
      }
      // Every network of a model lives in one WebAssembly memory (one arena).
      const f = net.arena.f32();
      let off = 0;
      for (const p of params) {
        f.set(weights.subarray(off, off + p.size), p.ptr >> 2);
        off += p.size;
      }
    },
  };
}

/** Refuses a manifest whose architecture this code does not know (a model made by a later version). */
export function checkArchitecture(files: ModelFiles, dir: string, known: readonly string[]): void {
  const file = join(dir, 'manifest.json');
  if (!known.includes(files.manifest.architecture)) {
    throw new ModelError('MODEL_ERR_INVALID', `${file}: unknown ${files.manifest.kind} architecture "${files.manifest.architecture}" (known: ${known.join(', ')})`, { file });
  }
}

/** Validates a manifest's config or vocab with a zod schema, naming the file on failure. */
export function checkWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, { file });
  }
  return r.data;
}

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
