export { DEFAULT_TAGGER_DIR, DEFAULT_PRECOMPUTE_ROWS, type TagResult, Tagger } from './tagger.ts';
export { trainTagger, type TaggerRun } from './train.ts';
export { JACKKNIFE_EPOCHS, type JackknifeOptions, jackknifeTags } from './jackknife.ts';
export { DEFAULT_TAGGER_OPTIONS, type TaggerTrainHooks, type TaggerTrainOptions, trainTaggerModel } from './train-tagger.ts';
export { type TaggerScores, scoreTagger } from './training-data.ts';
export { TAGGER_ARCHITECTURE, loadTaggerModel, saveTagger } from './serialize.ts';
export { DEFAULT_TAGGER_TEMPLATE } from './features.ts';
export { Lemmatizer, type LemmaPair, type LemmatizerData } from './lemmatizer.ts';
export { mergeTaggers } from './ensemble.ts';
