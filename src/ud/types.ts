/**
 * Sentences and words as CoNLL-U has them, and the conventions every layer above shares.
 *
 * - Token indices are 1..n; index 0 is the artificial ROOT; -1 means "no token".
 *   A CoNLL-U HEAD of 0 maps straight to 0; an unparsed HEAD (`_`) is -1.
 * - Every vocabulary reserves NULL, UNK and ROOT ids (vocab-ids.ts).
 * - Matrices are flat Float32Arrays, row-major, shape noted beside the name.
 */

/** The analysis of one syntactic word, as far as every layer shares it (CoNLL-U columns ID to DEPREL). */
export interface WordAnalysis {
  /** 1-based word index in the sentence (the CoNLL-U ID). */
  id: number;
  form: string;
  lemma: string;
  upos: string;
  xpos: string;
  feats: string;
  /** Head word id: 0 for the root, -1 for none (the column is `_`, or the word is not parsed yet). */
  head: number;
  deprel: string;
}

/** One syntactic word of a CoNLL-U sentence (an integer-id line). Columns are kept as written. */
export interface Word extends WordAnalysis {
  deps: string;
  misc: string;
}

/** A CoNLL-U line that is not a plain word: a multiword-token range (`3-4`) or an empty node (`8.1`). */
export interface ExtraLine {
  kind: 'multiword' | 'empty';
  /** The ID column as written, e.g. `3-4` or `8.1`. */
  id: string;
  /** All ten columns as written. */
  columns: string[];
  /** For multiword tokens, the first and last word ids of the range; for empty nodes, the word it follows. */
  first: number;
  last: number;
}

/** One line of a sentence in file order: a word (index into `words`) or an extra line. */
export type SentenceLine = { kind: 'word'; index: number } | { kind: 'extra'; extra: ExtraLine };

export interface Sentence {
  /** Comment lines without the trailing newline, `#` included. */
  comments: string[];
  words: Word[];
  /** File order of words and extra lines, for a lossless write. */
  lines: SentenceLine[];
}

/** Input to the library parser: one token per syntactic word. */
export interface TokenInput {
  form: string;
  upos: string;
  xpos?: string;
  feats?: string;
}

/** Output of the library parser for one word. */
export interface ParsedToken {
  id: number;
  form: string;
  head: number;
  deprel: string;
  /** Softmax probability of the transition that attached this word (over legal transitions). */
  prob: number;
}
