import { createKernels, type Kernels } from '../../kernels/index.ts';
import type { Activation } from '../../model/activation.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainOptions, type TrainSchedule, scheduleOf, trainNetwork, wordDropoutProbabilities } from '../../model/train/trainer.ts';
import { type VectorsOptions, trainingVectors } from '../../model/train/training-vectors.ts';
import { prepareExploreData, trainExploring } from './train-explore.ts';
import { trainGlobal } from './train-global.ts';
import { Teachers } from './teachers.ts';
import { type Calibration, calibrate } from './calibrate.ts';
import { PrecomputedScorer } from '../../model/precompute.ts';
import { type Scores, scoreParses } from '../../ud/attachment-score.ts';
import { CONTEXT_FEATURES, CM_TEMPLATE, DEFAULT_TEMPLATE, NO_XPOS_TEMPLATE, RICH_TEMPLATE, VECTOR_FEATURES } from '../features.ts';
import { parseSentences } from '../parse-sentences.ts';
import { ParserModel } from '../parser-model.ts';
import { buildVocabs } from './vocabs.ts';
import { makeParserExamples } from './training-data.ts';
import { projectivizeSentences } from './projectivize.ts';
import type { Sentence } from '../../ud/types.ts';
import { FIRST_REAL_ID, RESERVED_ENTRIES, UNK_ID } from '../../ud/vocab-ids.ts';
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
  template: 'default' | 'cm' | 'rich' | 'noxpos';
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
  /** After local training: beam width of globally normalised training of a second output layer (0 = none). */
  globalWidth: number;
  globalEpochs: number;
  globalLr: number;
  /** Sentences per update of the global layer. */
  globalBatch: number;
  /** Fit the temperature of the reported probabilities on dev (kept only if it lowers the calibration error). */
  calibrate: boolean;
  /** Sentences global training learns from: evenly spaced over the training set (0 = all). */
  globalSentences: number;
  /** Attention-pooled context features over the pretrained vectors (attention-context.ts). */
  contextFeatures: 'none' | 's0' | '3';
  /** Knowledge distillation (with the dynamic oracle's exploration trainer): teacher model directories. */
  teachers: string[];
  /** Weight of the teachers' averaged distribution in the target; the rest goes to the oracle's best move. */
  distillWeight: number;
  /**
   * `head`: pseudo-projective parsing (lift the crossing arcs of training trees, encode the lifts in
   * the relations, restore them after parsing), so every training tree is used and parses can be
   * non-projective; `none`: non-projective training trees are left out.
   */
  pseudoProjective: 'head' | 'none';
  /** `arc-swap`: arc-standard with SWAP (arc-swap.ts), which builds non-projective trees itself (every training tree is used). */
  system: 'arc-standard' | 'arc-swap';
}

export { DEFAULT_TRAIN_OPTIONS } from './defaults.ts';

export interface TrainHooks {
  onData?: (info: Record<string, unknown>) => void;
  onProgress?: (epoch: number, done: number, total: number, loss: number) => void;
  /** Called when an epoch sets a new best dev LAS, with the model holding that epoch's weights. */
  onBest?: (model: ParserModel, epoch: number, dev: Scores) => void;
  onEpoch?: (info: Omit<EpochInfo, 'dev'> & { dev: Scores }) => void;
}

/**
 * The trees the parser learns: with pseudo-projective parsing, every tree, projectivized with its
 * lifts in the relations (train/projectivize.ts); otherwise the treebank's trees (the oracles leave
 * the non-projective ones out).
 */
export function learnedTrees(train: readonly Sentence[], opts: Pick<ParserTrainOptions, 'pseudoProjective'>): { sentences: readonly Sentence[]; lifted: number } {
  if (opts.pseudoProjective === 'none') return { sentences: train, lifted: 0 };
  const p = projectivizeSentences(train);
  return { sentences: p.sentences, lifted: p.lifted };
}

/**
 * Trains a parser on gold-tagged sentences; the returned model holds the weights of the best dev
 * epoch. Dev is scored on restored trees (dev itself is never projectivized).
 */
