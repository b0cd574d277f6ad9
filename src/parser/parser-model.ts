import type { Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import type { Vectors } from '../model/vectors.ts';
import { Network, type TableSpec } from '../model/network.ts';
import { ArcStandard } from './arc-standard.ts';
import { ATTRS, type Attr, type EncodedSentence, FeatureTemplate, NUMERIC_BUCKETS } from './features.ts';
import type { Sentence } from './types.ts';
import { ROOT_ID, Vocab, normalizeWord, wordSuffix } from './vocab.ts';

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
}

export interface ModelVocabs {
  word: Vocab;
  upos: Vocab;
  xpos: Vocab;
  suffix: Vocab;
  /** Dependency relations; transition label ids index this list. */
  labels: string[];
}

/** The minimal token fields the parser reads. */
export interface TaggedToken {
  form: string;
  upos: string;
  xpos?: string | undefined;
}

/** Everything a trained parser is: vocabularies, template, transition system and network. */
export class ParserModel {
  readonly config: ModelConfig;
  readonly vocabs: ModelVocabs;
  readonly template: FeatureTemplate;
  readonly system: ArcStandard;
  readonly net: Network;
  /** Table index per attribute (-1 when the template does not use it). */
  readonly attrTable: Int32Array;
  readonly vectors: Vectors | undefined;
  /** Pointers of the global output layer W2g [transitions × hidden] and b2g, or -1. */
  readonly globalW2: number;
  readonly globalB2: number;

  constructor(kernels: Kernels, config: ModelConfig, vocabs: ModelVocabs, vectors?: Vectors) {
    this.config = config;
    this.vocabs = vocabs;
    this.vectors = vectors;
    this.template = new FeatureTemplate(config.template);
    const rootLabel = vocabs.labels.indexOf('root');
    if (rootLabel < 0) throw new Error('the label set has no "root" relation');
    if (vocabs.labels.length < 2) throw new Error('the label set needs a relation besides "root"');
    this.system = new ArcStandard(vocabs.labels.length, rootLabel);
    const used = new Set(Array.from(this.template.slotAttr, (a) => ATTRS[a]));
    const tables: TableSpec[] = [];
    this.attrTable = new Int32Array(ATTRS.length).fill(-1);
    for (const [i, attr] of ATTRS.entries()) {
      if (!used.has(attr)) continue;
      this.attrTable[i] = tables.length;
      if (attr === 'pre') {
        if (!vectors) throw new Error('the feature template uses pretrained vectors ("pre:…") but the model has none');
        tables.push({ name: attr, size: vectors.size, dim: vectors.dim, external: vectors });
        continue;
      }
      tables.push({ name: attr, size: this.attrSize(attr), dim: this.attrDim(attr) });
    }
    this.net = new Network(kernels, {
      tables,
      slotTable: Array.from(this.template.slotAttr, (a) => this.attrTable[a]),
      hidden: config.hidden,
      outputs: this.system.numTransitions,
      activation: config.activation,
    });
    this.globalW2 = config.globalOutput ? this.net.addParam('W2g', this.system.numTransitions * config.hidden) : -1;
    this.globalB2 = config.globalOutput ? this.net.addParam('b2g', this.system.numTransitions) : -1;
  }

  private attrSize(a: Exclude<Attr, 'pre'>): number {
    const v = this.vocabs;
    if (a === 'label') return v.labels.length + 3;
    if (a === 'lval' || a === 'rval' || a === 'dist') return 3 + NUMERIC_BUCKETS;
    return v[a].size;
  }

  private attrDim(a: Attr): number {
    const c = this.config;
    if (a === 'word') return c.wordDim;
    if (a === 'suffix') return c.suffixDim;
    return a === 'upos' || a === 'xpos' ? c.tagDim : c.labelDim;
  }

  /** Interns one sentence's tokens into `out` (grown if needed). Index 0 is ROOT. */
  encode(tokens: readonly TaggedToken[], out: EncodedSentence = emptyEncoded()): EncodedSentence {
    const n = tokens.length;
    if (out.word.length < n + 1) {
      out.word = new Int32Array(n + 1);
      out.upos = new Int32Array(n + 1);
      out.xpos = new Int32Array(n + 1);
      out.suffix = new Int32Array(n + 1);
      out.pre = new Int32Array(n + 1);
    }
    out.n = n;
    out.word[0] = out.upos[0] = out.xpos[0] = out.suffix[0] = out.pre[0] = ROOT_ID;
    const vectors = this.vectors;
    const v = this.vocabs;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      out.word[i + 1] = v.word.id(normalizeWord(t.form));
      out.upos[i + 1] = v.upos.id(t.upos);
      out.xpos[i + 1] = v.xpos.id(t.xpos ?? '_');
      out.suffix[i + 1] = v.suffix.id(wordSuffix(t.form));
      out.pre[i + 1] = vectors ? vectors.id(t.form) : 0;
    }
    return out;
  }
}

export function emptyEncoded(): EncodedSentence {
  const a = (): Int32Array => new Int32Array(1);
  return { n: 0, word: a(), upos: a(), xpos: a(), suffix: a(), pre: a() };
}

/** Vocabularies from training sentences. Words seen fewer than minWordCount times map to UNK. */
export function buildVocabs(sentences: readonly Sentence[], minWordCount = 1): { vocabs: ModelVocabs; wordCounts: Map<string, number> } {
  const word = new Map<string, number>(), upos = new Map<string, number>(), xpos = new Map<string, number>();
  const suffix = new Map<string, number>(), labels = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  for (const s of sentences) {
    for (const w of s.words) {
      bump(word, normalizeWord(w.form));
      bump(upos, w.upos);
      bump(xpos, w.xpos);
      bump(suffix, wordSuffix(w.form));
      bump(labels, w.deprel);
    }
  }
  const labelList = [...labels.keys()].sort();
  return {
    vocabs: {
      word: Vocab.fromCounts(word, minWordCount),
      upos: Vocab.fromCounts(upos),
      xpos: Vocab.fromCounts(xpos),
      suffix: Vocab.fromCounts(suffix, 2),
      labels: labelList,
    },
    wordCounts: word,
  };
}
