export { DEFAULT_MODEL_DIR, type LoadOptions, Parser, type ParserInfo, loadParser, loadParserSync } from './api/parser.ts';
export type { ParsedToken, Sentence, TokenInput, Word } from './parser/types.ts';
export type { AnalyzedSentence, AnalyzedToken, AnalyzedWord, PretokenizedInput } from './pipeline/types.ts';
export { toSentences } from './pipeline/to-sentences.ts';
export { ParserError, type ParserErrorCode } from './parser/errors.ts';
export { ModelError, type ModelErrorCode } from './model/errors.ts';
export { readConllu, writeConllu } from './parser/conllu.ts';
export { scoreParses, type Scores } from './parser/evaluate.ts';
