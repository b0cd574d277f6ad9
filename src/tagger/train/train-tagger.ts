import { createKernels, type Kernels } from '../../kernels/index.ts';
import type { ExampleSet } from '../../model/train/examples.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainOptions, type TrainSchedule, scheduleOf, trainNetwork, wordDropoutProbabilities } from '../../model/train/trainer.ts';
import type { Sentence } from '../../ud/types.ts';
import { FIRST_REAL_ID, UNK_ID } from '../../ud/vocab-ids.ts';
import { ATTR, DEFAULT_TAGGER_TEMPLATE } from '../features.ts';
import { mergeTaggers } from './ensemble.ts';
import { type TaggerConfig, TaggerModel } from '../tagger-model.ts';
import { type TaggerScores, learnLexicon, makeTaggerExamples, scoreTagger } from './training-data.ts';
import { saveTagger } from './save-tagger.ts';
import { buildTaggerVocabs } from './vocabs.ts';
import { initializeNetwork } from '../../model/train/initialize.ts';

/** The model's configuration (TaggerConfig: template, dimensions, hidden layer) and how to train it. */
export interface TaggerTrainOptions extends TrainSchedule, TaggerConfig {
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
}

export const DEFAULT_TAGGER_OPTIONS: TaggerTrainOptions = {
  epochs: 12, batchSize: 32, lr: 0.001, lrDecay: 0.8, l2: 0, hidden: 256, activation: 'relu',
  wordDim: 64, shapeDim: 16, affixDim: 32, ambDim: 16, cwordDim: 32, tagDim: 24, dropout: 0.3, wordDropout: 0.25, inputDropout: 0.2, emaDecay: 0.9995,
  template: [...DEFAULT_TAGGER_TEMPLATE], seed: 1, patience: 3,
  minAffixCount: 2, ambMinCount: 3, ambMinShare: 0.05, minCasedCount: 2, lemmaSuffix: 6, ensemble: 1,
};

export interface TaggerTrainHooks {
  onData?: (info: Record<string, unknown>) => void;
  onProgress?: (epoch: number, done: number, total: number, loss: number) => void;
  onEpoch?: (info: Omit<EpochInfo, 'dev'> & { dev: TaggerScores | undefined; member: number }) => void;
}

/** Dev selection score: mean of UPOS and XPOS accuracy. */
const selection = (s: TaggerScores): number => (s.upos + s.xpos) / 2;

/**
 * Trains a tagger on gold sentences. With dev sentences, each network keeps the weights of its best
 * dev epoch (and `scores` are the final model's full dev scores); without, all epochs run and the
 * last is kept. With opts.ensemble = K > 1, K networks are trained and merged into one.
 */
export function trainTaggerModel(train: readonly Sentence[], dev: readonly Sentence[], opts: TaggerTrainOptions,
  hooks: TaggerTrainHooks = {}, kernels: Kernels = createKernels()): { model: TaggerModel; scores: TaggerScores | undefined; bestEpoch: number } {
  const { vocabs, wordCounts } = buildTaggerVocabs(train, opts);
  const { lemmatizer, feats } = learnLexicon(train, vocabs.classes, { maxSuffix: opts.lemmaSuffix, minTypes: 1 });
  const config: TaggerConfig = {
    template: [...opts.template], wordDim: opts.wordDim, shapeDim: opts.shapeDim, affixDim: opts.affixDim,
    ambDim: opts.ambDim, cwordDim: opts.cwordDim, tagDim: opts.tagDim, hidden: opts.hidden, activation: opts.activation,
  };
  const members: TaggerModel[] = [];
  let bestEpoch = 0;
  let examples: ExampleSet | undefined;
  for (let k = 0; k < Math.max(1, opts.ensemble); k++) {
    const model = new TaggerModel(opts.ensemble > 1 ? createKernels(kernels.name) : kernels, config, vocabs, lemmatizer, feats);
    initializeNetwork(model.net, new Rng(opts.seed + k));
    examples ??= makeTaggerExamples(model, train);
    if (k === 0) {
      hooks.onData?.({ trainSentences: train.length, examples: examples.count, devSentences: dev.length, words: vocabs.word.size,
        classes: vocabs.classes.length, shapes: vocabs.shape.size, prefixes: vocabs.prefix.size, suffixes: vocabs.suffix.size,
        ambClasses: vocabs.amb.size, slots: model.template.numSlots, inputDim: model.net.inputDim, kernels: kernels.name,
        members: opts.ensemble });
    }
    const drop = wordDropout(model, wordCounts, opts.wordDropout);
    bestEpoch = Math.max(bestEpoch, trainMember(model, examples, dev, { ...opts, seed: opts.seed + k }, drop, hooks, k));
    members.push(model);
  }
  const model = members.length === 1 && members[0] ? members[0] : mergeTaggers(members, kernels);
  const scores = dev.length > 0 ? scoreTagger(model, new DirectScorer(model.net), dev, true) : undefined;
  return { model, scores, bestEpoch };
}

