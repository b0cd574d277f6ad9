import { PUNCT, SEP, WORD, charLength, classAt, isDigitCode, isUpperAt } from './char-class.ts';
import type { CompiledLexicon } from './lexicon.ts';
import { MAX_TOKEN_LENGTH } from './types.ts';

/**
 * Rule-based token boundaries in the style of UD English EWT, consulting a learned lexicon.
 *
 * Text is cut at separators into chunks; a chunk is looked up in the lexicon's chunk table, else
 * scanned left to right:
 * - a word run (letters, digits, marks) joined to further runs by connectors (`. , : / - & @ _ + % '`)
 *   is kept whole when it is a learned whole token or matches a pattern kept whole by EWT (URL, e-mail,
 *   number, date, phone number, file or domain name, dotted abbreviation, prefix hyphenation,
 *   apostrophe word); otherwise it is split at its weakest connector and the parts are tried again;
 * - a word directly followed by `.` keeps it when the pair is a learned abbreviation or an initial;
 * - punctuation comes off one token per run (`...`, `!!!`, `?!`, `--`, `''`), except emoticons,
 *   hashtags, @-mentions, decimals like `.5`, years like `'72` and learned tokens such as `#'s`.
 * Every step is linear in the chunk length; tokens longer than MAX_TOKEN_LENGTH are cut.
 */
export class Scanner {
  private readonly lex: CompiledLexicon;
  private out: number[] = [];
  /** An opening single quote is waiting for its closing one (so `friends'` is a quote, not a possessive). */
  private quoteOpen = false;

  constructor(lex: CompiledLexicon) {
    this.lex = lex;
  }

  /** Appends the token boundaries of text[start, end) to `out` as start, end pairs. */
  scan(text: string, start: number, end: number, out: number[]): void {
    this.out = out;
    this.quoteOpen = false;
    let p = start;
    while (p < end) {
      while (p < end && classAt(text, p) === SEP) p++;
      if (p >= end) break;
      let q = p;
      while (q < end && classAt(text, q) !== SEP) q += charLength(text, q);
      this.chunk(text, p, Math.min(q, end));
      p = q;
    }
  }

  private emit(s: number, e: number, text: string): void {
    while (e - s > MAX_TOKEN_LENGTH) {
      let m = s + MAX_TOKEN_LENGTH;
      const c = text.charCodeAt(m - 1);
      if (c >= 0xd800 && c <= 0xdbff) m--;
      this.out.push(s, m);
      s = m;
    }
    this.out.push(s, e);
  }

  private chunk(text: string, cs: number, ce: number): void {
    const len = ce - cs;
    if (len > 1 && len <= this.lex.longestChunk) {
      const known = this.lex.chunks.get(text.slice(cs, ce));
      if (known) {
        let p = cs;
        for (const l of known) {
          this.out.push(p, p + l);
          p += l;
        }
        return;
      }
    }
    let p = cs;
    while (p < ce) p = classAt(text, p) === WORD ? this.word(text, p, ce) : this.punct(text, p, cs, ce);
  }

  /** A token starting with a non-word character; returns its end. */
  private punct(text: string, p: number, cs: number, ce: number): number {
    const c = text.charCodeAt(p);
    const learned = this.lex.wholeByPunct.get(c);
    if (learned) {
      for (const w of learned) {
        const e = p + w.length;
        if (e <= ce && text.startsWith(w, p) && endsCleanly(text, e, ce)) return this.take(text, p, e);
      }
    }
    const e = specialPunct(text, c, p, cs, ce);
    if (e > p) return this.take(text, p, e);
    let q = p + charLength(text, p);
    if (isSentencePunct(c)) {
      q = sentencePunctEnd(text, p, ce);
    } else if (c === 0x2d || c === 0x3d) {
      while (q < ce && (text.charCodeAt(q) === 0x2d || text.charCodeAt(q) === 0x3d)) q++; // `--`, `====`, `----==`
    } else if (c < 128 || isRepeatable(c)) {
      if (c === 0x2018 && text.charCodeAt(q) === 0x2019) q++;
      while (q < ce && text.charCodeAt(q) === c) q++;
    } else {
      q = symbolEnd(text, p, ce);
    }
    if (q === p + 1 && isQuote(c)) {
      if (p === cs && q < ce && classAt(text, q) === WORD) this.quoteOpen = true;
      else if (p > cs) this.quoteOpen = false;
    }
    return this.take(text, p, q);
  }

