import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { ArcStandard } from '../../src/parser/arc-standard.ts';
import { Workspace, greedyParse } from '../../src/parser/decode.ts';
import type { Scorer } from '../../src/model/scorer.ts';
import { ModelError } from '../../src/model/errors.ts';
import { ParserError } from '../../src/ud/errors.ts';
import { CM_TEMPLATE, FeatureTemplate, SENTENCE_COLUMNS, type EncodedSentence } from '../../src/parser/features.ts';
import { isProjective, isWellFormedTree } from '../../src/ud/tree.ts';

/**
 * Whatever the scores, greedy decoding must end after exactly 2n transitions with a
 * well-formed projective tree. The scorer is fake: it replays fast-check-chosen floats
 * (ties, zeros, ±3.4e38 included), so the decoder sees adversarial score vectors.
 */
const template = new FeatureTemplate(CM_TEMPLATE);

function sentence(n: number): EncodedSentence {
  const ids = (): Int32Array => Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 2 : 3 + (i % 5)));
  return { n, columns: SENTENCE_COLUMNS.map(ids) };
}

/** Cycles through `values`; counts calls so the number of transitions can be checked. */
class ReplayScorer implements Scorer {
  calls = 0;
  readonly numOutputs: number;
  private readonly values: number[];
  private readonly out: Float32Array;
  private k = 0;
  constructor(values: number[], numTransitions: number) {
    this.values = values;
    this.numOutputs = numTransitions;
    this.out = new Float32Array(numTransitions);
  }
  score(): Float32Array {
    this.calls++;
    for (let t = 0; t < this.out.length; t++) this.out[t] = this.values[this.k++ % this.values.length];
    return this.out;
  }
}

const score = fc.oneof(
  fc.float({ noNaN: true, noDefaultInfinity: true }), // includes ±0, subnormals and ±3.4e38
  fc.constantFrom(0, 1, -1, 3.4e38, -3.4e38), // ties and huge values, often
);

const SEED = 0x5eed;

/** The ParserError code thrown by f ('none' if it returns, 'other' for any other error). */
function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof ParserError ? e.code : 'other';
  }
  return 'none';
}

describe('greedyParse properties', () => {
  it('always yields a projective single-root tree after exactly 2n steps', () => {
    const ws = new Workspace(template.numSlots, 1 + 2 * 8, 4); // small capacity: grows during the run
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        // At least one non-root label: with the root label alone no word can attach to another,
        // so any n ≥ 2 has no legal move at all (checked separately below).
        fc.integer({ min: 2, max: 8 }),
        fc.nat(),
        fc.array(score, { minLength: 1, maxLength: 200 }),
        (n, numLabels, rootPick, values) => {
          const root = rootPick % numLabels;
          const system = new ArcStandard(Array.from({ length: numLabels }, (_, l) => `l${l}`), root);
          const scorer = new ReplayScorer(values, system.numTransitions);
          const s = greedyParse(system, template, scorer, sentence(n), ws);
          expect(s.steps).toBe(2 * n);
          expect(scorer.calls).toBe(2 * n);
          expect(system.isTerminal(s)).toBe(true);
          const head = Array.from(s.head.subarray(0, n + 1));
          expect(isWellFormedTree(head, n)).toBe(true);
          expect(isProjective(head, n)).toBe(true);
          for (let i = 1; i <= n; i++) {
            const l = s.label[i];
            expect(l >= 0 && l < numLabels, `label ${l} of word ${i}`).toBe(true);
            // The root label is used exactly on the word attached to ROOT.
            expect(l === root).toBe(head[i] === 0);
            const p = s.prob[i];
            expect(p > 0 && p <= 1, `prob ${p} of word ${i}`).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('picks the highest-scoring legal transition, lowest id on ties', () => {
    // Scores favour RIGHT(0) (id 2) and tie LEFT(0) (id 1) with it on purpose: the lowest id, LEFT, must win.
    const system = new ArcStandard(['dep', 'root'], 1); // 0 SHIFT, 1 LEFT(0), 2 RIGHT(0), 3 LEFT(root), 4 RIGHT(root)
    const scorer = new ReplayScorer([0, 5, 5, 9, 1], system.numTransitions);
    const ws = new Workspace(template.numSlots, system.numTransitions);
    const s = greedyParse(system, template, scorer, sentence(3), ws);
    // SHIFT SHIFT (only legal) LEFT 1←2, SHIFT, LEFT 2←3, RIGHT(root) ROOT→3; LEFT(root) (9) is never legal.
    expect(Array.from(s.head.subarray(1, 4))).toEqual([2, 3, 0]);
    expect(Array.from(s.label.subarray(1, 4))).toEqual([0, 0, 1]);
    // Word 1: legal were SHIFT (0), LEFT(0) (5), RIGHT(0) (5): p = e^5 / (e^0 + 2e^5).
    expect(s.prob[1]).toBeCloseTo(Math.exp(5) / (1 + 2 * Math.exp(5)), 6);
    // Word 3 is attached by RIGHT(root), the only legal move: p = 1.
    expect(s.prob[3]).toBe(1);
  });

  it('keeps each attachment\'s probability at the temperature and the tree\'s log-probability at 1, as a direct softmax gives them', () => {
    const system = new ArcStandard(['root', 'a', 'b', 'c'], 0);
    const ws = new Workspace(template.numSlots, system.numTransitions);
    const moderate = fc.float({ min: -30, max: 30, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(moderate, { minLength: 1, maxLength: 100 }), fc.constantFrom(1, 0.5, 2.3),
        (n, values, temperature) => {
          const expected = new Float64Array(n + 1);
          let logProb = 0;
          const s = greedyParse(system, template, new ReplayScorer(values, system.numTransitions), sentence(n), ws, temperature,
            (scores, valid, chosen, dependent) => {
              const legal = [...scores].filter((_, t) => valid[t]);
              const z = (temp: number): number => legal.reduce((a, v) => a + Math.exp((v - scores[chosen]) / temp), 0);
              logProb -= Math.log(z(1));
              if (dependent >= 0) expected[dependent] = 1 / z(temperature);
            });
          for (let i = 1; i <= n; i++) expect(s.prob[i]).toBeCloseTo(expected[i], 6); // prob is a Float32Array
          expect(s.logProb).toBeCloseTo(logProb, 9);
        }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('refuses a label set of only "root": no word could attach to another, so n ≥ 2 would have no legal move', () => {
    expect(() => new ArcStandard(['root'], 0)).toThrow(ModelError);
  });

  it('throws PARSER_ERR_NO_VALID_TRANSITION when every score is NaN', () => {
    const system = new ArcStandard(['root', 'a', 'b'], 0);
    const ws = new Workspace(template.numSlots, system.numTransitions);
    expect(errorCode(() => greedyParse(system, template, new ReplayScorer([NaN], system.numTransitions), sentence(5), ws)))
      .toBe('PARSER_ERR_NO_VALID_TRANSITION');
  });
});
