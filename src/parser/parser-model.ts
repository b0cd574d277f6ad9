import type { Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { Network, type TableSpec } from '../model/network.ts';
import { ArcStandard } from './arc-standard.ts';
import { ATTRS, type Attr, type EncodedSentence, FeatureTemplate, NUMERIC_BUCKETS } from './features.ts';
import { Vocab } from '../model/vocab.ts';
import { normalizeWord } from '../ud/normalize.ts';
import { ROOT_ID } from '../ud/vocab-ids.ts';

/** Architecture hyperparameters stored with a model. */
export interface ModelConfig {
  template: string[];
  wordDim: number;
  tagDim: number;
  labelDim: number;
  suffixDim: number;
  hidden: number;
  activation: Activation;
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

  constructor(kernels: Kernels, config: ModelConfig, vocabs: ModelVocabs) {
    this.config = config;
    this.vocabs = vocabs;
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
      tables.push({ name: attr, size: this.attrSize(attr), dim: this.attrDim(attr) });
    }
    this.net = new Network(kernels, {
      tables,
      slotTable: Array.from(this.template.slotAttr, (a) => this.attrTable[a]),
      hidden: config.hidden,
      outputs: this.system.numTransitions,
      activation: config.activation,
    });
  }

  private attrSize(a: Attr): number {
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
    }
    out.n = n;
    out.word[0] = out.upos[0] = out.xpos[0] = out.suffix[0] = ROOT_ID;
    const v = this.vocabs;
    for (let i = 0; i < n; i++) {
      const t = tokens[i];
      out.word[i + 1] = v.word.id(normalizeWord(t.form));
      out.upos[i + 1] = v.upos.id(t.upos);
      out.xpos[i + 1] = v.xpos.id(t.xpos ?? '_');
      out.suffix[i + 1] = v.suffix.id(wordSuffix(t.form));
    }
    return out;
  }
}

/** Last three characters of the normalized word, a cue for unknown words. */
export function wordSuffix(form: string): string {
  const w = normalizeWord(form);
  return w.length <= 3 ? w : w.slice(-3);
}

export function emptyEncoded(): EncodedSentence {
  const a = (): Int32Array => new Int32Array(1);
  return { n: 0, word: a(), upos: a(), xpos: a(), suffix: a() };
}

