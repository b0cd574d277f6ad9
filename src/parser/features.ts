import { ModelError } from '../model/errors.ts';
import { FIRST_REAL_ID, NULL_ID } from '../ud/vocab-ids.ts';
import type { ParserState } from './state.ts';

/**
 * Feature extraction, described by data and shared by training and decoding.
 *
 * Legend: s0/s1/s2 are the stack from the top, b0/b1/b2 the buffer from the front;
 * lc1/lc2 are the leftmost/second-leftmost children, rc1/rc2 the rightmost/second-rightmost.
 * A feature is `attr:position`, e.g. `upos:lc1(s0)`. Missing tokens give NULL_ID; ROOT
 * carries ROOT_ID through the encoded sentence.
 */

/** Token columns of an encoded sentence, by name (index 0 of each column is ROOT). */
export const SENTENCE_COLUMNS = ['word', 'upos', 'xpos', 'suffix', 'pre', 'ctx'] as const;
export type SentenceColumn = (typeof SENTENCE_COLUMNS)[number];
/** Index of each column in EncodedSentence.columns. */
export const COLUMN = Object.fromEntries(SENTENCE_COLUMNS.map((c, i) => [c, i])) as Readonly<Record<SentenceColumn, number>>;

/** One sentence's per-token ids: columns[COLUMN.word][i] is the word id of token i (0 = ROOT). */
export interface EncodedSentence {
  n: number;
  columns: Int32Array[];
}

/** Ids of the small numeric attributes: valency (children on one side) and distance to s0, in buckets. */
export const NUMERIC_BUCKETS = 8;
const DIST_BUCKET = [0, 0, 1, 2, 3, 4, 4, 5, 5, 5];
const distBucket = (d: number): number => FIRST_REAL_ID + (d < DIST_BUCKET.length ? DIST_BUCKET[d] : d < 15 ? 6 : 7);

/** How an attribute reads a token: a column of the encoded sentence, or the parser state (called with token ≥ 0). */
export type AttributeReader = { readonly column: SentenceColumn } | { readonly state: (s: ParserState, token: number) => number };

/**
 * The feature attributes, by name. Their order is the order of the embedding tables in a model's
 * weights (parser-model.ts): append new attributes, never reorder.
 */
export const PARSER_ATTRIBUTES = {
  word: { column: 'word' },
  upos: { column: 'upos' },
  xpos: { column: 'xpos' },
  // Label ids shift past the reserved ids, like every table without strings.
  label: { state: (s, token) => FIRST_REAL_ID + s.label[token] },
  suffix: { column: 'suffix' },
  lval: { state: (s, token) => FIRST_REAL_ID + Math.min(s.nLeft[token], NUMERIC_BUCKETS - 1) },
  rval: { state: (s, token) => FIRST_REAL_ID + Math.min(s.nRight[token], NUMERIC_BUCKETS - 1) },
  dist: {
    state: (s, token) => {
      const top = s.stackAt(0);
      return top < 0 ? NULL_ID : distBucket(Math.abs(top - token));
    },
  },
  // The token's row in the pretrained vectors (a fixed table shared with the tagger).
  pre: { column: 'pre' },
  // The token's row of attention-pooled sentence context (attention-context.ts), over the pretrained vectors.
  ctx: { column: 'ctx' },
} as const satisfies Record<string, AttributeReader>;
export type Attr = keyof typeof PARSER_ATTRIBUTES;
export const ATTRS = Object.keys(PARSER_ATTRIBUTES) as readonly Attr[];

const POSITIONS_CM = [
  's0', 's1', 's2', 'b0', 'b1', 'b2',
  'lc1(s0)', 'rc1(s0)', 'lc2(s0)', 'rc2(s0)', 'lc1(s1)', 'rc1(s1)', 'lc2(s1)', 'rc2(s1)',
  'lc1(lc1(s0))', 'rc1(rc1(s0))', 'lc1(lc1(s1))', 'rc1(rc1(s1))',
];
const CHILD_POSITIONS = POSITIONS_CM.slice(6);

/** Chen & Manning's 48 features plus XPOS of the same 18 positions and suffixes of the top words. */
export const DEFAULT_TEMPLATE: readonly string[] = [
  ...POSITIONS_CM.map((p) => `word:${p}`),
  ...POSITIONS_CM.map((p) => `upos:${p}`),
  ...POSITIONS_CM.map((p) => `xpos:${p}`),
  ...CHILD_POSITIONS.map((p) => `label:${p}`),
  ...['s0', 's1', 'b0', 'b1'].map((p) => `suffix:${p}`),
];

/** DEFAULT_TEMPLATE plus the valency of s0/s1 and the distance s1–s0 (Zhang & Nivre 2011's rich features). */
export const RICH_TEMPLATE: readonly string[] = [
  ...DEFAULT_TEMPLATE,
  'lval:s0', 'rval:s0', 'lval:s1', 'rval:s1', 'dist:s1',
];

/** DEFAULT_TEMPLATE without the XPOS features: for parsers that read predicted tags, whose XPOS are the less accurate ones. */
export const NO_XPOS_TEMPLATE: readonly string[] = DEFAULT_TEMPLATE.filter((f) => !f.startsWith('xpos:'));

