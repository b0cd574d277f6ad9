import type { ArcStandard } from '../arc-standard.ts';
import { ParserError } from '../../ud/errors.ts';
import { ParserState } from '../state.ts';
import { Move, encodeTransition } from '../transitions.ts';

/** A gold tree in index form: head[i] and label[i] for words 1..n (index 0 unused). */
export interface GoldTree {
  n: number;
  head: Int32Array;
  label: Int32Array;
}

/**
 * Static arc-standard oracle.
 * Cost: LEFT(l) when s1's gold head is s0; RIGHT(l) when s0's gold head is s1 and all of s0's
 * gold dependents are attached (counted in `attached`, compared with `childCount`); else SHIFT.
 * On a non-projective tree it reaches a state where SHIFT is needed with an empty buffer:
 * that throws PARSER_ERR_ORACLE_STUCK.
 */
export class StaticOracle {
  private childCount = new Int32Array(1);
  private attached = new Int32Array(1);
  private gold: GoldTree = { n: 0, head: new Int32Array(1), label: new Int32Array(1) };

  /** Prepares for a sentence; call before the first `next`. */
  start(gold: GoldTree): void {
    const size = gold.n + 1;
    if (this.childCount.length < size) {
      this.childCount = new Int32Array(size);
      this.attached = new Int32Array(size);
    }
    this.childCount.fill(0, 0, size);
    this.attached.fill(0, 0, size);
    for (let i = 1; i <= gold.n; i++) this.childCount[gold.head[i]]++;
    this.gold = gold;
  }

  next(s: ParserState): number {
    const g = this.gold;
    if (s.stackSize > 2) {
      const top = s.stack[s.stackSize - 1];
      const below = s.stack[s.stackSize - 2];
      if (g.head[below] === top) return encodeTransition(Move.Left, g.label[below]);
      if (g.head[top] === below && this.attached[top] === this.childCount[top]) {
        return encodeTransition(Move.Right, g.label[top]);
      }
    } else if (s.stackSize === 2 && s.bufferHead > s.n) {
      const top = s.stack[1];
      return encodeTransition(Move.Right, g.label[top]);
    }
    if (s.bufferHead > s.n) {
      throw new ParserError('PARSER_ERR_ORACLE_STUCK', 'static oracle stuck: the gold tree is not projective', {
        step: s.steps,
      });
    }
    return 0;
  }

  /** Records the effect of a transition on attachment counts (call after choosing, before applying). */
  observe(s: ParserState, t: number): void {
    if (t === 0) return;
    const top = s.stack[s.stackSize - 1];
    const below = s.stack[s.stackSize - 2];
    this.attached[t & 1 ? top : below]++;
  }
}

/** The oracle transition sequence for a projective gold tree (2n transitions). */
export function oracleSequence(system: ArcStandard, gold: GoldTree, state = new ParserState(gold.n)): number[] {
  const oracle = new StaticOracle();
  oracle.start(gold);
  state.reset(gold.n);
  const seq: number[] = [];
  while (!system.isTerminal(state)) {
    const t = oracle.next(state);
    if (!system.isValid(state, t)) {
      throw new ParserError('PARSER_ERR_ORACLE_STUCK', `oracle chose an invalid transition ${t}`, { step: state.steps });
    }
    oracle.observe(state, t);
    system.apply(state, t);
    seq.push(t);
  }
  return seq;
}
