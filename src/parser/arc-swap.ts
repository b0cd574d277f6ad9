import { checkLabels, fillArcMask, moveName } from './arc-standard.ts';
import type { ParserState } from './state.ts';
import type { TransitionSystem } from './transition-system.ts';

/**
 * Arc-standard with SWAP (Nivre 2009): non-projective trees in expected linear time.
 * Transition ids as in arc-standard (0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l)), then
 * SWAP = 1 + 2L for L labels, so the arc-standard moves keep their ids and a dynamic oracle for
 * arc-standard can cost them.
 *
 * SHIFT     Validity: the buffer is not empty.   Action: push the front of the buffer.
 * LEFT(l)   as arc-standard: s1 ← head s0, pop s1.
 * RIGHT(l)  as arc-standard: s0 ← head s1, pop s0 (the root relation only when the buffer is empty
 *           and only one word is above ROOT).
 * SWAP      Validity: two words on the stack (s1 is not ROOT) and s1 before s0 in the sentence.
 *           Action: s1 goes back to the front of the buffer.
 * Each pair of words can be swapped at most once (after a SWAP the two are on the stack in the
 * reverse order), so a parse ends after at most 2n + n(n−1)/2 transitions.
 *
 * With SWAP, a new left dependent is not always further left than the existing ones, so the
 * outer-children bookkeeping compares positions (arc-standard's O(1) shortcut does not hold).
 */
export class ArcSwap implements TransitionSystem {
  readonly name = 'arc-swap';
  readonly projectiveOnly = false;
  readonly labels: readonly string[];
  readonly numLabels: number;
  readonly rootLabel: number;
  readonly numTransitions: number;
  /** The id of SWAP. */
  readonly swap: number;

  constructor(labels: readonly string[], rootLabel: number) {
    checkLabels(labels, rootLabel);
    this.labels = labels;
    this.numLabels = labels.length;
    this.rootLabel = rootLabel;
    this.swap = 1 + 2 * labels.length;
    this.numTransitions = this.swap + 1;
  }

  transitionName(t: number): string {
    return t === this.swap ? 'SWAP' : moveName(this.labels, t);
  }

  isTerminal(s: ParserState): boolean {
    return s.stackSize === 1 && s.bufferEmpty();
  }

  isValid(s: ParserState, t: number): boolean {
    if (t === 0) return !s.bufferEmpty();
    if (t === this.swap) return s.stackSize > 2 && s.stack[s.stackSize - 2] < s.stack[s.stackSize - 1];
    if (t < 0 || t > this.swap) return false;
    const rootish = (t - 1) >> 1 === this.rootLabel;
    if (t & 1) return s.stackSize > 2 && !rootish;
    if (s.stackSize > 2) return !rootish;
    return s.stackSize === 2 && s.bufferEmpty() && rootish;
  }

  fillValidMask(s: ParserState, valid: Uint8Array): number {
    const empty = s.bufferEmpty();
    const canShift = empty ? 0 : 1;
    const canArc = s.stackSize > 2 ? 1 : 0;
    const canRoot = s.stackSize === 2 && empty ? 1 : 0;
    valid[0] = canShift;
    const count = canShift + fillArcMask(valid, this.numLabels, this.rootLabel, canArc, canRoot);
    const canSwap = canArc && s.stack[s.stackSize - 2] < s.stack[s.stackSize - 1] ? 1 : 0;
    valid[this.swap] = canSwap;
    return count + canSwap;
  }

  dependentOf(s: ParserState, t: number): number {
    if (t === 0 || t === this.swap) return -1;
    return t & 1 ? s.stack[s.stackSize - 2] : s.stack[s.stackSize - 1];
  }

  apply(s: ParserState, t: number): void {
    s.steps++;
    if (t === 0) {
      s.stack[s.stackSize++] = s.swappedSize > 0 ? s.swapped[--s.swappedSize] : s.bufferHead++;
      return;
    }
    const top = s.stack[s.stackSize - 1];
    const below = s.stack[s.stackSize - 2];
    if (t === this.swap) {
      s.swapped[s.swappedSize++] = below;
      s.stack[s.stackSize - 2] = top;
      s.stackSize--;
      return;
    }
    const l = (t - 1) >> 1;
    if (t & 1) {
      attach(s, top, below, l);
      s.stack[s.stackSize - 2] = top;
    } else {
      attach(s, below, top, l);
    }
    s.stackSize--;
  }
}

/** d ← h with relation l, keeping the two outermost children on each side by position. */
function attach(s: ParserState, h: number, d: number, l: number): void {
  s.head[d] = h;
  s.label[d] = l;
  if (d < h) {
    s.nLeft[h]++;
    const c1 = s.lc1[h];
    if (c1 < 0 || d < c1) {
      s.lc2[h] = c1;
      s.lc1[h] = d;
    } else {
      const c2 = s.lc2[h];
      if (c2 < 0 || d < c2) s.lc2[h] = d;
    }
  } else {
    s.nRight[h]++;
    const c1 = s.rc1[h];
    if (c1 < 0 || d > c1) {
      s.rc2[h] = c1;
      s.rc1[h] = d;
    } else {
      const c2 = s.rc2[h];
      if (c2 < 0 || d > c2) s.rc2[h] = d;
    }
  }
}
