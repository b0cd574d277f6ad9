import type { ExtraLine, Sentence, SentenceLine, Word } from '../ud/types.ts';
import { paragraphRanges } from './paragraphs.ts';
import type { RawSentence } from './types.ts';

/**
 * Tokenizer output as CoNLL-U sentences ready for tagging and parsing: a `# text` comment, a
 * multiword line (`3-4`) before the words of each multiword token, `SpaceAfter=No` in MISC of the
 * token's last line, and `_` in every column the tokenizer does not fill (head -1).
 * Given the text the sentences came from, a sentence that opens a paragraph gets `# newpar`.
 */
export function toConllu(sentences: readonly RawSentence[], sourceText?: string): Sentence[] {
  const newpar = sourceText === undefined ? new Set<number>() : paragraphOpeners(sentences, sourceText);
  return sentences.map((raw, si) => {
    const comments: string[] = [];
    if (newpar.has(si)) comments.push('# newpar');
    comments.push(`# text = ${raw.text.replace(/[\s\p{Cc}]+/gu, ' ')}`);
    const words: Word[] = [];
    const lines: SentenceLine[] = [];
    for (const t of raw.tokens) {
      const misc = t.spaceAfter ? '_' : 'SpaceAfter=No';
      const first = words.length + 1;
      if (t.words.length > 1) {
        const last = first + t.words.length - 1;
        const extra: ExtraLine = {
          kind: 'multiword', id: `${first}-${last}`, first, last,
          columns: [`${first}-${last}`, t.form, '_', '_', '_', '_', '_', '_', '_', misc],
        };
        lines.push({ kind: 'extra', extra });
      }
      for (const form of t.words) {
        lines.push({ kind: 'word', index: words.length });
        words.push({
          id: words.length + 1, form, lemma: '_', upos: '_', xpos: '_', feats: '_', head: -1, deprel: '_', deps: '_',
          misc: t.words.length === 1 ? misc : '_',
        });
      }
    }
    return { comments, words, lines };
  });
}

/** Indices of the sentences that are the first of their paragraph. */
function paragraphOpeners(sentences: readonly RawSentence[], text: string): Set<number> {
  const r = paragraphRanges(text);
  const out = new Set<number>();
  let k = 0, lastPara = -1;
  sentences.forEach((s, i) => {
    while (k + 2 < r.length && r[k + 2] <= s.start) k += 2;
    if (k !== lastPara) out.add(i);
    lastPara = k;
  });
  return out;
}
