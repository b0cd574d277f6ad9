/** Training examples packed into flat typed arrays (no per-example objects). */
export interface ExampleSet {
  count: number;
  numSlots: number;
  numOutputs: number;
  /** [count × numSlots] feature ids. */
  ids: Int32Array;
  /** [count] gold output. */
  gold: Int32Array;
  /** [count × numOutputs] 1 where the output is legal in that example. */
  valid: Uint8Array;
}

/** Grow-only builder for an ExampleSet. */
export class ExampleBuilder {
  private readonly numSlots: number;
  private readonly numOutputs: number;
  private count = 0;
  private ids: Int32Array;
  private gold: Int32Array;
  private valid: Uint8Array;

  constructor(numSlots: number, numOutputs: number, initial = 1024) {
    this.numSlots = numSlots;
    this.numOutputs = numOutputs;
    this.ids = new Int32Array(initial * numSlots);
    this.gold = new Int32Array(initial);
    this.valid = new Uint8Array(initial * numOutputs);
  }

  /** Reserves the next example; the caller writes ids at idsOffset and valid at validOffset. */
  add(gold: number): { idsOffset: number; validOffset: number } {
    if (this.count === this.gold.length) this.grow();
    this.gold[this.count] = gold;
    const i = this.count++;
    return { idsOffset: i * this.numSlots, validOffset: i * this.numOutputs };
  }

  /** Direct access for writers (valid until the next add). */
  get idsArray(): Int32Array { return this.ids; }
  get validArray(): Uint8Array { return this.valid; }

  private grow(): void {
    const cap = this.gold.length * 2;
    const ids = new Int32Array(cap * this.numSlots); ids.set(this.ids); this.ids = ids;
    const gold = new Int32Array(cap); gold.set(this.gold); this.gold = gold;
    const valid = new Uint8Array(cap * this.numOutputs); valid.set(this.valid); this.valid = valid;
  }

  build(): ExampleSet {
    return {
      count: this.count,
      numSlots: this.numSlots,
      numOutputs: this.numOutputs,
      ids: this.ids.slice(0, this.count * this.numSlots),
      gold: this.gold.slice(0, this.count),
      valid: this.valid.slice(0, this.count * this.numOutputs),
    };
  }
}
