import { join } from 'node:path';
import { createKernels, type Kernels } from '../../kernels/index.ts';
import type { ExampleSet } from '../../model/train/examples.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { trainingVectors } from '../../model/train/training-vectors.ts';
import type { Vectors } from '../../model/vectors.ts';
import type { Sentence } from '../../ud/types.ts';
import { mergeTaggers } from './ensemble.ts';
import { jackknifeFirstPass } from './first-pass.ts';
import type { TaggerModel } from '../tagger-model.ts';
import { type TaggerScores, makeTaggerExamples, scoreTagger } from './training-data.ts';
import { saveTagger } from './save-tagger.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainHooks, type TaggerTrainOptions, newTagger, trainPass } from './train-pass.ts';
import { trainFeatsNetwork } from './train-feats.ts';
import { scheduleOf } from '../../model/train/trainer.ts';

export { DEFAULT_TAGGER_OPTIONS, type TaggerTrainHooks, type TaggerTrainOptions } from './train-pass.ts';

/** Where a training run's kernels and pretrained vectors come from (default: new kernels; vectors as the options say). */
export interface TaggerTrainEnv {
  kernels?: Kernels;
  /** Vectors already resolved (jackknife folds share one selection); default: trainingVectors(opts, train). */
  vectors?: Vectors | undefined;
}

/**
 * Trains a tagger on gold sentences. With dev sentences, each network keeps the weights of its best
 * dev epoch (and `scores` are the final model's full dev scores); without, all epochs run and the
 * last is kept. With a second pass, the first pass is trained, then the training file is tagged
 * by k-fold first-pass taggers (first-pass.ts), and the second pass learns from those predictions.
 * With opts.ensemble = K > 1 (one pass, no vectors), K networks are trained and merged into one.
 */
export function trainTaggerModel(train: readonly Sentence[], dev: readonly Sentence[], opts: TaggerTrainOptions,
  hooks: TaggerTrainHooks = {}, env: TaggerTrainEnv = {}): { model: TaggerModel; scores: TaggerScores | undefined; bestEpoch: number } {
  const kernels = env.kernels ?? createKernels();
  const vectors = 'vectors' in env ? env.vectors : trainingVectors(opts, train);
  if (opts.ensemble > 1) return trainEnsemble(train, dev, opts, hooks, kernels, vectors);
  const { model, wordCounts } = newTagger(train, opts, vectors, kernels);
  const examples = makeTaggerExamples(model, train);
  hooks.onData?.(dataInfo(model, train, dev, examples.count, kernels.name));
  let bestEpoch = trainPass(model, 0, examples, dev, opts, wordCounts, hooks);
  if (model.passes.length > 1) {
    const { predictions } = jackknifeFirstPass(train, { ...opts, featsNetwork: false }, vectors, hooks.onFold);
    const examples2 = makeTaggerExamples(model, train, 1, predictions);
    bestEpoch = trainPass(model, 1, examples2, dev, opts, wordCounts, hooks);
  }
  if (model.featsModel) {
    // Model selection on dev words as the tagger classes them (its passes are trained by now).
    const scorers = model.passes.map((p) => new DirectScorer(p.net));
    const ws = model.newWorkspace();
    const devClasses = dev.map((s) => model.classesOf(scorers, s.words.map((w) => w.form), ws));
    trainFeatsNetwork(model, train, dev, devClasses, { ...scheduleOf(opts), seed: opts.seed + 3000, noTree: opts.featsNoTree },
      (info) => hooks.onEpoch?.({ ...info, dev: undefined, feats: info.dev, member: 0, pass: 0 }));
  }
  const scores = dev.length > 0 ? scoreTagger(model, model.passes.map((p) => new DirectScorer(p.net)), dev, true) : undefined;
  return { model, scores, bestEpoch };
}

function dataInfo(model: TaggerModel, train: readonly Sentence[], dev: readonly Sentence[], examples: number, kernels: string): Record<string, unknown> {
  const v = model.vocabs, vectors = model.vectors;
  return { trainSentences: train.length, examples, devSentences: dev.length, words: v.word.size,
    classes: v.classes.length, shapes: v.shape.size, prefixes: v.prefix.size, suffixes: v.suffix.size,
    ambClasses: v.amb.size, slots: model.passes.map((p) => p.template.numSlots), inputDim: model.passes.map((p) => p.net.inputDim), kernels,
    vectors: vectors ? { rows: vectors.size, dim: vectors.dim, dtype: vectors.dtype } : 'none' };
}

/** K one-pass networks with seeds seed, seed + 1, … merged into one (ensemble.ts). */
function trainEnsemble(train: readonly Sentence[], dev: readonly Sentence[], opts: TaggerTrainOptions, hooks: TaggerTrainHooks,
  kernels: Kernels, vectors: Vectors | undefined): { model: TaggerModel; scores: TaggerScores | undefined; bestEpoch: number } {
  if (vectors || opts.passes > 1) {
    throw new Error('an ensemble of taggers has one pass and no pretrained vectors (merged networks concatenate their tables)');
  }
  const members: TaggerModel[] = [];
  let bestEpoch = 0;
  let examples: ExampleSet | undefined;
  for (let k = 0; k < opts.ensemble; k++) {
    // Members' FEATS come from the table: a FEATS network would be one more network per member to merge.
    const { model, wordCounts } = newTagger(train, { ...opts, seed: opts.seed + k, featsNetwork: false }, undefined, createKernels(kernels.name));
    examples ??= makeTaggerExamples(model, train);
    if (k === 0) hooks.onData?.({ ...dataInfo(model, train, dev, examples.count, kernels.name), members: opts.ensemble });
    bestEpoch = Math.max(bestEpoch, trainPass(model, 0, examples, dev, { ...opts, seed: opts.seed + k }, wordCounts, hooks, k));
    members.push(model);
  }
  const model = mergeTaggers(members, kernels);
  const scores = dev.length > 0 ? scoreTagger(model, [new DirectScorer(model.net)], dev, true) : undefined;
  return { model, scores, bestEpoch };
}

export interface TaggerRun {
  /** Recorded in the manifest's training record. */
  command?: string;
  hooks?: TaggerTrainHooks;
  /** Where the pretrained vectors go (default <outDir>/vectors). */
  vectorsOut?: string | undefined;
}

/**
 * Trains a tagger (seeded, deterministic), keeps the best dev epoch, writes it to `outDir` and
 * returns its dev accuracies in percent (gold tokenization).
 */
export function trainTagger(train: Sentence[], dev: Sentence[], outDir: string, opts: Partial<TaggerTrainOptions> = {},
  run: TaggerRun = {}): { upos: number; xpos: number; lemma: number; feats: number; featsTree: number } {
  const started = Date.now();
  const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, ...opts };
  const { model, scores, bestEpoch } = trainTaggerModel(train, dev, o, run.hooks);
  const round = (x: number | undefined): number => Math.round((x ?? 0) * 100) / 100;
  const result = { upos: round(scores?.upos), xpos: round(scores?.xpos), lemma: round(scores?.lemma), feats: round(scores?.feats),
    featsTree: round(scores?.featsTree) };
  saveTagger(model, outDir, {
    ...(run.command !== undefined ? { command: run.command } : {}),
    options: o, bestEpoch, dev: scores ? { ...result, joint: round(scores.joint), words: scores.words } : undefined,
    trainSentences: train.length, seconds: Math.round((Date.now() - started) / 1000),
  }, run.vectorsOut ?? join(outDir, 'vectors'));
  return result;
}
