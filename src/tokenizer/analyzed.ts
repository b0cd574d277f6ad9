import type { AnalyzedSentence, AnalyzedToken, AnalyzedWord } from '../ud/analyzed.ts';
import type { RawSentence, Token } from './types.ts';

/**
 * One sentence of tokens as the pipeline's sentence, before tagging and parsing: the tokens with
 * their offsets and word ids, one word per syntactic word with '_' for lemma, tags and relation,
 * head -1 and probability 0. `text` is the sentence as it appears in the input (offsets are into the
 * input). Throws on an empty token list.
 */
export function analyzedSentence(text: string, tokens: readonly Token[]): AnalyzedSentence {
  const first = tokens[0], last = tokens[tokens.length - 1];
  if (first === undefined || last === undefined) throw new Error('a sentence needs at least one token');
  const words: AnalyzedWord[] = [];
  const outTokens: AnalyzedToken[] = tokens.map((t) => {
    const wordIds: number[] = [];
    for (const form of t.words) {
      wordIds.push(words.length + 1);
      words.push({ id: words.length + 1, form, lemma: '_', upos: '_', xpos: '_', feats: '_', head: -1, deprel: '_', prob: 0, start: t.start, end: t.end });
    }
    return { form: t.form, start: t.start, end: t.end, spaceAfter: t.spaceAfter, wordIds };
  });
  return { text, start: first.start, end: last.end, tokens: outTokens, words };
}

/** Tokenizer output as pipeline sentences with nothing analyzed yet (see analyzedSentence). */
export function toAnalyzed(sentences: readonly RawSentence[]): AnalyzedSentence[] {
  return sentences.map((s) => analyzedSentence(s.text, s.tokens));
}
