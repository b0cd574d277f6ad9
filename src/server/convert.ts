/** Library output → the API's JSON shape (Stanza-style field names); CoNLL-U comes from ud/to-conllu.ts. */
import type { AnalyzedSentence } from '../ud/analyzed.ts';
import type { SentenceDto } from './schemas.ts';

/** CoNLL-U leaves empty columns as `_`; JSON leaves them out. */
const present = (v: string): string | undefined => (v === '' || v === '_' ? undefined : v);

export function toDto(sentences: readonly AnalyzedSentence[], probabilities: boolean): SentenceDto[] {
  return sentences.map((s) => ({
    text: s.text,
    start_char: s.start,
    end_char: s.end,
    tokens: s.tokens.map((t) => ({ id: t.wordIds, text: t.form, start_char: t.start, end_char: t.end, space_after: t.spaceAfter })),
    words: s.words.map((w) => {
      const lemma = present(w.lemma), xpos = present(w.xpos), feats = present(w.feats);
      return {
        id: w.id, text: w.form,
        ...(lemma !== undefined ? { lemma } : {}),
        upos: w.upos,
        ...(xpos !== undefined ? { xpos } : {}),
        ...(feats !== undefined ? { feats } : {}),
        head: w.head, deprel: w.deprel, start_char: w.start, end_char: w.end,
        ...(probabilities ? { probability: Math.min(1, Math.max(0, w.prob)) } : {}),
      };
    }),
  }));
}

export function countWords(sentences: readonly AnalyzedSentence[]): number {
  return sentences.reduce((a, s) => a + s.words.length, 0);
}
