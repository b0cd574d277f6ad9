import { describe, it, expect } from 'vitest';
import { ArcStandard, Move, encodeTransition } from '../../src/parser/arc-standard.ts';
import { ParserState } from '../../src/parser/state.ts';
import { createTransitionSystem } from '../../src/parser/transition-system.ts';
import { ModelError } from '../../src/model/errors.ts';
import { isProjective, isWellFormedTree } from '../../src/ud/tree.ts';

/**
 * Validity and effect of every transition on a 3-word sentence, state by state.
 * Labels: nsubj = 0, obj = 1, root = 2, so transitions are
 * 0 SHIFT, 1 LEFT(nsubj), 2 RIGHT(nsubj), 3 LEFT(obj), 4 RIGHT(obj), 5 LEFT(root), 6 RIGHT(root).
 */
const LABELS = ['nsubj', 'obj', 'root'];
const ROOT = 2;
const N = 3;
const sys = new ArcStandard(LABELS, ROOT);
const S = 0;
const L = (label: string): number => encodeTransition(Move.Left, LABELS.indexOf(label));
const R = (label: string): number => encodeTransition(Move.Right, LABELS.indexOf(label));
const name = (t: number): string => sys.transitionName(t);

/** Applies `moves` (each checked valid) to a fresh state for the 3-word sentence. */
function run(moves: number[], n = N): ParserState {
  const s = new ParserState(n);
  s.reset(n);
  for (const t of moves) {
    expect(sys.isValid(s, t), `${name(t)} should be valid at step ${s.steps}`).toBe(true);
    sys.apply(s, t);
  }
  return s;
}

/** Names of the legal transitions, by isValid and by fillValidMask (which must agree, count included). */
function legal(s: ParserState): string[] {
  const byIsValid: string[] = [], byMask: string[] = [];
  const mask = new Uint8Array(sys.numTransitions).fill(7);
  const count = sys.fillValidMask(s, mask);
  for (let t = 0; t < sys.numTransitions; t++) {
    if (sys.isValid(s, t)) byIsValid.push(name(t));
    expect(mask[t] === 0 || mask[t] === 1).toBe(true);
    if (mask[t]) byMask.push(name(t));
  }
  expect(byMask).toEqual(byIsValid);
  expect(count).toBe(byIsValid.length);
  return byIsValid;
}

const ARCS = ['LEFT(nsubj)', 'RIGHT(nsubj)', 'LEFT(obj)', 'RIGHT(obj)'];

describe('ArcStandard validity', () => {
  it('has 1 + 2·labels transitions', () => {
    expect(sys.numTransitions).toBe(7);
    expect([S, L('nsubj'), R('nsubj'), L('root'), R('root')]).toEqual([0, 1, 2, 5, 6]);
  });

  // [description, moves so far, expected legal transitions]
  const cases: [string, number[], string[]][] = [
    ['start: only ROOT on the stack, no arc possible', [], ['SHIFT']],
    ['one word on the stack, buffer not empty: no LEFT onto ROOT, no early root', [S], ['SHIFT']],
    ['two words and a buffer: SHIFT and every non-root arc', [S, S], ['SHIFT', ...ARCS]],
    ['empty buffer, three words: arcs only', [S, S, S], ARCS],
    ['after LEFT: still two words, still no root label', [S, S, S, L('obj')], ARCS],
    ['after RIGHT with a buffer left: SHIFT only', [S, S, R('nsubj')], ['SHIFT']],
    ['one word left, buffer empty: RIGHT(root) is the only move', [S, S, S, L('obj'), L('nsubj')], ['RIGHT(root)']],
    ['terminal after 2n = 6 moves: nothing is legal', [S, S, S, L('obj'), L('nsubj'), R('root')], []],
  ];

  it.each(cases)('%s', (_desc, moves, expected) => {
    const s = run(moves);
    expect(legal(s)).toEqual(expected);
    expect(sys.isTerminal(s)).toBe(moves.length === 2 * N);
  });

  it('a 1-word sentence: SHIFT then RIGHT(root)', () => {
    const s = run([], 1);
    expect(legal(s)).toEqual(['SHIFT']);
    sys.apply(s, S);
    expect(legal(s)).toEqual(['RIGHT(root)']);
    sys.apply(s, R('root'));
    expect(sys.isTerminal(s)).toBe(true);
    expect([s.head[1], s.label[1], s.steps]).toEqual([0, ROOT, 2]);
  });
});

