import { WORD, charLength, classAt, isDigitCode } from './char-class.ts';
import type { CompiledLexicon } from './lexicon.ts';

/**
 * Patterns and punctuation rules of the scanner (scanner.ts), as pure functions over the text. What
 * is particular to a language (clitics, dates, phone numbers…) comes from its data (language.ts).
 */

export const URL_START = /(?:https?:\/\/|ftp:\/\/|www\.|mailto:)/iy;
/** `:)` `;-)` `:D` `:((` `(:` `^_^` `<3` (tried only where a punctuation token starts). */
const EMOTICON = /(?:[:;=][-'^o]?(?:[)(\][]+|[DPpOo3/\\|*$@}{](?![\p{L}\p{N}]))|[([][-']?[:;=]|\^_*\^|<\/?3)/uy;
const NUMBER = /^\d+(?:[.,:]\d+)*$/;
export const NUMBER_UNIT = /^(\d+(?:[.,:]\d+)*)(\p{L}+)$/u;
const APOSTROPHE_WORD = /^[\p{L}\p{N}\p{M}]+(?:['’`]\p{L}[\p{L}\p{N}\p{M}]*)+$/u;
const EMAIL = /^[\p{L}\p{N}\p{M}._%+'-]+@[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)*$/u;
export const ABBREV_DOTS = /^(?:\p{L}\.)+\p{L}$/u;
const DOTTED = /^[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)+$/u;
const HYPHENATED = /^(\p{L}+)-[\p{L}\p{N}\p{M}-]+$/u;
const HYPHEN_JOINED = /^[\p{L}\p{N}\p{M}]+(?:-[\p{L}\p{N}\p{M}]+)+$/u;

/**
 * Compounds kept whole: numbers, apostrophe words, e-mail, dotted abbreviations, the language's
 * patterns (dates, phone numbers, `AT&T`, `w/o`…), file and domain names, words joined by hyphens
 * (when the language keeps them whole), prefix hyphenation.
 */
export function isWholePattern(s: string, lex: CompiledLexicon): boolean {
  if (NUMBER.test(s) || APOSTROPHE_WORD.test(s)) return true;
  if (s.indexOf('@') > 0) return EMAIL.test(s);
  if (ABBREV_DOTS.test(s)) return true;
  for (const re of lex.language.wholeTokenPatterns) if (re.test(s)) return true;
  if (DOTTED.test(s)) return lex.dottedSuffixes.has(s.slice(s.lastIndexOf('.') + 1).toLowerCase());
  if (lex.language.hyphenCompoundsWhole && HYPHEN_JOINED.test(s)) return true;
  const h = HYPHENATED.exec(s);
  if (h) return lex.hyphenPrefixes.has(h[1].toLowerCase());
  return false;
}

/**
 * . ! ? … mix into one token (`?!`, `.?`, `!!!?`), except that a run of dots keeps apart from the
 * ? or ! after it (`...?` is `...` `?`).
 */
export function sentencePunctEnd(text: string, p: number, ce: number): number {
  let q = p + 1;
  const dots = (c: number): boolean => c === 0x2e || c === 0x2026;
  if (dots(text.charCodeAt(p))) {
    while (q < ce && dots(text.charCodeAt(q))) q++;
    if (q - p > 1 || text.charCodeAt(p) === 0x2026) return q;
  }
  while (q < ce && isSentencePunct(text.charCodeAt(q))) q++;
  return q;
}

/** . ! ? … */
export function isSentencePunct(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

export function isRepeatable(c: number): boolean {
  return (c >= 0x2010 && c <= 0x201f) || c === 0x2022;
}

export function isQuote(c: number): boolean {
  return c === 39 || c === 0x2018 || c === 0x2019 || c === 0x60;
}

/** A token may end at e only if it does not cut a word run in two. */
export function endsCleanly(text: string, e: number, ce: number): boolean {
  return e >= ce || classAt(text, e) !== WORD || classAt(text, e - 1) !== WORD;
}

/** Emoticons, hashtags, mentions, `.5`, `'72`, `'s`, `+44`: end of the token at p, or p if none. */
export function specialPunct(text: string, c: number, p: number, cs: number, ce: number, lex: CompiledLexicon): number {
  if ((c === 0x23 || c === 0x40) && p + 1 < ce && isLetterAt(text, p + 1)) {
    let q = p + 1;
    while (q < ce && (classAt(text, q) === WORD || text.charCodeAt(q) === 0x5f)) q += charLength(text, q);
    return Math.min(q, ce);
  }
  if (c === 0x3a || c === 0x3b || c === 0x3d || c === 0x28 || c === 0x5b || c === 0x5e || c === 0x3c) {
    EMOTICON.lastIndex = p;
    const m = EMOTICON.exec(text);
    if (m && p + m[0].length <= ce) return p + m[0].length;
  }
  if (c === 0x2e && isDigitCode(text.charCodeAt(p + 1)) && p + 1 < ce && (p === cs || classAt(text, p - 1) !== WORD)) {
    let q = p + 1;
    while (q < ce && (isDigitCode(text.charCodeAt(q)) || ((text.charCodeAt(q) === 0x2c || text.charCodeAt(q) === 0x2e) && isDigitCode(text.charCodeAt(q + 1))))) q++;
    return Math.min(q, ce);
  }
  if (c === 0x27 || c === 0x2019) {
    if (p + 3 <= ce && isDigitCode(text.charCodeAt(p + 1)) && isDigitCode(text.charCodeAt(p + 2)) && (p + 3 === ce || classAt(text, p + 3) !== WORD)) return p + 3;
    if (p === cs) {
      const clitic = lex.language.cliticAt;
      clitic.lastIndex = p + 1;
      const m = clitic.exec(text);
      if (m && p + 1 + m[0].length <= ce) return p + 1 + m[0].length;
    }
  }
  if (c === 0x2b && p === cs && isDigitCode(text.charCodeAt(p + 1)) && p + 1 < ce) {
    let q = p + 1;
    while (q < ce && isDigitCode(text.charCodeAt(q))) q++;
    if (q === ce || classAt(text, q) !== WORD) return q;
  }
  return p;
}

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return classAt(text, i) === WORD && !/\p{N}/u.test(text[i]);
}

/** One symbol or emoji with its modifiers (variation selectors, skin tones, ZWJ sequences, flags). */
export function symbolEnd(text: string, p: number, ce: number): number {
  const first = text.codePointAt(p) ?? 0;
  let q = p + charLength(text, p);
  if (first >= 0x1f1e6 && first <= 0x1f1ff) {
    const next = text.codePointAt(q) ?? 0;
    if (q < ce && next >= 0x1f1e6 && next <= 0x1f1ff) q += 2;
    return Math.min(q, ce);
  }
  while (q < ce) {
    const c = text.codePointAt(q) ?? 0;
    if (c === 0xfe0f || c === 0xfe0e || c === 0x20e3 || (c >= 0x1f3fb && c <= 0x1f3ff)) {
      q += c > 0xffff ? 2 : 1;
    } else if (c === 0x200d && q + 1 < ce) {
      q += 1 + charLength(text, q + 1);
    } else {
      break;
    }
  }
  return Math.min(q, ce);
}

/** A URL runs to the end of the chunk, less trailing punctuation (a `)` stays if the URL opened one). */
export function urlEnd(text: string, p: number, ce: number): number {
  let e = ce;
  let open = 0;
  for (let i = p; i < ce; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28) open++;
    else if (c === 0x29) open--;
    else if (c === 0x3c || c === 0x3e || c === 0x22) { e = i; break; } // < > " end a URL
  }
  while (e > p + 4) {
    const c = text.charCodeAt(e - 1);
    if (c === 0x29 && open < 0) { open++; e--; continue; }
    if (c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || c === 0x21 || c === 0x3f || c === 0x27 || c === 0x2019
      || c === 0x201d || c === 0x5d || c === 0x7d) { e--; continue; }
    break;
  }
  return e;
}
