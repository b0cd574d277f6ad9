import type { Vocab } from '../model/vocab.ts';
import type { WordIndex } from '../model/compact-vocab.ts';
import type { Vectors } from '../model/vectors.ts';
import { normalizeWord } from '../ud/normalize.ts';
import { ModelError } from '../model/errors.ts';
import { FIRST_REAL_ID, NULL_ID, UNK_ID } from '../ud/vocab-ids.ts';

/**
 * Tagger features, described by data and shared by training and tagging.
 *
 * A feature is `attr:offset`: the attribute of the word `offset` positions from the word being
 * tagged, e.g. `word:-2`, `suf3:0`, `tag:-1`. Words outside the sentence give NULL (0).
 * Attributes:
 * - word: the normalized word (lowercased, digits folded to 0);
 * - shape: character classes of the original form (X upper, x lower, d digit, o other letter-less
 *   symbol outside ASCII, ASCII punctuation as itself), runs capped at 3 — the "original case" signal;
 * - pre1..pre4 / suf1..suf4: prefixes / suffixes of the normalized word (NULL when the word is shorter);
 * - cword: the form with its case kept (digits folded to 0), for words seen often enough;
 * - scap: how capitalized the whole sentence is (a bucket of the share of capitalized words after the
 *   first; the same for every word), since headlines and signatures capitalize common nouns;
 * - amb: the word's ambiguity class (the tags it takes in training, for words seen often enough);
 * - pre: the word's row in the pretrained vectors (a fixed table: words the treebank never showed
 *   still get a meaningful vector, which is where pretrained vectors help);
 * - ptag: the class the first pass predicted for the word (second pass only; any offset, so the
 *   second pass sees the classes to the right: "VBD or VBN?" is often decided by what follows);
 * - tag: the class already predicted for a word to the left by the current pass (greedy
 *   left-to-right; negative offsets only).
 */
export const TAGGER_ATTRS = ['word', 'shape', 'pre1', 'pre2', 'pre3', 'pre4', 'suf1', 'suf2', 'suf3', 'suf4', 'amb', 'cword', 'scap', 'pre', 'ptag', 'tag'] as const;
export type TaggerAttr = (typeof TAGGER_ATTRS)[number];
/** Index of each attribute: EncodedWords.ids[ATTR.word] holds the word ids of a sentence. */
export const ATTR = Object.fromEntries(TAGGER_ATTRS.map((a, i) => [a, i])) as Readonly<Record<TaggerAttr, number>>;
/** The one attribute read from the predicted classes instead of the words; it comes last. */
export const TAG_ATTR = ATTR.tag;
/** Attributes with one id per word (all but `tag`): ids[0 .. WORD_ATTRS); `ptag` is filled by the first pass. */
export const WORD_ATTRS = TAG_ATTR;
const PREFIX_ATTR = [ATTR.pre1, ATTR.pre2, ATTR.pre3, ATTR.pre4];
const SUFFIX_ATTR = [ATTR.suf1, ATTR.suf2, ATTR.suf3, ATTR.suf4];

/** The embedding table each attribute reads (affixes of every length share one table per side). */
export const TABLE_OF: Readonly<Record<TaggerAttr, TableName>> = {
  word: 'word', shape: 'shape', pre1: 'prefix', pre2: 'prefix', pre3: 'prefix', pre4: 'prefix',
  suf1: 'suffix', suf2: 'suffix', suf3: 'suffix', suf4: 'suffix', amb: 'amb', cword: 'cword', scap: 'scap', pre: 'pre', ptag: 'ptag', tag: 'tag',
};
/** Tables in the order of their tensors in weights.bin (`pre` is external: never saved with the network). */
export const TABLE_NAMES = ['word', 'shape', 'prefix', 'suffix', 'amb', 'cword', 'scap', 'pre', 'ptag', 'tag'] as const;
export type TableName = (typeof TABLE_NAMES)[number];

/** Ids of predicted classes in the `tag` table start after the reserved ids. */
export const FIRST_CLASS_ID = FIRST_REAL_ID;

/** Shape of a form: `Apple` → `Xxxx`, `U.S.` → `X.X.`, `1,000` → `d,ddd`, capped at 12 characters. */
export function wordShape(form: string): string {
  let out = '';
  let last = '', run = 0;
  for (let i = 0; i < form.length && out.length < 12; i++) {
    const c = form.charCodeAt(i);
    let k: string;
    if (c >= 65 && c <= 90) k = 'X';
    else if (c >= 97 && c <= 122) k = 'x';
    else if (c >= 48 && c <= 57) k = 'd';
    else if (c < 128) k = form[i];
    else {
      const ch = form[i];
      k = ch.toLowerCase() !== ch ? 'X' : ch.toUpperCase() !== ch ? 'x' : 'o';
    }
    run = k === last ? run + 1 : 1;
    last = k;
    if (run <= 3) out += k;
  }
  return out;
}