describe('ArcStandard effects', () => {
  it('follows "I saw her" move by move', () => {
    const s = run([]);
    const snap = (): unknown => ({
      stack: Array.from(s.stack.subarray(0, s.stackSize)),
      buffer: s.bufferHead,
      head: Array.from(s.head.subarray(1, N + 1)),
      label: Array.from(s.label.subarray(1, N + 1)),
      steps: s.steps,
    });
    sys.apply(s, S); // push I
    expect(snap()).toEqual({ stack: [0, 1], buffer: 2, head: [-1, -1, -1], label: [-1, -1, -1], steps: 1 });
    sys.apply(s, S); // push saw
    expect(snap()).toEqual({ stack: [0, 1, 2], buffer: 3, head: [-1, -1, -1], label: [-1, -1, -1], steps: 2 });
    sys.apply(s, L('nsubj')); // s1 (I) ← s0 (saw); I is popped, saw stays on top
    expect(snap()).toEqual({ stack: [0, 2], buffer: 3, head: [2, -1, -1], label: [0, -1, -1], steps: 3 });
    expect([s.lc1[2], s.lc2[2], s.rc1[2]]).toEqual([1, -1, -1]);
    sys.apply(s, S); // push her
    expect(snap()).toEqual({ stack: [0, 2, 3], buffer: 4, head: [2, -1, -1], label: [0, -1, -1], steps: 4 });
    expect(sys.isTerminal(s)).toBe(false);
    sys.apply(s, R('obj')); // s0 (her) ← s1 (saw); her is popped
    expect(snap()).toEqual({ stack: [0, 2], buffer: 4, head: [2, -1, 2], label: [0, -1, 1], steps: 5 });
    expect([s.lc1[2], s.rc1[2], s.rc2[2]]).toEqual([1, 3, -1]);
    expect(sys.isTerminal(s)).toBe(false);
    sys.apply(s, R('root')); // saw ← ROOT
    expect(snap()).toEqual({ stack: [0], buffer: 4, head: [2, 0, 2], label: [0, ROOT, 1], steps: 6 });
    expect(s.rc1[0]).toBe(2);
    expect(sys.isTerminal(s)).toBe(true);
  });

  it('every legal path ends after exactly 2n moves in one of the 7 projective 3-word trees', () => {
    // Exhaustive search with labels [dep, root], so each tree has one labelling. The shift/reduce
    // skeletons are S S r S r and S S S r r (then the root RIGHT), each r being LEFT or RIGHT:
    // 8 paths. They must give exactly the single-root projective trees, 7 for n = 3
    // (OEIS A006013: 1, 2, 7, 30, ...): 1←2→3 is reached twice (spurious ambiguity).
    const one = new ArcStandard(['dep', 'root'], 1);
    const trees = new Set<string>();
    let paths = 0;
    const walk = (moves: number[]): void => {
      const s = new ParserState(N);
      s.reset(N);
      for (const t of moves) one.apply(s, t);
      if (one.isTerminal(s)) {
        paths++;
        expect(moves.length).toBe(2 * N);
        const head = Array.from(s.head.subarray(0, N + 1));
        expect(isWellFormedTree(head, N) && isProjective(head, N)).toBe(true);
        trees.add(head.join(','));
        return;
      }
      expect(moves.length).toBeLessThan(2 * N);
      let any = false;
      for (let t = 0; t < one.numTransitions; t++) {
        if (!one.isValid(s, t)) continue;
        any = true;
        walk([...moves, t]);
      }
      expect(any, 'a non-terminal state must have a legal move').toBe(true);
    };
    walk([]);
    expect(trees.size).toBe(7);
    expect(paths).toBe(8);
  });
});

describe('createTransitionSystem', () => {
  it('makes arc-standard by name, with the root relation found by name', () => {
    const system = createTransitionSystem('arc-standard', LABELS, 'root');
    expect(system).toBeInstanceOf(ArcStandard);
    expect(system.name).toBe('arc-standard');
    expect((system as ArcStandard).rootLabel).toBe(ROOT);
    expect(system.numTransitions).toBe(7);
    expect(system.transitionName(6)).toBe('RIGHT(root)');
  });

  it.each([
    ['swap', LABELS, /unknown transition system "swap"/],
    ['arc-standard', ['nsubj', 'obj'], /no "root" relation/],
    ['arc-standard', ['root'], /a relation besides the root/],
  ] as const)('%s over %j: a ModelError', (name, labels, message) => {
    expect(() => createTransitionSystem(name, labels, 'root')).toThrow(ModelError);
    expect(() => createTransitionSystem(name, labels, 'root')).toThrow(message);
  });

  it('names which word a transition attaches: none for SHIFT, s1 for LEFT, s0 for RIGHT', () => {
    const s = run([S, S]);
    expect(sys.dependentOf(s, S)).toBe(-1);
    expect(sys.dependentOf(s, L('nsubj'))).toBe(1);
    expect(sys.dependentOf(s, R('obj'))).toBe(2);
  });
});
