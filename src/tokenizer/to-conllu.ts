import type { ExtraLine, Sentence, SentenceLine, Word } from '../parser/types.ts';
import type { RawSentence } from './types.ts';

/**
 * Tokenizer output as CoNLL-U sentences ready for tagging and parsing: a `# text` comment, a
 * multiword line (`3-4`) before the words of each multiword token, `SpaceAfter=No` in MISC of the
 * token's last line, and `_` in every column the tokenizer does not fill (head -1).
 * `paragraphStarts` marks sentences that open a paragraph (`# newpar`).
 */
export function toConllu(sentences: readonly RawSentence[], paragraphStarts?: ReadonlySet<number>): Sentence[] {
  return sentences.map((raw, si) => {
    const comments: string[] = [];
    if (paragraphStarts?.has(si)) comments.push('# newpar');
    comments.push(`# text = ${raw.text.replace(/\s+/g, ' ')}`);
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
