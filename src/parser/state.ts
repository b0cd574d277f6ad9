/**
 * Parser state in typed arrays, sized to a capacity and reset per sentence.
 *
 * The buffer is a cursor (`bufferHead`): arc-standard always shifts the next word. A system with
 * SWAP (arc-swap.ts) puts words back in front of the buffer: they wait in `swapped` (a stack, its
 * top the front of the buffer) before the cursor's words. Arc-standard never uses it.
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
  /** Words put back by SWAP, in front of the cursor's words; the last one is the front of the buffer. */
  swapped: Int32Array = new Int32Array(1);
  swappedSize = 0;
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
    this.swapped = new Int32Array(size);
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
    this.swappedSize = 0;
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
    if (i < this.swappedSize) return this.swapped[this.swappedSize - 1 - i];
    const b = this.bufferHead + i - this.swappedSize;
    return b <= this.n ? b : -1;
  }

  /** True when no word is left to shift. */
  bufferEmpty(): boolean {
    return this.swappedSize === 0 && this.bufferHead > this.n;
  }

  /** Copies everything a parse depends on from `src` (beam search keeps one state per item). */
  copyFrom(src: ParserState): void {
    const end = src.n + 1;
    this.ensureCapacity(src.n);
    this.n = src.n;
    this.stackSize = src.stackSize;
    this.bufferHead = src.bufferHead;
    this.swappedSize = src.swappedSize;
    this.steps = src.steps;
    this.logProb = src.logProb;
    this.stack.set(src.stack.subarray(0, src.stackSize));
    if (src.swappedSize > 0) this.swapped.set(src.swapped.subarray(0, src.swappedSize));
    this.head.set(src.head.subarray(0, end));
    this.label.set(src.label.subarray(0, end));
    this.prob.set(src.prob.subarray(0, end));
    this.lc1.set(src.lc1.subarray(0, end));
    this.lc2.set(src.lc2.subarray(0, end));
    this.rc1.set(src.rc1.subarray(0, end));
    this.rc2.set(src.rc2.subarray(0, end));
    this.nLeft.set(src.nLeft.subarray(0, end));
    this.nRight.set(src.nRight.subarray(0, end));
  }
}
