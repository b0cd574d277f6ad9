import { DEFAULT_FEATS_TEMPLATE } from '../feats-model.ts';
import { DEFAULT_SECOND_PASS_TEMPLATE, DEFAULT_TAGGER_TEMPLATE } from '../features.ts';
import type { TaggerTrainOptions } from './train-pass.ts';

/**
 * `arcparse train tagger`'s defaults, apart from the training code so that the CLI can show them
 * without importing it.
 */
export const DEFAULT_TAGGER_OPTIONS: TaggerTrainOptions = {
  epochs: 12, batchSize: 32, lr: 0.001, lrDecay: 0.8, l2: 0, hidden: 256, activation: 'relu',
  wordDim: 64, shapeDim: 16, affixDim: 32, ambDim: 16, cwordDim: 32, tagDim: 24, dropout: 0.3, wordDropout: 0.25, inputDropout: 0.2, emaDecay: 0.9995,
  template: [...DEFAULT_TAGGER_TEMPLATE], seed: 1, patience: 3,
  minAffixCount: 2, ambMinCount: 3, ambMinShare: 0.05, minCasedCount: 2, lemmaSuffix: 6, ensemble: 1,
  vectors: '', vectorsTop: 0, vectorsDtype: 'int8', vectorWindow: 2,
  passes: 1, template2: [...DEFAULT_SECOND_PASS_TEMPLATE], hidden2: 256, passFolds: 4, passFoldEpochs: 6,
  featsNetwork: true, featsTemplate: [...DEFAULT_FEATS_TEMPLATE], featsDim: 24, featsHidden: 128, featsNoTree: 0.3,
};

/** Epochs per fold unless given: the dev curve is within ~0.1 of its best by then, and k trainings must stay cheap. */
export const JACKKNIFE_EPOCHS = 6;
