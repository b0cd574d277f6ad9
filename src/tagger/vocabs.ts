import type { WordIndex } from '../model/compact-vocab.ts';
import { UNK_ID } from '../ud/vocab-ids.ts';

/** The tagger's output class of a word: UPOS and XPOS joined by a tab. */
export const classOf = (upos: string, xpos: string): string => `${upos}\t${xpos}`;

/** Ambiguity-class ids aligned with the word vocabulary's ids (reserved ids map to UNK). */
export function ambOfWordArray(word: WordIndex, perEntry: readonly number[]): Int32Array {
  const out = new Int32Array(word.size).fill(UNK_ID);
  const first = word.size - perEntry.length;
  perEntry.forEach((a, i) => { out[first + i] = a; });
  return out;
}
