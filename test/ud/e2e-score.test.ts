import { describe, expect, it } from 'vitest';
import { formatE2EScores, scoreSystem } from '../../src/ud/e2e-score.ts';
import { rawTextOf } from '../../src/ud/raw-text.ts';
import { ParserError } from '../../src/ud/errors.ts';
import { readConllu } from '../../src/ud/conllu.ts';

const row = (...cols: string[]): string => cols.join('\t');

const GOLD = readConllu([
  '# newdoc id = d1', '# newpar', '# sent_id = 1', "# text = I don't know.",
  row('1', 'I', 'I', 'PRON', 'PRP', '_', '4', 'nsubj', '_', '_'),
  row('2-3', "don't", '_', '_', '_', '_', '_', '_', '_', '_'),
  row('2', 'do', 'do', 'AUX', 'VBP', '_', '4', 'aux', '_', '_'),
  row('3', "n't", 'not', 'PART', 'RB', '_', '4', 'advmod', '_', '_'),
  row('4', 'know', 'know', 'VERB', 'VB', '_', '0', 'root', '_', 'SpaceAfter=No'),
  row('5', '.', '.', 'PUNCT', '.', '_', '4', 'punct', '_', '_'),
  '', '# sent_id = 2', '# text = Bye!',
  row('1', 'Bye', 'bye', 'INTJ', 'UH', '_', '0', 'root', '_', 'SpaceAfter=No'),
  row('2', '!', '!', 'PUNCT', '.', '_', '1', 'punct', '_', '_'),
  '', '# newpar', '# sent_id = 3', '# text = Ok',
  row('1', 'Ok', 'ok', 'INTJ', 'UH', '_', '0', 'root', '_', '_'),
  '', ''].join('\n'));

/** One sentence instead of two, `don't` as one plain word, `Bye!` as one token, one wrong UPOS/lemma/label. */
const SYSTEM = readConllu([
  "# text = I don't know. Bye!",
  row('1', 'I', 'I', 'PRON', 'PRP', '_', '3', 'nsubj:pass', '_', '_'),
  row('2', "don't", 'do', 'AUX', 'VBP', '_', '3', 'aux', '_', '_'),
  row('3', 'know', 'knew', 'NOUN', 'VB', '_', '0', 'root', '_', 'SpaceAfter=No'),
  row('4', '.', '.', 'PUNCT', '.', '_', '3', 'dep', '_', '_'),
  row('5', 'Bye!', 'bye', 'INTJ', 'UH', '_', '3', 'discourse', '_', '_'),
  '', '# text = Ok',
  row('1', 'Ok', 'ok', 'INTJ', 'UH', '_', '0', 'root', '_', '_'),
  '', ''].join('\n'));

