import { describe, expect, it } from 'vitest';
import { CompactVocab } from '../../src/model/compact-vocab.ts';
import { Vocab } from '../../src/model/vocab.ts';
import { ModelError } from '../../src/model/errors.ts';
import { Rng } from '../../src/model/train/random.ts';

/** CompactVocab must answer exactly as Vocab does: it replaces it for the 100k pretrained-vector words. */
describe('CompactVocab', () => {
  const rng = new Rng(11);
  const alphabet = ['a', 'b', 'é', 'ß', '0', "'", '-', '\u{1F600}', 'ı', 'Z'];
  const words = new Set<string>(['the', "n't", '', '<unk-like>', 'naïve', '\u{1F600}x']);
  while (words.size < 5000) {
    let w = '';
    const n = 1 + Math.floor(rng.next() * 8);
    for (let k = 0; k < n; k++) w += alphabet[Math.floor(rng.next() * alphabet.length)];
    words.add(w);
  }
  const list = [...words];
  const compact = new CompactVocab(list), plain = new Vocab(list);

  it('gives every entry the id Vocab gives, and UNK to strings it does not hold', () => {
    expect(compact.size).toBe(plain.size);
    for (const w of list) expect(compact.id(w)).toBe(plain.id(w));
    for (const w of ['', 'the ', 'THE', 'zzzzzzzzzz', '\u{1F601}', 'naive']) {
      expect(compact.id(w)).toBe(plain.id(w));
      expect(compact.has(w)).toBe(plain.has(w));
    }
    // The reserved entries keep their ids.
    for (const s of plain.strings.slice(0, 3)) expect(compact.id(s)).toBe(plain.id(s));
  });

  it('lists its entries as Vocab does (what vocab.json stores)', () => {
    expect(compact.entries()).toEqual(plain.entries());
  });

  it('built on a SharedArrayBuffer, is adopted by another thread without its word list, answering the same', async () => {
    const shared = new CompactVocab(list, true);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(compact.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const adopted = new CompactVocab(shared.buffer as SharedArrayBuffer);
    expect(adopted.size).toBe(plain.size);
    for (const w of [...list, 'the ', 'THE', 'zzzzzzzzzz']) expect(adopted.id(w)).toBe(plain.id(w));
    expect(adopted.entries()).toEqual(plain.entries());
  });

  it('fromJson reads the UTF-8 bytes of a JSON array as JSON.parse does: escapes, every plane, the same ids', () => {
    const tricky = [...list, 'quote"in', 'back\\slash', 'tab\there', 'nl\nx', '\u0001ctl', 'café', '日本', '\u{1F600}\u{1F601}', '/slash', '\u2028sep'];
    const fromText = CompactVocab.fromJson(new TextEncoder().encode(JSON.stringify(tricky, null, 1)));
    const expected = new Vocab(tricky);
    expect(fromText.size).toBe(expected.size);
    for (const w of tricky) expect(fromText.id(w)).toBe(expected.id(w));
    expect(fromText.entries()).toEqual(expected.entries());
    // \u escapes written out, including a surrogate pair, and an empty array.
    const escaped = CompactVocab.fromJson(new TextEncoder().encode('[ "\\u0041b", "\\ud83d\\ude00", "\\/" ]'));
    expect(escaped.entries()).toEqual(['Ab', '\u{1F600}', '/']);
    expect(CompactVocab.fromJson(new TextEncoder().encode(' [ ] ')).size).toBe(3);
  });

  it.each([['not an array', '{"a": 1}'], ['a number in it', '["a", 1]'], ['unterminated', '["a'], ['trailing comma', '["a",]'], ['text after', '["a"] x'],
    ['bad escape', '["\\q"]'], ['raw control character', '["a\u0001"]']])('fromJson refuses %s with a SyntaxError', (_what, text) => {
    expect(() => CompactVocab.fromJson(new TextEncoder().encode(text))).toThrow(SyntaxError);
  });

  it('fromJson refuses invalid UTF-8', () => {
    expect(() => CompactVocab.fromJson(Uint8Array.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d]))).toThrow(SyntaxError);
  });

  it('refuses a duplicate entry', () => {
    expect(() => new CompactVocab(['a', 'b', 'a'])).toThrow(ModelError);
  });
});