/** Word dropout: a word seen c times becomes UNK with probability α/(α + c) in every word slot. */
function wordDropout(model: TaggerModel, wordCounts: Map<string, number>, alpha: number): TrainOptions['idDropout'] {
  const slots: number[] = [];
  model.template.slotAttr.forEach((a, s) => { if (a === ATTR.word) slots.push(s); });
  if (alpha <= 0 || slots.length === 0) return undefined;
  const words = model.vocabs.word.strings;
  const prob = wordDropoutProbabilities(words.length, FIRST_REAL_ID, (id) => wordCounts.get(words[id]) ?? 0, alpha);
  return { slots, prob, unkId: UNK_ID };
}

/** Trains one network in place with src/model's trainer; returns its best epoch. */
function trainMember(model: TaggerModel, examples: ExampleSet, dev: readonly Sentence[], opts: TaggerTrainOptions,
  idDropout: TrainOptions['idDropout'], hooks: TaggerTrainHooks, member: number): number {
  const scorer = new DirectScorer(model.net);
  let lastDev: TaggerScores | undefined;
  let lastEpoch = 0;
  return trainNetwork(model.net, examples, {
    ...scheduleOf(opts), idDropout, patience: dev.length > 0 ? opts.patience : opts.epochs,
    onProgress: (done, total, loss) => hooks.onProgress?.(lastEpoch + 1, done, total, loss),
    evaluate: (epoch) => {
      if (dev.length === 0) return epoch;
      lastDev = scoreTagger(model, scorer, dev, false);
      return selection(lastDev);
    },
    onEpoch: (info) => {
      lastEpoch = info.epoch;
      hooks.onEpoch?.({ ...info, dev: lastDev, member });
    },
  }).bestEpoch;
}

export interface TaggerRun {
  /** Recorded in the manifest's training record. */
  command?: string;
  hooks?: TaggerTrainHooks;
}

/**
 * Trains a tagger (seeded, deterministic), keeps the best dev epoch, writes it to `outDir` and
 * returns its dev accuracies in percent (gold tokenization).
 */
export function trainTagger(train: Sentence[], dev: Sentence[], outDir: string, opts: Partial<TaggerTrainOptions> = {},
  run: TaggerRun = {}): { upos: number; xpos: number; lemma: number; feats: number } {
  const started = Date.now();
  const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, ...opts };
  const { model, scores, bestEpoch } = trainTaggerModel(train, dev, o, run.hooks);
  const round = (x: number | undefined): number => Math.round((x ?? 0) * 100) / 100;
  const result = { upos: round(scores?.upos), xpos: round(scores?.xpos), lemma: round(scores?.lemma), feats: round(scores?.feats) };
  saveTagger(model, outDir, {
    ...(run.command !== undefined ? { command: run.command } : {}),
    options: o, bestEpoch, dev: scores ? { ...result, joint: round(scores.joint), words: scores.words } : undefined,
    trainSentences: train.length, seconds: Math.round((Date.now() - started) / 1000),
  });
  return result;
}