  private take(text: string, p: number, e: number): number {
    this.emit(p, e, text);
    return e;
  }

  /** Tokens starting with a word character; returns the end of what was consumed. */
  private word(text: string, p: number, ce: number): number {
    const c = text.charCodeAt(p) | 0x20;
    if (c === 0x68 || c === 0x77 || c === 0x66 || c === 0x6d) { // h w f m
      URL_START.lastIndex = p;
      if (URL_START.test(text)) return this.take(text, p, urlEnd(text, p, ce));
    }
    const r = runEnd(text, p, ce);
    let x = r;
    for (;;) {
      if (x + 1 < ce && isConnector(text.charCodeAt(x)) && classAt(text, x + 1) === WORD) x = runEnd(text, x + 1, ce);
      else if (x + 4 < ce && text.startsWith('...@', x) && classAt(text, x + 4) === WORD) x = runEnd(text, x + 4, ce); // franz...@gmail.com
      else break;
    }
    if (x === r) return this.simpleWord(text, p, r, ce);
    return this.compound(text, p, x, ce);
  }

  private simpleWord(text: string, p: number, r: number, ce: number): number {
    if (this.lex.wordSplits.size > 0 && r - p <= 32 && r - p > 1) {
      const split = this.lex.wordSplits.get(text.slice(p, r).toLowerCase());
      if (split) {
        for (const l of split) {
          this.emit(p, p + l, text);
          p += l;
        }
        return r;
      }
    }
    if (isDigitCode(text.charCodeAt(p))) {
      let q = p + 1;
      while (q < r && isDigitCode(text.charCodeAt(q))) q++;
      if (q < r && r - q <= 8 && this.lex.numberUnits.has(text.slice(q, r).toLowerCase())) {
        this.emit(p, q, text);
        return this.take(text, q, r);
      }
    }
    if (r < ce && classAt(text, r) === PUNCT) {
      const n = text.charCodeAt(r);
      if (this.keepsTrailing(text, p, r, ce)) return this.take(text, p, r + 1);
      if ((n === 39 || n === 0x2019) && (r + 1 === ce || classAt(text, r + 1) !== WORD)) {
        const last = text.charCodeAt(r - 1) | 0x20;
        if (last === 0x73 && r - p > 1 && !this.quoteOpen) return this.take(text, p, r + 1); // parents'
      }
    }
    return this.take(text, p, r);
  }

  /** Whether the punctuation character at r belongs to the word text[p, r) (`Dr.`, `Yahoo!`, `US$`, `A.`). */
  private keepsTrailing(text: string, p: number, r: number, ce: number): boolean {
    const n = text.charCodeAt(r);
    // `etc...` is `etc` `...`, but `Inc..` is `Inc.` `.`
    if (n === 46 && r + 2 < ce && text.charCodeAt(r + 1) === 46 && text.charCodeAt(r + 2) === 46) return false;
    if (r + 1 < ce && classAt(text, r + 1) === WORD && n !== 46) return false;
    const form = text.slice(p, r + 1);
    if (this.lex.whole.has(form)) return true;
    // `LTD.` like `Ltd.`
    if (n === 46 && r - p > 1 && isUpperAt(text, p) && isUpperAt(text, p + 1) && form === form.toUpperCase()) {
      if (this.lex.whole.has(form[0] + form.slice(1).toLowerCase())) return true;
    }
    if (n === 46) return r - p === 1 && isUpperAt(text, p);
    // `w/` (with)
    return n === 0x2f && r - p === 1 && (text.charCodeAt(p) | 0x20) === 0x77 && (r + 1 >= ce || classAt(text, r + 1) !== WORD);
  }

  /** A word run with connectors, text[p, x); returns the end of what was consumed. */
  private compound(text: string, p: number, x: number, ce: number): number {
    if (x - p > MAX_TOKEN_LENGTH) return this.splitPieces(text, p, x, ce, 0);
    return this.piece(text, p, x, ce, 0);
  }

