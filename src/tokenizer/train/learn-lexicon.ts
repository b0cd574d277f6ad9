import type { Sentence } from '../../ud/types.ts';
import { type GoldToken, goldTokens } from './gold.ts';
import { compileLexicon, type CompiledLexicon } from '../lexicon.ts';
import { wordsOf } from '../multiword.ts';
import { learnContextReadings } from './learn-context-readings.ts';
import { Scanner } from '../scanner.ts';
import type { TokenizerLanguage } from '../language.ts';
import { splitFinalPeriod, tokensOf } from '../tokens.ts';
import type { TokenizerLexicon } from '../types.ts';

/** A white-space-delimited chunk of a treebank sentence with its gold tokens. */
interface GoldChunk {
  text: string;
  tokens: GoldToken[];
  /** The chunk ends the sentence. */
  final: boolean;
}

function goldChunks(sentences: readonly Sentence[]): GoldChunk[] {
  const out: GoldChunk[] = [];
  for (const s of sentences) {
    const toks = goldTokens(s);
    let cur: GoldToken[] = [];
    toks.forEach((t, i) => {
      cur.push(t);
      if (t.spaceAfter || i === toks.length - 1) {
        out.push({ text: cur.map((x) => x.form).join(''), tokens: cur, final: i === toks.length - 1 });
        cur = [];
      }
    });
  }
  return out;
}

const inc = (m: Map<string, number>, k: string, by = 1): void => { m.set(k, (m.get(k) ?? 0) + by); };

/**
 * Keys counted more often on the `keep` side than on the `drop` side, plus seeds the data does not
 * contradict (a seed is dropped only when `drop` outnumbers `keep` for it).
 */
function majority(keep: Map<string, number>, drop: Map<string, number>, seeds: readonly string[] = []): string[] {
  const out = new Set([...keep].filter(([k, n]) => n > (drop.get(k) ?? 0)).map(([k]) => k));
  for (const k of seeds) if ((drop.get(k) ?? 0) <= (keep.get(k) ?? 0)) out.add(k);
  return [...out].sort();
}

/** Pairs of adjacent tokens inside chunks: (left, right) for every position. */
function* adjacent(chunks: readonly GoldChunk[]): Generator<[GoldToken, GoldToken, GoldToken | undefined]> {
  for (const c of chunks) for (let i = 0; i + 1 < c.tokens.length; i++) yield [c.tokens[i], c.tokens[i + 1], c.tokens[i + 2]];
}

const LETTERS = /^\p{L}+$/u;

/**
 * Word-level exceptions (multiword readings, word splits, context readings) need this many
 * occurrences: a single annotation of a typo (`plumbers` for `plumber's`) should not split every
 * later `plumbers`. Whole tokens and chunks are exact strings and need only one.
 */
const MIN_EVIDENCE = 2;

