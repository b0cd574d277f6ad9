import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadParserSync } from '../../src/index.ts';
import { scoreParses } from '../../src/ud/attachment-score.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { EWT_DEV } from '../helpers/data.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

/**
 * Accuracy floor of the shipped parser on EWT dev with gold tokens and tags, greedy decoding:
 * the figures of its model card (models/en_ewt/parser/README.md) minus 0.3. A decoding, feature or
 * model-loading regression shows here first.
 */
const FLOOR = { uas: 88.17, las: 86.56 };

describeWhen([NEEDS.shippedModel, NEEDS.ewt], 'the shipped parser on EWT dev', () => {
  it('keeps its dev accuracy with gold tokens and tags', () => {
    const parser = loadParserSync();
    const dev = readConllu(readFileSync(EWT_DEV, 'utf8'), EWT_DEV);
    const s = scoreParses(dev, parser.parseConllu(dev, { keepTags: true }));
    expect(s.uas).toBeGreaterThanOrEqual(FLOOR.uas);
    expect(s.las).toBeGreaterThanOrEqual(FLOOR.las);
  });
});
