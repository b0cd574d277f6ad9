import type { ParserState } from './state.ts';

/**
 * Feature extraction, described by data and shared by training and decoding.
 *
 * Legend: s0/s1/s2 are the stack from the top, b0/b1/b2 the buffer from the front;
 * lc1/lc2 are the leftmost/second-leftmost children, rc1/rc2 the rightmost/second-rightmost.
 * A feature is `attr:position`, e.g. `upos:lc1(s0)`. Missing tokens give NULL (0); ROOT
 * carries ROOT ids (2) through the encoded sentence.
 */
export const ATTRS = ['word', 'upos', 'xpos', 'label', 'suffix', 'lval', 'rval', 'dist', 'pre'] as const;
export type Attr = (typeof ATTRS)[number];

/** Ids of the small numeric attributes: valency (children on one side) and distance to s0, bucketed past the 3 reserved ids. */
export const NUMERIC_BUCKETS = 8;
const DIST_BUCKET = [0, 0, 1, 2, 3, 4, 4, 5, 5, 5];
const distBucket = (d: number): number => 3 + (d < DIST_BUCKET.length ? DIST_BUCKET[d] : d < 15 ? 6 : 7);

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

/** Pretrained-vector features of the stack and buffer tops (VECTOR_POSITIONS_6) or of all 18 token positions. */
export const VECTOR_FEATURES: Record<string, readonly string[]> = {
  none: [],
  6: POSITIONS_CM.slice(0, 6).map((p) => `pre:${p}`),
  10: [...POSITIONS_CM.slice(0, 8), ...POSITIONS_CM.slice(10, 12)].map((p) => `pre:${p}`),
  18: POSITIONS_CM.map((p) => `pre:${p}`),
};

/** Chen & Manning 2014's original 48 features. */
export const CM_TEMPLATE: readonly string[] = [
  ...POSITIONS_CM.map((p) => `word:${p}`),
  ...POSITIONS_CM.map((p) => `upos:${p}`),
  ...CHILD_POSITIONS.map((p) => `label:${p}`),
];

/** One sentence's per-token ids, index 0 = ROOT. */
export interface EncodedSentence {
  n: number;
  word: Int32Array;
  upos: Int32Array;
  xpos: Int32Array;
  suffix: Int32Array;
  /** Row of each token in the pretrained vectors (0 without vectors). */
  pre: Int32Array;
}

const OP_LC1 = 0, OP_LC2 = 1, OP_RC1 = 2, OP_RC2 = 3;
const OPS: Record<string, number> = { lc1: OP_LC1, lc2: OP_LC2, rc1: OP_RC1, rc2: OP_RC2 };

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
    if (!m) break;
    path.unshift(OPS[m[1] ?? '']!);
    rest = m[2] ?? '';
  }
  const a = /^([sb])([0-9])$/.exec(rest);
  if (!a) throw new Error(`unknown feature position "${p}"`);
  return { stack: a[1] === 's', index: Number(a[2]), path };
}

/** A template compiled to flat arrays; `numSlots` is derived from it, never written by hand. */
export class FeatureTemplate {
  readonly specs: readonly string[];
  readonly numSlots: number;
  /** Attribute index (into ATTRS) of each slot. */
  readonly slotAttr: Uint8Array;
  private readonly slotPos: Int32Array;
  private readonly positions: Position[];
  private readonly posTok: Int32Array;

  constructor(specs: readonly string[]) {
    this.specs = [...specs];
    this.numSlots = specs.length;
    this.slotAttr = new Uint8Array(specs.length);
    this.slotPos = new Int32Array(specs.length);
    const posIndex = new Map<string, number>();
    this.positions = [];
    specs.forEach((spec, k) => {
      const [attr, pos] = spec.split(':');
      const a = ATTRS.indexOf(attr as Attr);
      if (a < 0 || pos === undefined) throw new Error(`bad feature "${spec}"`);
      if (attr === 'label' && parsePosition(pos).path.length === 0) throw new Error(`"${spec}": labels exist only for children`);
      let p = posIndex.get(pos);
      if (p === undefined) {
        p = this.positions.length;
        posIndex.set(pos, p);
        this.positions.push(parsePosition(pos));
      }
      this.slotAttr[k] = a;
      this.slotPos[k] = p;
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
    for (let k = 0; k < this.numSlots; k++) {
      const tok = posTok[this.slotPos[k]];
      let id = 0;
      if (tok >= 0) {
        switch (this.slotAttr[k]) {
          case 0: id = sent.word[tok]; break;
          case 1: id = sent.upos[tok]; break;
          case 2: id = sent.xpos[tok]; break;
          case 3: id = s.label[tok] + 3; break; // label ids shift past NULL/UNK/ROOT
          case 4: id = sent.suffix[tok]; break;
          case 5: id = 3 + Math.min(s.nLeft[tok], NUMERIC_BUCKETS - 1); break;
          case 6: id = 3 + Math.min(s.nRight[tok], NUMERIC_BUCKETS - 1); break;
          case 7: {
            const top = s.stackAt(0);
            id = top < 0 ? 0 : distBucket(Math.abs(top - tok));
            break;
          }
          default: id = sent.pre[tok];
        }
      }
      out[offset + k] = id;
    }
  }
}
