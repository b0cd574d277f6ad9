import { RESERVED_ENTRIES, UNK_ID } from '../ud/vocab-ids.ts';
import { ModelError } from './errors.ts';

/** A frozen string ↔ id map whose first ids are the reserved ones (NULL, UNK, ROOT; see ud/vocab-ids.ts). */
export class Vocab {
  readonly strings: readonly string[];
  private readonly index: Map<string, number>;

  constructor(entries: readonly string[]) {
    this.strings = [...RESERVED_ENTRIES, ...entries];
    this.index = new Map(this.strings.map((s, i) => [s, i]));
    if (this.index.size !== this.strings.length) {
      const seen = new Set<string>();
      const dup = this.strings.find((s) => seen.size === seen.add(s).size);
      throw new ModelError('MODEL_ERR_INVALID', `vocabulary has a duplicate entry ${JSON.stringify(dup)}`, { entry: dup });
    }
  }

  get size(): number {
    return this.strings.length;
  }

  id(s: string): number {
    return this.index.get(s) ?? UNK_ID;
  }

  has(s: string): boolean {
    return this.index.has(s);
  }

  /** Entries without the reserved ones (what a manifest stores). */
  entries(): string[] {
    return this.strings.slice(RESERVED_ENTRIES.length);
  }

  /** Builds a vocabulary of strings seen at least minCount times, most frequent first (ties by string). */
  static fromCounts(counts: Map<string, number>, minCount = 1): Vocab {
    const kept = [...counts].filter(([s, c]) => c >= minCount && !RESERVED_ENTRIES.includes(s));
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new Vocab(kept.map(([s]) => s));
  }
}
