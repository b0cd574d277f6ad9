import type { Kernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { Network, type TableSpec } from '../model/network.ts';
import type { Scorer } from '../model/scorer.ts';
import type { TensorRef } from '../model/weight-store.ts';
import type { FeatsTable } from './feats.ts';
import {
  type EncodedWords, FIRST_CLASS_ID, SCAP_SIZE, TABLE_NAMES, TABLE_OF, TAGGER_ATTRS, type TableName, type TaggerVocabs, TaggerTemplate,
  emptyEncodedWords, encodeWords,
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
}

/** Scratch memory for tagging one sentence at a time; reused across sentences. */
export class TaggerWorkspace {
  enc: EncodedWords = emptyEncodedWords();
  features: Int32Array;
  /** Predicted class id + FIRST_CLASS_ID per word (what the `tag` feature reads). */
  tags: Int32Array = new Int32Array(64);

  constructor(numSlots: number) {
    this.features = new Int32Array(numSlots);
  }
}

/** Everything a trained tagger is: vocabularies, template, network, lemmatizer and FEATS table. */
export class TaggerModel {
  readonly config: TaggerConfig;
  readonly vocabs: TaggerVocabs;
  readonly template: TaggerTemplate;
  readonly net: Network;
  readonly lemmatizer: Lemmatizer;
  readonly feats: FeatsTable;
  readonly classUpos: readonly string[];
  readonly classXpos: readonly string[];
  /** The tag the lemmatizer is keyed by, per class: XPOS, or UPOS where XPOS is `_`. */
  readonly classLemmaTag: readonly string[];

  /** `shared`: the network's parameters when they are in memory already (model-files.ts loadShared). */
  constructor(kernels: Kernels, config: TaggerConfig, vocabs: TaggerVocabs, lemmatizer: Lemmatizer, feats: FeatsTable, shared?: readonly TensorRef[]) {
    this.config = config;
    this.vocabs = vocabs;
    this.lemmatizer = lemmatizer;
    this.feats = feats;
    this.template = new TaggerTemplate(config.template);
    this.classUpos = vocabs.classes.map((c) => c.slice(0, c.indexOf('\t')));
    this.classXpos = vocabs.classes.map((c) => c.slice(c.indexOf('\t') + 1));
    this.classLemmaTag = this.classXpos.map((x, i) => (x === '_' ? this.classUpos[i] : x));
    const used = new Set(Array.from(this.template.slotAttr, (a) => TABLE_OF[TAGGER_ATTRS[a]]));
    const tables: TableSpec[] = [];
    const tableIndex = new Map<TableName, number>();
    for (const name of TABLE_NAMES) {
      if (!used.has(name)) continue;
      tableIndex.set(name, tables.length);
      tables.push({ name, size: this.tableSize(name), dim: this.tableDim(name) });
    }
    this.net = new Network(kernels, {
      tables,
      slotTable: Array.from(this.template.slotAttr, (a) => tableIndex.get(TABLE_OF[TAGGER_ATTRS[a]]) ?? -1),
      hidden: config.hidden,
      outputs: vocabs.classes.length,
      activation: config.activation,
    }, undefined, shared);
  }

  get numClasses(): number {
    return this.vocabs.classes.length;
  }

  private tableSize(t: TableName): number {
    if (t === 'scap') return SCAP_SIZE;
    return t === 'tag' ? this.vocabs.classes.length + FIRST_CLASS_ID : this.vocabs[t].size;
  }

  private tableDim(t: TableName): number {
    const c = this.config;
    const dims: Record<TableName, number> = {
      word: c.wordDim, shape: c.shapeDim, prefix: c.affixDim, suffix: c.affixDim, amb: c.ambDim, cword: c.cwordDim,
      scap: c.shapeDim, tag: c.tagDim,
    };
    return dims[t];
  }

  newWorkspace(): TaggerWorkspace {
    return new TaggerWorkspace(this.template.numSlots);
  }

  /**
   * Greedy left-to-right tagging: the best class of each word given the classes already chosen.
   * Leaves class ids + FIRST_CLASS_ID in ws.tags[0..n) and returns n.
   */
  predict(scorer: Scorer, words: readonly string[], ws: TaggerWorkspace): number {
    const enc = encodeWords(this.vocabs, words, ws.enc);
    const n = enc.n;
    if (ws.tags.length < n) ws.tags = new Int32Array(Math.max(n, 2 * ws.tags.length));
    const tags = ws.tags, features = ws.features, C = this.numClasses;
    for (let i = 0; i < n; i++) {
      this.template.extract(enc, i, tags, features, 0);
      const scores = scorer.score(features, 0);
      let best = 0, bestScore = scores[0];
      for (let c = 1; c < C; c++) if (scores[c] > bestScore) { bestScore = scores[c]; best = c; }
      tags[i] = best + FIRST_CLASS_ID;
    }
    return n;
  }

  lemma(form: string, cls: number): string {
    return this.lemmatizer.lemmatize(form, this.classLemmaTag[cls]);
  }
}
