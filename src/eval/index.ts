export { rawTextOf, sentenceText, startsParagraph, type RawTextOptions } from './raw-text.ts';
export { scoreSystem, formatE2EScores, type E2EScores, type Score } from './e2e-score.ts';