/** Pretrained-vector features: of the stack and buffer tops (6), plus the outer children of s0 and s1 (10), or all 18 positions. */
export const VECTOR_FEATURES: Readonly<Record<'none' | '6' | '10' | '18', readonly string[]>> = {
  none: [],
  6: POSITIONS_CM.slice(0, 6).map((p) => `pre:${p}`),
  10: [...POSITIONS_CM.slice(0, 8), ...POSITIONS_CM.slice(10, 12)].map((p) => `pre:${p}`),
  18: POSITIONS_CM.map((p) => `pre:${p}`),
};

/** Attention-pooled context features (the `ctx` attribute; needs pretrained vectors), by option value. */
export const CONTEXT_FEATURES: Readonly<Record<'none' | 's0' | '3', readonly string[]>> = {
  none: [],
  s0: ['ctx:s0'],
  3: ['ctx:s0', 'ctx:s1', 'ctx:b0'],
};

/** Chen & Manning 2014's original 48 features. */
export const CM_TEMPLATE: readonly string[] = [
  ...POSITIONS_CM.map((p) => `word:${p}`),
  ...POSITIONS_CM.map((p) => `upos:${p}`),
  ...CHILD_POSITIONS.map((p) => `label:${p}`),
];

const OP_LC1 = 0, OP_LC2 = 1, OP_RC1 = 2, OP_RC2 = 3;
const OPS: ReadonlyMap<string, number> = new Map([['lc1', OP_LC1], ['lc2', OP_LC2], ['rc1', OP_RC1], ['rc2', OP_RC2]]);

interface Position {
  stack: boolean;
  index: number;
  path: number[];
}

function parsePosition(p: string): Position {
  const path: number[] = [];
  let rest = p;
  for (;;) {
    const m = /^(lc1|lc2|rc1|rc2)\((.*)\)$/.exec(rest);
    const op = m ? OPS.get(m[1] as string) : undefined;
    if (!m || op === undefined) break;
    path.unshift(op);
    rest = m[2] as string;
  }
  const a = /^([sb])([0-9])$/.exec(rest);
  if (!a) throw new ModelError('MODEL_ERR_INVALID', `unknown feature position "${p}"`, { position: p });
  return { stack: a[1] === 's', index: Number(a[2]), path };
}

/** Never called: the state reader of slots that read a sentence column (keeps the reader array monomorphic). */
const NO_STATE_READER = (): number => NULL_ID;

/** A template compiled to flat arrays; `numSlots` is derived from it, never written by hand. */
export class FeatureTemplate {
  readonly specs: readonly string[];
  readonly numSlots: number;
  /** Attribute index (into ATTRS) of each slot. */
  readonly slotAttr: Uint8Array;
  private readonly slotPos: Int32Array;
  /** Column index (COLUMN) a slot reads, or -1 when it reads the parser state through slotReader. */
  private readonly slotColumn: Int8Array;
  private readonly slotReader: ((s: ParserState, token: number) => number)[];
  private readonly positions: Position[];
  private readonly posTok: Int32Array;

  constructor(specs: readonly string[]) {
    this.specs = [...specs];
    this.numSlots = specs.length;
    this.slotAttr = new Uint8Array(specs.length);
    this.slotPos = new Int32Array(specs.length);
    this.slotColumn = new Int8Array(specs.length);
    this.slotReader = [];
    const posIndex = new Map<string, number>();
    this.positions = [];
    specs.forEach((spec, k) => {
      const [attr, pos] = spec.split(':');
      const a = ATTRS.indexOf(attr as Attr);
      if (a < 0 || pos === undefined) {
        throw new ModelError('MODEL_ERR_INVALID', `bad feature "${spec}" (expected attr:position with attr in ${ATTRS.join(', ')})`, { feature: spec });
      }
      if (attr === 'label' && parsePosition(pos).path.length === 0) {
        throw new ModelError('MODEL_ERR_INVALID', `feature "${spec}": labels exist only for children`, { feature: spec });
      }
      let p = posIndex.get(pos);
      if (p === undefined) {
        p = this.positions.length;
        posIndex.set(pos, p);
        this.positions.push(parsePosition(pos));
      }
      this.slotAttr[k] = a;
      this.slotPos[k] = p;
      const reader: AttributeReader = PARSER_ATTRIBUTES[ATTRS[a]];
      this.slotColumn[k] = 'column' in reader ? COLUMN[reader.column] : -1;
      this.slotReader.push('state' in reader ? reader.state : NO_STATE_READER);
    });
    this.posTok = new Int32Array(this.positions.length);
  }

  /** Writes one id per slot into out[offset .. offset + numSlots). Allocates nothing. */
  extract(s: ParserState, sent: EncodedSentence, out: Int32Array, offset = 0): void {
    const posTok = this.posTok;
    for (let p = 0; p < this.positions.length; p++) {
      const pos = this.positions[p];
      let tok = pos.stack ? s.stackAt(pos.index) : s.bufferAt(pos.index);
      for (let k = 0; k < pos.path.length && tok >= 0; k++) {
        const op = pos.path[k];
        tok = op === OP_LC1 ? s.lc1[tok] : op === OP_LC2 ? s.lc2[tok] : op === OP_RC1 ? s.rc1[tok] : s.rc2[tok];
      }
      posTok[p] = tok;
    }
    const columns = sent.columns;
    for (let k = 0; k < this.numSlots; k++) {
      const tok = posTok[this.slotPos[k]];
      const c = this.slotColumn[k];
      out[offset + k] = tok < 0 ? NULL_ID : c >= 0 ? columns[c][tok] : this.slotReader[k](s, tok);
    }
  }
}
