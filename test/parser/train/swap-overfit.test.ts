import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../../src/index.ts';
import { DirectScorer } from '../../../src/model/precompute.ts';
import { parseSentences } from '../../../src/parser/parse-sentences.ts';
import { saveModel } from '../../../src/parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, finishParser, trainParser } from '../../../src/parser/train/train-parser.ts';
import { loadModel } from '../../../src/parser/serialize.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { isProjective, isWellFormedTree } from '../../../src/ud/tree.ts';

/** A tiny arc-swap model learns non-projective trees and gives them back, crossing arcs included. */
const fixture = new URL('../../fixtures/nonprojective.conllu', import.meta.url);
const sentences = readConllu(readFileSync(fixture, 'utf8'), 'nonprojective.conllu');
const opts = { ...DEFAULT_TRAIN_OPTIONS, epochs: 60, patience: 60, hidden: 32, wordDim: 8, tagDim: 8, labelDim: 8,
  suffixDim: 8, dropout: 0, wordDropout: 0, lr: 0.01, lrDecay: 1, batchSize: 4, system: 'arc-swap' as const, pseudoProjective: 'none' as const };
const heads = (s: { words: { head: number; deprel: string }[] }): string[] => s.words.map((w) => `${w.head}:${w.deprel}`);

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
    const parser = loadParserSync(dir);
    expect(parser.parseConllu(sentences, { keepTags: true }).map(heads)).toEqual(sentences.map(heads));
    expect(parser.parseConllu(sentences, { keepTags: true, beam: 4 }).map(heads)).toEqual(sentences.map(heads));
    for (const s of sentences) {
      const alts = parser.parseKBest(s.words, 5);
      expect(alts[0].tokens.map((t) => `${t.head}:${t.deprel}`)).toEqual(heads(s));
      expect(new Set(alts.map((a) => a.tokens.map((t) => `${t.head}:${t.deprel}`).join())).size).toBe(alts.length);
      for (const a of alts) expect(isWellFormedTree([0, ...a.tokens.map((t) => t.head)], a.tokens.length)).toBe(true);
    }
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