/** Ids of the `scap` attribute: FIRST_REAL_ID + bucket (0–6), so the table has SCAP_SIZE rows. */
export const SCAP_SIZE = FIRST_REAL_ID + 7;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;

/** Bucket of the share of words (after the first) that start with a capital, among those starting with an ASCII letter. */
export function sentenceCapBucket(words: readonly string[]): number {
  let letters = 0, caps = 0;
  for (let i = 1; i < words.length; i++) {
    const c = words[i].charCodeAt(0);
    if (isUpper(c)) { caps++; letters++; } else if (isLower(c)) letters++;
  }
  if (letters === 0) return FIRST_REAL_ID;
  const r = caps / letters;
  return FIRST_REAL_ID + (r === 0 ? 1 : r < 0.1 ? 2 : r < 0.25 ? 3 : r < 0.5 ? 4 : r < 1 ? 5 : 6);
}

/** The form with its case kept and digits folded to 0. */
export function casedWord(form: string): string {
  return form.replace(/[0-9]/g, '0');
}

/** Prefix or suffix of length `len`; '' (NULL) when the word is shorter, except for length 1. */
export function affix(w: string, len: number, suffix: boolean): string {
  if (w.length < len) return len === 1 ? w : '';
  return suffix ? w.slice(w.length - len) : w.slice(0, len);
}

/** String vocabularies of a tagger (classes are `UPOS\tXPOS` pairs as seen in training). */
export interface TaggerVocabs {
  word: WordIndex;
  shape: Vocab;
  prefix: WordIndex;
  suffix: WordIndex;
  amb: Vocab;
  /** Case-kept forms (digits folded). */
  cword: WordIndex;
  /** Ambiguity-class id of each word id (UNK for rare words). */
  ambOfWord: Int32Array;
  classes: readonly string[];
}

/** One sentence's word-level ids per attribute: ids[a][i] for a < WORD_ATTRS. */
export interface EncodedWords {
  n: number;
  ids: Int32Array[];
}

export function emptyEncodedWords(capacity = 64): EncodedWords {
  return { n: 0, ids: Array.from({ length: WORD_ATTRS }, () => new Int32Array(capacity)) };
}

const affixId = (v: WordIndex, s: string): number => (s === '' ? NULL_ID : v.id(s));

/**
 * The word-level ids of recently encoded forms, for encodeWords: running text repeats most of its
 * words, and encoding a word takes a dozen lookups of fresh substrings (normalized form, shape, eight
 * affixes, cased form, vector key). The ids are one model's: a cache belongs to that model's
 * workspace. Bounded (`capacity` forms, about 70 bytes each besides the forms); emptied when full.
 */
export class WordIdCache {
  readonly capacity: number;
  /** [slot × WORD_ATTRS] ids, in ATTR order. */
  readonly ids: Int32Array;
  private readonly slots = new Map<string, number>();

  constructor(capacity = 4096) {
    this.capacity = capacity;
    this.ids = new Int32Array(capacity * WORD_ATTRS);
  }

  /** Offset in `ids` of the form's row, -1 when it is not here. */
  find(form: string): number {
    const slot = this.slots.get(form);
    return slot === undefined ? -1 : slot * WORD_ATTRS;
  }

  /** Offset of a row for the form, to be filled by the caller. */
  add(form: string): number {
    if (this.slots.size >= this.capacity) this.slots.clear();
    const slot = this.slots.size;
    this.slots.set(form, slot);
    return slot * WORD_ATTRS;
  }
}

/**
 * Interns one sentence's words into `out` (grown if needed); `pre` ids are NULL without vectors.
 * With a cache (of the same vocabularies and vectors), forms met before are copied from it.
 */
