import type { Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { Network, type TableSpec } from '../model/network.ts';
import type { Vocab } from '../model/vocab.ts';
import type { WordIndex } from '../model/compact-vocab.ts';
import { normalizeWord } from '../ud/normalize.ts';
import { FIRST_REAL_ID, NULL_ID, ROOT_ID } from '../ud/vocab-ids.ts';
import { ModelError } from '../model/errors.ts';
import { type Vectors, vectorRanks } from '../model/vectors.ts';
import { SentenceContext } from './attention-context.ts';
import type { TensorRef } from '../model/weight-store.ts';
import { ATTRS, type Attr, COLUMN, type EncodedSentence, FeatureTemplate, NUMERIC_BUCKETS, SENTENCE_COLUMNS } from './features.ts';
import { type TransitionSystem, createTransitionSystem } from './transition-system.ts';
import type { ParsedTree } from './decode.ts';
import { type PseudoProjectiveScheme, restoreParsed } from './pseudo-projective.ts';

/** Architecture hyperparameters stored with a model. */
export interface ModelConfig {
  template: string[];
  wordDim: number;
  tagDim: number;
  labelDim: number;
  suffixDim: number;
  hidden: number;
  activation: Activation;
  /** Directory of the pretrained vectors, relative to the model's directory (absent: none). */
  vectors?: string | undefined;
  /** A second output layer trained with a globally normalised beam objective, used by beam search. */
  globalOutput?: boolean | undefined;
  /** Softmax temperature of the reported attachment probabilities, fitted on dev (calibration); default 1. */
  temperature?: number | undefined;
  /**
   * Non-projective trees by pseudo-projective parsing (pseudo-projective.ts): relations carry the
   * lifts of the training trees and parses are restored; absent: the parser's trees are projective.
   */
  pseudoProjective?: PseudoProjectiveScheme | undefined;
}

export interface ModelVocabs {
  word: WordIndex;
  upos: Vocab;
  xpos: Vocab;
  suffix: WordIndex;
  /** Dependency relations; transition label ids index this list. */
  labels: string[];
}

/** The dependency relation that attaches a word to ROOT. */
export const ROOT_RELATION = 'root';

/** The minimal token fields the parser reads. */
export interface TaggedToken {
  form: string;
  upos: string;
  xpos?: string | undefined;
}

/** Rows of each attribute's embedding table (the pretrained vectors are a fixed table of their own). */
const TABLE_SIZE: Readonly<Record<Exclude<Attr, 'pre' | 'ctx'>, (v: ModelVocabs) => number>> = {
  word: (v) => v.word.size,
  upos: (v) => v.upos.size,
  xpos: (v) => v.xpos.size,
  label: (v) => FIRST_REAL_ID + v.labels.length,
  suffix: (v) => v.suffix.size,
  lval: () => FIRST_REAL_ID + NUMERIC_BUCKETS,
  rval: () => FIRST_REAL_ID + NUMERIC_BUCKETS,
  dist: () => FIRST_REAL_ID + NUMERIC_BUCKETS,
};

/** Embedding size of each attribute (valency and distance share the label size). */
const TABLE_DIM: Readonly<Record<Exclude<Attr, 'pre' | 'ctx'>, (c: ModelConfig) => number>> = {
  word: (c) => c.wordDim,
  upos: (c) => c.tagDim,
  xpos: (c) => c.tagDim,
  label: (c) => c.labelDim,
  suffix: (c) => c.suffixDim,
  lval: (c) => c.labelDim,
  rval: (c) => c.labelDim,
  dist: (c) => c.labelDim,
};

/** Everything a trained parser is: vocabularies, template, transition system and network. */
export class ParserModel {
  readonly config: ModelConfig;
  readonly vocabs: ModelVocabs;
  readonly template: FeatureTemplate;
  readonly system: TransitionSystem;
  readonly net: Network;
  /** Table index per attribute (-1 when the template does not use it). */
  readonly attrTable: Int32Array;
  readonly vectors: Vectors | undefined;
  /** The attention-pooled context table when the template reads `ctx`. */
  readonly context: SentenceContext | undefined;
  /** Pointers of the global output layer W2g [transitions × hidden] and b2g, or -1. */
  readonly globalW2: number;
  readonly globalB2: number;

  /**
   * `system` names the transition system (transition-system.ts); the network has one output per
   * transition. `vectors` are the pretrained vectors the `pre` features read; `shared` the network's
   * parameters when they are in memory already (model-files.ts loadShared).
   */
  constructor(kernels: Kernels, config: ModelConfig, vocabs: ModelVocabs,
    opts: { system?: string; vectors?: Vectors | undefined; shared?: readonly TensorRef[] | undefined } = {}) {
    const system = opts.system ?? 'arc-standard';
    const vectors = opts.vectors;
    this.config = config;
    this.vocabs = vocabs;
    this.vectors = vectors;
    this.template = new FeatureTemplate(config.template);
    this.system = createTransitionSystem(system, vocabs.labels, ROOT_RELATION);
    const used = new Set(Array.from(this.template.slotAttr, (a) => ATTRS[a]));
    const tables: TableSpec[] = [];
    this.context = used.has('ctx') && vectors ? new SentenceContext(vectors) : undefined;
    this.attrTable = new Int32Array(ATTRS.length).fill(-1);
    // Tables in ATTRS order: the order of the tensors in weights.bin.
    for (const [i, attr] of ATTRS.entries()) {
      if (!used.has(attr)) continue;
      this.attrTable[i] = tables.length;
      if (attr === 'pre') {
        if (!vectors) throw new ModelError('MODEL_ERR_INVALID', 'the feature template uses pretrained vectors ("pre:…") but the model has none', {});
        tables.push({ name: attr, size: vectors.size, dim: vectors.dim, external: vectors, rank: vectorRanks(vectors, vocabs.word) });
        continue;
      }
      if (attr === 'ctx') {
        if (!this.context) throw new ModelError('MODEL_ERR_INVALID', 'the feature template uses attention context ("ctx:…") but the model has no pretrained vectors', {});
        tables.push({ name: attr, size: this.context.size, dim: this.context.dim, external: this.context });
        continue;
      }
      tables.push({ name: attr, size: TABLE_SIZE[attr](vocabs), dim: TABLE_DIM[attr](config) });
    }
    this.net = new Network(kernels, {
      tables,
      slotTable: Array.from(this.template.slotAttr, (a) => this.attrTable[a]),
      hidden: config.hidden,
      outputs: this.system.numTransitions,
      activation: config.activation,
    }, undefined, opts.shared);
    this.globalW2 = config.globalOutput ? this.net.addParam('W2g', this.system.numTransitions * config.hidden) : -1;
    this.globalB2 = config.globalOutput ? this.net.addParam('b2g', this.system.numTransitions) : -1;
  }

  /** Heads and relations as the treebank has them: a pseudo-projective model's lifted arcs restored, relations decoded. */
  restoreHeads(head: Int32Array, label: readonly string[]): { head: Int32Array; label: string[] } {
    return this.config.pseudoProjective ? restoreParsed(head, label) : { head, label: [...label] };
  }

  /** A parse with restoreHeads applied (see there); the probabilities stay those of the attaching transitions. */
  restore(tree: ParsedTree): ParsedTree {
    if (!this.config.pseudoProjective) return tree;
    const { head, label } = restoreParsed(tree.head, tree.label);
    return { ...tree, head, label };
  }

  /** The embedding table (index into net.shape.tables) of an attribute, -1 when the template does not use it. */
  tableOf(attr: Attr): number {
    return this.attrTable[ATTRS.indexOf(attr)];
  }

  /** Interns one sentence's tokens into `out` (grown if needed). Index 0 is ROOT. */
  encode(tokens: readonly TaggedToken[], out: EncodedSentence = emptyEncoded()): EncodedSentence {
    const n = tokens.length;
    if (out.columns[0].length < n + 1) out.columns = SENTENCE_COLUMNS.map(() => new Int32Array(n + 1));
    out.n = n;
    const word = out.columns[COLUMN.word], upos = out.columns[COLUMN.upos], xpos = out.columns[COLUMN.xpos];
    const suffix = out.columns[COLUMN.suffix], pre = out.columns[COLUMN.pre], ctx = out.columns[COLUMN.ctx];
    word[0] = upos[0] = xpos[0] = suffix[0] = pre[0] = ROOT_ID;
    const v = this.vocabs, vectors = this.vectors;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      word[i + 1] = v.word.id(normalizeWord(t.form));
      upos[i + 1] = v.upos.id(t.upos);
      xpos[i + 1] = v.xpos.id(t.xpos ?? '_');
      suffix[i + 1] = v.suffix.id(wordSuffix(t.form));
      pre[i + 1] = vectors ? vectors.id(t.form) : NULL_ID;
    }
    if (this.context) this.context.fill(pre, n, ctx);
    else ctx.fill(NULL_ID, 0, n + 1);
    return out;
  }
}

/** Last three characters of the normalized word, a cue for unknown words. */
export function wordSuffix(form: string): string {
  const w = normalizeWord(form);
  return w.length <= 3 ? w : w.slice(-3);
}

export function emptyEncoded(): EncodedSentence {
  return { n: 0, columns: SENTENCE_COLUMNS.map(() => new Int32Array(1)) };
}
