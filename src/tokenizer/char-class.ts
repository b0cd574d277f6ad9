/**
 * Character classes for the scanner, looked up by UTF-16 code unit.
 *
 * - SEP: white space, control characters (Cc) and zero-width space: never part of a token.
 * - WORD: letters, digits, combining marks and format characters that join words (soft hyphen, ZWJ).
 * - PUNCT: everything else (punctuation, symbols, emoji, lone surrogates).
 * A surrogate pair is classified by its code point (a letter of an astral script is WORD, an emoji is PUNCT).
 */
export const SEP = 0;
export const WORD = 1;
export const PUNCT = 2;
export type CharClass = typeof SEP | typeof WORD | typeof PUNCT;

const WORD_RE = /^[\p{L}\p{N}\p{M}\u00AD\u200C\u200D]$/u;
const SEP_RE = /^[\s\p{Cc}\u200B]$/u;

/** Class of each BMP code unit, computed lazily: 0 = not yet known, else class + 1. */
const bmp = new Uint8Array(65536);

function classifyCodePoint(cp: number): CharClass {
  const ch = String.fromCodePoint(cp);
  if (SEP_RE.test(ch)) return SEP;
  if (WORD_RE.test(ch)) return WORD;
  return PUNCT;
}

function classifyUnit(c: number): CharClass {
  let k = bmp[c];
  if (k === 0) {
    // Lone surrogates (and both halves before pairing) are PUNCT; pairs are handled by classAt.
    k = (c >= 0xd800 && c <= 0xdfff ? PUNCT : classifyCodePoint(c)) + 1;
    bmp[c] = k;
  }
  return (k - 1) as CharClass;
}

/** Class of the character starting at i (a surrogate pair counts as one character). */
export function classAt(text: string, i: number): CharClass {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return classifyUnit(c);
  const d = text.charCodeAt(i + 1);
  if (d >= 0xdc00 && d <= 0xdfff) return classifyCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  return PUNCT;
}

/** Code units taken by the character at i: 2 for a surrogate pair, else 1. */
export function charLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

export const isWordAt = (text: string, i: number): boolean => classAt(text, i) === WORD;
export const isSepAt = (text: string, i: number): boolean => classAt(text, i) === SEP;

/** True for an ASCII or Unicode uppercase letter at i (used for shapes and initials). */
export function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  const ch = text[i];
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
