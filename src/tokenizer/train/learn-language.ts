import type { Sentence } from '../../ud/types.ts';
import { type TokenizerLanguage, TokenizerLanguageSchema } from '../language.ts';
import { type GoldToken, goldTokens } from './gold.ts';

/**
 * Language data (language.ts) learned from a treebank, for a language without a hand-written file:
 * what its tokens look like around apostrophes and hyphens, read off the gold tokens (`# text`,
 * `SpaceAfter=No` and multiword lines):
 * - clitics after an apostrophe (`'s`, `'ll`), negation clitics (`n't`) and possessive apostrophes,
 *   from tokens and multiword parts attached to the word before them;
 * - elisions (`l'`, `qu'`): tokens ending in an apostrophe attached to the next word, when the
 *   treebank splits them more often than it writes them inside one token;
 * - hyphen clitics (`-il`, `-t-il`): tokens starting with a hyphen attached to the word before;
 * - whether words joined by hyphens are one token, whether numbers grouped by spaces are, and whether
 *   a bracketed ending (`traité(e)`) stays on its word, by majority;
 * - slash abbreviations (`w/`).
 * Contractions and multiword readings are left to the lexicon learner (learn-lexicon.ts), which
 * learns them form by form. Each list entry needs MIN_EVIDENCE occurrences, so one odd annotation
 * does not become a rule.
 */
const MIN_EVIDENCE = 2;
/** Possessive apostrophes and clitics change many tokens: they need more evidence. */
const MIN_CLITIC_EVIDENCE = 5;

const inc = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
const kept = (m: ReadonlyMap<string, number>, min: number, against?: ReadonlyMap<string, number>): string[] =>
  [...m].filter(([k, n]) => n >= min && n > (against?.get(k) ?? 0)).map(([k]) => k).sort();

const APOSTROPHE = "['’]";
const ELIDED = new RegExp(`^(\\p{L}+)${APOSTROPHE}$`, 'u');
const ELIDED_INSIDE = new RegExp(`^(\\p{L}+)${APOSTROPHE}\\p{L}`, 'u');
const CLITIC = new RegExp(`^${APOSTROPHE}(\\p{Ll}+)$`, 'u');
const NEGATION = /^(\p{Ll}+'\p{Ll}+)$/u;
const HYPHEN_CLITIC = /^-(\p{L}+(?:-\p{L}+)*)$/u;
const HYPHEN_JOINED = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u;
const WORD_RUN = /^[\p{L}\p{N}]+$/u;
const BRACKET_SUFFIX = /^\p{L}+\(\p{L}{1,3}\)$/u;
const GROUPED_NUMBER = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+$/;
const endsInLetter = (s: string): boolean => /\p{L}$/u.test(s);
/** ASCII punctuation that the scanner may join into runs (not . and -, which have rules of their own). */
const PUNCT_RUN_CHAR = /^[!-,/:-@[-`{-~]$/;
const PUNCT_RUN = /^([!-,/:-@[-`{-~])\1+$/;

/** Pieces attached to the previous piece: the words of multiword tokens after the first, and tokens after SpaceAfter=No. */
function* attachedPieces(tokens: readonly GoldToken[]): Generator<{ before: string; piece: string; next: GoldToken | undefined }> {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.words.length > 1 && t.words.join('') === t.form) {
      for (let k = 1; k < t.words.length; k++) yield { before: t.words[k - 1], piece: t.words[k], next: tokens[i + 1] };
    }
    const prev = tokens[i - 1];
    if (prev && !prev.spaceAfter) yield { before: prev.form, piece: t.form, next: tokens[i + 1] };
  }
}

interface Counts {
  clitics: Map<string, number>;
  negation: Map<string, number>;
  possessive: Map<string, number>;
  elided: Map<string, number>;
  elidedInside: Map<string, number>;
  hyphenClitics: Map<string, number>;
  slash: Map<string, number>;
  hyphenWhole: number;
  hyphenSplit: number;
  groupedWhole: number;
  groupedSplit: number;
  punctRuns: number;
  punctSplit: number;
  bracketWhole: number;
  bracketSplit: number;
}

