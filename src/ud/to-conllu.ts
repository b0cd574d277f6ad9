import type { AnalyzedSentence } from './analyzed.ts';
import type { ExtraLine, Sentence, SentenceLine, Word } from './types.ts';

export interface ToConlluOptions {
  /** `# sent_id = <prefix><n>`, n counting from 1; default prefix ''. */
  sentIdPrefix?: string;
  /** Indices of the sentences that open a paragraph: they get `# newpar`. */
  paragraphStarts?: ReadonlySet<number>;
  /** Whether to write `# sent_id` (default true; false when the caller numbers sentences across pieces of a stream). */
  sentIds?: boolean;
  /**
   * Sentences with k-best trees are written once per tree, best first, each copy with
   * `# kbest_rank = r` (1 = best) and `# log_prob = …` comments; default true.
   */
  kbest?: boolean;
}

/** Empty columns are not allowed in CoNLL-U. */
const column = (v: string): string => (v === '' ? '_' : v);

/**
 * Pipeline output as CoNLL-U sentences (writeConllu turns them into text): the one place that
 * decides how.
 * - Comments: `# newpar` for the sentences in paragraphStarts, `# sent_id`, and `# text` with every
 *   run of white space and control characters as one space (so the comment stays one line).
 * - A multiword token gets an `a-b` line before its words.
 * - SpaceAfter=No goes in MISC of a token's last line (its multiword line when it has one) whenever
 *   no space follows the token, the sentence's last token included when the next sentence follows
 *   directly (as UD does: the text is rebuilt exactly).
 * - Empty columns are `_`; HEAD is `_` for a word not parsed yet.
 */
export function toSentences(sentences: readonly AnalyzedSentence[], options: ToConlluOptions = {}): Sentence[] {
  const prefix = options.sentIdPrefix ?? '';
  return sentences.map((s, si): Sentence[] => {
    const words: Word[] = s.words.map((w) => ({
      id: w.id, form: w.form, lemma: column(w.lemma), upos: column(w.upos), xpos: column(w.xpos), feats: column(w.feats),
      head: w.head, deprel: column(w.deprel), deps: '_', misc: '_',
    }));
    const lines: SentenceLine[] = [];
    for (const t of s.tokens) {
      const misc = t.spaceAfter ? '_' : 'SpaceAfter=No';
      const first = t.wordIds[0], last = t.wordIds[t.wordIds.length - 1];
      if (first === undefined || last === undefined) throw new Error(`token "${t.form}" has no words`);
      if (t.wordIds.length > 1) {
        const extra: ExtraLine = { kind: 'multiword', id: `${first}-${last}`, first, last,
          columns: [`${first}-${last}`, t.form, '_', '_', '_', '_', '_', '_', '_', misc] };
        lines.push({ kind: 'extra', extra });
      } else {
        words[first - 1].misc = misc;
      }
      for (const id of t.wordIds) lines.push({ kind: 'word', index: id - 1 });
    }
    const comments = [
      ...(options.paragraphStarts?.has(si) ? ['# newpar'] : []),
      ...(options.sentIds === false ? [] : [`# sent_id = ${prefix}${si + 1}`]),
      `# text = ${s.text.replace(/[\s\p{Cc}]+/gu, ' ')}`,
    ];
    if (!s.kbest || options.kbest === false) return [{ comments, words, lines }];
    return s.kbest.map((alt, r) => ({
      comments: [...comments, `# kbest_rank = ${r + 1}`, `# log_prob = ${alt.logProb.toFixed(4)}`],
      words: words.map((w, i) => ({ ...w, head: alt.heads[i] ?? w.head, deprel: column(alt.deprels[i] ?? w.deprel) })),
      lines,
    }));
  }).flat();
}
