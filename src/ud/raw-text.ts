import type { Sentence } from './types.ts';

export interface RawTextOptions {
  /**
   * 'paragraphs' (default): sentences of a paragraph joined by one space, paragraphs (`# newpar`,
   * `# newdoc`) separated by a blank line, as in the CoNLL 2018 shared task.
   * 'one-paragraph': every sentence joined by one space (the harder setting without layout cues).
   */
  layout?: 'paragraphs' | 'one-paragraph';
}

/** The `# text` comment, or the tokens joined according to SpaceAfter=No when a sentence has none. */
export function sentenceText(s: Sentence): string {
  for (const c of s.comments) if (c.startsWith('# text = ')) return c.slice(9);
  const parts: string[] = [];
  let skipUntil = 0;
  for (const l of s.lines) {
    if (l.kind === 'extra') {
      if (l.extra.kind !== 'multiword') continue;
      parts.push(l.extra.columns[1], noSpaceAfter(l.extra.columns[9]) ? '' : ' ');
      skipUntil = l.extra.last;
      continue;
    }
    const w = s.words[l.index];
    if (w.id <= skipUntil) continue;
    parts.push(w.form, noSpaceAfter(w.misc) ? '' : ' ');
  }
  return parts.join('').trimEnd();
}

export function noSpaceAfter(misc: string): boolean {
  return misc.split('|').includes('SpaceAfter=No');
}

/** True when the sentence opens a paragraph or a document. */
export function startsParagraph(s: Sentence): boolean {
  return s.comments.some((c) => c.startsWith('# newpar') || c.startsWith('# newdoc'));
}

/** Raw text of a treebank as in the CoNLL 2018 shared task (see RawTextOptions). */
export function rawTextOf(sentences: readonly Sentence[], options: RawTextOptions = {}): string {
  const onePara = options.layout === 'one-paragraph';
  const parts: string[] = [];
  sentences.forEach((s, i) => {
    if (i > 0) parts.push(!onePara && startsParagraph(s) ? '\n\n' : ' ');
    parts.push(sentenceText(s));
  });
  return parts.length > 0 ? parts.join('') + '\n' : '';
}
