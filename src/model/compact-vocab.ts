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

/** Words as UTF-16 code units back to back: word i is chars[start[i] … start[i + 1]). */
interface CodeUnits {
  chars: Uint16Array;
  start: Int32Array;
  count: number;
}

/**
 * A read-only vocabulary for large word lists (the 100k pretrained-vector words): the strings as
 * UTF-16 code units in one typed array and an open-addressing hash table of ids, about 3 MB for
 * 100k words where a Map of strings takes about 10 MiB of heap. Same ids as Vocab: the reserved
 * entries first, then the entries in order. Everything lives in one buffer (`buffer`): built on a
 * SharedArrayBuffer, another thread adopts it (`new CompactVocab(buffer)`) without reading or
 * hashing the word list again. `fromJson` reads a vocab.json's bytes straight into it, without
 * making a string per word (100k strings were 5 MiB of garbage at every load).
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
  constructor(source: readonly string[] | SharedArrayBuffer | CodeUnits, shared = false) {
    if (source instanceof SharedArrayBuffer) {
      const [size, total, cap] = new Int32Array(source, 0, HEADER_CELLS);
      this.buffer = source;
      this.size = size;
      ({ start: this.start, slots: this.slots, chars: this.chars } = views(source, size, total, cap));
      this.mask = cap - 1;
      return;
    }
    const words = Array.isArray(source) ? codeUnitsOf(source as readonly string[]) : source as CodeUnits;
    const n = RESERVED_ENTRIES.length + words.count;
    this.size = n;
    let reservedChars = 0;
    for (const s of RESERVED_ENTRIES) reservedChars += s.length;
    const total = reservedChars + words.start[words.count];
    let cap = 1;
    while (cap < 2 * n) cap <<= 1;
    this.mask = cap - 1;
    const bytes = bufferBytes(n, total, cap);
    this.buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    new Int32Array(this.buffer, 0, HEADER_CELLS).set([n, total, cap]);
    ({ start: this.start, slots: this.slots, chars: this.chars } = views(this.buffer, n, total, cap));
    let at = 0;
    RESERVED_ENTRIES.forEach((s, i) => {
      this.start[i] = at;
      for (let k = 0; k < s.length; k++) this.chars[at + k] = s.charCodeAt(k);
      at += s.length;
    });
    this.chars.set(words.chars.subarray(0, words.start[words.count]), at);
    for (let i = 0; i <= words.count; i++) this.start[RESERVED_ENTRIES.length + i] = at + words.start[i];
    this.slots.fill(-1);
    for (let i = 0; i < n; i++) {
      const a = this.start[i], b = this.start[i + 1];
      let h = hashUnits(this.chars, a, b) & this.mask;
      while (this.slots[h] >= 0) {
        if (this.sameUnits(this.slots[h], a, b)) throw new ModelError('MODEL_ERR_INVALID', `vocabulary has a duplicate entry ${JSON.stringify(this.stringAt(i))}`, { entry: this.stringAt(i) });
        h = (h + 1) & this.mask;
      }
      this.slots[h] = i;
    }
  }

  /**
   * From the bytes of a JSON array of strings (UTF-8), on a SharedArrayBuffer when `shared`.
   * Throws SyntaxError when the bytes are not such an array.
   */
  static fromJson(bytes: Uint8Array, shared = false): CompactVocab {
    return new CompactVocab(parseJsonStrings(bytes), shared);
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

  /** Whether word `id` is the code units chars[a … b). */
  private sameUnits(id: number, a: number, b: number): boolean {
    const c = this.start[id], d = this.start[id + 1];
    if (d - c !== b - a) return false;
    for (let k = 0; k < b - a; k++) if (this.chars[c + k] !== this.chars[a + k]) return false;
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

function codeUnitsOf(list: readonly string[]): CodeUnits {
  let total = 0;
  for (const s of list) total += s.length;
  const chars = new Uint16Array(total), start = new Int32Array(list.length + 1);
  let at = 0;
  list.forEach((s, i) => {
    start[i] = at;
    for (let k = 0; k < s.length; k++) chars[at + k] = s.charCodeAt(k);
    at += s.length;
  });
  start[list.length] = at;
  return { chars, start, count: list.length };
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

/** The same hash over chars[a … b). */
function hashUnits(chars: Uint16Array, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) {
    h ^= chars[k];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9 };

/** A JSON array of strings in UTF-8 → its strings as code units (what JSON.parse would give, without the strings). */
function parseJsonStrings(bytes: Uint8Array): CodeUnits {
  // Each byte gives at most one UTF-16 code unit (a 4-byte sequence gives 2).
  const chars = new Uint16Array(bytes.length);
  let start = new Int32Array(1024);
  let count = 0, out = 0, i = 0;
  const bad = (what: string): never => { throw new SyntaxError(`not a JSON array of strings: ${what} at byte ${i}`); };
  const ws = (): void => { while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++; };
  const cont = (): number => {
    const b = bytes[i++];
    if (b === undefined || (b & 0xc0) !== 0x80) bad('invalid UTF-8');
    return b & 0x3f;
  };
  const hex4 = (): number => {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = bytes[i++], d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
      if (d < 0) bad('bad \\u escape');
      v = (v << 4) | d;
    }
    return v;
  };
  ws();
  if (bytes[i++] !== 0x5b) bad('expected [');
  ws();
  if (bytes[i] === 0x5d) i++;
  else {
    for (;;) {
      ws();
      if (bytes[i++] !== 0x22) bad('expected a string');
      if (count + 1 >= start.length) {
        const grown = new Int32Array(start.length * 2);
        grown.set(start);
        start = grown;
      }
      start[count++] = out;
      for (;;) {
        if (i >= bytes.length) bad('unterminated string');
        const b = bytes[i++];
        if (b === 0x22) break;
        if (b < 0x20) bad('control character in a string');
        if (b === 0x5c) {
          const e = bytes[i++];
          if (e === 0x75) chars[out++] = hex4();
          else if (ESCAPES[e] !== undefined) chars[out++] = ESCAPES[e];
          else bad('bad escape');
        } else if (b < 0x80) chars[out++] = b;
        else if ((b & 0xe0) === 0xc0) chars[out++] = ((b & 0x1f) << 6) | cont();
        else if ((b & 0xf0) === 0xe0) chars[out++] = ((b & 0x0f) << 12) | (cont() << 6) | cont();
        else if ((b & 0xf8) === 0xf0) {
          const cp = (((b & 0x07) << 18) | (cont() << 12) | (cont() << 6) | cont()) - 0x10000;
          chars[out++] = 0xd800 + (cp >> 10);
          chars[out++] = 0xdc00 + (cp & 0x3ff);
        } else bad('invalid UTF-8');
      }
      ws();
      const sep = bytes[i++];
      if (sep === 0x5d) break;
      if (sep !== 0x2c) bad('expected , or ]');
    }
  }
  ws();
  if (i !== bytes.length) bad('text after the array');
  start[count] = out;
  return { chars, start, count };
}
