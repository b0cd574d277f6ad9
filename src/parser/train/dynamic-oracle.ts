import type { ParserState } from '../state.ts';
import type { TransitionSystem } from '../transition-system.ts';
import type { GoldTree, Oracle } from './oracle.ts';

const INF = 1 << 29;

/**
 * A system whose first 1 + 2·numLabels transitions are arc-standard's (SHIFT, LEFT(l), RIGHT(l));
 * any further ones (arc-swap's SWAP) leave arc-standard's configurations and get a cost of 1 here
 * (never needed for a projective gold tree).
 */
export type ArcStandardLike = TransitionSystem & { readonly numLabels: number };

/**
 * Exact dynamic oracle for arc-standard with a single root (Goldberg, Sartorio & Satta 2014,
 * "A tabular method for dynamic oracles in transition-based parsing").
 *
 * Arc-standard is not arc-decomposable, so the cost of a transition cannot be read off arcs one
 * at a time. The cost of a configuration (the fewest wrong words over every tree still reachable)
 * is computed instead, and cost(t) = cost(apply(c, t)) − cost(c):
 *  - words already attached count when their head or label is wrong;
 *  - of the buffer, only the words that interact with the stack matter ("σR": words whose gold
 *    head is left of the buffer, and words with a gold dependent on the stack or already in σR);
 *    every other buffer word can still get its gold head (GSS, lemma on the buffer);
 *  - the stack items (without ROOT, σL) and σR are combined by a CKY-like table T[a][b][h]
 *    over intervals that contain the top of the stack: an interval grows by one stack item on
 *    the left or one σR word on the right, and either side may become the head (+1 when the arc
 *    so made is not gold). ROOT, at the bottom, takes the head of the whole interval last, since
 *    it may have only one dependent.
 * Labels of future arcs can always be chosen right, so they only matter for the arc being made.
 * The table is O(|σL|·|σR|·(|σL|+|σR|)) per configuration, small in practice (short stacks);
 * test/parser/dynamic-oracle.test.ts checks it against a brute-force search.
 */
export class DynamicArcStandardOracle implements Oracle {
  readonly name = 'dynamic';
  private readonly system: ArcStandardLike;
  private readonly valid: Uint8Array;
  private readonly costs: Int32Array;
  private gold: GoldTree = { n: 0, head: new Int32Array(1), label: new Int32Array(1) };
  /** Gold children in CSR form: children of h are childList[childStart[h] .. childStart[h + 1]). */
  private childStart = new Int32Array(2);
  private childList = new Int32Array(1);
  /** Scratch: the sequence σL (bottom → top) then σR, and membership marks by word. */
  private seq = new Int32Array(8);
  private mark = new Uint8Array(8);
  private stackScratch = new Int32Array(8);
  private table = new Int32Array(512);
  private dim = 0;

  constructor(system: ArcStandardLike) {
    this.system = system;
    this.valid = new Uint8Array(system.numTransitions);
    this.costs = new Int32Array(system.numTransitions);
  }

  /** The lowest-numbered zero-cost transition (on the gold path: the static oracle's choice or an equivalent one). */
  next(s: ParserState): number {
    this.system.fillValidMask(s, this.valid);
    this.fillCosts(s, this.valid, this.costs);
    for (let t = 0; t < this.costs.length; t++) if (this.costs[t] === 0) return t;
    throw new Error('dynamic oracle: no zero-cost transition (a bug: some transition always keeps the best reachable loss)');
  }

  observe(): void {
    // Costs are computed from the state itself: nothing to record.
  }

  fillZeroCost(s: ParserState, out: Uint8Array): number {
    this.system.fillValidMask(s, this.valid);
    this.fillCosts(s, this.valid, this.costs);
    let count = 0;
    for (let t = 0; t < this.costs.length; t++) {
      out[t] = this.costs[t] === 0 ? 1 : 0;
      count += out[t];
    }
    return count;
  }

  start(gold: GoldTree): void {
    this.gold = gold;
    const size = gold.n + 1;
    if (this.childStart.length < size + 1) {
      this.childStart = new Int32Array(size + 1);
      this.childList = new Int32Array(size);
      this.seq = new Int32Array(size + 1);
      this.mark = new Uint8Array(size);
      this.stackScratch = new Int32Array(size + 1);
    }
    const start = this.childStart;
    start.fill(0, 0, size + 1);
    for (let d = 1; d <= gold.n; d++) start[gold.head[d] + 1]++;
    for (let h = 0; h < size; h++) start[h + 1] += start[h];
    const fill = this.stackScratch; // reused as a write cursor here
    for (let h = 0; h <= size; h++) fill[h] = start[h];
    for (let d = 1; d <= gold.n; d++) this.childList[fill[gold.head[d]]++] = d;
  }

