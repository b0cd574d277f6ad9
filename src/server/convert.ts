/**
 * Parser output → what the API sends: JSON sentences (Stanza-style field names) or CoNLL-U blocks.
 * Runs in the worker threads, so the main thread only writes strings and small objects.
 */
import type { ParsedTree } from '../parser/decode.ts';
import type { AnalyzedSentence } from '../ud/analyzed.ts';
import { writeConllu } from '../ud/conllu.ts';
import { toSentences } from '../ud/to-conllu.ts';
import type { Sentence } from '../ud/types.ts';
import type { OutputKind, RenderedSentence } from './parse-service.ts';
import type { SentenceDto } from './schemas.ts';

/** CoNLL-U leaves empty columns as `_`; JSON leaves them out. */
const present = (v: string): string | undefined => (v === '' || v === '_' ? undefined : v);

/** A tree whose probability underflowed to 0 has logProb -Infinity, which JSON cannot carry: the most negative finite number stands in. */
const finite = (logProb: number): number => (Number.isFinite(logProb) ? Math.min(0, logProb) : -Number.MAX_VALUE);

export function toDto(s: AnalyzedSentence, probabilities: boolean): SentenceDto {
  return {
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
    logProb: finite(s.logProb ?? 0),
    ...(s.kbest ? { kbest: s.kbest.map((k) => ({ logProb: finite(k.logProb), heads: k.heads, deprels: k.deprels })) } : {}),
  };
}

const spaceAfter = (misc: string): boolean => !misc.split('|').includes('SpaceAfter=No');

/**
 * A parsed CoNLL-U sentence as an AnalyzedSentence: surface tokens are the multiword ranges and the
 * words outside them (empty nodes are left out); `text` is rebuilt from the forms and SpaceAfter=No,
 * and offsets are into it, as for pre-tokenized input.
 */
export function conlluToAnalyzed(s: Sentence, tree: ParsedTree): AnalyzedSentence {
  const tokens: AnalyzedSentence['tokens'] = [];
  const words: AnalyzedSentence['words'] = [];
  let text = '';
  let coveredUntil = 0;
  for (const line of s.lines) {
    let form: string, ids: number[], misc: string;
    if (line.kind === 'extra') {
      if (line.extra.kind !== 'multiword') continue;
      form = line.extra.columns[1] ?? '';
      ids = Array.from({ length: line.extra.last - line.extra.first + 1 }, (_, i) => line.extra.first + i);
      misc = line.extra.columns[9] ?? '_';
      coveredUntil = line.extra.last;
    } else {
      const w = s.words[line.index];
      if (w.id <= coveredUntil) continue; // a word of the multiword token just added
      form = w.form;
      ids = [w.id];
      misc = w.misc;
    }
    const start = text.length;
    text += form;
    const space = spaceAfter(misc);
    tokens.push({ form, start, end: text.length, spaceAfter: space, wordIds: ids });
    for (const id of ids) {
      const w = s.words[id - 1];
      words[id - 1] = { id, form: w.form, lemma: w.lemma, upos: w.upos, xpos: w.xpos, feats: w.feats, head: w.head, deprel: w.deprel,
        prob: tree.prob[id - 1] ?? 0, start, end: text.length };
    }
    if (space) text += ' ';
  }
  const trimmed = text.endsWith(' ') ? text.slice(0, -1) : text;
  return { text: trimmed, start: 0, end: trimmed.length, tokens, words, logProb: tree.logProb };
}

/** One pipeline sentence in the requested form; `index` numbers CoNLL-U `# sent_id` from 1 across the answer. */
export function renderAnalyzed(s: AnalyzedSentence, index: number, output: OutputKind, probabilities: boolean): RenderedSentence {
  if (output === 'json') return { kind: 'json', sentence: toDto(s, probabilities) };
  return { kind: 'conllu', text: writeConllu(toSentences([s], { firstSentId: index + 1 })), words: s.words.length };
}

/** One CoNLL-U input sentence after parsing: CoNLL-U exactly as given (comments, other columns) with the new analysis, or JSON. */
export function renderConllu(parsed: Sentence, tree: ParsedTree, output: OutputKind, probabilities: boolean): RenderedSentence {
  if (output === 'conllu') return { kind: 'conllu', text: writeConllu([parsed]), words: parsed.words.length };
  return { kind: 'json', sentence: toDto(conlluToAnalyzed(parsed, tree), probabilities) };
}

export function countWords(sentences: readonly RenderedSentence[]): number {
  return sentences.reduce((a, s) => a + (s.kind === 'json' ? s.sentence.words.length : s.words), 0);
}
