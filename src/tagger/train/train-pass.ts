import type { Kernels } from '../../kernels/index.ts';
import type { ExampleSet } from '../../model/train/examples.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainOptions, type TrainSchedule, scheduleOf, trainNetwork, wordDropoutProbabilities } from '../../model/train/trainer.ts';
import type { VectorsOptions } from '../../model/train/training-vectors.ts';
import { initializeNetwork } from '../../model/train/initialize.ts';
import type { Vectors } from '../../model/vectors.ts';
import type { Sentence } from '../../ud/types.ts';
import { FIRST_REAL_ID, RESERVED_ENTRIES, UNK_ID } from '../../ud/vocab-ids.ts';
import { ATTR, vectorFeatures } from '../features.ts';
import { type FeatsSource, type TaggerConfig, TaggerModel } from '../tagger-model.ts';
import { type TaggerScores, learnFeatsTableOf, learnTaggerLemmatizer, scoreTagger } from './training-data.ts';
import { learnFeatsVocab } from './train-feats.ts';
import { buildTaggerVocabs } from './vocabs.ts';

/**
 * The building blocks of tagger training: the options, a new untrained tagger, and the training of
 * one pass's network. train-tagger.ts (the whole tagger) and first-pass.ts (the jackknifed first
 * pass a second pass learns from) are made of them.
 */

/** The model's configuration (TaggerConfig: template, dimensions, hidden layer) and how to train it. */
export interface TaggerTrainOptions extends TrainSchedule, Omit<TaggerConfig, 'vectors'>, VectorsOptions {
  inputDropout: number;
  emaDecay: number;
  /** α of word dropout: a word seen c times becomes UNK with probability α/(α + c); 0 = off. */
  wordDropout: number;
  minAffixCount: number;
  ambMinCount: number;
  ambMinShare: number;
  minCasedCount: number;
  /** Longest suffix that keys a lemma rule. */
  lemmaSuffix: number;
  /** Members trained with seeds seed, seed + 1, … and merged into one network (see ensemble.ts); 1 = a single network. */
  ensemble: number;
  /** With vectors: `pre` features at −n … +n are added to the template(s). */
  vectorWindow: number;
  /** Tagging passes: 1, or 2 for a second pass with `template2` that reads the first pass's classes. */
  passes: number;
  /** Second pass: folds of the first pass's jackknifing (its predictions on the training file are what the second pass learns from). */
  passFolds: number;
  /** Second pass: epochs of each fold's first-pass tagger. */
  passFoldEpochs: number;
  /** FEATS by a network that reads the tree (feats-model.ts), or (false) by the lookup table of earlier models. */
  featsNetwork: boolean;
  featsTemplate: string[];
  /** FEATS network: embedding size of every table. */
  featsDim: number;
  featsHidden: number;
  /** FEATS network: share of the training sentences also learned without their tree (for the tagger alone, before parsing). */
  featsNoTree: number;
}

export { DEFAULT_TAGGER_OPTIONS } from './defaults.ts';

export interface TaggerTrainHooks {
  onData?: (info: Record<string, unknown>) => void;
  onProgress?: (epoch: number, done: number, total: number, loss: number) => void;
  /**
   * After each epoch of each network: `member` is the ensemble member, `pass` the tagging pass (1 or
   * 2), or 0 for the FEATS network, whose dev score is `feats` (FEATS accuracy with the gold tree).
   */
  onEpoch?: (info: Omit<EpochInfo, 'dev'> & { dev: TaggerScores | undefined; feats?: number | undefined; member: number; pass: number }) => void;
  /** After each fold of the first pass's jackknifing (a second pass learns from its predictions). */
  onFold?: (fold: number, k: number, seconds: number) => void;
}

/** Dev selection score: mean of UPOS and XPOS accuracy. */
const selection = (s: TaggerScores): number => (s.upos + s.xpos) / 2;

