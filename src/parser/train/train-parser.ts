import { createKernels, type Kernels } from '../../kernels/index.ts';
import type { Activation } from '../../model/activation.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainOptions, type TrainSchedule, scheduleOf, trainNetwork, wordDropoutProbabilities } from '../../model/train/trainer.ts';
import { type VectorsOptions, trainingVectors } from '../../model/train/training-vectors.ts';
import { prepareExploreData, trainExploring } from './train-explore.ts';
import { type Scores, scoreParses } from '../../ud/attachment-score.ts';
import { CM_TEMPLATE, DEFAULT_TEMPLATE, RICH_TEMPLATE, VECTOR_FEATURES } from '../features.ts';
import { parseSentences } from '../parse-sentences.ts';
import { ParserModel } from '../parser-model.ts';
import { buildVocabs } from './vocabs.ts';
import { makeParserExamples } from './training-data.ts';
import type { Sentence } from '../../ud/types.ts';
import { FIRST_REAL_ID, UNK_ID } from '../../ud/vocab-ids.ts';
import { initializeNetwork } from '../../model/train/initialize.ts';

export interface ParserTrainOptions extends TrainSchedule, VectorsOptions {
  inputDropout: number;
  emaDecay: number;
  hidden: number;
  activation: Activation;
  wordDim: number;
  tagDim: number;
  labelDim: number;
  suffixDim: number;
  /** α of word dropout: a word seen c times becomes UNK with probability α/(α + c); 0 = off. */
  wordDropout: number;
  template: 'default' | 'cm' | 'rich';
  /** `static`: learn the static oracle's transition sequences; `dynamic`: explore with the exact dynamic oracle. */
  oracle: 'static' | 'dynamic';
  /** Dynamic oracle: epochs that follow the oracle only, before the parser follows its own predictions. */
  exploreFrom: number;
  /** Dynamic oracle: probability of following the prediction instead of the best zero-cost transition. */
  exploreRate: number;
  /** Dynamic oracle: learn the best zero-cost transition, or all zero-cost transitions together. */
  oracleLoss: 'best' | 'all';
  /** Token positions with a pretrained-vector feature. */
  vectorFeatures: 'none' | '6' | '10' | '18';
}

export const DEFAULT_TRAIN_OPTIONS: ParserTrainOptions = {
  epochs: 12, batchSize: 32, lr: 0.001, lrDecay: 0.85, l2: 0, hidden: 256, activation: 'relu',
  wordDim: 64, tagDim: 32, labelDim: 32, suffixDim: 32, dropout: 0.3, inputDropout: 0, wordDropout: 0.25,
  template: 'default', emaDecay: 0, seed: 1, patience: 3,
  oracle: 'static', exploreFrom: 1, exploreRate: 0.9, oracleLoss: 'best',
  vectors: '', vectorsTop: 0, vectorsDtype: 'int8', vectorFeatures: 'none',
};

export interface TrainHooks {
  onData?: (info: Record<string, unknown>) => void;
  onProgress?: (epoch: number, done: number, total: number, loss: number) => void;
  /** Called when an epoch sets a new best dev LAS, with the model holding that epoch's weights. */
  onBest?: (model: ParserModel, epoch: number, dev: Scores) => void;
  onEpoch?: (info: Omit<EpochInfo, 'dev'> & { dev: Scores }) => void;
}

/** Trains a parser on gold-tagged sentences; the returned model holds the weights of the best dev epoch. */
export function trainParser(train: readonly Sentence[], dev: readonly Sentence[], opts: ParserTrainOptions,
  hooks: TrainHooks = {}, kernels: Kernels = createKernels()): { model: ParserModel; best: Scores | undefined; nonProjective: number } {
  const { vocabs, wordCounts } = buildVocabs(train);
  const vectors = trainingVectors(opts, train);
  if (opts.vectorFeatures !== 'none' && !vectors) throw new Error('--vector-features needs --vectors');
  const model = new ParserModel(kernels, {
    template: [...{ cm: CM_TEMPLATE, default: DEFAULT_TEMPLATE, rich: RICH_TEMPLATE }[opts.template], ...VECTOR_FEATURES[opts.vectorFeatures]],
    wordDim: opts.wordDim, tagDim: opts.tagDim, labelDim: opts.labelDim, suffixDim: opts.suffixDim,
    hidden: opts.hidden, activation: opts.activation,
  }, vocabs, { vectors });
  initializeNetwork(model.net, new Rng(opts.seed));
  const dynamic = opts.oracle === 'dynamic' ? prepareExploreData(model, train) : undefined;
  const staticExamples = dynamic ? undefined : makeParserExamples(model, train);
  const nonProjective = dynamic?.nonProjective ?? staticExamples?.nonProjective ?? 0;
  hooks.onData?.({ trainSentences: train.length, nonProjectiveSkipped: nonProjective, examples: staticExamples?.examples.count ?? dynamic?.states,
    devSentences: dev.length, words: vocabs.word.size, labels: vocabs.labels.length, slots: model.template.numSlots,
    inputDim: model.net.inputDim, kernels: kernels.name, oracle: opts.oracle,
    vectors: vectors ? { rows: vectors.size, dim: vectors.dim, dtype: vectors.dtype } : 'none' });
  const wordTable = model.tableOf('word');
  const wordSlots = model.net.shape.slotTable.flatMap((t, s) => (t === wordTable ? [s] : []));
  const words = vocabs.word.strings;
  const prob = wordDropoutProbabilities(words.length, FIRST_REAL_ID, (id) => wordCounts.get(words[id]) ?? 0, opts.wordDropout);
  const scorer = new DirectScorer(model.net);
  let best: Scores | undefined;
  let lastDev: Scores | undefined;
  let lastEpoch = 0;
  const trainOptions: TrainOptions = {
    ...scheduleOf(opts),
    idDropout: opts.wordDropout > 0 && wordSlots.length > 0 ? { slots: wordSlots, prob, unkId: UNK_ID } : undefined,
    onProgress: (done, total, loss) => hooks.onProgress?.(lastEpoch + 1, done, total, loss),
    evaluate: (epoch) => {
      const s = scoreParses(dev, parseSentences(model, scorer, dev));
      lastDev = s;
      if (!best || s.las > best.las) {
        best = s;
        hooks.onBest?.(model, epoch, s);
      }
      return s.las;
    },
    onEpoch: (info) => {
      lastEpoch = info.epoch;
      if (lastDev) hooks.onEpoch?.({ ...info, dev: lastDev });
    },
  };
  if (dynamic) trainExploring(model, dynamic, { ...trainOptions, exploreFrom: opts.exploreFrom, exploreRate: opts.exploreRate, oracleLoss: opts.oracleLoss });
  else if (staticExamples) trainNetwork(model.net, staticExamples.examples, trainOptions);
  return { model, best, nonProjective };
}
