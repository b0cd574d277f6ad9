import { describe, expect, it } from 'vitest';
import { NULL_ID } from '../../src/ud/vocab-ids.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_TAGGER_TEMPLATE, FIRST_CLASS_ID, TAGGER_ATTRS, TaggerTemplate, affix, emptyEncodedWords, encodeWords, wordShape,
} from '../../src/tagger/features.ts';
import { buildTaggerVocabs } from '../../src/tagger/train/vocabs.ts';

const sentences = readConllu(readFileSync(new URL('../fixtures/tiny.conllu', import.meta.url), 'utf8'));

describe('word shape and affixes', () => {
  it.each([
    ['Apple', 'Xxxx'], ['apple', 'xxx'], ['U.S.', 'X.X.'], ['1,000', 'd,ddd'], ['iPhone', 'xXxxx'], ['McDonald', 'XxXxxx'],
    ['Zürich', 'Xxxx'], ['😀', 'oo'], ['', ''], ['ÉCOLE', 'XXX'],
  ])('%s → %s', (form, shape) => expect(wordShape(form)).toBe(shape));

  it('caps very long shapes', () => {
    expect(wordShape('ab1-'.repeat(1000)).length).toBeLessThanOrEqual(12);
  });

  it('affixes are empty when the word is shorter, except the one-character ones', () => {
    expect(affix('walked', 3, true)).toBe('ked');
    expect(affix('walked', 2, false)).toBe('wa');
    expect(affix('a', 1, true)).toBe('a');
    expect(affix('a', 2, true)).toBe('');
    expect(affix('', 1, false)).toBe('');
  });
});

describe('TaggerTemplate', () => {
  it('rejects unknown attributes, bad offsets and tags to the right', () => {
    expect(() => new TaggerTemplate(['colour:0'])).toThrow(/bad tagger feature/);
    expect(() => new TaggerTemplate(['word:x'])).toThrow(/bad tagger feature/);
    expect(() => new TaggerTemplate(['tag:0'])).toThrow(/only known to the left/);
    expect(() => new TaggerTemplate(['tag:1'])).toThrow(/only known to the left/);
    expect(() => new TaggerTemplate(['ptag:1'], 1)).toThrow(/only in a second pass/);
    expect(new TaggerTemplate(['ptag:1', 'ptag:-2'], 2).numSlots).toBe(2);
  });

  it('every slot of every word is written (sentinel check), NULL outside the sentence', () => {
    const { vocabs } = buildTaggerVocabs(sentences);
    const all = TAGGER_ATTRS.flatMap((a) => (a === 'tag' ? ['tag:-1', 'tag:-3'] : [`${a}:-2`, `${a}:0`, `${a}:3`]));
    const template = new TaggerTemplate([...DEFAULT_TAGGER_TEMPLATE, ...all], 2);
    const enc = encodeWords(vocabs, ['The', 'cat', 'sat'], emptyEncodedWords(1));
    const tags = Int32Array.from([FIRST_CLASS_ID + 1, FIRST_CLASS_ID + 2, FIRST_CLASS_ID]);
    const out = new Int32Array(template.numSlots + 2).fill(-999);
    for (let i = 0; i < 3; i++) {
      template.extract(enc, i, tags, out, 1);
      expect(out[0]).toBe(-999);
      expect(out[template.numSlots + 1]).toBe(-999);
      for (let s = 0; s < template.numSlots; s++) {
        expect(out[1 + s]).toBeGreaterThanOrEqual(0);
        const j = i + (template.slotOffset[s] ?? 0);
        if (j < 0 || j >= 3) expect(out[1 + s]).toBe(NULL_ID);
      }
    }
  });

  it('encodes known words to their ids and unknown ones to UNK', () => {
    const { vocabs } = buildTaggerVocabs(sentences);
    const enc = encodeWords(vocabs, ['The', 'zyzzyva'], emptyEncodedWords(1));
    expect(enc.n).toBe(2);
    expect(enc.ids[0]?.[0]).toBe(vocabs.word.id('the'));
    expect(enc.ids[0]?.[1]).toBe(1);
  });
});
