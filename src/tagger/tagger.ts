import { fileURLToPath } from 'node:url';
import { createKernels, type Kernels } from '../kernels/index.ts';
import type { Manifest } from '../model/model-files.ts';
import { PrecomputedScorer } from '../model/precompute.ts';
import type { Sentence } from '../ud/types.ts';
import { FIRST_CLASS_ID } from './features.ts';
import type { FeatsWord, FeatsWorkspace } from './feats-model.ts';
import { loadTaggerModel } from './serialize.ts';
import type { TaggerModel, TaggerWorkspace } from './tagger-model.ts';
import { classOf } from './vocabs.ts';

/** The shipped English model. */
export const DEFAULT_TAGGER_DIR: string = fileURLToPath(new URL('../../models/en_ewt/tagger', import.meta.url));

/** Precomputed hidden-layer rows per feature slot (the most frequent ids of each table). */
export const DEFAULT_PRECOMPUTE_ROWS = 3000;

export interface TagResult {
  upos: string;
  xpos: string;
  feats: string;
  lemma: string;
}

export interface TagOptions {
  /**
   * FEATS now (default), or '_' for every word when a later stage predicts them from the tree
   * (featsAfterParse), which is cheaper than predicting them twice.
   */
  feats?: boolean;
}

/** A tagged and parsed word, as featsAfterParse reads it. */
export interface ParsedWordInput {
  form: string;
  upos: string;
  xpos: string;
  /** 1-based head, 0 for the root. */
  head: number;
  deprel: string;
}

/**
 * A loaded tagger: UPOS, XPOS, FEATS and lemma for each word of a tokenized sentence.
 * Greedy left-to-right (one or two passes), with precomputed scorers. Not safe to share between threads (one
 * workspace and one WebAssembly memory per instance).
 */
export class Tagger {
  readonly model: TaggerModel;
  readonly manifest: Manifest | undefined;
  /** One precomputed scorer per pass. */
  private readonly scorers: PrecomputedScorer[];
  private readonly ws: TaggerWorkspace;
  private readonly featsScorer: PrecomputedScorer | undefined;
  private readonly featsWs: FeatsWorkspace | undefined;
  /** Class id of each `UPOS\tXPOS` pair, for words tagged elsewhere. */
  private readonly classIndex: Map<string, number>;

  constructor(model: TaggerModel, manifest?: Manifest, precomputeRows = DEFAULT_PRECOMPUTE_ROWS) {
    this.model = model;
    this.manifest = manifest;
    this.scorers = model.passes.map((p) => new PrecomputedScorer(p.net, precomputeRows));
    this.ws = model.newWorkspace();
    const fm = model.featsModel;
    this.featsScorer = fm ? new PrecomputedScorer(fm.net, precomputeRows) : undefined;
    this.featsWs = fm?.newWorkspace();
    this.classIndex = new Map(model.vocabs.classes.map((c, i) => [c, i]));
  }

  /** Loads a tagger model directory (default: the shipped English model). */
  static load(dir: string = DEFAULT_TAGGER_DIR, kernels: Kernels = createKernels(), precomputeRows = DEFAULT_PRECOMPUTE_ROWS): Tagger {
    const { model, manifest } = loadTaggerModel(dir, kernels);
    return new Tagger(model, manifest, precomputeRows);
  }

  /**
   * Tags one sentence of syntactic words (forms as written). FEATS come from the words alone here
   * (a FEATS network without a tree, or the FEATS table); featsAfterParse does better once the
   * sentence is parsed.
   */
  tag(words: readonly string[], opts: TagOptions = {}): TagResult[] {
    const m = this.model;
    const n = m.predict(this.scorers, words, this.ws);
    const classes = Array.from(this.ws.tags.subarray(0, n), (t) => t - FIRST_CLASS_ID);
    const feats = opts.feats === false ? undefined : this.featsOf(words, classes, undefined);
    const out: TagResult[] = new Array<TagResult>(n);
    for (let i = 0; i < n; i++) {
      const c = classes[i];
      out[i] = { upos: m.classUpos[c], xpos: m.classXpos[c], feats: feats ? feats[i] : '_', lemma: m.lemma(words[i], c) };
    }
    return out;
  }

  /**
   * FEATS of a tagged and parsed sentence (the pipeline's stage after parsing): agreement comes from
   * the subject, which the tree gives. Words tagged with a class this tagger does not know get '_'.
   */
  featsAfterParse(words: readonly ParsedWordInput[]): string[] {
    const forms = words.map((w) => w.form);
    this.model.encode(forms, this.ws);
    const classes = words.map((w) => this.classIndex.get(classOf(w.upos, w.xpos)) ?? -1);
    return this.featsOf(forms, classes, words);
  }

  /** FEATS by the network (with the tree when there is one) or by the table; ws.enc must hold the sentence. */
  private featsOf(forms: readonly string[], classes: readonly number[], tree: readonly ParsedWordInput[] | undefined): string[] {
    const m = this.model, fm = m.featsModel;
    if (!fm || !this.featsScorer || !this.featsWs) {
      const table = m.featsTable;
      if (!table) throw new Error('the tagger has neither a FEATS network nor a FEATS table');
      return forms.map((f, i) => (classes[i] < 0 ? '_' : table.feats(f, classes[i], i > 0 ? forms[i - 1] : '', i > 0 ? classes[i - 1] : -1)));
    }
    const fw: FeatsWord[] = classes.map((cls, i) => ({ cls, head: tree ? tree[i].head : -1, deprel: tree ? tree[i].deprel : '' }));
    fm.prepare(fw, this.featsWs);
    const out = new Array<string>(forms.length);
    for (let i = 0; i < forms.length; i++) {
      const f = fm.predict(this.featsScorer, this.ws.enc, this.featsWs, i, classes[i]);
      out[i] = f < 0 ? '_' : fm.vocab.strings[f];
    }
    return out;
  }

  /** Copies of the sentences with UPOS, XPOS, FEATS and LEMMA replaced by the tagger's. */
  tagSentences(sentences: readonly Sentence[]): Sentence[] {
    return sentences.map((s) => {
      const tags = this.tag(s.words.map((w) => w.form));
      return { ...s, comments: [...s.comments], lines: [...s.lines], words: s.words.map((w, i) => ({ ...w, ...tags[i] })) };
    });
  }
}
