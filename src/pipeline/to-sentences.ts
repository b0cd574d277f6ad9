import type { ExtraLine, Sentence, SentenceLine, Word } from '../ud/types.ts';
import type { AnalyzedSentence } from '../ud/analyzed.ts';

/**
 * Pipeline output as CoNLL-U sentences: `# sent_id` and `# text` comments, a `a-b` line for each
 * multiword token, SpaceAfter=No on the token's last line (the multiword line when there is one).
 */
export function toSentences(sentences: readonly AnalyzedSentence[], idPrefix = ''): Sentence[] {
  return sentences.map((s, si) => {
    const words: Word[] = s.words.map((w) => ({
      id: w.id, form: w.form, lemma: w.lemma || '_', upos: w.upos, xpos: w.xpos || '_', feats: w.feats || '_',
      head: w.head, deprel: w.deprel, deps: '_', misc: '_',
    }));
    const lines: SentenceLine[] = [];
    s.tokens.forEach((t, ti) => {
      const last = ti === s.tokens.length - 1;
      const misc = t.spaceAfter || last ? '_' : 'SpaceAfter=No';
      const first = t.wordIds[0] ?? 0, lastId = t.wordIds[t.wordIds.length - 1] ?? 0;
      if (t.wordIds.length > 1) {
        const extra: ExtraLine = { kind: 'multiword', id: `${first}-${lastId}`, first, last: lastId,
          columns: [`${first}-${lastId}`, t.form, '_', '_', '_', '_', '_', '_', '_', misc] };
        lines.push({ kind: 'extra', extra });
      } else {
        const w = words[first - 1];
        if (w) w.misc = misc;
      }
      for (const id of t.wordIds) lines.push({ kind: 'word', index: id - 1 });
    });
    return { comments: [`# sent_id = ${idPrefix}${si + 1}`, `# text = ${s.text.replace(/\s+/g, ' ')}`], words, lines };
  });
}
