/**
 * Arc-standard parser state in typed arrays, sized to a capacity and reset per sentence.
 *
 * The buffer is a cursor (`bufferHead`): arc-standard always shifts the next word.
 * Children bookkeeping is O(1): in arc-standard a new left dependent of h is always
 * left of h's existing left dependents (it was deeper in the stack), and a new right
 * dependent is always right of the existing right ones, so on attach
 * `lc2[h] = lc1[h]; lc1[h] = d` (likewise rc) keeps the two outermost children.
 * test/parser/state-children.test.ts checks this against a brute-force scan.
 */
export class ParserState {
  capacity = 0;
  n = 0;
  stack: Int32Array = new Int32Array(1);
  stackSize = 0;
  bufferHead = 1;
  head: Int32Array = new Int32Array(1);
  label: Int32Array = new Int32Array(1);
  /** Probability of the transition that attached each word. */
  prob: Float32Array = new Float32Array(1);
  lc1: Int32Array = new Int32Array(1);
  lc2: Int32Array = new Int32Array(1);
  rc1: Int32Array = new Int32Array(1);
  rc2: Int32Array = new Int32Array(1);
  /** Number of left / right dependents attached so far. */
  nLeft: Int32Array = new Int32Array(1);
  nRight: Int32Array = new Int32Array(1);
  steps = 0;
  /** Log-probability of the transitions taken so far (set by the decoders). */
  logProb = 0;

  constructor(capacity = 64) {
    this.ensureCapacity(capacity);
  }

  /** Grows (never shrinks) the arrays so sentences of n words fit. */
  ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const size = n + 1;
    this.capacity = n;
    this.stack = new Int32Array(size);
    this.head = new Int32Array(size);
    this.label = new Int32Array(size);
    this.prob = new Float32Array(size);
    this.lc1 = new Int32Array(size);
    this.lc2 = new Int32Array(size);
    this.rc1 = new Int32Array(size);
    this.rc2 = new Int32Array(size);
    this.nLeft = new Int32Array(size);
    this.nRight = new Int32Array(size);
  }

  /** Starts a sentence of n words: ROOT (0) on the stack, words 1..n in the buffer. */
  reset(n: number): void {
    this.ensureCapacity(n);
    this.n = n;
    this.stack[0] = 0;
    this.stackSize = 1;
    this.bufferHead = 1;
    this.steps = 0;
    this.logProb = 0;
    const end = n + 1;
    this.head.fill(-1, 0, end);
    this.label.fill(-1, 0, end);
    this.prob.fill(0, 0, end);
    this.lc1.fill(-1, 0, end);
    this.lc2.fill(-1, 0, end);
    this.rc1.fill(-1, 0, end);
    this.rc2.fill(-1, 0, end);
    this.nLeft.fill(0, 0, end);
    this.nRight.fill(0, 0, end);
  }

  /** The i-th stack element from the top (0 = top), or -1. */
  stackAt(i: number): number {
    return i < this.stackSize ? this.stack[this.stackSize - 1 - i] : -1;
  }

  /** The i-th buffer element (0 = next word), or -1. */
  bufferAt(i: number): number {
    const b = this.bufferHead + i;
    return b <= this.n ? b : -1;
  }
}
