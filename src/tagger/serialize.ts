import { join } from 'node:path';
import { z } from 'zod';
import type { Kernels } from '../kernels/index.ts';
import { ACTIVATIONS } from '../model/activation.ts';
import { type Manifest, checkArchitecture, checkWith, loadShared, readModelFiles, withFile } from '../model/model-files.ts';
import { type WeightStore, storeFor } from '../model/weight-store.ts';
import { FIRST_REAL_ID } from '../ud/vocab-ids.ts';
import { type TaggerVocabs, TaggerTemplate } from './features.ts';
import { Vocab } from '../model/vocab.ts';
import { FeatsTable } from './feats.ts';
import { Lemmatizer } from './lemmatizer.ts';
import { type TaggerConfig, TaggerModel } from './tagger-model.ts';
import { ambOfWordArray } from './vocabs.ts';

export const TAGGER_ARCHITECTURE = 'window-ffnn-tagger.v1';

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
});

const VocabSchema = z.object({
  word: z.array(z.string()),
  shape: z.array(z.string()),
  prefix: z.array(z.string()),
  suffix: z.array(z.string()),
  amb: z.array(z.string()),
  cword: z.array(z.string()),
  /** Ambiguity-class id per word entry (aligned with `word`). */
  ambOfWord: z.array(z.number().int().nonnegative()),
  classes: z.array(z.string().includes('\t')).min(1),
  lemmatizer: z.object({
    maxSuffix: z.number().int().nonnegative(),
    cases: z.array(z.tuple([z.string(), z.enum(['keep', 'lower', 'title'])])),
    rules: z.array(z.tuple([z.string(), z.number().int().nonnegative(), z.string()])),
    exceptions: z.array(z.tuple([z.string(), z.string()])),
  }),
  feats: z.object({
    byClass: z.array(z.string()),
    byForm: z.array(z.tuple([z.string(), z.string()])),
    byPrevClass: z.array(z.tuple([z.string(), z.string()])),
    byPrevWord: z.array(z.tuple([z.string(), z.string()])),
  }),
}).refine((v) => v.ambOfWord.length === v.word.length, { message: 'ambOfWord must have one entry per word', path: ['ambOfWord'] })
  .refine((v) => v.ambOfWord.every((a) => a < FIRST_REAL_ID + v.amb.length), { message: 'ambiguity class id out of range', path: ['ambOfWord'] })
  .refine((v) => v.feats.byClass.length === v.classes.length, { message: 'one FEATS default per class', path: ['feats', 'byClass'] });

/**
 * Loads a tagger model directory, checking format version, checksums, architecture, configuration,
 * vocabularies and tensor shapes; every failure is a ModelError naming the file at fault.
 * Weights go to `target` as for the parser (parser/serialize.ts loadModel).
 */
export function loadTaggerModel(dir: string, target?: Kernels | WeightStore): { model: TaggerModel; manifest: Manifest; weightsKey: string } {
  const store = storeFor(target);
  const files = readModelFiles(dir, 'tagger');
  const manifestFile = join(dir, 'manifest.json'), vocabFile = join(dir, 'vocab.json');
  checkArchitecture(files, dir, [TAGGER_ARCHITECTURE]);
  const config: TaggerConfig = checkWith(ConfigSchema, files.manifest.config, manifestFile);
  withFile(manifestFile, () => new TaggerTemplate(config.template));
  const v = checkWith(VocabSchema, files.vocab, vocabFile);
  const vocabs: TaggerVocabs = withFile(vocabFile, () => {
    const word = new Vocab(v.word);
    return {
      word, shape: new Vocab(v.shape), prefix: new Vocab(v.prefix), suffix: new Vocab(v.suffix), amb: new Vocab(v.amb), cword: new Vocab(v.cword),
      ambOfWord: ambOfWordArray(word, v.ambOfWord), classes: v.classes,
    };
  });
  const lemmatizer = new Lemmatizer(v.lemmatizer), feats = new FeatsTable(v.feats);
  const model = loadShared(files, store, (shared) => new TaggerModel(store.kernels, config, vocabs, lemmatizer, feats, shared), (m) => m.net);
  return { model, manifest: files.manifest, weightsKey: files.weightsKey() };
}
