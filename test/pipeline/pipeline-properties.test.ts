import fc from 'fast-check';
import { expect, it } from 'vitest';
import { loadParserSync, toSentences, writeConllu, readConllu } from '../../src/index.ts';
import { isWellFormedTree } from '../../src/ud/tree.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';


/** The whole pipeline on arbitrary input: never throws, and every sentence is a well-formed tree over its words. */
describeWhen([NEEDS.shippedModel], 'raw text pipeline on arbitrary input', () => {
  const parser = loadParserSync();
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.array(fc.constantFrom('I', 'saw', 'her', '.', '!', ':-)', '😀', "don't", 'U.S.', '\n\n', ' ', '\t', '\u0000', 'http://x.org/a?b=1', '#tag', 'x'.repeat(400)), { maxLength: 60 }).map((a) => a.join(' ')),
  );

  it('yields well-formed sentences and trees whose offsets slice the input', () => {
    fc.assert(fc.property(text, (input) => {
      const sentences = parser.parse(input);
      for (const s of sentences) {
        expect(s.words.length).toBeGreaterThan(0);
        const head = [0, ...s.words.map((w) => w.head)];
        expect(isWellFormedTree(head, s.words.length)).toBe(true);
        for (const t of s.tokens) {
          expect(input.slice(t.start, t.end)).toBe(t.form);
          expect(t.wordIds.length).toBeGreaterThan(0);
        }
        for (const w of s.words) expect(w.prob).toBeGreaterThan(0);
      }
      // The CoNLL-U output reads back.
      expect(readConllu(writeConllu(toSentences(sentences))).length).toBe(sentences.length);
    }), { numRuns: 200, seed: 20261126 });
  });

  it('gives the same output for the same input', () => {
    const input = 'The board approved it last week. It takes effect in January!';
    expect(JSON.stringify(parser.parse(input))).toBe(JSON.stringify(parser.parse(input)));
  });

  it('never re-splits pre-split sentences or pre-tokenized tokens', () => {
    const oneSentence = parser.parse(['Hello there. How are you?']);
    expect(oneSentence).toHaveLength(1);
    const tokens = parser.parse([["don't", 'New-York-based', 'U.S.A', '.']]);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.words.map((w) => w.form)).toEqual(["don't", 'New-York-based', 'U.S.A', '.']);
  });

  it('splits raw text into sentences and multiword tokens', () => {
    const out = parser.parse("I don't know. She left!");
    expect(out.map((s) => s.words.map((w) => w.form))).toEqual([['I', 'do', "n't", 'know', '.'], ['She', 'left', '!']]);
    expect(out[0]?.tokens.find((t) => t.form === "don't")?.wordIds).toEqual([2, 3]);
  });
});