  /**
   * Cost of every legal transition in `s` into `costs` (−1 for illegal ones); returns the minimum,
   * which is 0 in every configuration (there is always an optimal continuation).
   */
  fillCosts(s: ParserState, valid: Uint8Array, costs: Int32Array): number {
    const g = this.gold;
    const T = 1 + 2 * this.system.numLabels;
    const size = s.stackSize;
    const st = this.stackScratch;
    for (let i = 0; i < size; i++) st[i] = s.stack[i];
    const base = this.configCost(st, size, s.bufferHead, s.n);
    let shiftCost = -1, leftCost = -1, rightCost = -1;
    let leftGold = false, rightGold = false;
    if (valid[0]) {
      st[size] = s.bufferHead;
      shiftCost = this.configCost(st, size + 1, s.bufferHead + 1, s.n) - base;
      for (let i = 0; i < size; i++) st[i] = s.stack[i];
    }
    if (size >= 2) {
      const top = s.stack[size - 1], below = s.stack[size - 2];
      // LEFT: below ← top. The stack loses `below`.
      leftGold = g.head[below] === top;
      st[size - 2] = top;
      leftCost = this.configCost(st, size - 1, s.bufferHead, s.n) + (leftGold ? 0 : 1) - base;
      for (let i = 0; i < size; i++) st[i] = s.stack[i];
      // RIGHT: top ← below. The stack loses `top`.
      rightGold = g.head[top] === below;
      rightCost = this.configCost(st, size - 1, s.bufferHead, s.n) + (rightGold ? 0 : 1) - base;
    }
    let min = INF;
    costs[0] = valid[0] ? shiftCost : -1;
    if (valid[0]) min = shiftCost;
    const top = size >= 1 ? s.stack[size - 1] : -1, below = size >= 2 ? s.stack[size - 2] : -1;
    for (let t = 1; t < T; t += 2) {
      const label = (t - 1) >> 1;
      if (valid[t]) {
        const c = leftCost + (leftGold && g.label[below] !== label ? 1 : 0);
        costs[t] = c;
        if (c < min) min = c;
      } else costs[t] = -1;
      if (valid[t + 1]) {
        const c = rightCost + (rightGold && g.label[top] !== label ? 1 : 0);
        costs[t + 1] = c;
        if (c < min) min = c;
      } else costs[t + 1] = -1;
    }
    for (let t = T; t < this.system.numTransitions; t++) costs[t] = valid[t] ? 1 : -1;
    return min;
  }

  /**
   * Fewest words that will end up with a wrong head among those not yet attached, for the
   * stack st[0 .. size) (st[0] = ROOT) and the buffer bufferHead .. n. Attached words are not counted.
   */
  configCost(st: Int32Array, size: number, bufferHead: number, n: number): number {
    const g = this.gold;
    const seq = this.seq, mark = this.mark;
    // σL: stack items above ROOT, bottom → top.
    let m = 0;
    for (let i = 1; i < size; i++) {
      seq[m++] = st[i];
      mark[st[i]] = 1;
    }
    const pivot = m - 1; // the stack top (or, with an empty σL, the first σR word)
    for (let x = bufferHead; x <= n; x++) {
      let keep = g.head[x] < bufferHead;
      if (!keep) {
        for (let c = this.childStart[x], e = this.childStart[x + 1]; c < e; c++) {
          if (mark[this.childList[c]]) { keep = true; break; }
        }
      }
      if (keep) {
        seq[m++] = x;
        mark[x] = 1;
      }
    }
    for (let i = 0; i < m; i++) mark[seq[i]] = 0;
    if (m === 0) return 0;
    const p = pivot < 0 ? 0 : pivot;
    this.ensureTable(m);
    const M = m;
    const tab = this.table;
    const cell = (a: number, b: number, h: number): number => (a * M + b) * M + h;
    // Intervals [a, b] with a ≤ p ≤ b, by increasing length.
    tab[cell(p, p, p)] = 0;
    for (let len = 2; len <= M; len++) {
      for (let a = Math.max(0, p - len + 1); a <= p; a++) {
        const b = a + len - 1;
        if (b < p || b >= M) continue;
        for (let h = a; h <= b; h++) tab[cell(a, b, h)] = INF;
        if (a < p) {
          // seq[a] joins the interval [a+1, b] from the left (a stack item).
          const w = seq[a];
          for (let h = a + 1; h <= b; h++) {
            const v = tab[cell(a + 1, b, h)];
            if (v >= INF) continue;
            const hw = seq[h];
            const keepHead = v + (g.head[w] === hw ? 0 : 1);
            if (keepHead < tab[cell(a, b, h)]) tab[cell(a, b, h)] = keepHead;
            const newHead = v + (g.head[hw] === w ? 0 : 1);
            if (newHead < tab[cell(a, b, a)]) tab[cell(a, b, a)] = newHead;
          }
        }
        if (b > p) {
          // seq[b] joins the interval [a, b-1] from the right (a σR word).
          const w = seq[b];
          for (let h = a; h < b; h++) {
            const v = tab[cell(a, b - 1, h)];
            if (v >= INF) continue;
            const hw = seq[h];
            const keepHead = v + (g.head[w] === hw ? 0 : 1);
            if (keepHead < tab[cell(a, b, h)]) tab[cell(a, b, h)] = keepHead;
            const newHead = v + (g.head[hw] === w ? 0 : 1);
            if (newHead < tab[cell(a, b, b)]) tab[cell(a, b, b)] = newHead;
          }
        }
      }
    }
    // ROOT takes the head of the whole interval as its only dependent.
    let best = INF;
    for (let h = 0; h < M; h++) {
      const v = tab[cell(0, M - 1, h)] + (g.head[seq[h]] === 0 ? 0 : 1);
      if (v < best) best = v;
    }
    return best;
  }

  private ensureTable(m: number): void {
    if (m <= this.dim) return;
    this.dim = Math.max(m, this.dim * 2, 8);
    this.table = new Int32Array(this.dim * this.dim * this.dim);
  }
}

/** Words attached so far with a wrong head or label (what a configuration has already lost). */
export function attachedErrors(s: ParserState, gold: GoldTree): number {
  let e = 0;
  for (let i = 1; i <= s.n; i++) if (s.head[i] >= 0 && (s.head[i] !== gold.head[i] || s.label[i] !== gold.label[i])) e++;
  return e;
}
