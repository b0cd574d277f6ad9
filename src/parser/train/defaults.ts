import type { ParserTrainOptions } from './train-parser.ts';

/**
 * `arcparse train parser`'s defaults, apart from the training code so that the CLI can show them
 * without importing it (the `parse` command then starts 3 MiB and 50 ms lighter).
 */
export const DEFAULT_TRAIN_OPTIONS: ParserTrainOptions = {
  epochs: 12, batchSize: 32, lr: 0.001, lrDecay: 0.85, l2: 0, hidden: 256, activation: 'relu',
  wordDim: 64, tagDim: 32, labelDim: 32, suffixDim: 32, dropout: 0.3, inputDropout: 0, wordDropout: 0.25,
  template: 'default', emaDecay: 0, seed: 1, patience: 3,
  oracle: 'static', exploreFrom: 1, exploreRate: 0.9, oracleLoss: 'best',
  vectors: '', vectorsTop: 0, vectorsDtype: 'int8', vectorFeatures: 'none',
  globalWidth: 0, globalEpochs: 6, globalLr: 0.0003, globalBatch: 8, calibrate: false, pseudoProjective: 'head', system: 'arc-standard',
  teachers: [], distillWeight: 1, contextFeatures: 'none', globalSentences: 0,
};
