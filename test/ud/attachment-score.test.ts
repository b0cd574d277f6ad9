import { describe, it, expect } from 'vitest';
import { formatScores, scoreParses } from '../../src/ud/attachment-score.ts';
import { ParserError } from '../../src/ud/errors.ts';
import type { Sentence, Word } from '../../src/ud/types.ts';

/** Builds a sentence from [form, head, deprel] triples; other columns do not affect scoring. */
function sent(rows: [string, number, string][]): Sentence {
  const words: Word[] = rows.map(([form, head, deprel], i) => ({
    id: i + 1, form, lemma: '_', upos: 'X', xpos: '_', feats: '_', head, deprel, deps: '_', misc: '_',
  }));
  return { comments: [], words, lines: words.map((_, index) => ({ kind: 'word' as const, index })) };
}

const gold = [
  sent([['John', 2, 'nsubj'], ['sleeps', 0, 'root'], ['.', 2, 'punct']]),
  sent([['my', 2, 'nmod:poss'], ['dog', 3, 'nsubj'], ['barks', 0, 'root'], ['!', 3, 'punct']]),
];

const pred = [
  sent([
    ['John', 2, 'nsubj'], //  head ok, label ok
    ['sleeps', 0, 'root'], // head ok, label ok
    ['.', 1, 'punct'], //     head wrong, label ok
  ]),
  sent([
    ['my', 2, 'nmod:tmod'], // head ok, universal label ok, full label wrong
    ['dog', 3, 'obj'], //      head ok, label wrong
    ['barks', 0, 'root'], //   head ok, label ok
    ['!', 2, 'dep'], //        head wrong, label wrong
  ]),
];

describe('scoreParses', () => {
  it('computes UAS / LAS / label accuracy / full-label LAS by hand', () => {
    const s = scoreParses(gold, pred);
    expect(s.words).toBe(7);
    expect(s.uas).toBeCloseTo((100 * 5) / 7); // all but '.' and '!'
    expect(s.labelAcc).toBeCloseTo((100 * 5) / 7); // all but 'dog' and '!'
    expect(s.las).toBeCloseTo((100 * 4) / 7); // John, sleeps, my, barks
    expect(s.lasFull).toBeCloseTo((100 * 3) / 7); // John, sleeps, barks
    expect(formatScores(s)).toBe('words=7 UAS=71.43 LAS=57.14 LA=71.43 LASfull=42.86');
  });

  it('scores gold against itself as 100', () => {
    const s = scoreParses(gold, gold);
    expect([s.uas, s.las, s.labelAcc, s.lasFull]).toEqual([100, 100, 100, 100]);
  });

  it('rejects misaligned input', () => {
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof ParserError ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => scoreParses(gold, pred.slice(0, 1)))).toBe('PARSER_ERR_INPUT');
    expect(codeOf(() => scoreParses(gold, [pred[0], sent([['my', 2, 'x']])]))).toBe('PARSER_ERR_INPUT');
    expect(codeOf(() => scoreParses(gold, [sent([['Jon', 2, 'nsubj'], ['sleeps', 0, 'root'], ['.', 2, 'punct']]), pred[1]]))).toBe('PARSER_ERR_INPUT');
  });
});
