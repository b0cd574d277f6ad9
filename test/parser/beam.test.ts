import { describe, expect, it } from 'vitest';
import type { Scorer } from '../../src/model/scorer.ts';
import { ArcStandard } from '../../src/parser/arc-standard.ts';
import { BeamSearch, beamTrees } from '../../src/parser/beam.ts';
import { Workspace, greedyParse, readTree } from '../../src/parser/decode.ts';
import { CM_TEMPLATE, type EncodedSentence, FeatureTemplate, SENTENCE_COLUMNS } from '../../src/parser/features.ts';
import { LIFT_MARK, restoreParsed } from '../../src/parser/pseudo-projective.ts';
import { isProjective, isWellFormedTree } from '../../src/ud/tree.ts';

/**
 * Beam search against greedy decoding and the k-best contract, with a fake scorer whose scores are
 * a deterministic function of the features (so equal states score equally, as with a network).
 */
const labels = ['root', 'nsubj', 'obj', 'amod', 'det'];
const system = new ArcStandard(labels, 0);
const template = new FeatureTemplate(CM_TEMPLATE);

class HashScorer implements Scorer {
  readonly numOutputs: number;
  private readonly out: Float32Array;
  private readonly seed: number;
  private readonly scale: number;
  constructor(seed: number, scale: number, outputs = system.numTransitions) {
    this.seed = seed;
    this.scale = scale;
    this.numOutputs = outputs;
    this.out = new Float32Array(outputs);
  }
  score(ids: Int32Array, offset: number): Float32Array {
    let h = this.seed | 0;
    for (let k = 0; k < template.numSlots; k++) h = Math.imul(h ^ ids[offset + k], 0x9e3779b1) ^ (h >>> 13);
    for (let t = 0; t < this.out.length; t++) {
      const x = Math.imul(h ^ (t * 0x85ebca6b), 0xc2b2ae35);
      this.out[t] = ((x >>> 8) / (1 << 24) - 0.5) * this.scale;
    }
    return this.out;
  }
}

function sentence(n: number, seed: number): EncodedSentence {
  const ids = (): Int32Array => Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 2 : 3 + ((i * 7 + seed) % 11)));
  return { n, columns: SENTENCE_COLUMNS.map(ids) };
}

describe('beam search', () => {
  it('with width 1 makes exactly the greedy choices: same trees, probabilities and tree log-probability', () => {
    const ws = new Workspace(template.numSlots, system.numTransitions);
    const beam = new BeamSearch(template.numSlots, system.numTransitions, 1);
    for (let run = 0; run < 300; run++) {
      const n = 1 + (run % 40);
      const scorer = new HashScorer(run, 1 + (run % 7));
      const sent = sentence(n, run);
      const g = readTree(greedyParse(system, template, scorer, sent, ws), labels);
      const b = beamTrees(beam.parse(system, template, scorer, sent), 1, labels, false);
      expect(Array.from(b.head), `run ${run}`).toEqual(Array.from(g.head));
      expect(b.label).toEqual(g.label);
      for (let i = 0; i < n; i++) expect(b.prob[i]).toBeCloseTo(g.prob[i], 6);
      expect(b.logProb).toBeCloseTo(g.logProb, 6);
    }
  });

  it('gives k distinct well-formed projective trees, best first, log-probabilities non-increasing, the first being the tree it returns', () => {
    for (let run = 0; run < 200; run++) {
      const n = 4 + (run % 30);
      const scorer = new HashScorer(1000 + run, 4);
      const beam = new BeamSearch(template.numSlots, system.numTransitions, 16);
      const k = 1 + (run % 6);
      const tree = beamTrees(beam.parse(system, template, scorer, sentence(n, run)), k, labels, run % 2 === 0);
      const alts = tree.kbest ?? [];
      expect(alts.length, `run ${run}: a ${n}-word sentence has at least ${k} trees`).toBe(k);
      expect(Array.from(alts[0].head)).toEqual(Array.from(tree.head));
      const keys = new Set(alts.map((a) => `${a.head.join()}|${a.label.join()}`));
      expect(keys.size).toBe(k);
      for (let r = 0; r < alts.length; r++) {
        const heads = [0, ...alts[r].head];
        expect(isWellFormedTree(heads, n)).toBe(true);
        expect(isProjective(heads, n)).toBe(true);
        expect(alts[r].label.filter((l) => l === 'root').length).toBe(1);
        if (r > 0) expect(alts[r].logProb).toBeLessThanOrEqual(alts[r - 1].logProb);
        expect(alts[r].logProb).toBeLessThanOrEqual(0);
      }
    }
  });
});

describe('beam search with a pseudo-projective label set', () => {
  const liftLabels = ['root', 'nsubj', 'obj', 'amod', 'det', `obj${LIFT_MARK}nsubj`, `amod${LIFT_MARK}obj`, `det${LIFT_MARK}amod${LIFT_MARK}2`];
  const liftSystem = new ArcStandard(liftLabels, 0);

  it('gives k trees that are distinct and well-formed after restoring, with plain relations', () => {
    let moved = 0;
    for (let run = 0; run < 150; run++) {
      const n = 3 + (run % 25);
      const scorer = new HashScorer(5000 + run, 5, liftSystem.numTransitions);
      const beam = new BeamSearch(template.numSlots, liftSystem.numTransitions, 16);
      const k = 1 + (run % 6);
      const results = beam.parse(liftSystem, template, scorer, sentence(n, run));
      const tree = beamTrees(results, k, liftLabels, false, restoreParsed);
      const raw = beamTrees(results, 1, liftLabels, false);
      if (raw.head.join() !== tree.head.join()) moved++;
      const alts = tree.kbest ?? [];
      expect(alts.length).toBeGreaterThan(0);
      expect(alts.length).toBeLessThanOrEqual(k);
      expect(new Set(alts.map((a) => `${a.head.join()}|${a.label.join()}`)).size).toBe(alts.length);
      for (const a of alts) {
        const heads = [0, ...a.head];
        expect(isWellFormedTree(heads, n), `run ${run}`).toBe(true);
        expect(a.label.some((l) => l.includes(LIFT_MARK))).toBe(false);
      }
    }
    // Random scores predict lifts often enough that restoring moves some words.
    expect(moved).toBeGreaterThan(0);
  });
});
