export { DEFAULT_TAGGER_DIR, DEFAULT_PRECOMPUTE_ROWS, type TagResult, Tagger } from './tagger.ts';
export { TAGGER_ARCHITECTURE, loadTaggerModel } from './serialize.ts';
export { DEFAULT_TAGGER_TEMPLATE } from './features.ts';
export { Lemmatizer, type LemmatizerData } from './lemmatizer.ts';
