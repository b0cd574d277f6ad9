import { ParserError } from '../../ud/errors.ts';
import { isProjective } from '../../ud/tree.ts';
import type { ArcSwap } from '../arc-swap.ts';
import type { ParserState } from '../state.ts';
import { DynamicArcStandardOracle } from './dynamic-oracle.ts';
import type { GoldTree, Oracle } from './oracle.ts';

/**
 * The lazy static oracle of arc-swap (Nivre, Kuhlmann & Hall 2009), which swaps as late as it can
 * and so makes few swaps:
 * - LEFT(l) when s1's gold head is s0 and s1 has all its gold dependents;
 * - RIGHT(l) when s0's gold head is s1 and s0 has all its gold dependents;
 * - SWAP when s0 comes before s1 in the projective order (the order of an in-order walk of the
 *   gold tree, in which the tree is projective) and the buffer is empty or its front is not in s0's
 *   maximal projective component (the parts of the tree arc-standard alone would build);
 * - SHIFT otherwise.
 * It builds every tree, projective or not (test/parser/train/swap-oracle.test.ts checks every
 * treebank sentence). Completeness is read off the state (children attached so far), so on the
 * oracle's own path `observe` has nothing to record.
 */
export class StaticSwapOracle implements Oracle {
  readonly name = 'static';
  private readonly system: ArcSwap;
  private gold: GoldTree = { n: 0, head: new Int32Array(1), label: new Int32Array(1) };
  private childCount = new Int32Array(1);
  /** Position of each word in the projective order. */
  private proj = new Int32Array(1);
  /** Root of the maximal projective component of each word. */
  private mpc = new Int32Array(1);

  constructor(system: ArcSwap) {
    this.system = system;
  }

  start(gold: GoldTree): void {
    this.gold = gold;
    const size = gold.n + 1;
    if (this.childCount.length < size) {
      this.childCount = new Int32Array(size);
      this.proj = new Int32Array(size);
      this.mpc = new Int32Array(size);
    }
    const children: number[][] = Array.from({ length: size }, () => []);
    this.childCount.fill(0, 0, size);
    for (let d = 1; d <= gold.n; d++) {
      children[gold.head[d]].push(d);
      this.childCount[gold.head[d]]++;
    }
    let next = 0;
    // In-order walk: a word's left dependents (their subtrees), the word, its right dependents.
    const walk = (w: number): void => {
      const kids = children[w];
      let k = 0;
      for (; k < kids.length && kids[k] < w; k++) walk(kids[k]);
      this.proj[w] = next++;
      for (; k < kids.length; k++) walk(kids[k]);
    };
    walk(0);
    this.components(gold);
  }

  /** Maximal projective components: what arc-standard's static oracle builds, in sentence order, without SWAP. */
  private components(gold: GoldTree): void {
    const n = gold.n;
    const built = new Int32Array(n + 1).fill(-1);
    const got = new Int32Array(n + 1);
    const st: number[] = [0];
    for (let i = 1; i <= n; i++) {
      st.push(i);
      while (st.length >= 2) {
        const top = st[st.length - 1], below = st[st.length - 2];
        if (below !== 0 && gold.head[below] === top && got[below] === this.childCount[below]) {
          built[below] = top;
          got[top]++;
          st.splice(st.length - 2, 1);
        } else if (gold.head[top] === below && got[top] === this.childCount[top]) {
          built[top] = below;
          got[below]++;
          st.pop();
        } else break;
      }
    }
    for (let w = 0; w <= n; w++) {
      let r = w;
      while (built[r] >= 0) r = built[r];
      this.mpc[w] = r;
    }
  }

  next(s: ParserState): number {
    const g = this.gold, size = s.stackSize;
    if (size >= 2) {
      const top = s.stack[size - 1], below = s.stack[size - 2];
      if (size > 2 && g.head[below] === top && this.complete(s, below)) return 1 + 2 * g.label[below];
      if (g.head[top] === below && this.complete(s, top) && (size > 2 || s.bufferEmpty())) return 2 + 2 * g.label[top];
      if (size > 2 && this.proj[top] < this.proj[below]) {
        const front = s.bufferAt(0);
        if (front < 0 || this.mpc[top] !== this.mpc[front]) return this.system.swap;
      }
    }
    if (s.bufferEmpty()) throw new ParserError('PARSER_ERR_ORACLE_STUCK', 'swap oracle stuck: no transition leads to the gold tree', { step: s.steps });
    return 0;
  }

  observe(): void {
    // Completeness is read off the state.
  }

  private complete(s: ParserState, w: number): boolean {
    return s.nLeft[w] + s.nRight[w] === this.childCount[w];
  }
}

/**
 * What training with error exploration uses for arc-swap: on a projective gold tree, the exact
 * arc-standard dynamic oracle (SWAP costs 1 there: it is never needed), and the parser may follow
 * its own predictions except SWAP; on a non-projective tree, the lazy static oracle's move is the
 * only zero-cost one and training follows it (no dynamic oracle covers SWAP).
 */
export class ExploringSwapOracle implements Oracle {
  readonly name = 'dynamic';
  private readonly system: ArcSwap;
  private readonly dynamic: DynamicArcStandardOracle;
  private readonly lazy: StaticSwapOracle;
  private projective = true;

  constructor(system: ArcSwap) {
    this.system = system;
    this.dynamic = new DynamicArcStandardOracle(system);
    this.lazy = new StaticSwapOracle(system);
  }

  start(gold: GoldTree): void {
    this.projective = isProjective(gold.head, gold.n);
    if (this.projective) this.dynamic.start(gold);
    else this.lazy.start(gold);
  }

  next(s: ParserState): number {
    return this.projective ? this.dynamic.next(s) : this.lazy.next(s);
  }

  observe(): void {
    // Both oracles read the state.
  }

  fillCosts(s: ParserState, valid: Uint8Array, costs: Int32Array): number {
    if (this.projective) return this.dynamic.fillCosts(s, valid, costs);
    const best = this.lazy.next(s);
    for (let t = 0; t < this.system.numTransitions; t++) costs[t] = valid[t] ? (t === best ? 0 : 1) : -1;
    return 0;
  }

  fillZeroCost(s: ParserState, out: Uint8Array): number {
    if (this.projective) return this.dynamic.fillZeroCost(s, out);
    out.fill(0, 0, this.system.numTransitions);
    out[this.lazy.next(s)] = 1;
    return 1;
  }

  canFollow(t: number): boolean {
    return this.projective && t !== this.system.swap;
  }
}