  private isWholePattern(s: string): boolean {
    if (NUMBER.test(s) || APOSTROPHE_WORD.test(s)) return true;
    if (s.indexOf('@') > 0) return EMAIL.test(s);
    if (ABBREV_DOTS.test(s) || DATE3.test(s) || PHONE.test(s) || AMPERSAND.test(s) || LETTER_SLASH.test(s) || NEWSGROUP.test(s)) return true;
    const d2 = DATE2.exec(s);
    if (d2) {
      const a = Number(d2[1]), b = Number(d2[2]);
      return a >= 1 && a <= 12 && b >= 5 && b <= 31;
    }
    if (DOTTED.test(s)) return this.lex.dottedSuffixes.has(s.slice(s.lastIndexOf('.') + 1).toLowerCase());
    const h = HYPHENATED.exec(s);
    if (h) return this.lex.hyphenPrefixes.has(h[1].toLowerCase());
    return false;
  }

  /**
   * Splits text[p, x) at every connector of the weakest kind present (SPLIT_ORDER from `level` on);
   * each part is kept whole if it qualifies, else split further. Returns the end consumed.
   */
  private splitPieces(text: string, p: number, x: number, ce: number, level: number): number {
    let k = level;
    let cut = -1;
    for (; k < SPLIT_ORDER.length; k++) {
      cut = indexOfCode(text, SPLIT_ORDER[k], p, x);
      if (cut >= 0) break;
    }
    // Only word runs joined by connectors that never split (apostrophes, underscores) are left.
    if (cut < 0) return this.take(text, p, x);
    const code = SPLIT_ORDER[k];
    let start = p;
    for (;;) {
      let end = indexOfCode(text, code, start, x);
      if (end < 0) end = x;
      const last = end === x;
      const next = end > start ? this.piece(text, start, end, last ? ce : x, k + 1) : end;
      if (last) return next;
      if (next > end) { // the piece took the connector: a `.` after an abbreviation
        start = next;
        continue;
      }
      this.emit(end, end + 1, text);
      start = end + 1;
    }
  }

  /** Keeps text[s, e) whole (with a trailing abbreviation `.`) if it qualifies, else splits it further. */
  private piece(text: string, s: number, e: number, ce: number, level: number): number {
    if (e < ce && classAt(text, e) === PUNCT) {
      if (this.keepsTrailing(text, s, e, ce)) return this.take(text, s, e + 1);
      if (text.charCodeAt(e) === 46 && text.charCodeAt(e + 1) !== 46 && ABBREV_DOTS.test(text.slice(s, e))) return this.take(text, s, e + 1);
    }
    if (e - s > MAX_TOKEN_LENGTH) return this.splitPieces(text, s, e, ce, level);
    const str = text.slice(s, e);
    if (this.lex.whole.has(str) || this.isWholePattern(str)) return this.take(text, s, e);
    const u = NUMBER_UNIT.exec(str);
    if (u && this.lex.numberUnits.has(u[2].toLowerCase())) {
      this.emit(s, s + u[1].length, text);
      return this.take(text, s + u[1].length, e);
    }
    return this.splitPieces(text, s, e, ce, level);
  }
}

