/**
 * The pipeline's stages: tokenize → tag → parse. Each is a small interface, so a stage can be
 * replaced (a stand-in tokenizer or tagger in tests and benchmarks, another model later) without
 * touching the pipeline. Tokenizer, Tagger and Parser are the stages of a model bundle.
 */
import type { ParsedTree } from '../parser/decode.ts';
import type { TagResult } from '../tagger/tagger.ts';
import type { RawSentence, Token } from '../tokenizer/types.ts';
import type { TokenInput } from '../ud/types.ts';

export interface TokenizeStage {
  /** Raw text → sentences of tokens (offsets into the text); blank text gives []. */
  tokenize(text: string): RawSentence[];
  /** Text known to be one sentence → its tokens, never split further. */
  tokenizeSentence(text: string): Token[];
}

export interface TagStage {
  /** UPOS, XPOS, FEATS and lemma of each syntactic word of one sentence (one result per word). */
  tag(forms: readonly string[]): TagResult[];
}

/** How trees are decoded: greedily (the default) or with a beam, optionally returning the k best. */
export interface DecodeOptions {
  /** Beam width (1 = greedy). */
  beam?: number | undefined;
  /** Return the k best distinct trees (decodes with a beam of width max(beam, 2k)). */
  kbest?: number | undefined;
}

export interface ParseStage {
  /** The tree over one sentence of tagged words (head, relation, probability per word). */
  parseTagged(tokens: readonly TokenInput[], options?: DecodeOptions): ParsedTree;
}
