import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/model/train/random.ts';
import { ArcStandard, Move, encodeTransition } from '../../../src/parser/arc-standard.ts';
import { ParserState } from '../../../src/parser/state.ts';
import { DynamicArcStandardOracle, attachedErrors } from '../../../src/parser/train/dynamic-oracle.ts';
import { type GoldTree, createOracle } from '../../../src/parser/train/oracle.ts';

const NUM_LABELS = 3;
const ROOT_LABEL = 0;
const sys = new ArcStandard(['root', 'nsubj', 'obj'].slice(0, NUM_LABELS), ROOT_LABEL);

function copyState(s: ParserState): ParserState {
  const c = new ParserState(s.n);
  c.reset(s.n);
  c.stack.set(s.stack);
  c.stackSize = s.stackSize;
  c.bufferHead = s.bufferHead;
  c.head.set(s.head);
  c.label.set(s.label);
  c.lc1.set(s.lc1); c.lc2.set(s.lc2); c.rc1.set(s.rc1); c.rc2.set(s.rc2);
  c.nLeft.set(s.nLeft); c.nRight.set(s.nRight);
  c.steps = s.steps;
  return c;
}

/**
 * The fewest wrong words (head or label) over every complete parse reachable from `s`, by
 * exhaustive search over the structural moves. A future arc takes the dependent's gold label
 * when the system allows it (root label only for ROOT's dependent), which is optimal since
 * labels do not constrain later moves.
 */
function bruteForceLoss(s: ParserState, gold: GoldTree): number {
  if (sys.isTerminal(s)) return attachedErrors(s, gold);
  let best = Infinity;
  const size = s.stackSize;
  if (s.bufferHead <= s.n) {
    const c = copyState(s);
    sys.apply(c, 0);
    best = Math.min(best, bruteForceLoss(c, gold));
  }
  if (size >= 2) {
    const top = s.stack[size - 1], below = s.stack[size - 2];
    const labelFor = (dep: number, head: number): number => {
      if (head === 0) return ROOT_LABEL;
      return gold.label[dep] === ROOT_LABEL ? 1 : gold.label[dep];
    };
    for (const [move, dep, head] of [[Move.Left, below, top], [Move.Right, top, below]] as const) {
      const t = encodeTransition(move, labelFor(dep, head));
      if (!sys.isValid(s, t)) continue;
      const c = copyState(s);
      sys.apply(c, t);
      best = Math.min(best, bruteForceLoss(c, gold));
    }
  }
  return best;
}

/** A random projective single-root tree with labels: the result of random legal moves. */
function randomGold(n: number, rng: Rng): GoldTree {
  const s = new ParserState(n);
  s.reset(n);
  const valid = new Uint8Array(sys.numTransitions);
  while (!sys.isTerminal(s)) sys.apply(s, randomLegal(s, rng, valid));
  return { n, head: Int32Array.from(s.head, (h, i) => (i === 0 ? -1 : h)), label: Int32Array.from(s.label, (l, i) => (i === 0 ? -1 : l)) };
}

function randomLegal(s: ParserState, rng: Rng, valid: Uint8Array): number {
  sys.fillValidMask(s, valid);
  const kinds: number[][] = [[], [], []];
  for (let t = 0; t < sys.numTransitions; t++) if (valid[t]) kinds[t === 0 ? 0 : t & 1 ? 1 : 2].push(t);
  const nonEmpty = kinds.filter((k) => k.length > 0);
  const pick = nonEmpty[rng.int(nonEmpty.length)];
  return pick[rng.int(pick.length)];
}

describe('arc-standard dynamic oracle', () => {
  it('gives every legal transition the cost a brute-force search finds, in 2,000 random configurations', () => {
    const rng = new Rng(7);
    const oracle = new DynamicArcStandardOracle(sys);
    const valid = new Uint8Array(sys.numTransitions);
    const costs = new Int32Array(sys.numTransitions);
    let checked = 0, nonZero = 0;
    for (let run = 0; run < 2000; run++) {
      const n = 1 + rng.int(7);
      const gold = randomGold(n, rng);
      oracle.start(gold);
      const s = new ParserState(n);
      s.reset(n);
      const steps = rng.int(2 * n);
      for (let k = 0; k < steps && !sys.isTerminal(s); k++) sys.apply(s, randomLegal(s, rng, valid));
      if (sys.isTerminal(s)) continue;
      sys.fillValidMask(s, valid);
      const min = oracle.fillCosts(s, valid, costs);
      const here = bruteForceLoss(s, gold);
      expect(min, `run ${run}: some transition keeps the best reachable loss`).toBe(0);
      expect(attachedErrors(s, gold) + oracle.configCost(s.stack, s.stackSize, s.bufferHead, s.n), `run ${run}: configuration cost`).toBe(here);
      for (let t = 0; t < sys.numTransitions; t++) {
        if (!valid[t]) {
          expect(costs[t]).toBe(-1);
          continue;
        }
        const c = copyState(s);
        sys.apply(c, t);
        const expected = bruteForceLoss(c, gold) - here;
        if (costs[t] !== expected) {
          expect(costs[t], `run ${run}: n=${n} head=${Array.from(gold.head)} stack=${Array.from(s.stack.slice(0, s.stackSize))} buffer=${s.bufferHead} t=${t}`).toBe(expected);
        }
        if (expected > 0) nonZero++;
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
    expect(nonZero, 'the sample includes costly transitions').toBeGreaterThan(500);
  });

  it('on a gold-path configuration, the static oracle transition costs 0', () => {
    const rng = new Rng(11);
    const oracle = new DynamicArcStandardOracle(sys);
    const valid = new Uint8Array(sys.numTransitions);
    const costs = new Int32Array(sys.numTransitions);
    for (let run = 0; run < 200; run++) {
      const n = 1 + rng.int(30);
      const gold = randomGold(n, rng);
      oracle.start(gold);
      const s = new ParserState(n);
      s.reset(n);
      // Follow zero-cost transitions only: the final tree must be the gold tree.
      while (!sys.isTerminal(s)) {
        sys.fillValidMask(s, valid);
        expect(oracle.fillCosts(s, valid, costs)).toBe(0);
        const zero: number[] = [];
        for (let t = 0; t < sys.numTransitions; t++) if (valid[t] && costs[t] === 0) zero.push(t);
        sys.apply(s, zero[rng.int(zero.length)]);
      }
      expect(attachedErrors(s, gold)).toBe(0);
    }
  });

  it('is created by name and its zero-cost set matches its costs', () => {
    const oracle = createOracle('dynamic', sys);
    expect(oracle.name).toBe('dynamic');
    const rng = new Rng(3);
    const gold = randomGold(12, rng);
    oracle.start(gold);
    const s = new ParserState(12);
    s.reset(12);
    const out = new Uint8Array(sys.numTransitions);
    const valid = new Uint8Array(sys.numTransitions);
    while (!sys.isTerminal(s)) {
      expect(oracle.fillZeroCost?.(s, out)).toBeGreaterThan(0);
      const t = oracle.next(s);
      expect(out[t]).toBe(1);
      sys.apply(s, randomLegal(s, rng, valid));
    }
  });
});
