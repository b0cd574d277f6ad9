import { describe, expect, it } from 'vitest';
import type { Scorer } from '../../src/model/scorer.ts';
import { ArcStandard } from '../../src/parser/arc-standard.ts';
import { BeamSearch, beamTrees } from '../../src/parser/beam.ts';
import { Workspace, greedyParse, readTree } from '../../src/parser/decode.ts';
import { CM_TEMPLATE, type EncodedSentence, FeatureTemplate, SENTENCE_COLUMNS } from '../../src/parser/features.ts';
import { isProjective, isWellFormedTree } from '../../src/ud/tree.ts';

/**
 * Beam search against greedy decoding and the k-best contract, with a fake scorer whose scores are
 * a deterministic function of the features (so equal states score equally, as with a network).
 */
const labels = ['root', 'nsubj', 'obj', 'amod', 'det'];
const system = new ArcStandard(labels, 0);
const template = new FeatureTemplate(CM_TEMPLATE);

class HashScorer implements Scorer {
  readonly numOutputs = system.numTransitions;
  private readonly out = new Float32Array(system.numTransitions);
  private readonly seed: number;
  private readonly scale: number;
  constructor(seed: number, scale: number) {
    this.seed = seed;
    this.scale = scale;
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
