import { Arena, type Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { Network, type TableSpec } from '../model/network.ts';
import type { Scorer } from '../model/scorer.ts';
import { ModelError } from '../model/errors.ts';
import { type Vectors, vectorRanks } from '../model/vectors.ts';
import { type NamedNetwork, sharedPart } from '../model/model-files.ts';
import type { TensorRef } from '../model/weight-store.ts';
import type { FeatsTable } from './feats.ts';
import { type FeatsConfig, FeatsModel, type FeatsVocab } from './feats-model.ts';
import {
  ATTR, type EncodedWords, FIRST_CLASS_ID, SCAP_SIZE, TABLE_NAMES, TABLE_OF, TAGGER_ATTRS, type TableName, type TaggerVocabs, TaggerTemplate,
  WordIdCache, emptyEncodedWords, encodeWords,
} from './features.ts';
import type { Lemmatizer } from './lemmatizer.ts';

/** Architecture hyperparameters stored with a tagger model. */
export interface TaggerConfig {
  template: string[];
  wordDim: number;
  /** Dimension of word shapes and of the sentence capitalization bucket. */
  shapeDim: number;
  affixDim: number;
  ambDim: number;
  /** Dimension of case-kept word embeddings (only used when the template has `cword` features). */
  cwordDim: number;
  tagDim: number;
  hidden: number;
  activation: Activation;
  /**
   * Feature template of the second pass ([] = one pass): a second network that tags the sentence
   * again, seeing the first pass's classes on both sides (`ptag` features), so that what follows a
   * word (the right context) can decide its class.
   */
  template2: string[];
  /** Hidden units of the second pass. */
  hidden2: number;
  /** The FEATS network (feats-model.ts; absent: FEATS by lookup in the FEATS table). */
  feats?: FeatsConfig | undefined;
  /** Directory of the pretrained vectors, relative to the model's directory (saved models only; absent: none). */
  vectors?: string | undefined;
}

/** How a tagger gets FEATS: a network after parsing (feats-model.ts), or the lookup table of earlier models (feats.ts). */
export type FeatsSource = { network: FeatsVocab } | { table: FeatsTable };

/** One greedy left-to-right pass: its template and network. */
export interface TaggerPass {
  readonly template: TaggerTemplate;
  readonly net: Network;
}

/** Scratch memory for tagging one sentence at a time; reused across sentences. */
export class TaggerWorkspace {
  enc: EncodedWords = emptyEncodedWords();
  /** The model's word-level ids of forms met lately (encode is about 8% of the raw-text pipeline without it). */
  readonly wordIds = new WordIdCache();
  features: Int32Array;
  /** Predicted class id + FIRST_CLASS_ID per word (what the `tag` feature reads), after the last pass. */
  tags: Int32Array = new Int32Array(64);

  constructor(numSlots: number) {
    this.features = new Int32Array(numSlots);
  }
}

/** Everything a trained tagger is: vocabularies, templates, networks, lemmatizer and FEATS table. */
export class TaggerModel {
  readonly config: TaggerConfig;
  readonly vocabs: TaggerVocabs;
  /** The passes in order (one or two); the first pass's template and network are also `template` and `net`. */
  readonly passes: readonly TaggerPass[];
  readonly template: TaggerTemplate;
  readonly net: Network;
  readonly lemmatizer: Lemmatizer;
  /** FEATS by lookup (models without a FEATS network). */
  readonly featsTable: FeatsTable | undefined;
  /** FEATS by a network that reads the tree (in the same arena as the passes). */
  readonly featsModel: FeatsModel | undefined;
  /** The pretrained vectors the `pre` features read (a fixed table, shared with the parser in a bundle). */
  readonly vectors: Vectors | undefined;
  readonly classUpos: readonly string[];
  readonly classXpos: readonly string[];
  /** The tag the lemmatizer is keyed by, per class: XPOS, or UPOS where XPOS is `_`. */
  readonly classLemmaTag: readonly string[];

  /**
   * `shared`: the parameters of all the model's networks, in weights.bin order, when they are in
   * memory already (model-files.ts loadShared); each network takes its part.
   */
  constructor(kernels: Kernels, config: TaggerConfig, vocabs: TaggerVocabs, lemmatizer: Lemmatizer, feats: FeatsSource,
    opts: { vectors?: Vectors | undefined; shared?: readonly TensorRef[] | undefined } = {}) {
    this.config = config;
    this.vectors = opts.vectors;
    this.vocabs = vocabs;
    this.lemmatizer = lemmatizer;
    if ('network' in feats !== (config.feats !== undefined)) {
      throw new ModelError('MODEL_ERR_INVALID', 'a tagger has a FEATS network configuration exactly when it has the FEATS network\'s vocabulary', {});
    }
    this.featsTable = 'table' in feats ? feats.table : undefined;
    this.classUpos = vocabs.classes.map((c) => c.slice(0, c.indexOf('\t')));
    this.classXpos = vocabs.classes.map((c) => c.slice(c.indexOf('\t') + 1));
    this.classLemmaTag = this.classXpos.map((x, i) => (x === '_' ? this.classUpos[i] : x));
    const first = new TaggerTemplate(config.template, 1);
    // All networks of a model share one arena (one WebAssembly memory, one weights file).
    const arena = new Arena(kernels.memory);
    const shared = opts.shared;
    const passes: TaggerPass[] = [{ template: first, net: this.buildNetwork(kernels, arena, first, config.hidden, sharedPart(shared)) }];
    if (config.template2.length > 0) {
      const second = new TaggerTemplate(config.template2, 2);
      passes.push({ template: second, net: this.buildNetwork(kernels, arena, second, config.hidden2, sharedPart(shared, 'pass2')) });
    }
    this.passes = passes;
    this.template = first;
    this.net = passes[0].net;
    this.featsModel = 'network' in feats && config.feats ? new FeatsModel(kernels, arena, config.feats, feats.network, vocabs, sharedPart(shared, 'feats')) : undefined;
  }

  private buildNetwork(kernels: Kernels, arena: Arena, template: TaggerTemplate, hidden: number, shared: readonly TensorRef[] | undefined): Network {
    const used = new Set(Array.from(template.slotAttr, (a) => TABLE_OF[TAGGER_ATTRS[a]]));
    const tables: TableSpec[] = [];
    const tableIndex = new Map<TableName, number>();
    for (const name of TABLE_NAMES) {
      if (!used.has(name)) continue;
      tableIndex.set(name, tables.length);
      if (name === 'pre') {
        if (!this.vectors) throw new ModelError('MODEL_ERR_INVALID', 'the tagger\'s feature template uses pretrained vectors ("pre:…") but the model has none', {});
        tables.push({ name, size: this.vectors.size, dim: this.vectors.dim, external: this.vectors, rank: vectorRanks(this.vectors, this.vocabs.word) });
        continue;
      }
      tables.push({ name, size: this.tableSize(name), dim: this.tableDim(name) });
    }
    return new Network(kernels, {
      tables,
      slotTable: Array.from(template.slotAttr, (a) => tableIndex.get(TABLE_OF[TAGGER_ATTRS[a]]) ?? -1),
      hidden,
      outputs: this.vocabs.classes.length,
      activation: this.config.activation,
    }, arena, shared);
  }

  get numClasses(): number {
    return this.vocabs.classes.length;
  }

  private tableSize(t: Exclude<TableName, 'pre'>): number {
    if (t === 'scap') return SCAP_SIZE;
    return t === 'tag' || t === 'ptag' ? this.vocabs.classes.length + FIRST_CLASS_ID : this.vocabs[t].size;
  }

  private tableDim(t: Exclude<TableName, 'pre'>): number {
    const c = this.config;
    const dims: Record<Exclude<TableName, 'pre'>, number> = {
      word: c.wordDim, shape: c.shapeDim, prefix: c.affixDim, suffix: c.affixDim, amb: c.ambDim, cword: c.cwordDim,
      scap: c.shapeDim, tag: c.tagDim, ptag: c.tagDim,
    };
    return dims[t];
  }

  newWorkspace(): TaggerWorkspace {
    return new TaggerWorkspace(Math.max(...this.passes.map((p) => p.template.numSlots)));
  }

  /** Interns a sentence's words into ws.enc (the pass-independent features). */
  encode(words: readonly string[], ws: TaggerWorkspace): EncodedWords {
    const enc = encodeWords(this.vocabs, words, ws.enc, this.vectors, ws.wordIds);
    if (ws.tags.length < enc.n) ws.tags = new Int32Array(Math.max(enc.n, 2 * ws.tags.length));
    return enc;
  }

  /**
   * Greedy tagging, one left-to-right pass per scorer (`scorers[k]` scores pass k; fewer scorers
   * than passes run only the first ones, as training does): in each pass, the best class of each
   * word given the classes that pass already chose to its left; a second pass also reads the first
   * pass's classes of every word (`ptag`). Leaves class ids + FIRST_CLASS_ID of the last pass run
   * in ws.tags[0..n) and returns n.
   */
  predict(scorers: readonly Scorer[], words: readonly string[], ws: TaggerWorkspace): number {
    if (scorers.length === 0 || scorers.length > this.passes.length) {
      throw new Error(`${scorers.length} scorers for a tagger with ${this.passes.length} passes`);
    }
    const enc = this.encode(words, ws);
    for (let k = 0; k < scorers.length; k++) {
      if (k > 0) enc.ids[ATTR.ptag].set(ws.tags.subarray(0, enc.n));
      this.runPass(this.passes[k].template, scorers[k], ws);
    }
    return enc.n;
  }

  /** The class ids `predict` chooses for a sentence, as an array of their own. */
  classesOf(scorers: readonly Scorer[], words: readonly string[], ws: TaggerWorkspace): number[] {
    const n = this.predict(scorers, words, ws); // may replace ws.tags with a larger array: read it after
    return Array.from(ws.tags.subarray(0, n), (t) => t - FIRST_CLASS_ID);
  }

  /** One greedy pass over ws.enc; writes ws.tags. */
  runPass(template: TaggerTemplate, scorer: Scorer, ws: TaggerWorkspace): void {
    const enc = ws.enc, n = enc.n, tags = ws.tags, features = ws.features, C = this.numClasses;
    for (let i = 0; i < n; i++) {
      template.extract(enc, i, tags, features, 0);
      const scores = scorer.score(features, 0);
      let best = 0, bestScore = scores[0];
      for (let c = 1; c < C; c++) if (scores[c] > bestScore) { bestScore = scores[c]; best = c; }
      tags[i] = best + FIRST_CLASS_ID;
    }
  }

  lemma(form: string, cls: number): string {
    return this.lemmatizer.lemmatize(form, this.classLemmaTag[cls]);
  }
}

/** The networks of a model after the first pass's, as model files name them (`pass2.…`, `feats.…`). */
export function extraNetworks(model: TaggerModel): NamedNetwork[] {
  return [
    ...model.passes.slice(1).map((p, k) => ({ name: `pass${k + 2}`, net: p.net })),
    ...(model.featsModel ? [{ name: 'feats', net: model.featsModel.net }] : []),
  ];
}
