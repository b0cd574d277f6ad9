/**
 * The pipeline's stages: tokenize → tag → parse → FEATS. Each is a small interface, so a stage can
 * be replaced (a stand-in tokenizer or tagger in tests and benchmarks, another model later) without
 * touching the pipeline. Tokenizer, Tagger and Parser are the stages of a model bundle; the Tagger
 * is also the FEATS stage, which runs after parsing because verbs agree with their subject.
 */
import type { ParsedTree } from '../parser/decode.ts';
import type { ParsedWordInput, TagOptions, TagResult } from '../tagger/tagger.ts';
import type { RawSentence, Token } from '../tokenizer/types.ts';
import type { TokenInput } from '../ud/types.ts';

export interface TokenizeStage {
  /** Raw text → sentences of tokens (offsets into the text); blank text gives []. */
  tokenize(text: string): RawSentence[];
  /** Text known to be one sentence → its tokens, never split further. */
  tokenizeSentence(text: string): Token[];
}

export interface TagStage {
  /**
   * UPOS, XPOS, FEATS and lemma of each syntactic word of one sentence (one result per word);
   * with `{ feats: false }` FEATS may be left '_' (a FEATS stage predicts them after parsing).
   */
  tag(forms: readonly string[], opts?: TagOptions): TagResult[];
}

export interface FeatsStage {
  /** FEATS of each word of a tagged and parsed sentence (one string per word). */
  featsAfterParse(words: readonly ParsedWordInput[]): string[];
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
