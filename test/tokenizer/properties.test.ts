import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, Tokenizer, type RawSentence, type Token } from '../../src/tokenizer/index.ts';

const tok = Tokenizer.load();
/** Pieces repeated into 50,000-character words, which stress the scanner's linear-time promise. */
const LONG_WORD_PIECES = ['a', 'a.', 'a-', '😀', ':', 'a@', '1,', "a'"];
const SEPARATORS = /^[\s\p{Cc}\u200B]*$/u;

/** Throws (with a reason) unless the tokens are well formed for `text`. */
function checkTokens(text: string, tokens: readonly Token[], from: number): number {
  let at = from;
  for (const t of tokens) {
    if (!(t.start >= at && t.end > t.start && t.end <= text.length)) throw new Error(`bad offsets ${t.start}-${t.end} after ${at}`);
    if (text.slice(t.start, t.end) !== t.form) throw new Error(`form ${JSON.stringify(t.form)} is not the text at ${t.start}`);
    if (!SEPARATORS.test(text.slice(at, t.start))) throw new Error(`non-separator text skipped before ${t.start}`);
    if (t.form.length > MAX_TOKEN_LENGTH) throw new Error(`token of ${t.form.length} code units`);
    if (t.words.length < 1 || t.words.join('') !== t.form || t.words.some((w) => w.length === 0)) throw new Error(`bad words for ${t.form}`);
    const c = t.form.charCodeAt(t.form.length - 1);
    if (c >= 0xd800 && c <= 0xdbff && t.end < text.length && text.charCodeAt(t.end) >= 0xdc00 && text.charCodeAt(t.end) <= 0xdfff) {
      throw new Error('surrogate pair cut');
    }
    const next = t.end < text.length ? text[t.end] : ' ';
    if (t.spaceAfter !== (t.end >= text.length || SEPARATORS.test(next))) throw new Error(`spaceAfter of ${t.form}`);
    at = t.end;
  }
  return at;
}

function checkSentences(text: string, sentences: readonly RawSentence[]): void {
  let at = 0;
  for (const s of sentences) {
    if (s.tokens.length === 0) throw new Error('empty sentence');
    if (s.start !== s.tokens[0].start || s.end !== s.tokens[s.tokens.length - 1].end) throw new Error('sentence span');
    if (s.text !== text.slice(s.start, s.end)) throw new Error('sentence text');
    at = checkTokens(text, s.tokens, at);
  }
  if (!SEPARATORS.test(text.slice(at))) throw new Error('text left after the last token');
}

const pieces = fc.constantFrom('😀', '👍🏽', '👨‍👩‍👧', '🇺🇸', '\u0000', '\u0007', '\u001b', '\n\n', '\n', ' ', '\t', '\r\n', '\u2029', '\u00a0',
  '\uD800', '\uDC00', '\uFEFF', '\u200B', '\u200D', '\u0301', '.', '...', "'", '’', '"', 'Dr.', 'U.S.', 'http://x.com/a.', 'a@b.c', ':)',
  '(:', '#tag', '@me', "don't", "s'", '5:30', '1,000.5', '-', '—', '--', '(', ')', 'e-mail', 'its', 'a', 'The', 'I');
const mixed = fc.array(fc.oneof(pieces, fc.string({ unit: 'binary-ascii', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 40 })
  .map((a) => a.join(''));
const longWords = fc.tuple(fc.constantFrom('a', 'ab.', '😀', ':', 'x-', "a'", '1,', '\uD800', 'Ab', 'www.a'), fc.integer({ min: 100, max: 3000 }))
  .map(([w, n]) => w.repeat(n));
const blank = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\u00a0', '\u3000', '\r', '\u2029'), maxLength: 20 });

describe('tokenizer on arbitrary input', () => {
  it('tokenize never throws and yields well-formed sentences', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mixed, longWords, blank, fc.constant('')), (text) => {
      checkSentences(text, tok.tokenize(text));
    }), { numRuns: 400 });
  });

  it('tokenizeSentence never throws and never drops text', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mixed, longWords, blank), (text) => {
      checkTokens(text, tok.tokenizeSentence(text), 0);
    }), { numRuns: 300 });
  });

  it('empty and blank input give no sentences', () => {
    for (const text of ['', ' ', '\n\n\n', '\t \u00a0\r\n', '\u0000\u0001']) expect(tok.tokenize(text)).toEqual([]);
  });

  it('handles very long words (their speed: bench/tokenize-long-words.ts)', () => {
    for (const w of LONG_WORD_PIECES) {
      const text = w.repeat(50_000 / w.length);
      checkSentences(text, tok.tokenize(text));
    }
  });
});