function count(sentences: readonly Sentence[]): Counts {
  const c: Counts = {
    clitics: new Map(), negation: new Map(), possessive: new Map(), elided: new Map(), elidedInside: new Map(),
    hyphenClitics: new Map(), slash: new Map(), hyphenWhole: 0, hyphenSplit: 0, groupedWhole: 0, groupedSplit: 0,
    punctRuns: 0, punctSplit: 0, bracketWhole: 0, bracketSplit: 0,
  };
  for (const s of sentences) {
    const tokens = goldTokens(s);
    for (const { before, piece } of attachedPieces(tokens)) {
      if (!endsInLetter(before)) continue;
      const cl = CLITIC.exec(piece);
      if (cl) inc(c.clitics, cl[1]);
      if (NEGATION.test(piece)) inc(c.negation, piece);
      if (piece === "'" || piece === '’') inc(c.possessive, before.slice(-1).toLowerCase());
      const hy = HYPHEN_CLITIC.exec(piece);
      if (hy) inc(c.hyphenClitics, hy[1].toLowerCase());
    }
    tokens.forEach((t, i) => {
      const next = tokens[i + 1];
      const el = ELIDED.exec(t.form);
      if (el && !t.spaceAfter && next && /^\p{L}/u.test(next.form)) inc(c.elided, el[1].toLowerCase());
      const inside = ELIDED_INSIDE.exec(t.form);
      if (inside) inc(c.elidedInside, inside[1].toLowerCase());
      if (/^\p{Ll}+\/$/u.test(t.form)) inc(c.slash, t.form.slice(0, -1));
      if (HYPHEN_JOINED.test(t.form)) c.hyphenWhole++;
      const after = tokens[i + 2];
      if (next?.form === '-' && after && !t.spaceAfter && !next.spaceAfter && WORD_RUN.test(t.form) && WORD_RUN.test(after.form)) c.hyphenSplit++;
      if (GROUPED_NUMBER.test(t.form)) c.groupedWhole++;
      if (BRACKET_SUFFIX.test(t.form)) c.bracketWhole++;
      const t3 = tokens[i + 3];
      if (next?.form === '(' && after && t3?.form === ')' && !t.spaceAfter && !next.spaceAfter && !after.spaceAfter
        && /^\p{L}+$/u.test(t.form) && /^\p{L}{1,3}$/u.test(after.form)) c.bracketSplit++;
      if (PUNCT_RUN.test(t.form)) c.punctRuns++;
      if (next && !t.spaceAfter && t.form === next.form && PUNCT_RUN_CHAR.test(t.form)) c.punctSplit++;
      if (/^\d{1,3}$/.test(t.form) && t.spaceAfter && next && /^\d{3}$/.test(next.form)) c.groupedSplit++;
    });
  }
  return c;
}

/**
 * Hyphen clitics completed by their linking forms: when `t-il` is a clitic made of a link `t` and
 * the clitic `il`, the link goes with every clitic (`t-elle`, `t-on`), since a treebank of a few
 * thousand sentences shows only some of them.
 */
function withLinkingForms(clitics: readonly string[]): string[] {
  const single = clitics.filter((c) => !c.includes('-'));
  const links = new Set<string>();
  for (const c of clitics) {
    const i = c.indexOf('-');
    if (i > 0 && single.includes(c.slice(i + 1))) links.add(c.slice(0, i));
  }
  const out = new Set(clitics);
  for (const l of links) for (const c of single) out.add(`${l}-${c}`);
  return [...out].sort();
}

/** Language data for treebank `sentences` in language `code` (an ISO 639 code), validated like a file. */
export function learnLanguage(sentences: readonly Sentence[], code: string): TokenizerLanguage {
  const c = count(sentences);
  return TokenizerLanguageSchema.parse({
    language: code,
    description: `Learned from the treebank by arcparse train (tokenizer/train/learn-language.ts): ${sentences.length} sentences.`,
    negationClitics: kept(c.negation, MIN_CLITIC_EVIDENCE),
    clitics: kept(c.clitics, MIN_CLITIC_EVIDENCE),
    possessiveAfter: kept(c.possessive, MIN_CLITIC_EVIDENCE).filter((k) => /^\p{Ll}$/u.test(k)),
    contractions: {},
    slashAbbreviations: kept(c.slash, MIN_EVIDENCE),
    wholeTokenPatterns: [],
    learnerSeeds: { abbreviations: [], dottedSuffixes: [], numberUnits: [], contextMultiword: {} },
    elisions: kept(c.elided, MIN_EVIDENCE, c.elidedInside),
    hyphenClitics: withLinkingForms(kept(c.hyphenClitics, 1)),
    hyphenCompounds: c.hyphenWhole > c.hyphenSplit ? 'whole' : 'split',
    spaceGroupedNumbers: c.groupedWhole >= MIN_EVIDENCE && c.groupedWhole > c.groupedSplit,
    repeatedPunctuation: c.punctSplit > c.punctRuns ? 'split' : 'join',
    bracketSuffixes: c.bracketWhole >= MIN_EVIDENCE && c.bracketWhole > c.bracketSplit,
  });
}
