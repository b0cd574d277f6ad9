import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../../src/index.ts';
import { DirectScorer } from '../../../src/model/precompute.ts';
import { parseSentences } from '../../../src/parser/parse-sentences.ts';
import { LIFT_MARK } from '../../../src/parser/pseudo-projective.ts';
import { saveModel } from '../../../src/parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, trainParser } from '../../../src/parser/train/train-parser.ts';
import { loadModel } from '../../../src/parser/serialize.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { isProjective, isWellFormedTree } from '../../../src/ud/tree.ts';

/** A tiny pseudo-projective model learns non-projective trees and gives them back, crossing arcs included. */
const fixture = new URL('../../fixtures/nonprojective.conllu', import.meta.url);
const sentences = readConllu(readFileSync(fixture, 'utf8'), 'nonprojective.conllu');
const opts = { ...DEFAULT_TRAIN_OPTIONS, epochs: 60, patience: 60, hidden: 32, wordDim: 8, tagDim: 8, labelDim: 8,
  suffixDim: 8, dropout: 0, wordDropout: 0, lr: 0.01, lrDecay: 1, batchSize: 4 };
const heads = (s: { words: { head: number; deprel: string }[] }): string[] => s.words.map((w) => `${w.head}:${w.deprel}`);

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
    const parser = loadParserSync(dir);
    expect(parser.parseConllu(sentences, { keepTags: true }).map(heads)).toEqual(sentences.map(heads));
    expect(parser.parseConllu(sentences, { keepTags: true, beam: 4 }).map(heads)).toEqual(sentences.map(heads));
    for (const s of sentences) {
      const alts = parser.parseKBest(s.words, 5);
      expect(alts[0].tokens.map((t) => `${t.head}:${t.deprel}`)).toEqual(heads(s));
      expect(new Set(alts.map((a) => a.tokens.map((t) => `${t.head}:${t.deprel}`).join())).size).toBe(alts.length);
      for (const a of alts) {
        expect(isWellFormedTree([0, ...a.tokens.map((t) => t.head)], a.tokens.length)).toBe(true);
        expect(a.tokens.some((t) => t.deprel.includes(LIFT_MARK))).toBe(false);
      }
    }
  });
});