describe('end-to-end scorer (CoNLL 2018 style)', () => {
  it('matches a hand-computed example with a tokenization mismatch and a multiword token', () => {
    const s = scoreSystem(GOLD, SYSTEM);
    // Characters: "Idon'tknow.Bye!Ok". Gold tokens I|don't|know|.|Bye|!|Ok (7), system I|don't|know|.|Bye!|Ok (6):
    // 5 spans agree (Bye! does not).
    expect([s.tokens.gold, s.tokens.system, s.tokens.correct]).toEqual([7, 6, 5]);
    expect(s.tokens.f1).toBeCloseTo((2 * 5 / 13) * 100, 10);
    // Sentences: gold [0,11) [11,15) [15,17), system [0,15) [15,17): only the last matches.
    expect([s.sentences.gold, s.sentences.system, s.sentences.correct]).toEqual([3, 2, 1]);
    expect(s.sentences.precision).toBeCloseTo(50, 10);
    expect(s.sentences.f1).toBeCloseTo(40, 10);
    // Words: gold I do n't know . Bye ! Ok (8), system I don't know . Bye! Ok (6). The multiword stretch
    // [do n't] vs [don't] aligns nothing (no common lower-cased form); Bye vs Bye! differ in span.
    // Aligned: I, know, ., Ok.
    expect([s.words.gold, s.words.system, s.words.correct]).toEqual([8, 6, 4]);
    expect(s.words.f1).toBeCloseTo(100 * 8 / 14, 10);
    expect(s.upos.correct).toBe(3); // know is NOUN
    expect(s.xpos.correct).toBe(4);
    expect(s.lemmas.correct).toBe(3); // knew
    // Heads: I→know, know→root, .→know, Ok→root all match; LAS compares only the universal part
    // (nsubj:pass = nsubj), and `.` is dep instead of punct.
    expect(s.uas.correct).toBe(4);
    expect(s.las.correct).toBe(3);
    expect(s.las.alignedAccuracy).toBeCloseTo(75, 10);
    expect(s.uas.f1).toBeCloseTo(100 * 8 / 14, 10);
    expect(formatE2EScores(s)).toContain('Sentences');
  });

  it('aligns words through multiword spans like the official scorer', () => {
    /** `abc a b c` is a multiword token abc with words a b c; `a` is a plain word (as in conll18_ud_eval's tests). */
    const load = (tokens: string[]): ReturnType<typeof readConllu> => {
      const lines: string[] = [];
      let n = 0;
      for (const t of tokens) {
        const [form, ...words] = t.split(' ');
        if (words.length === 0) {
          n++;
          lines.push(row(String(n), form, '_', '_', '_', '_', n > 1 ? '1' : '0', '_', '_', '_'));
          continue;
        }
        lines.push(row(`${n + 1}-${n + words.length}`, form, '_', '_', '_', '_', '_', '_', '_', '_'));
        for (const w of words) {
          n++;
          lines.push(row(String(n), w, '_', '_', '_', '_', n > 1 ? '1' : '0', '_', '_', '_'));
        }
      }
      return readConllu(lines.join('\n') + '\n\n');
    };
    const cases: [string[], string[], number][] = [
      [['a'], ['a'], 1],
      [['abc a b c'], ['a', 'b', 'c'], 3],
      [['a', 'bc b c', 'd'], ['a', 'b', 'c', 'd'], 4],
      [['abcd a b c d'], ['ab a b', 'cd c d'], 4],
      [['abc a b c', 'de d e'], ['a', 'bcd b c d', 'e'], 5],
      [['abcd'], ['a', 'b', 'c', 'd'], 0],
      [['abc', 'd'], ['a', 'b', 'c', 'd'], 1],
      [['a', 'bc', 'd'], ['a', 'b', 'c', 'd'], 2],
      [['a', 'bc b c', 'd'], ['a', 'b', 'cd'], 2],
      [['abc a BX c', 'def d EX f'], ['ab a b', 'cd c d', 'ef e f'], 4],
      [['ab a b', 'cd bc d'], ['a', 'bc', 'd'], 2],
      [['a', 'bc b c', 'd'], ['ab AX BX', 'cd CX a'], 1],
    ];
    for (const [gold, system, correct] of cases) {
      expect(scoreSystem(load(gold), load(system)).words.correct, `${gold.join('|')} vs ${system.join('|')}`).toBe(correct);
    }
  });

  it('scores identical files as 100', () => {
    const s = scoreSystem(GOLD, GOLD);
    for (const k of ['tokens', 'sentences', 'words', 'upos', 'xpos', 'lemmas', 'uas', 'las'] as const) expect(s[k].f1).toBe(100);
  });

  it('refuses system output that spells different text', () => {
    const other = readConllu([row('1', 'Hello', '_', '_', '_', '_', '0', 'root', '_', '_'), '', ''].join('\n'));
    expect(() => scoreSystem(GOLD, other)).toThrow(ParserError);
  });

  it('builds the raw text as in the CoNLL 2018 shared task', () => {
    expect(rawTextOf(GOLD)).toBe("I don't know. Bye!\n\nOk\n");
    expect(rawTextOf(GOLD, { layout: 'one-paragraph' })).toBe("I don't know. Bye! Ok\n");
    expect(rawTextOf([])).toBe('');
  });
});
