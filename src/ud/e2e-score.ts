import { ParserError } from './errors.ts';
import type { Sentence } from './types.ts';

/**
 * End-to-end scores from raw text, following the CoNLL 2018 shared-task scorer (conll18_ud_eval.py):
 * - character offsets count non-white-space characters of the token forms (gold and system must
 *   spell the same characters, else PARSER_ERR_INPUT);
 * - Tokens and Sentences score exact spans; Words aligns syntactic words by span, and inside a
 *   stretch that holds a multiword token on either side by the longest common subsequence of
 *   lower-cased forms;
 * - UPOS, XPOS, Lemmas, UAS and LAS count aligned words whose value matches; a head matches when the
 *   system head is aligned to the gold head (or both are the root); LAS compares the universal
 *   relation (the part before `:`).
 * Precision = correct / system, recall = correct / gold, F1 = 2·correct / (gold + system), all in percent.
 */
export interface Score {
  gold: number;
  system: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  /** correct / aligned words, for the word-level metrics (undefined for spans). */
  alignedAccuracy?: number;
}

export interface E2EScores {
  tokens: Score;
  sentences: Score;
  words: Score;
  upos: Score;
  xpos: Score;
  lemmas: Score;
  uas: Score;
  las: Score;
}

interface Span {
  start: number;
  end: number;
}

interface EvalWord {
  span: Span;
  isMultiword: boolean;
  form: string;
  upos: string;
  xpos: string;
  lemma: string;
  deprel: string;
  /** Index of the head word in the corpus word list, -1 for the root (or no head). */
  parent: number;
}

interface EvalCorpus {
  chars: string;
  tokens: Span[];
  sentences: Span[];
  words: EvalWord[];
}

/** Removes Unicode space separators (Zs), as the official scorer does with forms. */
function stripSpaces(form: string): string {
  return /\p{Zs}/u.test(form) ? form.replace(/\p{Zs}/gu, '') : form;
}

function loadCorpus(sentences: readonly Sentence[]): EvalCorpus {
  const chars: string[] = [];
  let offset = 0;
  const tokens: Span[] = [];
  const sents: Span[] = [];
  const words: EvalWord[] = [];
  for (const s of sentences) {
    const sentStart = offset;
    const firstWord = words.length;
    let mwtEnd = 0;
    let mwtSpan: Span = { start: 0, end: 0 };
    const addToken = (form: string): Span => {
      const f = stripSpaces(form);
      chars.push(f);
      const span = { start: offset, end: offset + f.length };
      offset += f.length;
      tokens.push(span);
      return span;
    };
    for (const l of s.lines) {
      if (l.kind === 'extra') {
        if (l.extra.kind === 'multiword') {
          mwtSpan = addToken(l.extra.columns[1]);
          mwtEnd = l.extra.last;
        }
        continue;
      }
      const w = s.words[l.index];
      const inMwt = w.id <= mwtEnd;
      const span = inMwt ? mwtSpan : addToken(w.form);
      words.push({
        span, isMultiword: inMwt, form: w.form, upos: w.upos, xpos: w.xpos, lemma: w.lemma,
        deprel: w.deprel.split(':')[0], parent: w.head > 0 ? firstWord + w.head - 1 : -1,
      });
    }
    if (offset > sentStart || s.words.length > 0) sents.push({ start: sentStart, end: offset });
  }
  return { chars: chars.join(''), tokens, sentences: sents, words };
}

function makeScore(gold: number, system: number, correct: number, aligned?: number): Score {
  const score: Score = {
    gold, system, correct,
    precision: system > 0 ? (100 * correct) / system : 0,
    recall: gold > 0 ? (100 * correct) / gold : 0,
    f1: gold + system > 0 ? (200 * correct) / (gold + system) : 0,
  };
  if (aligned !== undefined) score.alignedAccuracy = aligned > 0 ? (100 * correct) / aligned : 0;
  return score;
}

function spansScore(gold: readonly Span[], system: readonly Span[]): Score {
  let correct = 0, gi = 0, si = 0;
  while (gi < gold.length && si < system.length) {
    if (system[si].start < gold[gi].start) si++;
    else if (gold[gi].start < system[si].start) gi++;
    else {
      if (gold[gi].end === system[si].end) correct++;
      gi++;
      si++;
    }
  }
  return makeScore(gold.length, system.length, correct);
}

function beyondEnd(words: readonly EvalWord[], i: number, end: number): boolean {
  if (i >= words.length) return true;
  const w = words[i];
  return w.isMultiword ? w.span.start >= end : w.span.end > end;
}

function extendEnd(w: EvalWord, end: number): number {
  return w.isMultiword && w.span.end > end ? w.span.end : end;
}

/** The minimal stretch of words around a multiword token on either side: [gs, gi) and [ss, si). */
function multiwordSpan(gold: readonly EvalWord[], sys: readonly EvalWord[], gi: number, si: number): [number, number, number, number] {
  let end: number;
  if (gold[gi].isMultiword) {
    end = gold[gi].span.end;
    if (!sys[si].isMultiword && sys[si].span.start < gold[gi].span.start) si++;
  } else {
    end = sys[si].span.end;
    if (!gold[gi].isMultiword && gold[gi].span.start < sys[si].span.start) gi++;
  }
  const gs = gi, ss = si;
  while (!beyondEnd(gold, gi, end) || !beyondEnd(sys, si, end)) {
    if (gi < gold.length && (si >= sys.length || gold[gi].span.start <= sys[si].span.start)) {
      end = extendEnd(gold[gi], end);
      gi++;
    } else {
      end = extendEnd(sys[si], end);
      si++;
    }
  }
  return [gs, ss, gi, si];
}

