import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../../src/index.ts';
import { DirectScorer } from '../../../src/model/precompute.ts';
import { parseSentences } from '../../../src/parser/parse-sentences.ts';
import { LIFT_MARK } from '../../../src/parser/pseudo-projective.ts';
import { saveModel } from '../../../src/parser/train/save-parser.ts';
import { trainParser } from '../../../src/parser/train/train-parser.ts';
import { loadModel } from '../../../src/parser/serialize.ts';
import { isProjective } from '../../../src/ud/tree.ts';
import { NONPROJECTIVE_SENTENCES, TINY_OPTIONS, expectTreesBack, heads } from '../../helpers/nonprojective.ts';

/** A tiny pseudo-projective model learns non-projective trees and gives them back, crossing arcs included. */
const sentences = NONPROJECTIVE_SENTENCES;
const opts = TINY_OPTIONS;

describe('pseudo-projective parsing, end to end on hand-written non-projective sentences', () => {
  const nonProjective = sentences.filter((s) => !isProjective([0, ...s.words.map((w) => w.head)], s.words.length)).length;
  const trained = trainParser(sentences, sentences, opts);

  it('uses every training tree and learns the encoded relations', () => {
    expect(nonProjective).toBe(3);
    expect(trained.nonProjective).toBe(0);
    expect(trained.model.config.pseudoProjective).toBe('head');
    expect(trained.model.vocabs.labels.some((l) => l.includes(LIFT_MARK))).toBe(true);
  });

  it('outputs the crossing arcs of its training sentences (restored), with plain relations', () => {
    expect(trained.best?.las).toBe(100);
    const parsed = parseSentences(trained.model, new DirectScorer(trained.model.net), sentences);
    expect(parsed.map(heads)).toEqual(sentences.map(heads));
  });

  it('without it, the non-projective trees are left out and cannot be output', () => {
    const off = trainParser(sentences, sentences, { ...opts, epochs: 5, patience: 5, pseudoProjective: 'none' });
    expect(off.nonProjective).toBe(3);
    expect(off.model.config.pseudoProjective).toBeUndefined();
    for (const s of parseSentences(off.model, new DirectScorer(off.model.net), sentences)) {
      expect(isProjective([0, ...s.words.map((w) => w.head)], s.words.length)).toBe(true);
    }
  });

  it('records the scheme in the manifest; the loaded parser restores greedy, beam and every k-best tree, all distinct', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-pproj-'));
    saveModel(trained.model, dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { config: { pseudoProjective?: string } };
    expect(manifest.config.pseudoProjective).toBe('head');
    expect(loadModel(dir).model.config.pseudoProjective).toBe('head');
    for (const a of expectTreesBack(loadParserSync(dir), sentences)) expect(a.tokens.some((t) => t.deprel.includes(LIFT_MARK))).toBe(false);
  });
});
