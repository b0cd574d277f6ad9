import { ModelError } from '../model/errors.ts';
import type { ParserState } from './state.ts';
import type { TransitionSystem } from './transition-system.ts';

/** Moves of the arc-standard system. Transition ids: 0 = SHIFT, 1 + 2l = LEFT(l), 2 + 2l = RIGHT(l). */
export const Move = { Shift: 0, Left: 1, Right: 2 } as const;
export type Move = (typeof Move)[keyof typeof Move];

export const encodeTransition = (move: Move, label: number): number => (move === Move.Shift ? 0 : 2 * label + move);
export const moveOf = (t: number): Move => (t === 0 ? Move.Shift : t & 1 ? Move.Left : Move.Right);
export const labelOf = (t: number): number => (t - 1) >> 1;

/**
 * The arc-standard transition system with a single root (Nivre 2004; Chen & Manning 2014).
 *
 * SHIFT     Validity: the buffer is not empty.   Action: push the next word.
 * LEFT(l)   Validity: two words on the stack (s1 is not ROOT), l is not the root label.
 *           Action: s1 ← head s0 with label l; pop s1.
 * RIGHT(l)  Validity: either two words on the stack and l is not the root label, or only one
 *           word above ROOT, the buffer empty and l the root label (so ROOT gets one dependent).
 *           Action: s0 ← head s1 with label l; pop s0.
 * Terminal: only ROOT on the stack and the buffer empty (after exactly 2n transitions).
 */
export class ArcStandard implements TransitionSystem {
  readonly name = 'arc-standard';
  readonly projectiveOnly = true;
  readonly labels: readonly string[];
  readonly numLabels: number;
  readonly rootLabel: number;
  readonly numTransitions: number;

  constructor(labels: readonly string[], rootLabel: number) {
    checkLabels(labels, rootLabel);
    this.labels = labels;
    this.numLabels = labels.length;
    this.rootLabel = rootLabel;
    this.numTransitions = 1 + 2 * labels.length;
  }

  /** SHIFT, LEFT(label) or RIGHT(label): for logs and tests only. */
  transitionName(t: number): string {
    return moveName(this.labels, t);
  }

  isTerminal(s: ParserState): boolean {
    return s.stackSize === 1 && s.bufferHead > s.n;
  }

  isValid(s: ParserState, t: number): boolean {
    const m = moveOf(t);
    if (m === Move.Shift) return s.bufferHead <= s.n;
    const rootish = labelOf(t) === this.rootLabel;
    if (m === Move.Left) return s.stackSize > 2 && !rootish;
    if (s.stackSize > 2) return !rootish;
    return s.stackSize === 2 && s.bufferHead > s.n && rootish;
  }

  fillValidMask(s: ParserState, valid: Uint8Array): number {
    const canShift = s.bufferHead <= s.n ? 1 : 0;
    const canArc = s.stackSize > 2 ? 1 : 0;
    const canRoot = s.stackSize === 2 && s.bufferHead > s.n ? 1 : 0;
    valid[0] = canShift;
    return canShift + fillArcMask(valid, this.numLabels, this.rootLabel, canArc, canRoot);
  }

  /** LEFT attaches s1, RIGHT attaches s0, SHIFT attaches nothing. */
  dependentOf(s: ParserState, t: number): number {
    if (t === 0) return -1;
    return t & 1 ? s.stack[s.stackSize - 2] : s.stack[s.stackSize - 1];
  }

  apply(s: ParserState, t: number): void {
    s.steps++;
    if (t === 0) {
      s.stack[s.stackSize++] = s.bufferHead++;
      return;
    }
    const top = s.stack[s.stackSize - 1];
    const below = s.stack[s.stackSize - 2];
    const l = (t - 1) >> 1;
    if (t & 1) {
      // LEFT: below ← top
      s.head[below] = top;
      s.label[below] = l;
      s.lc2[top] = s.lc1[top];
      s.lc1[top] = below;
      s.nLeft[top]++;
      s.stack[s.stackSize - 2] = top;
    } else {
      // RIGHT: top ← below
      s.head[top] = below;
      s.label[top] = l;
      s.rc2[below] = s.rc1[below];
      s.rc1[below] = top;
      s.nRight[below]++;
    }
    s.stackSize--;
  }
}

/** Throws ModelError unless `rootLabel` is one of `labels` and there is another relation besides it. */
export function checkLabels(labels: readonly string[], rootLabel: number): void {
  if (rootLabel < 0 || rootLabel >= labels.length) throw new ModelError('MODEL_ERR_INVALID', `root label ${rootLabel} is not one of the ${labels.length} labels`);
  if (labels.length < 2) throw new ModelError('MODEL_ERR_INVALID', 'the label set needs a relation besides the root relation');
}

/**
 * The LEFT(l)/RIGHT(l) part of a validity mask (ids 1 .. 2·numLabels): every arc when `canArc`, except
 * that the root relation is never LEFT and is RIGHT only when `canRoot`. Returns how many are legal.
 */
export function fillArcMask(valid: Uint8Array, numLabels: number, rootLabel: number, canArc: number, canRoot: number): number {
  let count = 0;
  for (let l = 0, t = 1; l < numLabels; l++, t += 2) {
    const left = l === rootLabel ? 0 : canArc;
    const right = l === rootLabel ? canRoot : canArc;
    valid[t] = left;
    valid[t + 1] = right;
    count += left + right;
  }
  return count;
}

/** SHIFT, LEFT(label) or RIGHT(label) for an arc-standard transition id: for logs and tests only. */
export function moveName(labels: readonly string[], t: number): string {
  const m = moveOf(t);
  if (m === Move.Shift) return 'SHIFT';
  return `${m === Move.Left ? 'LEFT' : 'RIGHT'}(${labels[labelOf(t)] ?? `#${labelOf(t)}`})`;
}