/** Aligns words inside a multiword stretch by the LCS of lower-cased forms; appends pairs to `map`. */
function alignByLcs(gold: readonly EvalWord[], sys: readonly EvalWord[], gs: number, ss: number, gi: number, si: number, map: Int32Array): void {
  const G = gi - gs, S = si - ss;
  const lcs = new Int32Array((G + 1) * (S + 1));
  const at = (g: number, s: number): number => lcs[g * (S + 1) + s];
  const same = (g: number, s: number): boolean => gold[gs + g].form.toLowerCase() === sys[ss + s].form.toLowerCase();
  for (let g = G - 1; g >= 0; g--) {
    for (let s = S - 1; s >= 0; s--) {
      let v = same(g, s) ? 1 + at(g + 1, s + 1) : 0;
      v = Math.max(v, at(g + 1, s), at(g, s + 1));
      lcs[g * (S + 1) + s] = v;
    }
  }
  let g = 0, s = 0;
  while (g < G && s < S) {
    if (same(g, s)) {
      map[gs + g] = ss + s;
      g++;
      s++;
    } else if (at(g, s) === at(g + 1, s)) g++;
    else s++;
  }
}

/** gold word index → aligned system word index (-1 when unaligned). */
function alignWords(gold: readonly EvalWord[], sys: readonly EvalWord[]): Int32Array {
  const map = new Int32Array(gold.length).fill(-1);
  let gi = 0, si = 0;
  while (gi < gold.length && si < sys.length) {
    if (gold[gi].isMultiword || sys[si].isMultiword) {
      const [gs, ss, ge, se] = multiwordSpan(gold, sys, gi, si);
      if (se > ss && ge > gs) alignByLcs(gold, sys, gs, ss, ge, se, map);
      gi = ge;
      si = se;
    } else if (gold[gi].span.start === sys[si].span.start && gold[gi].span.end === sys[si].span.end) {
      map[gi++] = si++;
    } else if (gold[gi].span.start <= sys[si].span.start) gi++;
    else si++;
  }
  return map;
}

/** Scores a system analysis of raw text against gold (see the module comment). */
export function scoreSystem(gold: readonly Sentence[], system: readonly Sentence[]): E2EScores {
  const g = loadCorpus(gold), s = loadCorpus(system);
  if (g.chars !== s.chars) {
    let i = 0;
    while (i < g.chars.length && g.chars[i] === s.chars[i]) i++;
    throw new ParserError('PARSER_ERR_INPUT',
      `gold and system tokens spell different text from character ${i}: ${JSON.stringify(g.chars.slice(i, i + 20))} vs ${JSON.stringify(s.chars.slice(i, i + 20))}`,
      { offset: i });
  }
  const map = alignWords(g.words, s.words);
  const sysToGold = new Int32Array(s.words.length).fill(-1);
  map.forEach((si, gi) => { if (si >= 0) sysToGold[si] = gi; });
  let aligned = 0, upos = 0, xpos = 0, lemmas = 0, uas = 0, las = 0;
  g.words.forEach((gw, gi) => {
    const si = map[gi];
    if (si < 0) return;
    const sw = s.words[si];
    aligned++;
    if (gw.upos === sw.upos) upos++;
    if (gw.xpos === sw.xpos) xpos++;
    if (gw.lemma === '_' || gw.lemma === sw.lemma) lemmas++;
    // Both heads are the root (-1), or the system head is aligned to the gold head.
    const headOk = sw.parent < 0 ? gw.parent < 0 : gw.parent >= 0 && sysToGold[sw.parent] === gw.parent;
    if (headOk) {
      uas++;
      if (gw.deprel === sw.deprel) las++;
    }
  });
  const gn = g.words.length, sn = s.words.length;
  return {
    tokens: spansScore(g.tokens, s.tokens),
    sentences: spansScore(g.sentences, s.sentences),
    words: makeScore(gn, sn, aligned),
    upos: makeScore(gn, sn, upos, aligned),
    xpos: makeScore(gn, sn, xpos, aligned),
    lemmas: makeScore(gn, sn, lemmas, aligned),
    uas: makeScore(gn, sn, uas, aligned),
    las: makeScore(gn, sn, las, aligned),
  };
}

export function formatE2EScores(s: E2EScores): string {
  const rows: [string, Score][] = [['Tokens', s.tokens], ['Sentences', s.sentences], ['Words', s.words], ['UPOS', s.upos],
    ['XPOS', s.xpos], ['Lemmas', s.lemmas], ['UAS', s.uas], ['LAS', s.las]];
  const f = (x: number): string => x.toFixed(2).padStart(6);
  return ['Metric     | Precision |    Recall |  F1 Score | AligndAcc',
    ...rows.map(([n, r]) => `${n.padEnd(10)} |    ${f(r.precision)} |    ${f(r.recall)} |    ${f(r.f1)} |    ${r.alignedAccuracy === undefined ? '      ' : f(r.alignedAccuracy)}`)].join('\n');
}
