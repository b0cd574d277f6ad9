import { ParserError } from '../../ud/errors.ts';
import { type ArcStandard, Move, encodeTransition } from '../arc-standard.ts';
import type { ArcSwap } from '../arc-swap.ts';
import { DynamicArcStandardOracle } from './dynamic-oracle.ts';
import { ExploringSwapOracle, StaticSwapOracle } from './swap-oracle.ts';
import { ParserState } from '../state.ts';
import type { TransitionSystem } from '../transition-system.ts';

/** A gold tree in index form: head[i] and label[i] (a label id of the system) for words 1..n (index 0 unused). */
export interface GoldTree {
  n: number;
  head: Int32Array;
  label: Int32Array;
}

/**
 * What training asks of an oracle, for one sentence at a time: start(gold), then for each state on
 * the way to the terminal state a transition of zero cost (one that keeps the gold tree reachable,
 * or as much of it as is still reachable). Created by name for a transition system (createOracle).
 *
 * A static oracle answers only on its own path (the states its own answers lead to): `next` is
 * enough. A dynamic oracle (Goldberg & Nivre 2012; for arc-standard Goldberg et al. 2014) also
 * answers in any state, including states the model reached by its own mistakes during training with
 * error exploration; it implements `fillZeroCost`, and `next` picks one of those transitions.
 */
export interface Oracle {
  readonly name: string;
  /** Prepares for one sentence; call before the first `next`. */
  start(gold: GoldTree): void;
  /** One zero-cost transition in `state`. */
  next(state: ParserState): number;
  /** Records the effect of transition t (call after choosing it, before applying it). */
  observe(state: ParserState, t: number): void;
  /**
   * Dynamic oracles only: out[t] = 1 for every legal transition of zero cost in `state`, an arbitrary
   * state, 0 for the others; returns how many there are.
   */
  fillZeroCost?(state: ParserState, out: Uint8Array): number;
  /**
   * Dynamic oracles only: cost of every transition in `state` given its legal ones (−1 for illegal
   * ones); returns the minimum, 0.
   */
  fillCosts?(state: ParserState, valid: Uint8Array, costs: Int32Array): number;
  /**
   * Dynamic oracles only: false when training must not follow transition t (the oracle could not
   * cost the state it leads to, or the sentence is one it follows statically); absent means always.
   */
  canFollow?(t: number): boolean;
}

/**
 * Static arc-standard oracle.
 * Cost: LEFT(l) when s1's gold head is s0; RIGHT(l) when s0's gold head is s1 and all of s0's
 * gold dependents are attached (counted in `attached`, compared with `childCount`); else SHIFT.
 * On a non-projective tree it reaches a state where SHIFT is needed with an empty buffer:
 * that throws PARSER_ERR_ORACLE_STUCK.
 */
export class StaticArcStandardOracle implements Oracle {
  readonly name = 'static';
  private childCount = new Int32Array(1);
  private attached = new Int32Array(1);
  private gold: GoldTree = { n: 0, head: new Int32Array(1), label: new Int32Array(1) };

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

  observe(s: ParserState, t: number): void {
    if (t === 0) return;
    const top = s.stack[s.stackSize - 1];
    const below = s.stack[s.stackSize - 2];
    this.attached[t & 1 ? top : below]++;
  }
}

type OracleFactory = (system: TransitionSystem) => Oracle;

/** Oracles by name, then by the transition system they serve. */
const ORACLES: ReadonlyMap<string, ReadonlyMap<string, OracleFactory>> = new Map([
  ['static', new Map<string, OracleFactory>([
    ['arc-standard', () => new StaticArcStandardOracle()],
    ['arc-swap', (system) => new StaticSwapOracle(system as ArcSwap)],
  ])],
  ['dynamic', new Map<string, OracleFactory>([
    ['arc-standard', (system) => new DynamicArcStandardOracle(system as ArcStandard)],
    ['arc-swap', (system) => new ExploringSwapOracle(system as ArcSwap)],
  ])],
]);

/** The oracle `name` (`static`) for a transition system; throws when that pair does not exist. */
export function createOracle(name: string, system: TransitionSystem): Oracle {
  const factory = ORACLES.get(name)?.get(system.name);
  if (!factory) throw new Error(`no "${name}" oracle for the transition system "${system.name}"`);
  return factory(system);
}

/** The oracle's transition sequence for a gold tree (2n transitions for arc-standard, more with swaps); checks each is legal. */
export function oracleSequence(system: TransitionSystem, gold: GoldTree, state = new ParserState(gold.n),
  oracle: Oracle = createOracle('static', system)): number[] {
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
