import { Vocab } from '../../model/vocab.ts';
import { normalizeWord } from '../../ud/normalize.ts';
import type { Sentence } from '../../ud/types.ts';
import { type ModelVocabs, wordSuffix } from '../parser-model.ts';

/** Vocabularies from training sentences. Words seen fewer than minWordCount times map to UNK. */
export function buildVocabs(sentences: readonly Sentence[], minWordCount = 1): { vocabs: ModelVocabs; wordCounts: Map<string, number> } {
  const word = new Map<string, number>(), upos = new Map<string, number>(), xpos = new Map<string, number>();
  const suffix = new Map<string, number>(), labels = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const s of sentences) {
    for (const w of s.words) {
      bump(word, normalizeWord(w.form));
      bump(upos, w.upos);
      bump(xpos, w.xpos);
      bump(suffix, wordSuffix(w.form));
      bump(labels, w.deprel);
    }
  }
  const labelList = [...labels.keys()].sort();
  return {
    vocabs: {
      word: Vocab.fromCounts(word, minWordCount),
      upos: Vocab.fromCounts(upos),
      xpos: Vocab.fromCounts(xpos),
      suffix: Vocab.fromCounts(suffix, 2),
      labels: labelList,
    },
    wordCounts: word,
  };
}