/** The architecture the options describe: templates with the vector features added when there are vectors. */
export function taggerConfigOf(opts: TaggerTrainOptions, vectors: Vectors | undefined): TaggerConfig {
  if (opts.passes !== 1 && opts.passes !== 2) throw new Error(`a tagger has 1 or 2 passes, not ${opts.passes}`);
  const withVectors = (t: readonly string[]): string[] => [...t, ...(vectors && !t.some((f) => f.startsWith('pre:')) ? vectorFeatures(opts.vectorWindow) : [])];
  return {
    template: withVectors(opts.template), wordDim: opts.wordDim, shapeDim: opts.shapeDim, affixDim: opts.affixDim,
    ambDim: opts.ambDim, cwordDim: opts.cwordDim, tagDim: opts.tagDim, hidden: opts.hidden, activation: opts.activation,
    template2: opts.passes > 1 ? withVectors(opts.template2) : [], hidden2: opts.hidden2,
    ...(opts.featsNetwork ? { feats: { template: [...opts.featsTemplate], dim: opts.featsDim, hidden: opts.featsHidden, activation: opts.activation } } : {}),
  };
}

/**
 * An untrained tagger for `train`: vocabularies, lemmatizer and FEATS table or FEATS network vocabulary learned from it,
 * networks initialised from the seed (pass k's from seed + 1000·k, so a one-pass model's weights
 * do not depend on whether a second pass exists).
 */
export function newTagger(train: readonly Sentence[], opts: TaggerTrainOptions, vectors: Vectors | undefined,
  kernels: Kernels): { model: TaggerModel; wordCounts: Map<string, number> } {
  const { vocabs, wordCounts } = buildTaggerVocabs(train, opts);
  const lemmatizer = learnTaggerLemmatizer(train, { maxSuffix: opts.lemmaSuffix, minTypes: 1 });
  const feats: FeatsSource = opts.featsNetwork ? { network: learnFeatsVocab(train, vocabs.classes) } : { table: learnFeatsTableOf(train, vocabs.classes) };
  const model = new TaggerModel(kernels, taggerConfigOf(opts, vectors), vocabs, lemmatizer, feats, { vectors });
  model.passes.forEach((p, k) => initializeNetwork(p.net, new Rng(opts.seed + 1000 * k)));
  return { model, wordCounts };
}

/** Word dropout: a word seen c times becomes UNK with probability α/(α + c) in every word slot of a pass. */
function wordDropout(model: TaggerModel, pass: number, wordCounts: Map<string, number>, alpha: number): TrainOptions['idDropout'] {
  const slots: number[] = [];
  model.passes[pass]?.template.slotAttr.forEach((a, s) => { if (a === ATTR.word) slots.push(s); });
  if (alpha <= 0 || slots.length === 0) return undefined;
  const words = [...RESERVED_ENTRIES, ...model.vocabs.word.entries()];
  const prob = wordDropoutProbabilities(words.length, FIRST_REAL_ID, (id) => wordCounts.get(words[id]) ?? 0, alpha);
  return { slots, prob, unkId: UNK_ID };
}

/**
 * Trains pass `pass`'s network in place with src/model's trainer (the passes before it are already
 * trained: dev is tagged by them, then by this one); returns its best epoch.
 */
export function trainPass(model: TaggerModel, pass: number, examples: ExampleSet, dev: readonly Sentence[], opts: TaggerTrainOptions,
  wordCounts: Map<string, number>, hooks: TaggerTrainHooks, member = 0): number {
  const scorers = model.passes.slice(0, pass + 1).map((p) => new DirectScorer(p.net));
  const net = model.passes[pass]?.net;
  if (!net) throw new Error(`the tagger has no pass ${pass + 1}`);
  let lastDev: TaggerScores | undefined;
  let lastEpoch = 0;
  return trainNetwork(net, examples, {
    ...scheduleOf({ ...opts, seed: opts.seed + 1000 * pass }), idDropout: wordDropout(model, pass, wordCounts, opts.wordDropout),
    patience: dev.length > 0 ? opts.patience : opts.epochs,
    onProgress: (done, total, loss) => hooks.onProgress?.(lastEpoch + 1, done, total, loss),
    evaluate: (epoch) => {
      if (dev.length === 0) return epoch;
      lastDev = scoreTagger(model, scorers, dev, false);
      return selection(lastDev);
    },
    onEpoch: (info) => {
      lastEpoch = info.epoch;
      hooks.onEpoch?.({ ...info, dev: lastDev, member, pass: pass + 1 });
    },
  }).bestEpoch;
}
