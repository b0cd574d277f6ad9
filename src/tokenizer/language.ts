import { join } from 'node:path';
import { z } from 'zod/v3';
import { ModelError } from '../model/errors.ts';
import { checkWith, readJsonFile } from '../model/model-files.ts';

/**
 * What the tokenizer knows about a language, as data in the model bundle (`tokenizer/language.json`)
 * rather than constants in code: the generic scanner, multiword splitter and lexicon learner consult
 * it. The English file (models/en_ewt/tokenizer/language.json) follows UD English EWT and is written
 * by hand; for another treebank, training learns the file from the treebank (train/learn-language.ts).
 * Fields added after the English file have defaults that keep the English behaviour.
 */
export const LANGUAGE_FILE = 'language.json';

const lowerWord = z.string().regex(/^\p{Ll}+$/u, 'expected lower-case letters');

export const TokenizerLanguageSchema = z.object({
  language: z.string().min(1).describe('ISO 639 code of the language'),
  description: z.string().optional().describe('what the file is, for people'),
  negationClitics: z.array(z.string().regex(/^\p{Ll}+'\p{Ll}+$/u, "expected lower-case letters around one apostrophe, like n't"))
    .describe("clitics that begin before the apostrophe, tried first: don't → do n't, isn't → is n't"),
  clitics: z.array(lowerWord).describe("clitics split off at an apostrophe (lower case, without it): I'm → I 'm, I'd've → I 'd 've"),
  possessiveAfter: z.array(z.string().regex(/^\p{Ll}$/u, 'expected one lower-case letter'))
    .describe("letters after which a word-final apostrophe is a possessive split off: parents' → parents '"),
  contractions: z.record(lowerWord, z.array(z.number().int().positive()).min(2))
    .refine((m) => Object.entries(m).every(([k, v]) => v.reduce((a, b) => a + b, 0) === k.length),
      { message: 'the word lengths of a contraction must add up to its length' })
    .describe('contractions written without an apostrophe, with the lengths of their words: dont → do nt, gonna → gon na'),
  slashAbbreviations: z.array(lowerWord).describe('words that keep a following slash: w/ (with)'),
  wholeTokenPatterns: z.array(z.object({
    pattern: z.string().min(1).describe('a regular expression (u flag) that a whole token must match'),
    examples: z.array(z.string()).min(1).describe('tokens it keeps whole; checked on load'),
  })).describe('compounds kept as one token although they contain punctuation: dates, phone numbers, AT&T, w/o'),
  learnerSeeds: z.object({
    abbreviations: z.array(z.string().min(2)).describe('abbreviations written with a final period, kept whole mid-sentence'),
    dottedSuffixes: z.array(z.string().min(1)).describe('last parts of domain and file names (enron.com, notes.doc)'),
    numberUnits: z.array(z.string().min(1)).describe('units split off a preceding number (5kg → 5 kg)'),
    contextMultiword: z.record(z.string(), z.array(z.string()))
      .describe('forms that are multiword tokens before certain next words: its → it s before "a", "not", …'),
  }).describe('what the lexicon learner starts from, so forms missing from the treebank still come out right; treebank evidence overrides every entry'),
  elisions: z.array(lowerWord).default([])
    .describe("elided words split after their apostrophe when a letter follows: l'homme → l' homme, qu'il → qu' il, jusqu'à → jusqu' à"),
  hyphenClitics: z.array(z.string().regex(/^\p{Ll}+(?:-\p{Ll}+)*$/u, 'expected lower-case letters, without the leading hyphen')).default([])
    .describe('clitics split off the end of a word with their hyphen: est-il → est -il, a-t-il → a -t-il'),
  hyphenCompounds: z.enum(['split', 'whole']).default('split')
    .describe('words joined by hyphens (Jean-Claude, 1994-95): split at the hyphens unless the lexicon knows them (split), or kept as one token (whole)'),
  spaceGroupedNumbers: z.boolean().default(false)
    .describe('a number grouped by thousands with spaces is one token: 1 000, 125 000'),
  bracketSuffixes: z.boolean().default(false)
    .describe('a word with a bracketed ending of 1–3 letters right after it is one token: traité(e), AUTRE(S)'),
  repeatedPunctuation: z.enum(['join', 'split']).default('join')
    .describe('a run of one ASCII punctuation character other than . and - (!!, )), **): one token (join) or one token per character (split)'),
});
export type TokenizerLanguage = z.infer<typeof TokenizerLanguageSchema>;
/** Language data as written in a file: the fields with defaults may be left out. */
export type TokenizerLanguageInput = z.input<typeof TokenizerLanguageSchema>;

/** The language data in lookup form, built once when the tokenizer is made. */
export interface CompiledLanguage {
  /** Negation clitics split around the apostrophe: `n't` → before `n`, after `t`. */
  readonly negationClitics: readonly { readonly before: string; readonly after: string }[];
  readonly clitics: ReadonlySet<string>;
  /** A clitic (lower or upper case) at the sticky position, not followed by a letter, digit or mark. */
  readonly cliticAt: RegExp;
  readonly possessiveAfter: ReadonlySet<string>;
  readonly contractions: ReadonlyMap<string, readonly number[]>;
  readonly slashAbbreviations: ReadonlySet<string>;
  /** Anchored patterns: a token matching one is kept whole. */
  readonly wholeTokenPatterns: readonly RegExp[];
  readonly elisions: ReadonlySet<string>;
  /** Hyphen clitics with their hyphen (`-t-il`, `-il`), longest first. */
  readonly hyphenClitics: readonly string[];
  readonly hyphenCompoundsWhole: boolean;
  readonly spaceGroupedNumbers: boolean;
  readonly joinRepeatedPunctuation: boolean;
  readonly bracketSuffixes: boolean;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Lookup form of validated language data. A pattern that is not a regular expression, or that does
 * not match one of its examples, throws ModelError (naming `file` when given).
 */
export function compileLanguage(lang: TokenizerLanguage, file = LANGUAGE_FILE): CompiledLanguage {
  const wholeTokenPatterns = lang.wholeTokenPatterns.map(({ pattern, examples }, i) => {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch (e) {
      throw new ModelError('MODEL_ERR_INVALID', `${file}: wholeTokenPatterns.${i}: ${(e as Error).message}`, { file });
    }
    const missed = examples.find((x) => !re.test(x));
    if (missed !== undefined) {
      throw new ModelError('MODEL_ERR_INVALID', `${file}: wholeTokenPatterns.${i}: the pattern does not match its example ${JSON.stringify(missed)}`, { file });
    }
    return re;
  });
  // Longest first, so a clitic never stops at a shorter one that is its prefix.
  const cliticForms = [...new Set(lang.clitics.flatMap((c) => [c, c.toUpperCase()]))].sort((a, b) => b.length - a.length);
  return {
    negationClitics: lang.negationClitics.map((c) => ({ before: c.slice(0, c.indexOf("'")), after: c.slice(c.indexOf("'") + 1) })),
    clitics: new Set(lang.clitics),
    cliticAt: new RegExp(`(?:${cliticForms.map(escapeRegExp).join('|') || '(?!)'})(?![\\p{L}\\p{N}\\p{M}])`, 'uy'),
    possessiveAfter: new Set(lang.possessiveAfter),
    contractions: new Map(Object.entries(lang.contractions)),
    slashAbbreviations: new Set(lang.slashAbbreviations),
    wholeTokenPatterns,
    elisions: new Set(lang.elisions),
    hyphenClitics: lang.hyphenClitics.map((c) => `-${c}`).sort((a, b) => b.length - a.length || (a < b ? -1 : 1)),
    hyphenCompoundsWhole: lang.hyphenCompounds === 'whole',
    spaceGroupedNumbers: lang.spaceGroupedNumbers,
    joinRepeatedPunctuation: lang.repeatedPunctuation === 'join',
    bracketSuffixes: lang.bracketSuffixes,
  };
}

/** Reads and validates `file`; every problem is a ModelError naming it. */
export function readLanguageFile(file: string): TokenizerLanguage {
  const lang = checkWith(TokenizerLanguageSchema, readJsonFile(file), file);
  compileLanguage(lang, file);
  return lang;
}

/** The language data of a tokenizer model directory (`dir/language.json`). */
export function loadLanguage(dir: string): TokenizerLanguage {
  return readLanguageFile(join(dir, LANGUAGE_FILE));
}
