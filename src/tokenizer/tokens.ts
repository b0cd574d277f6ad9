import { SEP, classAt } from './char-class.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { contextFeatures, cut, readingOf, wordsOf } from './multiword.ts';
import type { Scanner } from './scanner.ts';
import type { Token } from './types.ts';

/** Tokens of text[start, end): scanner boundaries, then multiword words and SpaceAfter. */
export function tokensOf(text: string, start: number, end: number, scanner: Scanner, lex: CompiledLexicon, bounds: number[] = []): Token[] {
  bounds.length = 0;
  scanner.scan(text, start, end, bounds);
  if (lex.language.spaceGroupedNumbers) joinSpaceGroupedNumbers(text, bounds);
  const out: Token[] = [];
  for (let i = 0; i < bounds.length; i += 2) out.push(makeToken(text, bounds[i], bounds[i + 1], lex));
  if (lex.contextMultiword.size > 0) applyContext(out, lex);
  if (lex.contextReadings.size > 0) applyContextReadings(out, lex);
  return out;
}

/** Forms whose reading the neighbouring forms decide (`des` → `de les` or `des`): the learned log-linear score. */
function applyContextReadings(tokens: Token[], lex: CompiledLexicon): void {
  let forms: string[] | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.form.length > 16) continue;
    const model = lex.contextReadings.get(t.form.toLowerCase());
    if (!model) continue;
    forms ??= tokens.map((x) => x.form);
    let score = model.bias;
    for (const f of contextFeatures(forms, i)) score += model.weights.get(f) ?? 0;
    t.words = score > 0 ? readingOf(t.form, model.words) : [t.form];
  }
}

const isDigits = (text: string, s: number, e: number): boolean => {
  for (let i = s; i < e; i++) if (text.charCodeAt(i) < 48 || text.charCodeAt(i) > 57) return false;
  return e > s;
};

/** A space, no-break space or narrow no-break space: what separates the thousands of a number. */
const isGroupSpace = (c: number): boolean => c === 0x20 || c === 0xa0 || c === 0x202f;

/**
 * Joins numbers grouped by thousands with one space (`1 000`, `125 000 000`) into one token, in place
 * on the scanner's start, end pairs: a token of 1–3 digits not preceded by a digit group, then tokens
 * of exactly 3 digits each one space further on.
 */
function joinSpaceGroupedNumbers(text: string, bounds: number[]): void {
  let w = 0;
  for (let r = 0; r < bounds.length; r += 2) {
    const s = bounds[r];
    let e = bounds[r + 1];
    if (e - s <= 3 && isDigits(text, s, e)) {
      while (r + 2 < bounds.length && bounds[r + 2] === e + 1 && isGroupSpace(text.charCodeAt(e))
        && bounds[r + 3] - bounds[r + 2] === 3 && isDigits(text, bounds[r + 2], bounds[r + 3])) {
        e = bounds[r + 3];
        r += 2;
      }
    }
    bounds[w++] = s;
    bounds[w++] = e;
  }
  bounds.length = w;
}

/** Multiword readings that depend on the next token (`its a` → `it s a`). */
function applyContext(tokens: Token[], lex: CompiledLexicon): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.form.length > 8) continue;
    const rule = lex.contextMultiword.get(t.form.toLowerCase());
    if (rule && rule.next.has(tokens[i + 1].form.toLowerCase())) t.words = cut(t.form, rule.words);
  }
}

export function makeToken(text: string, start: number, end: number, lex: CompiledLexicon): Token {
  const form = text.slice(start, end);
  return { form, start, end, spaceAfter: end >= text.length || classAt(text, end) === SEP, words: wordsOf(form, lex) };
}

/**
 * EWT ends a sentence with a separate `.` even after an abbreviation (`etc.` → `etc` `.`): a
 * sentence-final token like `etc.` or `U.S.` is cut before its last period. Returns the tokens to use.
 */
export function splitFinalPeriod(tokens: Token[], text: string, lex: CompiledLexicon): Token[] {
  const n = tokens.length;
  if (n === 0) return tokens;
  const t = tokens[n - 1];
  if (!isAbbreviationWithPeriod(t.form)) return tokens;
  const head = makeToken(text, t.start, t.end - 1, lex);
  const dot = makeToken(text, t.end - 1, t.end, lex);
  return [...tokens.slice(0, n - 1), head, dot];
}

/** `etc.`, `U.S.`, `Dr.`: ends in one period that follows a letter. */
export function isAbbreviationWithPeriod(form: string): boolean {
  const n = form.length;
  if (n < 2 || form.charCodeAt(n - 1) !== 46) return false;
  const prev = form[n - 2];
  return prev !== '.' && /\p{L}/u.test(prev);
}
