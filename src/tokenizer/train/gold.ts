import { noSpaceAfter } from '../../ud/raw-text.ts';
import type { Sentence } from '../../ud/types.ts';

/** A token of a treebank sentence: a multiword line with its words, or a plain word. */
export interface GoldToken {
  form: string;
  words: string[];
  spaceAfter: boolean;
}

export function goldTokens(s: Sentence): GoldToken[] {
  const out: GoldToken[] = [];
  let current: GoldToken | undefined;
  let last = 0;
  for (const l of s.lines) {
    if (l.kind === 'extra') {
      if (l.extra.kind !== 'multiword') continue;
      current = { form: l.extra.columns[1], words: [], spaceAfter: !noSpaceAfter(l.extra.columns[9]) };
      last = l.extra.last;
      out.push(current);
      continue;
    }
    const w = s.words[l.index];
    if (current && w.id <= last) {
      current.words.push(w.form);
      continue;
    }
    current = undefined;
    out.push({ form: w.form, words: [w.form], spaceAfter: !noSpaceAfter(w.misc) });
  }
  return out;
}
