import { RESERVED_ENTRIES, UNK_ID } from '../ud/vocab-ids.ts';
import { ModelError } from './errors.ts';

/** What a word list must answer: ids by string (UNK when absent), membership, size, the stored entries. */
export interface WordIndex {
  readonly size: number;
  id(s: string): number;
  has(s: string): boolean;
  /** Entries without the reserved ones (what a vocab.json stores). */
  entries(): string[];
}

/**
 * A read-only vocabulary for large word lists (the 100k pretrained-vector words): the strings as
 * UTF-16 code units in one typed array and an open-addressing hash table of ids, about 3 MB for
 * 100k words where a Map of strings takes about 10 MiB of heap. Same ids as Vocab: the reserved
 * entries first, then the entries in order. Everything lives in one buffer (`buffer`): built on a
 * SharedArrayBuffer, another thread adopts it (`new CompactVocab(buffer)`) without reading or
 * hashing the word list again.
 */
export class CompactVocab implements WordIndex {
  readonly size: number;
  /** Header (size, characters, hash slots as i32), then start, slots and chars. */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  private readonly chars: Uint16Array;
  /** String i is chars[start[i] … start[i + 1]). */
  private readonly start: Int32Array;
  /** Hash slot → id, or -1. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** From a word list (on a SharedArrayBuffer when `shared`), or adopting the buffer of one built before. */
  constructor(source: readonly string[] | SharedArrayBuffer, shared = false) {
    if (source instanceof SharedArrayBuffer) {
      const [size, total, cap] = new Int32Array(source, 0, HEADER_CELLS);
      this.buffer = source;
      this.size = size;
      ({ start: this.start, slots: this.slots, chars: this.chars } = views(source, size, total, cap));
      this.mask = cap - 1;
      return;
    }
    const all = [...RESERVED_ENTRIES, ...source];
    this.size = all.length;
    let total = 0;
    for (const s of all) total += s.length;
    let cap = 1;
    while (cap < 2 * all.length) cap <<= 1;
    this.mask = cap - 1;
    const bytes = bufferBytes(all.length, total, cap);
    this.buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    new Int32Array(this.buffer, 0, HEADER_CELLS).set([all.length, total, cap]);
    ({ start: this.start, slots: this.slots, chars: this.chars } = views(this.buffer, all.length, total, cap));
    let at = 0;
    all.forEach((s, i) => {
      this.start[i] = at;
      for (let k = 0; k < s.length; k++) this.chars[at + k] = s.charCodeAt(k);
      at += s.length;
    });
    this.start[all.length] = total;
    this.slots.fill(-1);
    for (let i = 0; i < all.length; i++) {
      const s = all[i];
      let h = hash(s) & this.mask;
      while (this.slots[h] >= 0) {
        if (this.equals(this.slots[h], s)) throw new ModelError('MODEL_ERR_INVALID', `vocabulary has a duplicate entry ${JSON.stringify(s)}`, { entry: s });
        h = (h + 1) & this.mask;
      }
      this.slots[h] = i;
    }
  }

  id(s: string): number {
    return this.find(s) ?? UNK_ID;
  }

  has(s: string): boolean {
    return this.find(s) !== undefined;
  }

  entries(): string[] {
    const out: string[] = [];
    for (let i = RESERVED_ENTRIES.length; i < this.size; i++) out.push(this.stringAt(i));
    return out;
  }

  private find(s: string): number | undefined {
    let h = hash(s) & this.mask;
    for (;;) {
      const id = this.slots[h];
      if (id < 0) return undefined;
      if (this.equals(id, s)) return id;
      h = (h + 1) & this.mask;
    }
  }

  private equals(id: number, s: string): boolean {
    const a = this.start[id], b = this.start[id + 1];
    if (b - a !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.chars[a + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  private stringAt(id: number): string {
    let out = '';
    for (let k = this.start[id]; k < this.start[id + 1]; k++) out += String.fromCharCode(this.chars[k]);
    return out;
  }
}

const HEADER_CELLS = 3;

/** Bytes of the buffer: header, start (size + 1), slots (cap), chars (total code units). */
function bufferBytes(size: number, total: number, cap: number): number {
  return 4 * (HEADER_CELLS + size + 1 + cap) + 2 * total;
}

function views(buffer: ArrayBuffer | SharedArrayBuffer, size: number, total: number, cap: number): { start: Int32Array; slots: Int32Array; chars: Uint16Array } {
  const startAt = 4 * HEADER_CELLS, slotsAt = startAt + 4 * (size + 1), charsAt = slotsAt + 4 * cap;
  return { start: new Int32Array(buffer, startAt, size + 1), slots: new Int32Array(buffer, slotsAt, cap), chars: new Uint16Array(buffer, charsAt, total) };
}

/** FNV-1a over UTF-16 code units. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) {
    h ^= s.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