/** Open lists the rules consult: hyphen prefixes, dotted suffixes, number units. */
function learnLists(chunks: readonly GoldChunk[], seeds: TokenizerLanguage['learnerSeeds']): Pick<TokenizerLexicon, 'hyphenPrefixes' | 'dottedSuffixes' | 'numberUnits'> {
  const hyWhole = new Map<string, number>(), hySplit = new Map<string, number>();
  const dotWhole = new Map<string, number>(), dotSplit = new Map<string, number>();
  const unitWhole = new Map<string, number>(), unitSplit = new Map<string, number>();
  for (const c of chunks) {
    for (const t of c.tokens) {
      const h = /^(\p{L}+)-[\p{L}\p{N}]/u.exec(t.form);
      if (h) inc(hyWhole, h[1].toLowerCase());
      const d = /^[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.(\p{L}[\p{L}\p{N}]+)$/u.exec(t.form);
      if (d) inc(dotWhole, d[1].toLowerCase());
      const u = /^\d+(\p{L}+)$/u.exec(t.form);
      if (u) inc(unitWhole, u[1].toLowerCase());
    }
  }
  for (const [a, b, c] of adjacent(chunks)) {
    if (b.form === '-' && LETTERS.test(a.form) && c) inc(hySplit, a.form.toLowerCase());
    if (b.form === '.' && c && LETTERS.test(c.form)) inc(dotSplit, c.form.toLowerCase());
    const u = /^(\p{L}+)/u.exec(b.form);
    if (/\d$/.test(a.form) && u) inc(unitSplit, u[1].toLowerCase());
  }
  return {
    hyphenPrefixes: majority(hyWhole, hySplit),
    dottedSuffixes: majority(dotWhole, dotSplit, seeds.dottedSuffixes),
    numberUnits: majority(unitSplit, unitWhole, seeds.numberUnits),
  };
}

/** Letters written as a token of their own between two numbers (`18` `h` `15`) more often than inside one token (`18h15`). */
function learnUnitsBetweenNumbers(chunks: readonly GoldChunk[]): string[] {
  const split = new Map<string, number>(), whole = new Map<string, number>();
  for (const c of chunks) {
    for (const t of c.tokens) {
      const m = /^\d+(\p{L}+)\d+$/u.exec(t.form);
      if (m) inc(whole, m[1].toLowerCase());
    }
  }
  for (const [a, b, c] of adjacent(chunks)) {
    if (c && /^\d+$/.test(a.form) && /^\p{L}+$/u.test(b.form) && /^\d+$/.test(c.form)) inc(split, b.form.toLowerCase());
  }
  return [...split].filter(([k, n]) => n >= MIN_EVIDENCE && n > (whole.get(k) ?? 0)).map(([k]) => k).sort();
}

/** Gold tokens the rules would split, kept when EWT writes them whole more often than split. */
function learnWholeTokens(chunks: readonly GoldChunk[], lex: CompiledLexicon, seeds: readonly string[]): string[] {
  const scanner = new Scanner(lex);
  const whole = new Map<string, number>();
  const ruleSplits = new Map<string, boolean>();
  for (const c of chunks) {
    for (const t of c.tokens) {
      let splits = ruleSplits.get(t.form);
      if (splits === undefined) {
        splits = tokensOf(t.form, 0, t.form.length, scanner, lex).length > 1;
        ruleSplits.set(t.form, splits);
      }
      if (splits) inc(whole, t.form);
    }
  }
  const split = new Map<string, number>();
  for (const c of chunks) {
    const n = c.tokens.length;
    for (let i = 0; i < n; i++) {
      let s = c.tokens[i].form;
      for (let j = i + 1; j < n && s.length < 64; j++) {
        s += c.tokens[j].form;
        // A sentence-final `etc.` written `etc` `.` is the EWT convention, not a split.
        const finalDot = c.final && j === n - 1 && c.tokens[j].form === '.';
        if (!finalDot && whole.has(s)) inc(split, s);
      }
    }
  }
  return majority(whole, split, seeds);
}

/** Runs of letters and digits that EWT splits into several tokens (`alot` → `a lot`), by majority. */
function learnWordSplits(chunks: readonly GoldChunk[]): Record<string, number[]> {
  const isRun = (f: string): boolean => /^[\p{L}\p{N}\p{M}]+$/u.test(f);
  const whole = new Map<string, number>();
  const split = new Map<string, Map<string, number>>();
  for (const c of chunks) {
    let i = 0;
    while (i < c.tokens.length) {
      if (!isRun(c.tokens[i].form)) { i++; continue; }
      let j = i + 1;
      while (j < c.tokens.length && isRun(c.tokens[j].form)) j++;
      const run = c.tokens.slice(i, j);
      const key = run.map((t) => t.form).join('').toLowerCase();
      if (j - i === 1) inc(whole, key);
      else {
        let m = split.get(key);
        if (!m) split.set(key, (m = new Map()));
        inc(m, run.map((t) => t.form.length).join(','));
      }
      i = j;
    }
  }
  const out: Record<string, number[]> = {};
  for (const [key, m] of split) {
    const [best, n] = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (n >= MIN_EVIDENCE && n > (whole.get(key) ?? 0) && key.length <= 32) out[key] = best.split(',').map(Number);
  }
  return out;
}

/**
 * Forms read both as one word and as a multiword token (`its`): the next words after which the
 * multiword reading wins, for forms whose usual reading is the single word.
 */
function learnContextMultiword(sentences: readonly Sentence[], lex: CompiledLexicon,
  seeds: ReadonlyMap<string, readonly string[]>): TokenizerLexicon['contextMultiword'] {
  const multi = new Map<string, Map<string, number>>();
  const single = new Map<string, Map<string, number>>();
  const words = new Map<string, number[]>();
  for (const s of sentences) {
    const toks = goldTokens(s);
    toks.forEach((t, i) => {
      const lower = t.form.toLowerCase();
      const next = toks[i + 1]?.form.toLowerCase() ?? '';
      const isMulti = t.words.length > 1;
      const side = isMulti ? multi : single;
      let m = side.get(lower);
      if (!m) side.set(lower, (m = new Map()));
      inc(m, next);
      if (isMulti && !words.has(lower)) words.set(lower, t.words.map((w) => w.length));
    });
  }
  const out: TokenizerLexicon['contextMultiword'] = {};
  for (const [form, m] of multi) {
    const s = single.get(form);
    const w = words.get(form);
    if (!s || !w || wordsOf(form, lex).length > 1) continue;
    const next = [...m].filter(([k, n]) => n >= MIN_EVIDENCE && n > (s.get(k) ?? 0)).map(([k]) => k);
    for (const k of seeds.get(form) ?? []) if ((s.get(k) ?? 0) <= (m.get(k) ?? 0)) next.push(k);
    if (next.length > 0) out[form] = { words: w, next: [...new Set(next)].sort() };
  }
  return out;
}

/**
 * A reading's key: the word lengths when the words spell the form (`3,2` for `gon na`), else the
 * lower-cased words after `w:` (`w:de le` for `du`).
 */
function readingKey(form: string, words: readonly string[]): string {
  return words.join('') === form ? words.map((w) => w.length).join(',') : `w:${words.join(' ').toLowerCase()}`;
}

/**
 * Lower-cased forms whose usual treebank words differ from what the multiword rules give: word
 * lengths where the words spell the form (EWT `gonna` → 3,2), else the words themselves
 * (`expansions`, French `du` → `de le`).
 */
function learnMultiword(chunks: readonly GoldChunk[], lex: CompiledLexicon): Pick<TokenizerLexicon, 'multiword' | 'expansions'> {
  const counts = new Map<string, Map<string, number>>();
  const example = new Map<string, string>();
  for (const c of chunks) {
    for (const t of c.tokens) {
      const lower = t.form.toLowerCase();
      let m = counts.get(lower);
      if (!m) counts.set(lower, (m = new Map()));
      inc(m, readingKey(t.form, t.words));
      if (!example.has(lower)) example.set(lower, t.form);
    }
  }
  const multiword: Record<string, number[]> = {}, expansions: Record<string, string[]> = {};
  for (const [lower, m] of counts) {
    const [best, n] = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const total = [...m.values()].reduce((a, b) => a + b, 0);
    const form = example.get(lower) ?? lower;
    const rule = readingKey(form, wordsOf(form, lex));
    if (best === rule || n < MIN_EVIDENCE || n * 2 <= total) continue;
    if (best.startsWith('w:')) expansions[lower] = best.slice(2).split(' ');
    else multiword[lower] = best.split(',').map(Number);
  }
  return Object.keys(expansions).length > 0 ? { multiword, expansions } : { multiword };
}

/** Chunks the rules (with everything learned so far) get wrong, with their usual gold token lengths. */
function learnChunks(chunks: readonly GoldChunk[], lex: CompiledLexicon): Record<string, number[]> {
  const scanner = new Scanner(lex);
  const total = new Map<string, number>();
  const wrong = new Map<string, Map<string, number>>();
  for (const c of chunks) {
    inc(total, c.text);
    let sys = tokensOf(c.text, 0, c.text.length, scanner, lex);
    if (c.final) sys = splitFinalPeriod(sys, c.text, lex);
    const sysKey = sys.map((t) => t.end - t.start).join(',');
    const goldKey = c.tokens.map((t) => t.form.length).join(',');
    if (sysKey === goldKey) continue;
    let m = wrong.get(c.text);
    if (!m) wrong.set(c.text, (m = new Map()));
    inc(m, goldKey);
  }
  const out: Record<string, number[]> = {};
  for (const [text, m] of wrong) {
    const [best, n] = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (n * 2 > (total.get(text) ?? 0) && text.length > 1) out[text] = best.split(',').map(Number);
  }
  return out;
}

/**
 * Learns the tokenizer lexicon from treebank sentences, in stages that each see what the previous
 * ones learned: open lists, whole tokens, multiword exceptions and readings (learn-context-readings.ts),
 * then chunk exceptions. New kinds of entries are only written when there are some, so a treebank
 * that has none (EWT) gets the same lexicon as before they existed. The language
 * data gives the rules and the seeds (language.ts). Deterministic: the result depends only on the
 * sentences and the language data.
 */
export function learnLexicon(sentences: readonly Sentence[], language: TokenizerLanguage): TokenizerLexicon {
  const seeds = language.learnerSeeds;
  const compile = (l: TokenizerLexicon): CompiledLexicon => compileLexicon(l, language);
  const chunks = goldChunks(sentences);
  const lists = learnLists(chunks, seeds);
  const lex: TokenizerLexicon = { wholeTokens: [], chunks: {}, multiword: {}, wordSplits: {}, contextMultiword: {}, ...lists };
  const between = learnUnitsBetweenNumbers(chunks);
  if (between.length > 0) lex.unitsBetweenNumbers = between;
  lex.wholeTokens = learnWholeTokens(chunks, compile(lex), seeds.abbreviations);
  lex.wordSplits = learnWordSplits(chunks);
  Object.assign(lex, learnMultiword(chunks, compile(lex)));
  lex.contextMultiword = learnContextMultiword(sentences, compile(lex), new Map(Object.entries(seeds.contextMultiword)));
  const readings = learnContextReadings(sentences, new Set(Object.keys(lex.contextMultiword)));
  if (Object.keys(readings).length > 0) lex.contextReadings = readings;
  lex.chunks = learnChunks(chunks, compile(lex));
  return lex;
}
