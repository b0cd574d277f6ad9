import { join } from 'node:path';
import { z } from 'zod/v3';
import type { Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { type Manifest, checkArchitecture, checkWith, loadShared, natList, readModelFiles, stringList, stringPairList, withFile } from '../model/model-files.ts';
import { type WeightStore, storeFor } from '../model/weight-store.ts';
import { FIRST_REAL_ID } from '../ud/vocab-ids.ts';
import { type TaggerVocabs, TaggerTemplate } from './features.ts';
import { Vocab } from '../model/vocab.ts';
import { sharedWordIndex } from '../model/shared-vocab.ts';
import { loadModelVectors } from '../model/vectors.ts';
import { FeatsTable } from './feats.ts';
import { Lemmatizer } from './lemmatizer.ts';
import { type FeatsSource, type TaggerConfig, TaggerModel, extraNetworks } from './tagger-model.ts';
import { FeatsTemplate } from './feats-model.ts';
import { ambOfWordArray } from './vocabs.ts';

/**
 * Tagger architectures this code reads: v1 = one pass, FEATS by lookup; v2 = the same plus optional
 * pretrained vectors, a second pass and a FEATS network (config.template2, config.feats). New models
 * are saved as v2, so an older arcparse refuses them by name instead of misreading them.
 */
export const TAGGER_ARCHITECTURE = 'window-ffnn-tagger.v2';
const KNOWN_ARCHITECTURES = ['window-ffnn-tagger.v1', TAGGER_ARCHITECTURE];

const ConfigSchema = z.object({
  template: z.array(z.string()).min(1),
  wordDim: z.number().int().positive(),
  shapeDim: z.number().int().positive(),
  affixDim: z.number().int().positive(),
  ambDim: z.number().int().positive(),
  cwordDim: z.number().int().positive(),
  tagDim: z.number().int().positive(),
  hidden: z.number().int().positive(),
  activation: z.enum(ACTIVATIONS),
  template2: z.array(z.string()).default([]),
  hidden2: z.number().int().positive().default(1),
  feats: z.object({
    template: z.array(z.string()).min(1),
    dim: z.number().int().positive(),
    hidden: z.number().int().positive(),
    activation: z.enum(ACTIVATIONS),
  }).optional(),
  vectors: z.string().optional(),
  vectorsSha256: z.string().optional(),
});

const VocabSchema = z.object({
  word: stringList(),
  shape: stringList(),
  prefix: stringList(),
  suffix: stringList(),
  amb: stringList(),
  cword: stringList(),
  /** Ambiguity-class id per word entry (aligned with `word`). */
  ambOfWord: natList(),
  classes: z.array(z.string().includes('\t')).min(1),
  lemmatizer: z.object({
    maxSuffix: z.number().int().nonnegative(),
    cases: z.array(z.tuple([z.string(), z.enum(['keep', 'lower', 'title'])])),
    rules: z.array(z.tuple([z.string(), z.number().int().nonnegative(), z.string()])),
    exceptions: stringPairList(),
  }),
  /** The FEATS table (models without a FEATS network). */
  feats: z.object({
    byClass: z.array(z.string()),
    byForm: stringPairList(),
    byPrevClass: stringPairList(),
    byPrevWord: stringPairList(),
  }).optional(),
  /** What the FEATS network answers (models with one). */
  featsNetwork: z.object({
    strings: z.array(z.string()).min(1),
    byClass: z.array(z.array(z.number().int().nonnegative()).min(1)),
    deprels: z.array(z.string()),
  }).optional(),
}).refine((v) => v.ambOfWord.length === v.word.length, { message: 'ambOfWord must have one entry per word', path: ['ambOfWord'] })
  .refine((v) => v.ambOfWord.every((a) => a < FIRST_REAL_ID + v.amb.length), { message: 'ambiguity class id out of range', path: ['ambOfWord'] })
  .refine((v) => (v.feats === undefined) !== (v.featsNetwork === undefined), { message: 'either a FEATS table or a FEATS network', path: ['feats'] })
  .refine((v) => v.feats === undefined || v.feats.byClass.length === v.classes.length, { message: 'one FEATS default per class', path: ['feats', 'byClass'] })
  .refine((v) => v.featsNetwork === undefined || (v.featsNetwork.byClass.length === v.classes.length
    && v.featsNetwork.byClass.every((c) => c.every((f) => f < (v.featsNetwork?.strings.length ?? 0)))),
  { message: 'one list of FEATS strings per class, each in range', path: ['featsNetwork', 'byClass'] });

/**
 * Loads a tagger model directory, checking format version, checksums, architecture, configuration,
 * vocabularies and tensor shapes; every failure is a ModelError naming the file at fault.
 * Weights go to `target` as for the parser (parser/serialize.ts loadModel).
 */
export function loadTaggerModel(dir: string, target?: Kernels | WeightStore): { model: TaggerModel; manifest: Manifest; weightsKey: string } {
  const store = storeFor(target);
  const files = readModelFiles(dir, 'tagger');
  const manifestFile = join(dir, 'manifest.json'), vocabFile = join(dir, 'vocab.json');
  checkArchitecture(files, dir, KNOWN_ARCHITECTURES);
  const config: TaggerConfig & { vectorsSha256?: string | undefined } = checkWith(ConfigSchema, files.manifest.config, manifestFile);
  withFile(manifestFile, () => new TaggerTemplate(config.template, 1));
  if (config.template2.length > 0) withFile(manifestFile, () => new TaggerTemplate(config.template2, 2));
  const v = checkWith(VocabSchema, files.vocab, vocabFile);
  const wordList = (field: 'word' | 'prefix' | 'suffix' | 'cword') => sharedWordIndex(v[field], store, files.manifest.vocabSha256, field);
  const vocabs: TaggerVocabs = withFile(vocabFile, () => {
    const word = wordList('word');
    return {
      word, shape: new Vocab(v.shape), prefix: wordList('prefix'), suffix: wordList('suffix'), amb: new Vocab(v.amb), cword: wordList('cword'),
      ambOfWord: ambOfWordArray(word, v.ambOfWord), classes: v.classes,
    };
  });
  const vectors = config.vectors === undefined ? undefined : loadModelVectors(dir, config.vectors, config.vectorsSha256, manifestFile, store);
  const feats: FeatsSource = withFile(vocabFile, () => (v.featsNetwork
    ? { network: { strings: v.featsNetwork.strings, byClass: v.featsNetwork.byClass, deprels: new Vocab(v.featsNetwork.deprels) } }
    : { table: new FeatsTable(v.feats ?? { byClass: [], byForm: [], byPrevClass: [], byPrevWord: [] }) }));
  if (config.feats) withFile(manifestFile, () => new FeatsTemplate(config.feats?.template ?? []));
  const lemmatizer = new Lemmatizer(v.lemmatizer);
  const model = loadShared(files, store,
    (shared) => withFile(manifestFile, () => new TaggerModel(store.kernels, config, vocabs, lemmatizer, feats, { vectors, shared })),
    (m) => m.net, extraNetworks);
  return { model, manifest: files.manifest, weightsKey: files.weightsKey() };
}
