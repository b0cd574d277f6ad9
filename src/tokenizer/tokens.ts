import { SEP, classAt } from './char-class.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { cut, wordsOf } from './multiword.ts';
import type { Scanner } from './scanner.ts';
import type { Token } from './types.ts';

/** Tokens of text[start, end): scanner boundaries, then multiword words and SpaceAfter. */
export function tokensOf(text: string, start: number, end: number, scanner: Scanner, lex: CompiledLexicon, bounds: number[] = []): Token[] {
  bounds.length = 0;
  scanner.scan(text, start, end, bounds);
  const out: Token[] = [];
  for (let i = 0; i < bounds.length; i += 2) out.push(makeToken(text, bounds[i], bounds[i + 1], lex));
  if (lex.contextMultiword.size > 0) applyContext(out, lex);
  return out;
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
