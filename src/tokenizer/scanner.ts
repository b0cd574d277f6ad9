import { PUNCT, SEP, WORD, charLength, classAt, isDigitCode, isUpperAt } from './char-class.ts';
import type { CompiledLexicon } from './lexicon.ts';
import {
  ABBREV_DOTS, NUMBER_UNIT, URL_START, endsCleanly, isQuote, isRepeatable, isSentencePunct, isWholePattern, sentencePunctEnd,
  specialPunct, symbolEnd, urlEnd,
} from './patterns.ts';
import { MAX_TOKEN_LENGTH } from './types.ts';

/**
 * Rule-based token boundaries in the style of UD (English EWT for English), consulting the learned
 * lexicon and the language data (language.ts).
 *
 * Text is cut at separators into chunks; a chunk is looked up in the lexicon's chunk table, else
 * scanned left to right:
 * - a word run (letters, digits, marks) joined to further runs by connectors (`. , : / - & @ _ + % '`)
 *   is kept whole when it is a learned whole token or matches a pattern kept whole by EWT (URL, e-mail,
 *   number, date, phone number, file or domain name, dotted abbreviation, prefix hyphenation,
 *   apostrophe word); otherwise it is split at its weakest connector and the parts are tried again;
 * - a word directly followed by `.` keeps it when the pair is a learned abbreviation or an initial;
 * - an elided word of the language (French `l'`, `qu'`) is cut after its apostrophe, and a hyphen
 *   clitic (`-il`, `-t-il`) comes off the end of a word, unless the whole compound is a learned token;
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
    const e = specialPunct(text, c, p, cs, ce, this.lex);
    if (e > p) return this.take(text, p, e);
    let q = p + charLength(text, p);
    if (isSentencePunct(c)) {
      q = sentencePunctEnd(text, p, ce);
    } else if (c === 0x2d || c === 0x3d) {
      while (q < ce && (text.charCodeAt(q) === 0x2d || text.charCodeAt(q) === 0x3d)) q++; // `--`, `====`, `----==`
    } else if (c < 128 || isRepeatable(c)) {
      if (c === 0x2018 && text.charCodeAt(q) === 0x2019) q++;
      if (c >= 128 || this.lex.language.joinRepeatedPunctuation) while (q < ce && text.charCodeAt(q) === c) q++;
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
    if (text.charCodeAt(r) === 0x28 && this.lex.language.bracketSuffixes) { // traité(e)
      const e = bracketSuffixEnd(text, r, ce);
      if (e > 0) return this.take(text, p, e);
    }
    let x = r;
    for (;;) {
      if (x + 1 < ce && isConnector(text.charCodeAt(x)) && classAt(text, x + 1) === WORD) x = runEnd(text, x + 1, ce);
      else if (x + 4 < ce && text.startsWith('...@', x) && classAt(text, x + 4) === WORD) x = runEnd(text, x + 4, ce); // franz...@gmail.com
      else break;
    }
    if (x === r) return this.simpleWord(text, p, r, ce);
    const lang = this.lex.language;
    if ((lang.elisions.size > 0 || lang.hyphenClitics.length > 0) && !this.lex.whole.has(text.slice(p, x))) {
      if (lang.elisions.size > 0 && isApostropheCode(text.charCodeAt(r)) && lang.elisions.has(text.slice(p, r).toLowerCase())) return this.take(text, p, r + 1);
      const clitic = this.hyphenCliticStart(text, p, x);
      if (clitic > 0) {
        if (clitic === r) this.simpleWord(text, p, r, r);
        else this.compound(text, p, clitic, clitic);
        return this.take(text, clitic, x);
      }
    }
    return this.compound(text, p, x, ce);
  }

  /** Where a hyphen clitic of the language (`-t-il`, longest first) starts at the end of text[p, x), after a letter; -1 if none. */
  private hyphenCliticStart(text: string, p: number, x: number): number {
    for (const c of this.lex.language.hyphenClitics) {
      const s = x - c.length;
      if (s <= p || !/\p{L}/u.test(text[s - 1])) continue;
      if (text.slice(s, x).toLowerCase() === c) return s;
    }
    return -1;
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
      if (q < r && this.lex.unitsBetweenNumbers.size > 0) {
        const between = this.unitBetweenNumbers(text, q, r);
        if (between > q) {
          this.emit(p, q, text);
          this.emit(q, between, text);
          return this.take(text, between, r);
        }
      }
      if (q < r && r - q <= 8 && this.lex.numberUnits.has(text.slice(q, r).toLowerCase())) {
        this.emit(p, q, text);
        return this.take(text, q, r);
      }
    }
    if (r < ce && classAt(text, r) === PUNCT) {
      const n = text.charCodeAt(r);
      if (this.keepsTrailing(text, p, r, ce)) return this.take(text, p, r + 1);
      if ((n === 39 || n === 0x2019) && (r + 1 === ce || classAt(text, r + 1) !== WORD)) {
        const possessive = this.lex.language.possessiveAfter.has(text[r - 1].toLowerCase());
        if (possessive && r - p > 1 && !this.quoteOpen) return this.take(text, p, r + 1); // parents'
      }
    }
    return this.take(text, p, r);
  }

  /** End of a learned unit at q in `18h15` (letters, then only digits up to r), or q if there is none. */
  private unitBetweenNumbers(text: string, q: number, r: number): number {
    let u = q;
    while (u < r && !isDigitCode(text.charCodeAt(u))) u++;
    if (u === r || u - q > 8 || !this.lex.unitsBetweenNumbers.has(text.slice(q, u).toLowerCase())) return q;
    for (let i = u; i < r; i++) if (!isDigitCode(text.charCodeAt(i))) return q;
    return u;
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
    return n === 0x2f && this.lex.language.slashAbbreviations.has(text.slice(p, r).toLowerCase()) && (r + 1 >= ce || classAt(text, r + 1) !== WORD);
  }

  /** A word run with connectors, text[p, x); returns the end of what was consumed. */
  private compound(text: string, p: number, x: number, ce: number): number {
    if (x - p > MAX_TOKEN_LENGTH) return this.splitPieces(text, p, x, ce, 0);
    return this.piece(text, p, x, ce, 0);
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
    if (this.lex.whole.has(str) || isWholePattern(str, this.lex)) return this.take(text, s, e);
    const u = NUMBER_UNIT.exec(str);
    if (u && this.lex.numberUnits.has(u[2].toLowerCase())) {
      this.emit(s, s + u[1].length, text);
      return this.take(text, s + u[1].length, e);
    }
    return this.splitPieces(text, s, e, ce, level);
  }
}

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

/** End of a bracketed ending of 1–3 letters at r (`(e)`, `(S)`) not followed by a word character, or -1. */
function bracketSuffixEnd(text: string, r: number, ce: number): number {
  let q = r + 1;
  while (q < ce && q - r <= 3 && /\p{L}/u.test(text[q])) q++;
  if (q === r + 1 || q - r > 4 || q >= ce || text.charCodeAt(q) !== 0x29) return -1;
  return q + 1 < ce && classAt(text, q + 1) === WORD ? -1 : q + 1;
}

function isApostropheCode(c: number): boolean {
  return c === 0x27 || c === 0x2019;
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

