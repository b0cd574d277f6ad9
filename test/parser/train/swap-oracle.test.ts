import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/model/train/random.ts';
import { ArcSwap } from '../../../src/parser/arc-swap.ts';
import { ParserState } from '../../../src/parser/state.ts';
import { type GoldTree, createOracle, oracleSequence } from '../../../src/parser/train/oracle.ts';
import { ExploringSwapOracle, StaticSwapOracle } from '../../../src/parser/train/swap-oracle.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { isProjective, isWellFormedTree } from '../../../src/ud/tree.ts';
import type { Sentence } from '../../../src/ud/types.ts';
import { EWT_DEV, EWT_TRAIN, SEQUOIA_DEV, SEQUOIA_TRAIN } from '../../helpers/data.ts';
import { NEEDS, describeWhen } from '../../helpers/needs.ts';

function goldOf(s: Sentence, labels: string[]): GoldTree {
  const n = s.words.length;
  const head = new Int32Array(n + 1).fill(-1), label = new Int32Array(n + 1).fill(-1);
  s.words.forEach((w, i) => {
    head[i + 1] = w.head;
    if (!labels.includes(w.deprel)) labels.push(w.deprel);
    label[i + 1] = labels.indexOf(w.deprel);
  });
  return { n, head, label };
}

/** Runs a transition sequence from the start and returns the state it ends in. */
function run(system: ArcSwap, n: number, seq: readonly number[]): ParserState {
  const s = new ParserState(n);
  s.reset(n);
  for (const t of seq) {
    expect(system.isValid(s, t), `step ${s.steps}: ${system.transitionName(t)} is legal`).toBe(true);
    system.apply(s, t);
  }
  return s;
}

describe('arc-swap, hand-checked', () => {
  // "A hearing is scheduled on the issue today": hearing(2) →nmod issue(7) crosses is(3) ← scheduled(4).
  const labels = ['det', 'nsubj:pass', 'aux:pass', 'root', 'case', 'nmod', 'obl:tmod'];
  const system = new ArcSwap(labels, labels.indexOf('root'));
  const id = (l: string): number => labels.indexOf(l);
  const gold: GoldTree = {
    n: 8,
    head: Int32Array.from([-1, 2, 4, 4, 0, 7, 7, 2, 4]),
    label: Int32Array.from([-1, id('det'), id('nsubj:pass'), id('aux:pass'), id('root'), id('case'), id('det'), id('nmod'), id('obl:tmod')]),
  };

  it('builds the non-projective tree with the lazy oracle, using SWAP', () => {
    expect(isProjective(gold.head, gold.n)).toBe(false);
    const seq = oracleSequence(system, gold);
    const s = run(system, gold.n, seq);
    expect(system.isTerminal(s)).toBe(true);
    expect(Array.from(s.head.subarray(1, 9))).toEqual(Array.from(gold.head.subarray(1)));
    expect(Array.from(s.label.subarray(1, 9))).toEqual(Array.from(gold.label.subarray(1)));
    expect(seq.filter((t) => t === system.swap).length).toBeGreaterThan(0);
    // Children are kept by position even when a left dependent is attached after a nearer one.
    expect([s.lc1[2], s.rc1[2]]).toEqual([1, 7]);
  });

  it('SWAP is legal only with two words above ROOT in sentence order; the transition names', () => {
    const s = new ParserState(3);
    s.reset(3);
    system.apply(s, 0);
    expect(system.isValid(s, system.swap)).toBe(false);
    system.apply(s, 0);
    expect(system.isValid(s, system.swap)).toBe(true);
    system.apply(s, system.swap);
    expect([s.stackAt(0), s.bufferAt(0), s.bufferAt(1), s.bufferAt(2)]).toEqual([2, 1, 3, -1]);
    system.apply(s, 0);
    expect(system.isValid(s, system.swap), 'the pair 2, 1 is out of sentence order: no swapping back').toBe(false);
    expect(system.transitionName(system.swap)).toBe('SWAP');
    expect(system.transitionName(0)).toBe('SHIFT');
    expect(system.numTransitions).toBe(2 + 2 * labels.length);
  });

  it('a projective tree gets no SWAP, and the same moves as arc-standard\'s static oracle', () => {
    const proj: GoldTree = { n: 3, head: Int32Array.from([-1, 2, 0, 2]), label: Int32Array.from([-1, id('det'), id('root'), id('nmod')]) };
    const seq = oracleSequence(system, proj);
    expect(seq.map((t) => system.transitionName(t))).toEqual(['SHIFT', 'SHIFT', 'LEFT(det)', 'SHIFT', 'RIGHT(nmod)', 'RIGHT(root)']);
  });

  it('the exploring oracle costs arc-standard moves on projective trees, SWAP 1, and may not follow SWAP', () => {
    const oracle = createOracle('dynamic', system);
    expect(oracle).toBeInstanceOf(ExploringSwapOracle);
    const proj: GoldTree = { n: 3, head: Int32Array.from([-1, 2, 0, 2]), label: Int32Array.from([-1, id('det'), id('root'), id('nmod')]) };
    oracle.start(proj);
    const s = new ParserState(3);
    s.reset(3);
    system.apply(s, 0);
    system.apply(s, 0);
    const valid = new Uint8Array(system.numTransitions), costs = new Int32Array(system.numTransitions);
    system.fillValidMask(s, valid);
    expect(oracle.fillCosts?.(s, valid, costs)).toBe(0);
    expect(costs[system.swap]).toBe(1);
    expect(costs[1 + 2 * id('det')]).toBe(0);
    expect(oracle.canFollow?.(system.swap)).toBe(false);
    expect(oracle.canFollow?.(0)).toBe(true);
    // On a non-projective tree only the lazy oracle's move is free, and training follows it.
    oracle.start(gold);
    s.reset(gold.n);
    system.fillValidMask(s, valid);
    oracle.fillCosts?.(s, valid, costs);
    expect(Array.from(costs).filter((c) => c === 0)).toHaveLength(1);
    expect(oracle.canFollow?.(0)).toBe(false);
  });
});

