import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { createKernels, type Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { type Manifest, checkWith, readModelFiles, writeModelFiles } from '../model/model-files.ts';
import { ModelError } from '../model/errors.ts';
import { Vectors } from '../model/vectors.ts';
import { ParserModel, type ModelConfig } from './parser-model.ts';
import { Vocab } from './vocab.ts';

export type { Manifest } from '../model/model-files.ts';
export const ARCHITECTURE = 'arc-standard-ffnn.v1';

const ConfigSchema = z.object({
  template: z.array(z.string()).min(1),
  wordDim: z.number().int().positive(),
  tagDim: z.number().int().positive(),
  labelDim: z.number().int().positive(),
  suffixDim: z.number().int().positive(),
  hidden: z.number().int().positive(),
  activation: z.enum(ACTIVATIONS),
  vectors: z.string().optional(),
  vectorsSha256: z.string().optional(),
  globalOutput: z.boolean().optional(),
});

const VocabSchema = z.object({
  word: z.array(z.string()),
  upos: z.array(z.string()),
  xpos: z.array(z.string()),
  suffix: z.array(z.string()),
  labels: z.array(z.string()).min(1),
});

/**
 * Writes a parser model directory. Its pretrained vectors (if any) go to `vectorsDir` (default
 * `<dir>/vectors`; a bundle shares one directory between parser and tagger), recorded in the
 * manifest as a path relative to `dir` with the vectors' checksum.
 */
export function saveModel(model: ParserModel, dir: string, training: Record<string, unknown> = {}, vectorsDir = join(dir, 'vectors')): void {
  const v = model.vocabs;
  let config: Record<string, unknown> = { ...model.config };
  if (model.vectors) {
    const m = model.vectors.save(vectorsDir);
    config = { ...config, vectors: relative(dir, vectorsDir), vectorsSha256: m.weightsSha256 };
  }
  writeModelFiles(dir, {
    kind: 'parser', architecture: ARCHITECTURE, config, net: model.net, training,
    vocab: { word: v.word.entries(), upos: v.upos.entries(), xpos: v.xpos.entries(), suffix: v.suffix.entries(), labels: v.labels },
  });
}

/** Loads a parser model directory, checking format version, checksums and tensor shapes. */
export function loadModel(dir: string, kernels: Kernels = createKernels()): { model: ParserModel; manifest: Manifest } {
  const files = readModelFiles(dir, 'parser');
  const config = checkWith(ConfigSchema, files.manifest.config, join(dir, 'manifest.json'));
  const v = checkWith(VocabSchema, files.vocab, join(dir, 'vocab.json'));
  let vectors: Vectors | undefined;
  if (config.vectors !== undefined) {
    vectors = Vectors.load(join(dir, config.vectors));
    const sha = vectorsWeightsSha(join(dir, config.vectors));
    if (sha !== config.vectorsSha256) {
      throw new ModelError('MODEL_ERR_CHECKSUM', `${join(dir, 'manifest.json')}: the vectors in ${join(dir, config.vectors)} are not the ones this parser was trained with`, { file: join(dir, 'manifest.json') });
    }
  }
  const model = new ParserModel(kernels, config, {
    word: new Vocab(v.word), upos: new Vocab(v.upos), xpos: new Vocab(v.xpos), suffix: new Vocab(v.suffix), labels: v.labels,
  }, vectors);
  files.loadInto(model.net);
  return { model, manifest: files.manifest };
}

function vectorsWeightsSha(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { weightsSha256?: string }).weightsSha256 ?? '';
}
