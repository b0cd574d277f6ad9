import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../../src/index.ts';
import { DirectScorer } from '../../../src/model/precompute.ts';
import { parseSentences } from '../../../src/parser/parse-sentences.ts';
import { saveModel } from '../../../src/parser/train/save-parser.ts';
import { finishParser, trainParser } from '../../../src/parser/train/train-parser.ts';
import { loadModel } from '../../../src/parser/serialize.ts';
import { isProjective, isWellFormedTree } from '../../../src/ud/tree.ts';
import { NONPROJECTIVE_SENTENCES, TINY_OPTIONS, expectTreesBack, heads } from '../../helpers/nonprojective.ts';

/** A tiny arc-swap model learns non-projective trees and gives them back, crossing arcs included. */
const sentences = NONPROJECTIVE_SENTENCES;
const opts = { ...TINY_OPTIONS, system: 'arc-swap' as const, pseudoProjective: 'none' as const };

describe('arc-swap parsing, end to end on hand-written non-projective sentences', () => {
  const nonProjective = sentences.filter((s) => !isProjective([0, ...s.words.map((w) => w.head)], s.words.length)).length;
  const trained = trainParser(sentences, sentences, opts);

  it('uses every training tree, with plain relations', () => {
    expect(nonProjective).toBe(3);
    expect(trained.nonProjective).toBe(0);
    expect(trained.model.system.name).toBe('arc-swap');
    expect(trained.model.config.pseudoProjective).toBeUndefined();
  });

  it('outputs the crossing arcs of its training sentences', () => {
    expect(trained.best?.las).toBe(100);
    const parsed = parseSentences(trained.model, new DirectScorer(trained.model.net), sentences);
    expect(parsed.map(heads)).toEqual(sentences.map(heads));
  });

  it('refuses to combine SWAP with pseudo-projective lifting', () => {
    expect(() => trainParser(sentences, sentences, { ...opts, pseudoProjective: 'head' })).toThrow(/--pseudo-projective none/);
  });

  it('records its system in the manifest; the loaded parser gives the trees greedy, with a beam and as distinct k-best trees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-swap-'));
    saveModel(trained.model, dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { architecture: string };
    expect(manifest.architecture).toBe('arc-swap-ffnn.v1');
    expect(loadModel(dir).model.system.name).toBe('arc-swap');
    expectTreesBack(loadParserSync(dir), sentences);
  });

  it('trains with the exploring oracle and then a global layer over the beam; every parse is a tree', () => {
    const dyn = trainParser(sentences, sentences, { ...opts, oracle: 'dynamic', epochs: 30, patience: 30 });
    expect(dyn.best?.las).toBeGreaterThan(90);
    const { model, global } = finishParser(dyn.model, sentences, sentences, { ...opts, globalWidth: 4, globalEpochs: 1 });
    expect(model.system.name).toBe('arc-swap');
    expect(global?.las).toBeGreaterThan(80);
    for (const s of parseSentences(model, new DirectScorer(model.net), sentences)) {
      expect(isWellFormedTree([0, ...s.words.map((w) => w.head)], s.words.length)).toBe(true);
    }
  });
});
