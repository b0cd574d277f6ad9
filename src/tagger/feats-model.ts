import type { Arena, Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { ModelError } from '../model/errors.ts';
import { Network, type TableSpec } from '../model/network.ts';
import type { Scorer } from '../model/scorer.ts';
import type { Vocab } from '../model/vocab.ts';
import type { TensorRef } from '../model/weight-store.ts';
import { FIRST_REAL_ID, NULL_ID, ROOT_ID, UNK_ID } from '../ud/vocab-ids.ts';
import { ATTR, type EncodedWords, type TaggerVocabs } from './features.ts';

/**
 * FEATS by a network, after parsing. English verbs agree with their subject ("she left" is
 * Person=3, "I left" Person=1), which a window of words cannot see but the tree can: the features
 * of a word include its subject, its head, its head's subject (for auxiliaries, copulas and
 * coordinated verbs) and its auxiliaries. The network picks one FEATS string among those seen
 * with the word's class (UPOS + XPOS) in training; a class seen with one FEATS string needs no
 * network at all.
 *
 * A feature is `attr:target`: an attribute of a word related to the word w being analysed.
 * Targets (legend, as in the parser's features.ts):
 * - self: w; prev / next: the words before and after w;
 * - head: w's head (ROOT for the root); hhead: the head's head;
 * - subj: w's first subject child (nsubj, nsubj:pass, csubj…); subjconj: the subject's first conj
 *   child ("John and Mary went" is plural);
 * - hsubj: the head's subject ("she has left": the subject of `has` is that of `left`);
 * - aux: w's first aux or aux:pass child; mark: w's first mark child ("to go" is infinitive).
 * Attributes: word (normalized), suf1..suf4 (suffixes), shape, cls (the tagger's class) and
 * deprel (the relation to its head). A target that does not exist gives NULL; without a tree (the
 * tagger alone, before parsing) every target but self, prev and next is NULL and self's deprel is
 * UNK: the network is trained for that case too (see train/train-feats.ts).
 */
export const FEATS_ATTRS = ['word', 'suf1', 'suf2', 'suf3', 'suf4', 'shape', 'cls', 'deprel'] as const;
export type FeatsAttr = (typeof FEATS_ATTRS)[number];
export const FEATS_TARGETS = ['self', 'prev', 'next', 'head', 'hhead', 'subj', 'subjconj', 'hsubj', 'aux', 'mark'] as const;
export type FeatsTarget = (typeof FEATS_TARGETS)[number];
const TARGET = Object.fromEntries(FEATS_TARGETS.map((t, i) => [t, i])) as Readonly<Record<FeatsTarget, number>>;

/** The embedding table each attribute reads (suffixes share one, as in the tagger). */
const TABLE_OF: Readonly<Record<FeatsAttr, FeatsTable>> = {
  word: 'word', suf1: 'suffix', suf2: 'suffix', suf3: 'suffix', suf4: 'suffix', shape: 'shape', cls: 'cls', deprel: 'deprel',
};
const FEATS_TABLES = ['word', 'suffix', 'shape', 'cls', 'deprel'] as const;
type FeatsTable = (typeof FEATS_TABLES)[number];
/** Where each word-level attribute is in the tagger's encoded words. */
const WORD_ATTR: Partial<Readonly<Record<FeatsAttr, number>>> = {
  word: ATTR.word, suf1: ATTR.suf1, suf2: ATTR.suf2, suf3: ATTR.suf3, suf4: ATTR.suf4, shape: ATTR.shape,
};

/** The feature set of the shipped model. */
export const DEFAULT_FEATS_TEMPLATE: readonly string[] = [
  'word:self', 'suf1:self', 'suf2:self', 'suf3:self', 'suf4:self', 'shape:self', 'cls:self', 'deprel:self',
  'word:prev', 'cls:prev', 'word:next', 'cls:next',
  'word:head', 'cls:head', 'deprel:head', 'cls:hhead',
  'word:subj', 'cls:subj', 'suf2:subj', 'cls:subjconj',
  'word:hsubj', 'cls:hsubj', 'word:aux', 'word:mark',
];

/** Subject relations (any subtype): the words verbs agree with. */
const isSubject = (deprel: string): boolean => deprel.startsWith('nsubj') || deprel.startsWith('csubj');

/** Architecture of the FEATS network (stored in the tagger's config). */
export interface FeatsConfig {
  template: string[];
  /** Embedding size of every table. */
  dim: number;
  hidden: number;
  activation: Activation;
}

/** What the FEATS network knows besides its weights (stored in the tagger's vocab.json). */
export interface FeatsVocab {
  /** The FEATS strings it can answer. */
  strings: string[];
  /** Per tagger class: the indices of the FEATS strings seen with it in training. */
  byClass: number[][];
  /** Dependency relations seen in training. */
  deprels: Vocab;
}

/** A word as the FEATS network reads it: the tagger's class and, after parsing, its head and relation. */
export interface FeatsWord {
  /** The tagger's class id (-1: a class the tagger does not know). */
  cls: number;
  /** 1-based head, 0 for the root; -1 without a tree. */
  head: number;
  deprel: string;
}

/** A compiled FEATS template: attribute and target per slot. */
export class FeatsTemplate {
  readonly specs: readonly string[];
  readonly slotAttr: Int32Array;
  readonly slotTarget: Int32Array;

  constructor(specs: readonly string[]) {
    this.specs = specs;
    this.slotAttr = new Int32Array(specs.length);
    this.slotTarget = new Int32Array(specs.length);
    specs.forEach((spec, s) => {
      const [attr = '', target = ''] = spec.split(':');
      const a = FEATS_ATTRS.indexOf(attr as FeatsAttr), t = FEATS_TARGETS.indexOf(target as FeatsTarget);
      if (a < 0 || t < 0 || spec.split(':').length !== 2) {
        throw new ModelError('MODEL_ERR_INVALID', `bad FEATS feature "${spec}" (expected attr:target, attr in ${FEATS_ATTRS.join(', ')}; target in ${FEATS_TARGETS.join(', ')})`,
          { feature: spec });
      }
      this.slotAttr[s] = a;
      this.slotTarget[s] = t;
    });
  }

  get numSlots(): number {
    return this.specs.length;
  }
}

/** Scratch memory of the FEATS network for one sentence. */
export class FeatsWorkspace {
  /** Per word: the index of each target word (-1 none, -2 ROOT), [n × FEATS_TARGETS.length]. */
  targets: Int32Array = new Int32Array(64 * FEATS_TARGETS.length);
  cls: Int32Array = new Int32Array(64);
  deprel: Int32Array = new Int32Array(64);
  features: Int32Array;

  constructor(numSlots: number) {
    this.features = new Int32Array(numSlots);
  }

  grow(n: number): void {
    if (this.cls.length >= n) return;
    const cap = Math.max(n, 2 * this.cls.length);
    this.targets = new Int32Array(cap * FEATS_TARGETS.length);
    this.cls = new Int32Array(cap);
    this.deprel = new Int32Array(cap);
  }
}

const NONE = -1, ROOT = -2;

/** The FEATS network of a tagger: template, vocabulary and network (in the tagger's arena). */
export class FeatsModel {
  readonly config: FeatsConfig;
  readonly vocab: FeatsVocab;
  readonly template: FeatsTemplate;
  readonly net: Network;

  /** `shared`: the network's parameters when they are in memory already (model-files.ts loadShared). */
  constructor(kernels: Kernels, arena: Arena, config: FeatsConfig, vocab: FeatsVocab, tagger: TaggerVocabs, shared?: readonly TensorRef[]) {
    this.config = config;
    this.vocab = vocab;
    this.template = new FeatsTemplate(config.template);
    if (vocab.byClass.length !== tagger.classes.length) {
      throw new ModelError('MODEL_ERR_INVALID', `the FEATS network lists ${vocab.byClass.length} classes, the tagger ${tagger.classes.length}`, {});
    }
    if (vocab.byClass.some((c) => c.length === 0 || c.some((f) => !Number.isInteger(f) || f < 0 || f >= vocab.strings.length))) {
      throw new ModelError('MODEL_ERR_INVALID', 'a class of the FEATS network has no FEATS string or one out of range', {});
    }
    const sizes: Record<FeatsTable, number> = {
      word: tagger.word.size, suffix: tagger.suffix.size, shape: tagger.shape.size,
      cls: FIRST_REAL_ID + tagger.classes.length, deprel: vocab.deprels.size,
    };
    const used = new Set(Array.from(this.template.slotAttr, (a) => TABLE_OF[FEATS_ATTRS[a]]));
    const tables: TableSpec[] = [];
    const index = new Map<FeatsTable, number>();
    for (const t of FEATS_TABLES) {
      if (!used.has(t)) continue;
      index.set(t, tables.length);
      tables.push({ name: t, size: sizes[t], dim: config.dim });
    }
    this.net = new Network(kernels, {
      tables, slotTable: Array.from(this.template.slotAttr, (a) => index.get(TABLE_OF[FEATS_ATTRS[a]]) ?? -1),
      hidden: config.hidden, outputs: vocab.strings.length, activation: config.activation,
    }, arena, shared);
  }

  newWorkspace(): FeatsWorkspace {
    return new FeatsWorkspace(this.template.numSlots);
  }

  /** Fills ws.targets, ws.cls and ws.deprel for a sentence (words as the tagger encoded them in `enc`). */
  prepare(words: readonly FeatsWord[], ws: FeatsWorkspace): void {
    const n = words.length, T = FEATS_TARGETS.length;
    ws.grow(n);
    const tg = ws.targets;
    tg.fill(NONE, 0, n * T);
    for (let i = 0; i < n; i++) {
      const w = words[i];
      ws.cls[i] = w.cls < 0 ? UNK_ID : w.cls + FIRST_REAL_ID;
      ws.deprel[i] = w.head < 0 ? UNK_ID : this.vocab.deprels.id(w.deprel);
      tg[i * T + TARGET.self] = i;
      tg[i * T + TARGET.prev] = i > 0 ? i - 1 : NONE;
      tg[i * T + TARGET.next] = i + 1 < n ? i + 1 : NONE;
      if (w.head < 0) continue;
      tg[i * T + TARGET.head] = w.head === 0 ? ROOT : w.head - 1;
    }
    // Children: the first subject, aux and mark child of each word (words in order, so "first" is leftmost).
    for (let j = 0; j < n; j++) {
      const w = words[j];
      if (w.head <= 0) continue;
      const h = w.head - 1, d = w.deprel;
      const slot = isSubject(d) ? TARGET.subj : d === 'aux' || d === 'aux:pass' ? TARGET.aux : d === 'mark' ? TARGET.mark : -1;
      if (slot >= 0 && tg[h * T + slot] === NONE) tg[h * T + slot] = j;
    }
    for (let i = 0; i < n; i++) {
      const subj = tg[i * T + TARGET.subj];
      if (subj >= 0) {
        for (let j = subj + 1; j < n; j++) if (words[j].head === subj + 1 && words[j].deprel.startsWith('conj')) { tg[i * T + TARGET.subjconj] = j; break; }
      }
      const h = tg[i * T + TARGET.head];
      if (h >= 0) {
        tg[i * T + TARGET.hsubj] = tg[h * T + TARGET.subj];
        tg[i * T + TARGET.hhead] = tg[h * T + TARGET.head];
      }
    }
  }

  /** Writes word i's features into out[offset..] (after prepare). */
  extract(enc: EncodedWords, ws: FeatsWorkspace, i: number, out: Int32Array, offset: number): void {
    const T = FEATS_TARGETS.length, t = this.template;
    for (let s = 0; s < t.numSlots; s++) {
      const j = ws.targets[i * T + t.slotTarget[s]];
      if (j === NONE) { out[offset + s] = NULL_ID; continue; }
      if (j === ROOT) { out[offset + s] = ROOT_ID; continue; }
      const attr = FEATS_ATTRS[t.slotAttr[s]];
      const w = WORD_ATTR[attr];
      out[offset + s] = w !== undefined ? enc.ids[w][j] : attr === 'cls' ? ws.cls[j] : ws.deprel[j];
    }
  }

  /** The FEATS string index of word i: the best of the strings its class allows (the network only when there is a choice). */
  predict(scorer: Scorer, enc: EncodedWords, ws: FeatsWorkspace, i: number, cls: number): number {
    const allowed = cls >= 0 ? this.vocab.byClass[cls] : undefined;
    if (!allowed) return -1;
    if (allowed.length === 1) return allowed[0];
    this.extract(enc, ws, i, ws.features, 0);
    const scores = scorer.score(ws.features, 0);
    let best = allowed[0], bestScore = scores[best];
    for (let k = 1; k < allowed.length; k++) {
      const f = allowed[k];
      if (scores[f] > bestScore) { bestScore = scores[f]; best = f; }
    }
    return best;
  }
}