export function trainParser(trainTrees: readonly Sentence[], dev: readonly Sentence[], opts: ParserTrainOptions,
  hooks: TrainHooks = {}, kernels: Kernels = createKernels()): { model: ParserModel; best: Scores | undefined; nonProjective: number } {
  if (opts.system === 'arc-swap' && opts.pseudoProjective !== 'none') throw new Error('--system arc-swap builds non-projective trees itself: add --pseudo-projective none');
  const { sentences: train, lifted } = learnedTrees(trainTrees, opts);
  const { vocabs, wordCounts } = buildVocabs(train);
  const teachers = opts.teachers.length > 0 ? new Teachers(opts.teachers) : undefined;
  // A student predicts the transitions of its teachers, so it takes their label set.
  if (teachers) vocabs.labels = [...teachers.labels];
  const vectors = trainingVectors(opts, train);
  if (opts.vectorFeatures !== 'none' && !vectors) throw new Error('--vector-features needs --vectors');
  const model = new ParserModel(kernels, {
    template: [...{ cm: CM_TEMPLATE, default: DEFAULT_TEMPLATE, rich: RICH_TEMPLATE, noxpos: NO_XPOS_TEMPLATE }[opts.template], ...VECTOR_FEATURES[opts.vectorFeatures], ...CONTEXT_FEATURES[opts.contextFeatures]],
    wordDim: opts.wordDim, tagDim: opts.tagDim, labelDim: opts.labelDim, suffixDim: opts.suffixDim,
    hidden: opts.hidden, activation: opts.activation,
    ...(opts.pseudoProjective === 'none' ? {} : { pseudoProjective: opts.pseudoProjective }),
  }, vocabs, { vectors, system: opts.system });
  initializeNetwork(model.net, new Rng(opts.seed));
  if (opts.contextFeatures !== 'none' && !vectors) throw new Error('--context-features needs --vectors');
  // Training states keep their feature ids: each training sentence keeps its attention-context rows.
  model.context?.keep(true);
  const dynamic = opts.oracle === 'dynamic' ? prepareExploreData(model, train) : undefined;
  const staticExamples = dynamic ? undefined : makeParserExamples(model, train);
  model.context?.keep(false);
  const nonProjective = dynamic?.nonProjective ?? staticExamples?.nonProjective ?? 0;
  hooks.onData?.({ trainSentences: train.length, nonProjectiveSkipped: nonProjective, liftedArcs: lifted, examples: staticExamples?.examples.count ?? dynamic?.states,
    devSentences: dev.length, words: vocabs.word.size, labels: vocabs.labels.length, slots: model.template.numSlots,
    inputDim: model.net.inputDim, kernels: kernels.name, oracle: opts.oracle,
    vectors: vectors ? { rows: vectors.size, dim: vectors.dim, dtype: vectors.dtype } : 'none' });
  const wordTable = model.tableOf('word');
  const wordSlots = model.net.shape.slotTable.flatMap((t, s) => (t === wordTable ? [s] : []));
  const words = [...RESERVED_ENTRIES, ...vocabs.word.entries()];
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
  if (teachers && !dynamic) throw new Error('distillation (--teachers) runs in the exploration trainer: add --oracle dynamic');
  if (dynamic) {
    trainExploring(model, dynamic, { ...trainOptions, exploreFrom: opts.exploreFrom, exploreRate: opts.exploreRate, oracleLoss: opts.oracleLoss,
      teachers, distillWeight: opts.distillWeight });
  }
  else if (staticExamples) trainNetwork(model.net, staticExamples.examples, trainOptions);
  return { model, best, nonProjective };
}

/** n items evenly spaced over xs (all when n is 0 or covers them): a sample that keeps every genre of a treebank ordered by document. */
export function spread<T>(xs: readonly T[], n: number): readonly T[] {
  if (n <= 0 || n >= xs.length) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)] as T);
}

export interface FinishResult {
  model: ParserModel;
  /** Dev scores of the beam with the global layer (when trained). */
  global?: Scores | undefined;
  calibration?: Calibration | undefined;
}

/**
 * The steps after local training, on its best model: globally normalised training of a second
 * output layer over a beam (globalWidth > 0; the model is rebuilt with that layer in fresh kernels),
 * then temperature calibration of the reported probabilities (kept only if the held-out calibration
 * error drops).
 */
export function finishParser(local: ParserModel, train: readonly Sentence[], dev: readonly Sentence[], opts: ParserTrainOptions,
  hooks: { onGlobalEpoch?: (info: { epoch: number; loss: number; earlyUpdates: number; dev: Scores; seconds: number }) => void } = {}): FinishResult {
  let model = local;
  let global: Scores | undefined;
  if (opts.globalWidth > 0) {
    model = new ParserModel(createKernels(), { ...local.config, globalOutput: true }, local.vocabs, { system: local.system.name, vectors: local.vectors });
    copyParameters(local, model);
    global = trainGlobal(model, spread(learnedTrees(train, opts).sentences, opts.globalSentences), dev, { width: opts.globalWidth, epochs: opts.globalEpochs, lr: opts.globalLr, batch: opts.globalBatch, seed: opts.seed, patience: 2 },
      { onEpoch: hooks.onGlobalEpoch });
  }
  let calibration: Calibration | undefined;
  if (opts.calibrate) {
    calibration = calibrate(model, new PrecomputedScorer(model.net, 4000), dev);
    if (calibration.eceAfter < calibration.eceBefore) model.config.temperature = calibration.temperature;
  }
  return { model, global, calibration };
}

/** Copies every parameter tensor of `from` into the tensor of the same name in `to` (their networks live in different memories). */
function copyParameters(from: ParserModel, to: ParserModel): void {
  const src = from.net.arena.f32(), dst = to.net.arena.f32();
  for (const p of from.net.params) {
    const q = to.net.params.find((x) => x.name === p.name);
    if (!q || q.size !== p.size) throw new Error(`parameter ${p.name} has no counterpart of the same size`);
    dst.set(src.subarray(p.ptr >> 2, (p.ptr >> 2) + p.size), q.ptr >> 2);
  }
}