export function encodeWords(v: TaggerVocabs, words: readonly string[], out: EncodedWords, vectors?: Vectors, cache?: WordIdCache): EncodedWords {
  const n = words.length;
  if (out.ids[ATTR.word].length < n) out.ids = Array.from({ length: WORD_ATTRS }, () => new Int32Array(Math.max(n, 2 * out.ids[ATTR.word].length)));
  out.n = n;
  const ids = out.ids;
  for (let i = 0; i < n; i++) {
    const form = words[i];
    const at = cache?.find(form) ?? -1;
    if (cache && at >= 0) {
      for (let a = 0; a < WORD_ATTRS; a++) ids[a][i] = cache.ids[at + a];
      ids[ATTR.ptag][i] = UNK_ID;
      continue;
    }
    const w = normalizeWord(form);
    const wordId = v.word.id(w);
    ids[ATTR.word][i] = wordId;
    ids[ATTR.shape][i] = v.shape.id(wordShape(form));
    for (let l = 1; l <= 4; l++) {
      ids[PREFIX_ATTR[l - 1]][i] = affixId(v.prefix, affix(w, l, false));
      ids[SUFFIX_ATTR[l - 1]][i] = affixId(v.suffix, affix(w, l, true));
    }
    ids[ATTR.amb][i] = wordId === UNK_ID ? UNK_ID : v.ambOfWord[wordId];
    ids[ATTR.cword][i] = v.cword.id(casedWord(form));
    ids[ATTR.pre][i] = vectors ? vectors.id(form) : NULL_ID;
    ids[ATTR.ptag][i] = UNK_ID; // until a first pass has run
    if (cache) {
      const o = cache.add(form), c = cache.ids;
      for (let a = 0; a < WORD_ATTRS; a++) c[o + a] = ids[a][i];
    }
  }
  ids[ATTR.scap].fill(sentenceCapBucket(words), 0, n);
  return out;
}

/** A compiled feature template: attribute and offset per slot. */
export class TaggerTemplate {
  readonly specs: readonly string[];
  readonly slotAttr: Int32Array;
  readonly slotOffset: Int32Array;
  readonly numSlots: number;

  /** `pass` 2 may read the first pass's classes (`ptag`); pass 1 may not. */
  constructor(specs: readonly string[], pass: 1 | 2 = 1) {
    this.specs = specs;
    this.numSlots = specs.length;
    this.slotAttr = new Int32Array(specs.length);
    this.slotOffset = new Int32Array(specs.length);
    specs.forEach((spec, s) => {
      const m = /^([a-z0-9]+):([+-]?\d+)$/.exec(spec);
      const a = m ? TAGGER_ATTRS.indexOf(m[1] as TaggerAttr) : -1;
      if (!m || a < 0) {
        throw new ModelError('MODEL_ERR_INVALID', `bad tagger feature "${spec}" (expected attr:offset with attr in ${TAGGER_ATTRS.join(', ')})`, { feature: spec });
      }
      const off = Number(m[2]);
      if (a === TAG_ATTR && off >= 0) {
        throw new ModelError('MODEL_ERR_INVALID', `tagger feature "${spec}": tags are only known to the left (offset < 0)`, { feature: spec });
      }
      if (a === ATTR.ptag && pass === 1) {
        throw new ModelError('MODEL_ERR_INVALID', `tagger feature "${spec}": first-pass classes exist only in a second pass`, { feature: spec });
      }
      this.slotAttr[s] = a;
      this.slotOffset[s] = off;
    });
  }

  /** Writes the features of word i into out[offset..]; `tags` holds class ids + FIRST_CLASS_ID of words < i. */
  extract(enc: EncodedWords, i: number, tags: Int32Array, out: Int32Array, offset: number): void {
    const n = enc.n, ids = enc.ids;
    for (let s = 0; s < this.numSlots; s++) {
      const j = i + this.slotOffset[s];
      const a = this.slotAttr[s];
      out[offset + s] = j < 0 || j >= n ? NULL_ID : a === TAG_ATTR ? tags[j] : ids[a][j];
    }
  }
}

/** Features of the pretrained vectors at −radius … +radius (`pre:-2` … `pre:2` for radius 2). */
export function vectorFeatures(radius: number): string[] {
  return Array.from({ length: 2 * radius + 1 }, (_, k) => `pre:${k - radius}`);
}

/**
 * The feature set of the shipped model (27 slots): a ±2 word window, shapes of ±1, affixes of the
 * word and suffixes of its neighbours, ambiguity classes of −1..+2, the case-kept word, the
 * sentence's capitalization bucket and two left tags.
 */
export const DEFAULT_TAGGER_TEMPLATE: readonly string[] = [
  'word:-2', 'word:-1', 'word:0', 'word:1', 'word:2',
  'shape:-1', 'shape:0', 'shape:1',
  'pre1:0', 'pre2:0', 'pre3:0', 'pre4:0', 'suf1:0', 'suf2:0', 'suf3:0', 'suf4:0',
  'suf3:-1', 'suf2:1', 'suf3:1',
  'amb:-1', 'amb:0', 'amb:1', 'amb:2',
  'tag:-1', 'tag:-2',
  'scap:0', 'cword:0',
];

/**
 * The second pass's features: the first pass's, plus the first pass's classes of the word and of
 * the two words to its right (those to the left are the second pass's own `tag` features).
 */
export const DEFAULT_SECOND_PASS_TEMPLATE: readonly string[] = [...DEFAULT_TAGGER_TEMPLATE, 'ptag:0', 'ptag:1', 'ptag:2'];
