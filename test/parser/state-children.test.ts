import { describe, it, expect } from 'vitest';
import { Rng } from '../../src/model/train/random.ts';
import { ArcStandard, Move, encodeTransition } from '../../src/parser/arc-standard.ts';
import { ParserState } from '../../src/parser/state.ts';

/**
 * ParserState keeps lc1/lc2/rc1/rc2 incrementally (O(1) per arc). Here they are checked
 * after every transition against a brute-force scan of head[]:
 *   lc1 = leftmost dependent left of the token, lc2 = second leftmost;
 *   rc1 = rightmost dependent right of the token, rc2 = second rightmost; -1 when absent;
 *   nLeft / nRight = number of dependents on each side (valency features).
 */
function bruteChildren(head: Int32Array, n: number, h: number): number[] {
  const left: number[] = [], right: number[] = [];
  for (let d = 1; d <= n; d++) {
    if (head[d] !== h) continue;
    if (d < h) left.push(d);
    else right.push(d);
  }
  right.reverse(); // rightmost first
  return [left[0] ?? -1, left[1] ?? -1, right[0] ?? -1, right[1] ?? -1, left.length, right.length];
}

const ROOT = 1;
const sys = new ArcStandard(['a', 'root', 'b'], ROOT);

/**
 * A random legal move: first a move kind among those legal (uniform, so SHIFT is not swamped
 * by the 2·labels arc transitions and trees get both deep and bushy), then a legal label.
 */
function randomMove(s: ParserState, rng: Rng, valid: Uint8Array): number {
  sys.fillValidMask(s, valid);
  const byMove: number[][] = [[], [], []];
  for (let t = 0; t < sys.numTransitions; t++) if (valid[t]) byMove[t === 0 ? Move.Shift : t & 1 ? Move.Left : Move.Right].push(t);
  const kinds = byMove.filter((ts) => ts.length > 0);
  expect(kinds.length, 'a non-terminal state has a legal move').toBeGreaterThan(0);
  const ts = kinds[rng.int(kinds.length)];
  return ts[rng.int(ts.length)];
}

describe('ParserState children bookkeeping', () => {
  it('lc1/lc2/rc1/rc2 and valency counts match a brute-force scan after every step of 400 random parses', () => {
    const rng = new Rng(20240611);
    const state = new ParserState(4); // deliberately small: grows, and is reused so stale values would show
    const valid = new Uint8Array(sys.numTransitions);
    let checks = 0, secondChildren = 0;
    for (let run = 0; run < 400; run++) {
      const n = 1 + rng.int(40);
      state.reset(n);
      while (!sys.isTerminal(state)) {
        sys.apply(state, randomMove(state, rng, valid));
        for (let h = 0; h <= n; h++) {
          const expected = bruteChildren(state.head, n, h);
          const actual = [state.lc1[h], state.lc2[h], state.rc1[h], state.rc2[h], state.nLeft[h], state.nRight[h]];
          if (actual.some((v, k) => v !== expected[k])) {
            expect(actual, `run ${run}, n=${n}, step ${state.steps}, token ${h}`).toEqual(expected);
          }
          checks++;
          if (expected[1] >= 0 || expected[3] >= 0) secondChildren++;
        }
      }
      expect(state.steps).toBe(2 * n);
    }
    // Guard against a generator that never builds the interesting cases.
    expect(checks).toBeGreaterThan(100_000);
    expect(secondChildren).toBeGreaterThan(10_000);
  });

  it('a hand-made example: 3 ← 4 and 2 ← 4 give lc1 = 2, lc2 = 3; 4 → 6 then 4 → 7 give rc1 = 7, rc2 = 6', () => {
    const s = new ParserState(7);
    s.reset(7);
    const S = 0, L = encodeTransition(Move.Left, 0), R = encodeTransition(Move.Right, 0);
    // push 1..4; 3 ← 4; 2 ← 4; push 5, 6; 5 ← 6; 4 → 6; push 7; 4 → 7. Stack left: ROOT 1 4.
    for (const t of [S, S, S, S, L, L, S, S, L, R, S, R]) sys.apply(s, t);
    expect(Array.from(s.head.subarray(1, 8))).toEqual([-1, 4, 4, -1, 6, 4, 4]);
    expect([s.lc1[4], s.lc2[4], s.rc1[4], s.rc2[4]]).toEqual([2, 3, 7, 6]);
    expect([s.lc1[6], s.lc2[6], s.rc1[6], s.rc2[6]]).toEqual([5, -1, -1, -1]);
  });
});
