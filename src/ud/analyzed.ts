/**
 * Output of the pipeline (raw text → sentences → tokens → tags → tree). Each stage fills its part: the
 * tokenizer the sentences, tokens and words with '_' analyses and no heads, the tagger the tags
 * and lemmas, the parser the tree. to-conllu.ts writes any of these states as CoNLL-U.
 */

import type { WordAnalysis } from './types.ts';

/** One syntactic word with its analysis ('_' and head -1 before tagging and parsing). Offsets are UTF-16 code units into the input text. */
export interface AnalyzedWord extends WordAnalysis {
  /** Softmax probability of the transition that attached this word (0 before parsing). */
  prob: number;
  /** Character offsets of the token this word belongs to (a multiword token's words share them). */
  start: number;
  end: number;
}

/** One surface token; `words` has more than one entry for a multiword token such as "don't". */
export interface AnalyzedToken {
  form: string;
  start: number;
  end: number;
  spaceAfter: boolean;
  /** Ids of the words this token is made of (one for ordinary tokens). */
  wordIds: number[];
}

export interface AnalyzedSentence {
  /** The sentence's text as it appears in the input (for pre-tokenized input: forms joined by spaces). */
  text: string;
  start: number;
  end: number;
  tokens: AnalyzedToken[];
  words: AnalyzedWord[];
  /** Natural log of the tree's probability under the parser (absent before parsing); see ParsedTree.logProb. */
  logProb?: number | undefined;
  /** With k-best decoding: the k best distinct trees, best first; heads[i] and deprels[i] belong to word i + 1. */
  kbest?: AlternativeTree[] | undefined;
}

/** One of the k best trees of a sentence. */
export interface AlternativeTree {
  logProb: number;
  heads: number[];
  deprels: string[];
}

/** Pre-tokenized input: one array of token strings per sentence; tokens are never re-split. */
export type PretokenizedInput = readonly (readonly string[])[];
