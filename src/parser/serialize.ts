import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createKernels, type Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { ModelError } from '../model/errors.ts';
import { ParserModel, type ModelConfig } from './parser-model.ts';
import { Vocab } from './vocab.ts';

/**
 * Model directory layout: manifest.json (format, config, tensor table, checksums, training record),
 * vocab.json (vocabularies) and weights.bin (little-endian f32 tensors, back to back).
 * Format versions: 1 = initial.
 */
export const FORMAT_VERSION = 1;
export const ARCHITECTURE = 'arc-standard-ffnn.v1';

const ConfigSchema = z.object({
  template: z.array(z.string()).min(1),
  wordDim: z.number().int().positive(),
  tagDim: z.number().int().positive(),
  labelDim: z.number().int().positive(),
  suffixDim: z.number().int().positive(),
  hidden: z.number().int().positive(),
  activation: z.enum(ACTIVATIONS),
});

const ManifestSchema = z.object({
  format: z.literal('arcparse-model'),
  formatVersion: z.number().int(),
  architecture: z.string(),
  createdAt: z.string(),
  config: ConfigSchema,
  tensors: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
  weightsBytes: z.number().int().nonnegative(),
  weightsSha256: z.string(),
  vocabSha256: z.string(),
  training: z.record(z.string(), z.unknown()).optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const VocabSchema = z.object({
  word: z.array(z.string()),
  upos: z.array(z.string()),
  xpos: z.array(z.string()),
  suffix: z.array(z.string()),
  labels: z.array(z.string()).min(1),
});

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export function saveModel(model: ParserModel, dir: string, training: Record<string, unknown> = {}): void {
  mkdirSync(dir, { recursive: true });
  const v = model.vocabs;
  const vocabJson = JSON.stringify({ word: v.word.entries(), upos: v.upos.entries(), xpos: v.xpos.entries(),
    suffix: v.suffix.entries(), labels: v.labels });
  const net = model.net;
  const total = net.params.reduce((a, p) => a + p.size, 0);
  const weights = new Float32Array(total);
  const f = net.arena.f32();
  let off = 0;
  for (const p of net.params) {
    weights.set(f.subarray(p.ptr >> 2, (p.ptr >> 2) + p.size), off);
    off += p.size;
  }
  const bytes = new Uint8Array(weights.buffer);
  const manifest: Manifest = {
    format: 'arcparse-model', formatVersion: FORMAT_VERSION, architecture: ARCHITECTURE,
    createdAt: new Date().toISOString(), config: model.config,
    tensors: net.params.map((p) => ({ name: p.name, size: p.size })),
    weightsBytes: bytes.length, weightsSha256: sha256(bytes),
    vocabSha256: sha256(Buffer.from(vocabJson)), training,
  };
  writeFileSync(join(dir, 'vocab.json'), vocabJson);
  writeFileSync(join(dir, 'weights.bin'), bytes);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

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

/** Loads a model directory, checking format version, checksums and tensor shapes. */
export function loadModel(dir: string, kernels: Kernels = createKernels()): { model: ParserModel; manifest: Manifest } {
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
  const vocabFile = join(dir, 'vocab.json');
  const vocabBuf = readOrThrow(vocabFile);
  if (sha256(vocabBuf) !== manifest.vocabSha256) {
    throw new ModelError('MODEL_ERR_CHECKSUM', `${vocabFile}: checksum does not match manifest.json (corrupt or edited file)`, { file: vocabFile });
  }
  const vj = VocabSchema.safeParse(parseJson(vocabFile, vocabBuf));
  if (!vj.success) throw new ModelError('MODEL_ERR_MANIFEST', `${vocabFile}: ${vj.error.issues[0]?.message ?? 'invalid'}`, { file: vocabFile });
  const weightsFile = join(dir, 'weights.bin');
  const wbuf = readOrThrow(weightsFile);
  if (wbuf.length !== manifest.weightsBytes) {
    throw new ModelError('MODEL_ERR_TRUNCATED', `${weightsFile}: ${wbuf.length} bytes, manifest.json says ${manifest.weightsBytes} (truncated or wrong file)`, { file: weightsFile });
  }
  if (sha256(wbuf) !== manifest.weightsSha256) {
    throw new ModelError('MODEL_ERR_CHECKSUM', `${weightsFile}: checksum does not match manifest.json (corrupt file)`, { file: weightsFile });
  }
  const config: ModelConfig = manifest.config;
  const model = new ParserModel(kernels, config, {
    word: new Vocab(vj.data.word), upos: new Vocab(vj.data.upos), xpos: new Vocab(vj.data.xpos),
    suffix: new Vocab(vj.data.suffix), labels: vj.data.labels,
  });
  const params = model.net.params;
  if (params.length !== manifest.tensors.length || params.some((p, i) => p.name !== manifest.tensors[i]?.name || p.size !== manifest.tensors[i]?.size)) {
    throw new ModelError('MODEL_ERR_SHAPE', `${manifestFile}: tensor table does not match the configuration and vocabularies`, { file: manifestFile });
  }
  const weights = new Float32Array(wbuf.buffer.slice(wbuf.byteOffset, wbuf.byteOffset + wbuf.length));
  const f = model.net.arena.f32();
  let off = 0;
  for (const p of params) {
    f.set(weights.subarray(off, off + p.size), p.ptr >> 2);
    off += p.size;
  }
  return { model, manifest };
}
