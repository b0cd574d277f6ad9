import { Vocab } from '../model/vocab.ts';
import { normalizeWord } from '../ud/normalize.ts';
import { FIRST_REAL_ID, NULL_ID, UNK_ID } from '../ud/vocab-ids.ts';
import type { Token } from './types.ts';
import { ModelError } from '../model/errors.ts';

/**
 * Features of a candidate sentence boundary after token t0 (legend: t-2 t-1 t0 | t1 t2, where `|` is the
 * candidate). Described by data (BOUNDARY_TEMPLATE) and filled by one function for training and
 * inference. Slots past the paragraph's edges read NULL.
 *
 * - word: normalized form (lower case, digits → 0) of t-2 … t2; rare words are UNK
 * - shape: character classes (`Xx`, `X.X.`, `d:d`, `...`) of t-2 … t2
 * - gap: what separates t-1|t0, t0|t1, t1|t2 (nothing, a space, a line break)
 * - since: tokens since the previous boundary (bucketed), until: tokens to the paragraph end (bucketed)
 * - state: inside parentheses, inside double quotes (counted from the previous boundary)
 * - stop: tokens back to the previous token ending in . ! ? … (at -1, from t0) and on to the next one (at 1, from t1), bucketed
 */
export const BOUNDARY_TEMPLATE = [
  { table: 'word', at: -2 }, { table: 'word', at: -1 }, { table: 'word', at: 0 }, { table: 'word', at: 1 }, { table: 'word', at: 2 },
  { table: 'shape', at: -2 }, { table: 'shape', at: -1 }, { table: 'shape', at: 0 }, { table: 'shape', at: 1 }, { table: 'shape', at: 2 },
  { table: 'gap', at: -1 }, { table: 'gap', at: 0 }, { table: 'gap', at: 1 },
  { table: 'since', at: 0 }, { table: 'until', at: 0 }, { table: 'state', at: 0 },
  { table: 'stop', at: -1 }, { table: 'stop', at: 1 },
] as const;

export type BoundaryTable = (typeof BOUNDARY_TEMPLATE)[number]['table'];
export const BOUNDARY_TABLES: readonly BoundaryTable[] = ['word', 'shape', 'gap', 'since', 'until', 'state', 'stop'];
export const NUM_SLOTS = BOUNDARY_TEMPLATE.length;

/** Fixed-size tables, their values past the reserved ids: gap (none, space, newline), buckets, state. */
export const GAP_NONE = FIRST_REAL_ID, GAP_SPACE = FIRST_REAL_ID + 1, GAP_NEWLINE = FIRST_REAL_ID + 2;
export const GAP_SIZE = FIRST_REAL_ID + 3;
const BUCKETS = [0, 1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 80];
export const BUCKET_SIZE = FIRST_REAL_ID + BUCKETS.length;
/** Bracket and quote state: (inside brackets) + 2·(inside quotes). */
export const STATE_SIZE = FIRST_REAL_ID + 4;

function bucket(n: number): number {
  let b = 0;
  while (b + 1 < BUCKETS.length && n >= BUCKETS[b + 1]) b++;
  return FIRST_REAL_ID + b;
}

/** Collapsed character classes: `Hello` → `Xx`, `U.S.` → `X.X.`, `12:30` → `d:d`; punctuation kept (first 4). */
export function shapeOf(form: string): string {
  let out = '';
  let last = '';
  let word = false;
  for (let i = 0; i < form.length && out.length < 8; i++) {
    const ch = form[i];
    let k: string;
    if (ch >= '0' && ch <= '9') k = 'd';
    else if (ch !== ch.toLowerCase()) k = 'X';
    else if (ch !== ch.toUpperCase()) k = 'x';
    else if (/[\p{L}\p{N}]/u.test(ch)) k = 'x';
    else k = ch;
    if (k === 'd' || k === 'X' || k === 'x') word = true;
    if (k !== last || !word) out += k;
    last = k;
  }
  return word ? out : form.slice(0, 4);
}

export interface BoundaryVocab {
  words: string[];
  shapes: string[];
}

/** Per-token ids for one paragraph, computed once and read by every candidate. */
export interface EncodedParagraph {
  n: number;
  word: Int32Array;
  shape: Int32Array;
  /** Gap after each token. */
  gap: Int32Array;
  /** +1 for an opening bracket, -1 for a closing one, 2 for a straight double quote, else 0. */
  bracket: Int8Array;
  /** Index of the nearest token ending in . ! ? … before i (-1 if none) and after i (n if none). */
  prevStop: Int32Array;
  nextStop: Int32Array;
}

export class BoundaryEncoder {
  readonly words: Vocab;
  readonly shapes: Vocab;
  /** form → word id · 65536 + shape id, for forms seen recently (cleared when it grows large). */
  private readonly cache = new Map<string, number>();

  constructor(v: BoundaryVocab) {
    this.words = new Vocab(v.words);
    this.shapes = new Vocab(v.shapes);
    if (this.shapes.size >= 65536) throw new ModelError('MODEL_ERR_INVALID', `${this.shapes.size} word shapes: at most 65,535 fit the encoder's cache`);
  }