const URL_START = /(?:https?:\/\/|ftp:\/\/|www\.|mailto:)/iy;
const EMOTICON = /(?:[:;=8][-'^o]?(?:[)(\]\[]+|[DPpOo3/\\|*$@}{](?![\p{L}\p{N}]))|[(\[][-']?[:;=]|\^_*\^|<\/?3|[xX]D(?![\p{L}\p{N}]))/uy;
const NUMBER = /^\d+(?:[.,:]\d+)*$/;
const NUMBER_UNIT = /^(\d+(?:[.,:]\d+)*)(\p{L}+)$/u;
const APOSTROPHE_WORD = /^[\p{L}\p{N}\p{M}]+(?:['’`]\p{L}[\p{L}\p{N}\p{M}]*)+$/u;
const EMAIL = /^[\p{L}\p{N}\p{M}._%+'-]+@[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)*$/u;
const ABBREV_DOTS = /^(?:\p{L}\.)+\p{L}$/u;
const DATE3 = /^(?:\d{1,4}\/\d{1,2}\/\d{1,4}|\d{1,2}-\d{1,2}-\d{2,4})$/;
const DATE2 = /^(\d{1,2})\/(\d{1,2})$/;
const PHONE = /^(?:(?:\+?\d{1,3}[-.])?(?:\d{3}[-./])?\d{3}[-.]\d{4}|\d-\d{4})$/;
/** `AT&T`, `PG&E` (single letters on both sides, like `B&W`, are split in EWT unless learned). */
const AMPERSAND = /^(?:\p{Lu}{2,3}&\p{Lu}{1,3}|\p{Lu}&\p{Lu}{2,3})$/u;
/** `w/o`, `b/c`, `l/c`. */
const LETTER_SLASH = /^\p{L}\/\p{L}$/u;
const NEWSGROUP = /^(?:alt|comp|misc|rec|sci|soc|talk|news|humanities)\.[a-z0-9+-]+(?:\.[a-z0-9+-]+)*$/;
const DOTTED = /^[\p{L}\p{N}\p{M}_-]+(?:\.[\p{L}\p{N}\p{M}_-]+)+$/u;
const HYPHENATED = /^(\p{L}+)-[\p{L}\p{N}\p{M}-]+$/u;

/** Connectors tried for splitting, weakest first; `_` never splits. */
const SPLIT_ORDER = [0x2f, 0x26, 0x2b, 0x40, 0x25, 0x2d, 0x3a, 0x2c, 0x2e, 0x27, 0x2019, 0x60]; // / & + @ % - : , . ' ’ `

function isConnector(c: number): boolean {
  switch (c) {
    case 0x2e: case 0x2c: case 0x3a: case 0x2f: case 0x2d: case 0x26: case 0x40: case 0x5f: case 0x2b: case 0x25:
    case 0x27: case 0x2019: case 0x60:
      return true;
    default:
      return false;
  }
}

function indexOfCode(text: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

function runEnd(text: string, p: number, ce: number): number {
  let q = p;
  while (q < ce && classAt(text, q) === WORD) q += charLength(text, q);
  return Math.min(q, ce);
}

/**
 * . ! ? … mix into one token (`?!`, `.?`, `!!!?`), except that a run of dots keeps apart from the
 * ? or ! after it (`...?` is `...` `?`).
 */
function sentencePunctEnd(text: string, p: number, ce: number): number {
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
function isSentencePunct(c: number): boolean {
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

function isRepeatable(c: number): boolean {
  return (c >= 0x2010 && c <= 0x201f) || c === 0x2022;
}

function isQuote(c: number): boolean {
  return c === 39 || c === 0x2018 || c === 0x2019 || c === 0x60;
}

/** A token may end at e only if it does not cut a word run in two. */
function endsCleanly(text: string, e: number, ce: number): boolean {
  return e >= ce || classAt(text, e) !== WORD || classAt(text, e - 1) !== WORD;
}

/** Emoticons, hashtags, mentions, `.5`, `'72`, `'s`, `+44`: end of the token at p, or p if none. */
function specialPunct(text: string, c: number, p: number, cs: number, ce: number): number {
  if ((c === 0x23 || c === 0x40) && p + 1 < ce && isLetterAt(text, p + 1)) {
    let q = p + 1;
    while (q < ce && (classAt(text, q) === WORD || text.charCodeAt(q) === 0x5f)) q += charLength(text, q);
    return Math.min(q, ce);
  }
  if (c === 0x3a || c === 0x3b || c === 0x3d || c === 0x28 || c === 0x5b || c === 0x5e || c === 0x3c || c === 0x38) {
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
      CLITIC.lastIndex = p + 1;
      const m = CLITIC.exec(text);
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

const CLITIC = /(?:s|m|d|ll|re|ve|S|M|D|LL|RE|VE)(?![\p{L}\p{N}\p{M}])/uy;

function isLetterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
  return classAt(text, i) === WORD && !/\p{N}/u.test(text[i]);
}

/** One symbol or emoji with its modifiers (variation selectors, skin tones, ZWJ sequences, flags). */
function symbolEnd(text: string, p: number, ce: number): number {
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
function urlEnd(text: string, p: number, ce: number): number {
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
