/**
 * The hand-written non-projective sentences (test/fixtures/nonprojective.conllu), the tiny training
 * options that learn them by heart, and the check that a loaded parser gives their trees back: what
 * the end-to-end tests of each way to non-projective trees (pseudo-projective, arc-swap) share.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { KBestParse, Parser } from '../../src/api/parser.ts';
import { DEFAULT_TRAIN_OPTIONS, type ParserTrainOptions } from '../../src/parser/train/train-parser.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { isWellFormedTree } from '../../src/ud/tree.ts';
import type { Sentence } from '../../src/ud/types.ts';

const fixture = new URL('../fixtures/nonprojective.conllu', import.meta.url);
export const NONPROJECTIVE_SENTENCES: Sentence[] = readConllu(readFileSync(fixture, 'utf8'), 'nonprojective.conllu');

/** A network small and fast enough to learn the fixture's few sentences by heart. */
export const TINY_OPTIONS: ParserTrainOptions = { ...DEFAULT_TRAIN_OPTIONS, epochs: 60, patience: 60, hidden: 32, wordDim: 8, tagDim: 8, labelDim: 8,
  suffixDim: 8, dropout: 0, wordDropout: 0, lr: 0.01, lrDecay: 1, batchSize: 4 };

export const heads = (s: { words: { head: number; deprel: string }[] }): string[] => s.words.map((w) => `${w.head}:${w.deprel}`);

/**
 * The loaded parser gives every sentence's tree back greedy and with beam 4, and as the first of its
 * k-best trees, which are distinct and well formed. Returns every k-best tree, for further checks.
 */
export function expectTreesBack(parser: Parser, sentences: readonly Sentence[]): KBestParse[] {
  expect(parser.parseConllu(sentences, { keepTags: true }).map(heads)).toEqual(sentences.map(heads));
  expect(parser.parseConllu(sentences, { keepTags: true, beam: 4 }).map(heads)).toEqual(sentences.map(heads));
  const all: KBestParse[] = [];
  for (const s of sentences) {
    const alts = parser.parseKBest(s.words, 5);
    expect(alts[0].tokens.map((t) => `${t.head}:${t.deprel}`)).toEqual(heads(s));
    expect(new Set(alts.map((a) => a.tokens.map((t) => `${t.head}:${t.deprel}`).join())).size).toBe(alts.length);
    for (const a of alts) expect(isWellFormedTree([0, ...a.tokens.map((t) => t.head)], a.tokens.length)).toBe(true);
    all.push(...alts);
  }
  return all;
}
