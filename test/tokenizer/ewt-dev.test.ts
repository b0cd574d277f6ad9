import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { scoreSystem } from '../../src/ud/e2e-score.ts';
import { rawTextOf } from '../../src/ud/raw-text.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { Tokenizer, toAnalyzed } from '../../src/tokenizer/index.ts';
import { toSentences } from '../../src/ud/to-conllu.ts';
import { EWT_DEV } from '../helpers/data.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

/**
 * Measured with the shipped model (bench/tokenize-speed.ts prints the same figures); the floors are
 * those minus a small margin, so a regression fails but retraining noise does not.
 */
const MEASURED = {
  paragraphs: { tokens: 99.75, words: 99.54, sentences: 91.15 },
  onePara: { tokens: 99.73, words: 99.52, sentences: 77.24 },
};
const MARGIN = { tokens: 0.1, words: 0.1, sentences: 1.0 };

describeWhen([NEEDS.ewt, NEEDS.shippedModel], 'tokenizer on UD English EWT dev (from raw text)', () => {
  const gold = readConllu(readFileSync(EWT_DEV, 'utf8'), EWT_DEV);
  const tok = Tokenizer.load();

  it('with paragraph breaks: tokens, words and sentences F1 stay at the measured level', () => {
    const s = scoreSystem(gold, toSentences(toAnalyzed(tok.tokenize(rawTextOf(gold)))));
    console.log(`EWT dev (paragraphs): tokens ${s.tokens.f1.toFixed(2)} words ${s.words.f1.toFixed(2)} sentences ${s.sentences.f1.toFixed(2)}`);
    expect(s.tokens.f1).toBeGreaterThan(MEASURED.paragraphs.tokens - MARGIN.tokens);
    expect(s.words.f1).toBeGreaterThan(MEASURED.paragraphs.words - MARGIN.words);
    expect(s.sentences.f1).toBeGreaterThan(MEASURED.paragraphs.sentences - MARGIN.sentences);
  });

  it('as one paragraph', () => {
    const s = scoreSystem(gold, toSentences(toAnalyzed(tok.tokenize(rawTextOf(gold, { layout: 'one-paragraph' })))));
    console.log(`EWT dev (one paragraph): tokens ${s.tokens.f1.toFixed(2)} words ${s.words.f1.toFixed(2)} sentences ${s.sentences.f1.toFixed(2)}`);
    expect(s.tokens.f1).toBeGreaterThan(MEASURED.onePara.tokens - MARGIN.tokens);
    expect(s.words.f1).toBeGreaterThan(MEASURED.onePara.words - MARGIN.words);
    expect(s.sentences.f1).toBeGreaterThan(MEASURED.onePara.sentences - MARGIN.sentences);
  });
});