  tableSize(t: BoundaryTable): number {
    switch (t) {
      case 'word': return this.words.size;
      case 'shape': return this.shapes.size;
      case 'gap': return GAP_SIZE;
      case 'since': case 'until': case 'stop': return BUCKET_SIZE;
      case 'state': return STATE_SIZE;
    }
  }

  encode(tokens: readonly Token[], text: string): EncodedParagraph {
    const n = tokens.length;
    const p: EncodedParagraph = {
      n, word: new Int32Array(n), shape: new Int32Array(n), gap: new Int32Array(n), bracket: new Int8Array(n),
      prevStop: new Int32Array(n), nextStop: new Int32Array(n),
    };
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      let ids = this.cache.get(t.form);
      if (ids === undefined) {
        if (this.cache.size >= 100_000) this.cache.clear();
        ids = this.words.id(normalizeWord(t.form)) * 65536 + this.shapes.id(shapeOf(t.form));
        this.cache.set(t.form, ids);
      }
      p.word[i] = Math.floor(ids / 65536);
      p.shape[i] = ids % 65536;
      const next = i + 1 < n ? tokens[i + 1].start : t.end;
      p.gap[i] = next === t.end ? GAP_NONE : hasNewline(text, t.end, next) ? GAP_NEWLINE : GAP_SPACE;
      const f = t.form;
      p.bracket[i] = f === '(' || f === '[' || f === '{' ? 1 : f === ')' || f === ']' || f === '}' ? -1 : f === '"' ? 2 : 0;
    }
    let last = -1;
    for (let i = 0; i < n; i++) {
      p.prevStop[i] = last;
      if (endsLikeSentence(tokens[i].form)) last = i;
    }
    last = n;
    for (let i = n - 1; i >= 0; i--) {
      p.nextStop[i] = last;
      if (endsLikeSentence(tokens[i].form)) last = i;
    }
    return p;
  }
}

function endsLikeSentence(form: string): boolean {
  const c = form.charCodeAt(form.length - 1);
  return c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
}

function hasNewline(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** Running state along a paragraph: where the current sentence began, bracket depth, quote parity. */
export interface BoundaryState {
  sentenceStart: number;
  depth: number;
  quote: number;
}

export const newBoundaryState = (): BoundaryState => ({ sentenceStart: 0, depth: 0, quote: 0 });

/** Updates the state for token i (call for every token in order, before fill for the candidate after it). */
export function advanceState(st: BoundaryState, p: EncodedParagraph, i: number): void {
  const b = p.bracket[i];
  if (b === 1) st.depth++;
  else if (b === -1) st.depth = Math.max(0, st.depth - 1);
  else if (b === 2) st.quote ^= 1;
}

/** Marks a boundary after token i. */
export function closeSentence(st: BoundaryState, i: number): void {
  st.sentenceStart = i + 1;
  st.depth = 0;
  st.quote = 0;
}

/** Reads one table's id for the candidate after token i, for the slot at token j = i + at. */
type BoundaryReader = (p: EncodedParagraph, i: number, j: number, at: number, st: BoundaryState) => number;

/** How each table is read, by name (see the module comment). */
const BOUNDARY_READERS: Readonly<Record<BoundaryTable, BoundaryReader>> = {
  word: (p, _i, j) => (j >= 0 && j < p.n ? p.word[j] : NULL_ID),
  shape: (p, _i, j) => (j >= 0 && j < p.n ? p.shape[j] : NULL_ID),
  gap: (p, _i, j) => (j >= 0 && j < p.n - 1 ? p.gap[j] : NULL_ID),
  since: (_p, i, _j, _at, st) => bucket(i - st.sentenceStart),
  until: (p, i) => bucket(p.n - 1 - i),
  state: (_p, _i, _j, _at, st) => FIRST_REAL_ID + (st.depth > 0 ? 1 : 0) + 2 * st.quote,
  stop: (p, i, j, at) => {
    if (j < 0 || j >= p.n) return NULL_ID;
    if (at < 0) return p.prevStop[i] < 0 ? UNK_ID : bucket(i - p.prevStop[i]);
    return p.nextStop[j - 1] >= p.n ? UNK_ID : bucket(p.nextStop[j - 1] - j);
  },
};

const SLOT_READER = BOUNDARY_TEMPLATE.map((t) => BOUNDARY_READERS[t.table]);
const AT = Int8Array.from(BOUNDARY_TEMPLATE, (t) => t.at);

/** Writes the NUM_SLOTS ids of the candidate after token i into ids[offset…], slot by slot as the template says. */
export function fillBoundaryIds(p: EncodedParagraph, i: number, st: BoundaryState, ids: Int32Array, offset: number): void {
  for (let s = 0; s < NUM_SLOTS; s++) ids[offset + s] = SLOT_READER[s](p, i, i + AT[s], AT[s], st);
}
