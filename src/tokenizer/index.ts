export type { RawSentence, Token, TokenizerLexicon } from './types.ts';
export { MAX_TOKEN_LENGTH } from './types.ts';
export { Tokenizer, DEFAULT_TOKENIZER_DIR, ruleBoundaries } from './tokenizer.ts';
export { SentenceSplitter, type SplitterConfig } from './sentence-splitter.ts';
export { emptyLexicon } from './lexicon.ts';
export { analyzedSentence, toAnalyzed } from './analyzed.ts';
export { paragraphOpeners, paragraphRanges } from './paragraphs.ts';