describe('arc-swap children bookkeeping', () => {
  it('lc1/lc2/rc1/rc2 and valency counts match a scan of head[] after every step of 300 random parses with SWAP', () => {
    const system = new ArcSwap(['a', 'root', 'b'], 1);
    const rng = new Rng(7);
    const s = new ParserState(4);
    const valid = new Uint8Array(system.numTransitions);
    let swaps = 0;
    for (let r = 0; r < 300; r++) {
      const n = 1 + rng.int(25);
      s.reset(n);
      while (!system.isTerminal(s)) {
        system.fillValidMask(s, valid);
        const legal = [...valid.keys()].filter((t) => valid[t]);
        const swap = valid[system.swap] && rng.next() < 0.3;
        const t = swap ? system.swap : legal[rng.int(legal.length)];
        if (t === system.swap) swaps++;
        system.apply(s, t);
        for (let h = 0; h <= n; h++) {
          const left: number[] = [], right: number[] = [];
          for (let d = 1; d <= n; d++) if (s.head[d] === h) (d < h ? left : right).push(d);
          right.reverse();
          const expected = [left[0] ?? -1, left[1] ?? -1, right[0] ?? -1, right[1] ?? -1, left.length, right.length];
          const actual = [s.lc1[h], s.lc2[h], s.rc1[h], s.rc2[h], s.nLeft[h], s.nRight[h]];
          if (actual.some((v, k) => v !== expected[k])) expect(actual, `run ${r}, token ${h}`).toEqual(expected);
        }
      }
      expect(isWellFormedTree(s.head.subarray(0, n + 1), n), `run ${r}`).toBe(true);
    }
    expect(swaps).toBeGreaterThan(100);
  });
});

describeWhen([NEEDS.ewt, NEEDS.sequoia], 'swap oracle round trip over every treebank sentence', () => {
  for (const file of [EWT_TRAIN, EWT_DEV, SEQUOIA_TRAIN, SEQUOIA_DEV]) {
    it(`rebuilds every tree of ${file.split('/').pop()} exactly, projective or not`, () => {
      const sentences = readConllu(readFileSync(file, 'utf8'), file);
      const labels: string[] = ['root'];
      const trees = sentences.map((s) => goldOf(s, labels));
      const system = new ArcSwap(labels, 0);
      const oracle = new StaticSwapOracle(system);
      const state = new ParserState(64);
      let nonProjective = 0, swaps = 0, transitions = 0;
      for (const [k, g] of trees.entries()) {
        const seq = oracleSequence(system, g, state, oracle);
        for (let i = 1; i <= g.n; i++) {
          if (state.head[i] !== g.head[i] || state.label[i] !== g.label[i]) {
            expect([state.head[i], state.label[i]], `sentence ${k + 1}, word ${i}`).toEqual([g.head[i], g.label[i]]);
          }
        }
        if (!isProjective(g.head, g.n)) nonProjective++;
        for (const t of seq) if (t === system.swap) swaps++;
        transitions += seq.length;
      }
      expect(nonProjective).toBeGreaterThan(0);
      // The lazy oracle swaps little: under 2% of the transitions.
      expect(swaps).toBeGreaterThan(0);
      expect(swaps / transitions).toBeLessThan(0.02);
    });
  }
});
