import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import { ParserError, type ParserErrorCode } from '../../src/ud/errors.ts';
import type { Sentence } from '../../src/ud/types.ts';
import { EWT_DEV, EWT_TRAIN } from '../helpers/data.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

function countExtras(sents: Sentence[], kind: 'multiword' | 'empty'): number {
  let k = 0;
  for (const s of sents) for (const l of s.lines) if (l.kind === 'extra' && l.extra.kind === kind) k++;
  return k;
}

const countWords = (sents: Sentence[]): number => sents.reduce((a, s) => a + s.words.length, 0);

describeWhen([NEEDS.ewt], 'CoNLL-U on UD English EWT', () => {
  it('dev: counts and byte-identical round trip', () => {
    const text = readFileSync(EWT_DEV, 'utf8');
    const sents = readConllu(text, 'en_ewt-ud-dev.conllu');
    expect(sents.length).toBe(2001);
    expect(countWords(sents)).toBe(25_147);
    expect(countExtras(sents, 'multiword')).toBe(359);
    expect(countExtras(sents, 'empty')).toBe(4);
    expect(writeConllu(sents) === text).toBe(true);
  });

  it('train: counts and byte-identical round trip (reading speed: bench/conllu-speed.ts)', () => {
    const text = readFileSync(EWT_TRAIN, 'utf8');
    const sents = readConllu(text, 'en_ewt-ud-train.conllu');
    expect(sents.length).toBe(12_544);
    expect(countWords(sents)).toBe(204_577);
    expect(writeConllu(sents) === text).toBe(true);
  });
});

const W = (id: number | string, form: string, head: string, deprel: string): string =>
  `${id}\t${form}\t${form.toLowerCase()}\tX\tX\t_\t${head}\t${deprel}\t_\t_`;

const GOOD = [
  '# sent_id = a',
  '# text = I saw it',
  W(1, 'I', '2', 'nsubj'),
  W(2, 'saw', '0', 'root'),
  W(3, 'it', '2', 'obj'),
  '',
  '# sent_id = b',
  "1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_",
  W(1, 'ca', '0', 'root'),
  W(2, "n't", '1', 'advmod'),
  "2.1\tgo\tgo\tVERB\t_\t_\t_\t_\t0:root\t_",
  W(3, '!', '1', 'punct'),
  '',
  '',
].join('\n');

function expectError(text: string, code: ParserErrorCode, line: number): void {
  try {
    readConllu(text, 'x.conllu');
  } catch (e) {
    expect(e).toBeInstanceOf(ParserError);
    const err = e as ParserError;
    expect(err.code).toBe(code);
    expect(err.message).toContain(`x.conllu:${line}:`);
    expect(err.details.line).toBe(line);
    return;
  }
  throw new Error(`expected ${code} at line ${line}`);
}

describe('readConllu / writeConllu on small inputs', () => {
  it('reads words, multiword and empty lines in file order and round-trips', () => {
    const sents = readConllu(GOOD);
    expect(sents.length).toBe(2);
    expect(sents[0].comments).toEqual(['# sent_id = a', '# text = I saw it']);
    expect(sents[1].words.map((w) => w.form)).toEqual(['ca', "n't", '!']);
    expect(sents[1].lines.map((l) => (l.kind === 'word' ? l.index : l.extra.id))).toEqual(['1-2', 0, 1, '2.1', 2]);
    const extras = sents[1].lines.flatMap((l) => (l.kind === 'extra' ? [l.extra] : []));
    expect(extras.map((x) => [x.kind, x.first, x.last])).toEqual([['multiword', 1, 2], ['empty', 2, 2]]);
    expect(writeConllu(sents)).toBe(GOOD);
  });

  it('accepts a missing final blank line and writes it', () => {
    const noTail = GOOD.slice(0, -2);
    expect(writeConllu(readConllu(noTail))).toBe(GOOD);
  });

  it('maps HEAD _ to -1 and back, and writes edited heads', () => {
    const text = [W(1, 'Hi', '_', '_'), W(2, 'there', '_', '_'), '', ''].join('\n');
    const sents = readConllu(text);
    expect(sents[0].words.map((w) => w.head)).toEqual([-1, -1]);
    expect(writeConllu(sents)).toBe(text);
    sents[0].words[0].head = 0;
    sents[0].words[0].deprel = 'root';
    sents[0].words[1].head = 1;
    expect(writeConllu(sents).split('\n')[1].split('\t')[6]).toBe('1');
    expect(writeConllu(sents).split('\n')[0].split('\t').slice(6, 8)).toEqual(['0', 'root']);
  });

  it('rejects wrong column count', () => {
    expectError(['# c', '1\tA\ta\tX\tX\t_\t0\troot\t_', ''].join('\n'), 'PARSER_ERR_CONLLU_COLUMNS', 2);
  });

  it('rejects non-integer and out-of-order ids', () => {
    expectError([W(1, 'A', '0', 'root'), W('x', 'B', '1', 'dep')].join('\n'), 'PARSER_ERR_CONLLU_ID', 2);
    expectError([W(1, 'A', '0', 'root'), W(3, 'B', '1', 'dep')].join('\n'), 'PARSER_ERR_CONLLU_ID', 2);
    expectError([W(2, 'A', '0', 'root')].join('\n'), 'PARSER_ERR_CONLLU_ID', 1);
  });

  it('rejects duplicate ids', () => {
    expectError([W(1, 'A', '0', 'root'), W(2, 'B', '1', 'dep'), W(2, 'C', '1', 'dep')].join('\n'), 'PARSER_ERR_CONLLU_DUPLICATE_ID', 3);
  });

  it('rejects bad heads: non-integer and out of range', () => {
    expectError([W(1, 'A', '0', 'root'), W(2, 'B', 'one', 'dep')].join('\n'), 'PARSER_ERR_CONLLU_HEAD', 2);
    expectError(['# c', W(1, 'A', '0', 'root'), W(2, 'B', '3', 'dep'), ''].join('\n'), 'PARSER_ERR_CONLLU_HEAD', 3);
  });

  it('rejects head cycles', () => {
    const text = [W(1, 'A', '0', 'root'), '', W(1, 'A', '0', 'root'), W(2, 'B', '3', 'dep'), W(3, 'C', '2', 'dep')].join('\n');
    expectError(text, 'PARSER_ERR_CONLLU_CYCLE', 4);
    // Self-loop is a cycle too.
    expectError([W(1, 'A', '1', 'dep')].join('\n'), 'PARSER_ERR_CONLLU_CYCLE', 1);
  });

  it('skips the cycle check when some heads are unparsed', () => {
    expect(() => readConllu([W(1, 'A', '2', 'dep'), W(2, 'B', '1', 'dep'), W(3, 'C', '_', '_')].join('\n'))).not.toThrow();
  });

  it('rejects empty columns', () => {
    expectError([W(1, 'A', '0', 'root'), '2\tB\tb\tX\t\t_\t1\tdep\t_\t_'].join('\n'), 'PARSER_ERR_CONLLU_EMPTY_FIELD', 2);
  });

  it('rejects multiword ranges beyond the sentence', () => {
    expectError(['# c', '1-3\tAB\t_\t_\t_\t_\t_\t_\t_\t_', W(1, 'A', '0', 'root'), W(2, 'B', '1', 'dep'), ''].join('\n'), 'PARSER_ERR_CONLLU_ID', 2);
  });
});
