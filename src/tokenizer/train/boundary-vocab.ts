import { Vocab } from '../../model/vocab.ts';
import { normalizeWord } from '../../ud/normalize.ts';
import { type BoundaryVocab, shapeOf } from '../boundary-features.ts';
import type { Token } from '../types.ts';

/** The splitter's vocabularies: normalized words seen at least minCount times, shapes seen twice. */
export function buildBoundaryVocab(tokens: Iterable<Token>, minCount: number): BoundaryVocab {
  const w = new Map<string, number>(), s = new Map<string, number>();
  for (const t of tokens) {
    const k = normalizeWord(t.form);
    w.set(k, (w.get(k) ?? 0) + 1);
    const sh = shapeOf(t.form);
    s.set(sh, (s.get(sh) ?? 0) + 1);
  }
  return { words: Vocab.fromCounts(w, minCount).entries(), shapes: Vocab.fromCounts(s, 2).entries() };
}
