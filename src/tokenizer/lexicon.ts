import { z } from 'zod/v3';
import { type CompiledLanguage, type TokenizerLanguage, compileLanguage } from './language.ts';
import type { TokenizerLexicon } from './types.ts';

export const TokenizerLexiconSchema: z.ZodType<TokenizerLexicon> = z.object({
  wholeTokens: z.array(z.string().min(1)),
  chunks: z.record(z.string().min(1), z.array(z.number().int().positive())),
  multiword: z.record(z.string().min(1), z.array(z.number().int().positive())),
  wordSplits: z.record(z.string().min(1), z.array(z.number().int().positive())),
  contextMultiword: z.record(z.string().min(1), z.object({ words: z.array(z.number().int().positive()), next: z.array(z.string()) })),
  hyphenPrefixes: z.array(z.string()),
  dottedSuffixes: z.array(z.string()),
  numberUnits: z.array(z.string()),
  expansions: z.record(z.string().min(1), z.array(z.string().min(1)).min(2)).optional(),
  unitsBetweenNumbers: z.array(z.string().min(1)).optional(),
  contextReadings: z.record(z.string().min(1), z.object({
    words: z.array(z.string().min(1)).min(2), bias: z.number(), weights: z.record(z.string(), z.number()),
  })).optional(),
});

/** A lexicon with nothing learned: the rules alone. */
export function emptyLexicon(): TokenizerLexicon {
  return { wholeTokens: [], chunks: {}, multiword: {}, wordSplits: {}, contextMultiword: {}, hyphenPrefixes: [], dottedSuffixes: [], numberUnits: [] };
}

/** The lexicon and the language data in lookup form (sets and maps), built once at load time. */
export interface CompiledLexicon {
  readonly language: CompiledLanguage;
  readonly whole: ReadonlySet<string>;
  /** Whole tokens that start with a non-word character, by first code unit, longest first. */
  readonly wholeByPunct: ReadonlyMap<number, readonly string[]>;
  readonly chunks: ReadonlyMap<string, readonly number[]>;
  readonly longestChunk: number;
  readonly multiword: ReadonlyMap<string, readonly number[]>;
  readonly wordSplits: ReadonlyMap<string, readonly number[]>;
  /** Lower-cased form → its words when the next token (lower-cased) is in `next`. */
  readonly contextMultiword: ReadonlyMap<string, { words: readonly number[]; next: ReadonlySet<string> }>;
  readonly hyphenPrefixes: ReadonlySet<string>;
  readonly dottedSuffixes: ReadonlySet<string>;
  readonly numberUnits: ReadonlySet<string>;
  readonly expansions: ReadonlyMap<string, readonly string[]>;
  readonly unitsBetweenNumbers: ReadonlySet<string>;
  readonly contextReadings: ReadonlyMap<string, { words: readonly string[]; bias: number; weights: ReadonlyMap<string, number> }>;
}

const WORD_START = /^[\p{L}\p{N}\p{M}]/u;

export function compileLexicon(lex: TokenizerLexicon, language: TokenizerLanguage): CompiledLexicon {
  const wholeByPunct = new Map<number, string[]>();
  for (const w of lex.wholeTokens) {
    if (WORD_START.test(w)) continue;
    const c = w.charCodeAt(0);
    const list = wholeByPunct.get(c) ?? [];
    list.push(w);
    wholeByPunct.set(c, list);
  }
  for (const list of wholeByPunct.values()) list.sort((a, b) => b.length - a.length);
  const chunks = new Map(Object.entries(lex.chunks));
  let longestChunk = 0;
  for (const k of chunks.keys()) longestChunk = Math.max(longestChunk, k.length);
  return {
    language: compileLanguage(language),
    whole: new Set(lex.wholeTokens),
    wholeByPunct,
    chunks,
    longestChunk,
    multiword: new Map(Object.entries(lex.multiword)),
    wordSplits: new Map(Object.entries(lex.wordSplits)),
    contextMultiword: new Map(Object.entries(lex.contextMultiword).map(([k, v]) => [k, { words: v.words, next: new Set(v.next) }])),
    hyphenPrefixes: new Set(lex.hyphenPrefixes),
    dottedSuffixes: new Set(lex.dottedSuffixes),
    numberUnits: new Set(lex.numberUnits),
    expansions: new Map(Object.entries(lex.expansions ?? {})),
    unitsBetweenNumbers: new Set(lex.unitsBetweenNumbers ?? []),
    contextReadings: new Map(Object.entries(lex.contextReadings ?? {}).map(([k, v]) => [k, { words: v.words, bias: v.bias, weights: new Map(Object.entries(v.weights)) }])),
  };
}
