export { DEFAULT_MODEL_DIR, type LoadOptions, Parser, type ParserInfo, loadParser, loadParserSync } from './api/parser.ts';
export { DEFAULT_MODEL, MODELS_DIR, type ModelDescription, describeModel, isModelPath, listModels, resolveModel } from './api/models.ts';
export type { ParsedToken, Sentence, TokenInput, Word } from './ud/types.ts';
export type { AnalyzedSentence, AnalyzedToken, AnalyzedWord, PretokenizedInput } from './ud/analyzed.ts';
export { type ToConlluOptions, toSentences } from './ud/to-conllu.ts';
export { ParserError, type ParserErrorCode } from './ud/errors.ts';
export { ModelError, type ModelErrorCode } from './model/errors.ts';
export { readConllu, writeConllu } from './ud/conllu.ts';
export { scoreParses, type Scores } from './ud/attachment-score.ts';
