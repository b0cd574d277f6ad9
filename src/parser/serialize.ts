import { join } from 'node:path';
import { z } from 'zod/v3';
import type { Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { ModelError } from '../model/errors.ts';
import { type Manifest, checkWith, loadShared, readModelFiles, stringList, withFile } from '../model/model-files.ts';
import { type WeightStore, storeFor } from '../model/weight-store.ts';
import { Vocab } from '../model/vocab.ts';
import { sharedWordIndex } from '../model/shared-vocab.ts';
import { FeatureTemplate } from './features.ts';
import { type ModelVocabs, ParserModel, ROOT_RELATION } from './parser-model.ts';
import { loadModelVectors } from '../model/vectors.ts';
import { createTransitionSystem } from './transition-system.ts';
import { PSEUDO_PROJECTIVE_SCHEMES } from './pseudo-projective.ts';

export type { Manifest } from '../model/model-files.ts';

/**
 * Parser architectures this code reads (the manifest's `architecture`), each with the transition
 * system it decodes with. A new system or network gets a new name; old names keep loading.
 */
const ARCHITECTURES: ReadonlyMap<string, string> = new Map([['arc-standard-ffnn.v1', 'arc-standard'], ['arc-swap-ffnn.v1', 'arc-swap']]);

/** The architecture name a model with this transition system is saved under. */
export function architectureOf(system: string): string {
  for (const [architecture, s] of ARCHITECTURES) if (s === system) return architecture;
  throw new Error(`no parser architecture uses the transition system "${system}"`);
}

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
  temperature: z.number().positive().optional(),
  pseudoProjective: z.enum(PSEUDO_PROJECTIVE_SCHEMES).optional(),
});

const VocabSchema = z.object({
  word: stringList(),
  upos: stringList(),
  xpos: stringList(),
  suffix: stringList(),
  labels: z.array(z.string()).min(1),
});

/**
 * Loads a parser model directory, checking format version, checksums, architecture, configuration,
 * vocabularies and tensor shapes; every failure is a ModelError naming the file at fault.
 * The weights go to `target`: this thread's shared store by default (a model loaded before in this
 * process, or by the thread a worker attached to, is not read again), a private one for explicit kernels.
 * `weightsKey` identifies the weights in the store (for tables derived from them).
 */
export function loadModel(dir: string, target?: Kernels | WeightStore): { model: ParserModel; manifest: Manifest; weightsKey: string } {
  const store = storeFor(target);
  const files = readModelFiles(dir, 'parser');
  const manifestFile = join(dir, 'manifest.json'), vocabFile = join(dir, 'vocab.json');
  const architecture = files.manifest.architecture;
  const system = ARCHITECTURES.get(architecture);
  if (system === undefined) {
    throw new ModelError('MODEL_ERR_INVALID', `${manifestFile}: unknown parser architecture "${architecture}" (known: ${[...ARCHITECTURES.keys()].join(', ')})`,
      { file: manifestFile });
  }
  const config = checkWith(ConfigSchema, files.manifest.config, manifestFile);
  withFile(manifestFile, () => new FeatureTemplate(config.template));
  const v = checkWith(VocabSchema, files.vocab, vocabFile);
  const wordList = (field: 'word' | 'suffix') => sharedWordIndex(v[field], store, files.manifest.vocabSha256, field);
  const vocabs: ModelVocabs = withFile(vocabFile, () => ({
    word: wordList('word'), upos: new Vocab(v.upos), xpos: new Vocab(v.xpos), suffix: wordList('suffix'), labels: v.labels,
  }));
  withFile(vocabFile, () => createTransitionSystem(system, v.labels, ROOT_RELATION));
  const vectors = config.vectors === undefined ? undefined : loadModelVectors(dir, config.vectors, config.vectorsSha256, manifestFile, store);
  const model = loadShared(files, store, (shared) => new ParserModel(store.kernels, config, vocabs, { system, vectors, shared }), (m) => m.net);
  return { model, manifest: files.manifest, weightsKey: files.weightsKey() };
}
