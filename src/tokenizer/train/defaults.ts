import type { SplitterTrainOptions } from './train-splitter.ts';

/**
 * `arcparse train tokenizer`'s defaults, apart from the training code so that the CLI can show
 * them without importing it.
 */
export const DEFAULT_SPLITTER_OPTIONS: SplitterTrainOptions = {
  members: 3, wordDim: 16, shapeDim: 16, smallDim: 8, hidden: 64, activation: 'relu', threshold: 0.5,
  epochs: 6, batchSize: 32, lr: 0.001, lrDecay: 0.8, l2: 0, dropout: 0.3, wordDropout: 2, minWordCount: 5,
  seed: 1, patience: 3, tuneThreshold: true, mergedDocuments: true, newlineBetweenParagraphs: 0.5, newlineInside: 0.02,
};
