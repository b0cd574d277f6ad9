/** Reserved ids shared by every vocabulary. */
export const NULL_ID = 0;
export const UNK_ID = 1;
export const ROOT_ID = 2;
const RESERVED = ['<null>', '<unk>', '<root>'];

/** A frozen string ↔ id map with NULL = 0, UNK = 1, ROOT = 2. */
export class Vocab {
  readonly strings: readonly string[];
  private readonly index: Map<string, number>;

  constructor(entries: readonly string[]) {
    this.strings = [...RESERVED, ...entries];
    this.index = new Map(this.strings.map((s, i) => [s, i]));
    if (this.index.size !== this.strings.length) throw new Error('vocabulary has duplicate entries');
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
    return this.strings.slice(RESERVED.length);
  }

  /** Builds a vocabulary of strings seen at least minCount times, most frequent first (ties by string). */
  static fromCounts(counts: Map<string, number>, minCount = 1): Vocab {
    const kept = [...counts].filter(([s, c]) => c >= minCount && !RESERVED.includes(s));
    kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new Vocab(kept.map(([s]) => s));
  }
}

/** Lowercased, digits folded to 0: the form the word embeddings are keyed by. */
export function normalizeWord(form: string): string {
  return form.toLowerCase().replace(/[0-9]/g, '0');
}

/** Last three characters of the normalized word, a cue for unknown words. */
export function wordSuffix(form: string): string {
  const w = normalizeWord(form);
  return w.length <= 3 ? w : w.slice(-3);
}
