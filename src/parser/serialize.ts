import { join } from 'node:path';
import { z } from 'zod';
import { createKernels, type Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { type Manifest, checkWith, readModelFiles } from '../model/model-files.ts';
import { ParserModel, type ModelConfig } from './parser-model.ts';
import { Vocab } from '../model/vocab.ts';

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
});

const VocabSchema = z.object({
  word: z.array(z.string()),
  upos: z.array(z.string()),
  xpos: z.array(z.string()),
  suffix: z.array(z.string()),
  labels: z.array(z.string()).min(1),
});

/** Loads a parser model directory, checking format version, checksums and tensor shapes. */
export function loadModel(dir: string, kernels: Kernels = createKernels()): { model: ParserModel; manifest: Manifest } {
  const files = readModelFiles(dir, 'parser');
  const config: ModelConfig = checkWith(ConfigSchema, files.manifest.config, join(dir, 'manifest.json'));
  const v = checkWith(VocabSchema, files.vocab, join(dir, 'vocab.json'));
  const model = new ParserModel(kernels, config, {
    word: new Vocab(v.word), upos: new Vocab(v.upos), xpos: new Vocab(v.xpos), suffix: new Vocab(v.suffix), labels: v.labels,
  });
  files.loadInto(model.net);
  return { model, manifest: files.manifest };
}
