import { fileURLToPath } from 'node:url';
import type { Kernels } from '../kernels/index.ts';
import type { Manifest } from '../model/model-files.ts';
import { type PrecomputeRows, PrecomputedScorer, sharedPrecomputedScorer } from '../model/precompute.ts';
import { UNMEASURED_ROWS, precomputeRowsOf } from '../model/precompute-rows.ts';
import type { Network } from '../model/network.ts';
import { type WeightStore, storeFor } from '../model/weight-store.ts';
import type { Sentence } from '../ud/types.ts';
import { FIRST_CLASS_ID } from './features.ts';
import type { FeatsWord, FeatsWorkspace } from './feats-model.ts';
import { loadTaggerModel } from './serialize.ts';
import type { TaggerModel, TaggerWorkspace } from './tagger-model.ts';
import { classOf } from './vocabs.ts';

/** The shipped English model. */
export const DEFAULT_TAGGER_DIR: string = fileURLToPath(new URL('../../models/en_ewt/tagger', import.meta.url));

/** Precomputed hidden-layer rows per feature slot for a tagger built in code (a loaded one uses its manifest's measured rows). */
export const DEFAULT_PRECOMPUTE_ROWS = 3000;

/** The precomputed scorers of a tagger's networks: one per pass, and the FEATS network's. */
export interface TaggerScorers {
  passes: readonly PrecomputedScorer[];
  feats?: PrecomputedScorer | undefined;
}

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
  /** The forms this.ws.enc was last encoded from. */
  private encoded: readonly string[] = [];

  /** `scorers`: precomputed rows per slot for every network, or the scorers themselves (as Tagger.load makes them). */
  constructor(model: TaggerModel, manifest?: Manifest, scorers: PrecomputeRows | TaggerScorers = DEFAULT_PRECOMPUTE_ROWS) {
    this.model = model;
    this.manifest = manifest;
    const given = typeof scorers === 'object' && 'passes' in scorers ? scorers : undefined;
    const rows = given ? DEFAULT_PRECOMPUTE_ROWS : scorers as PrecomputeRows;
    this.scorers = given ? [...given.passes] : model.passes.map((p) => new PrecomputedScorer(p.net, rows));
    if (this.scorers.length !== model.passes.length) throw new Error(`${this.scorers.length} scorers for ${model.passes.length} tagger passes`);
    this.ws = model.newWorkspace();
    const fm = model.featsModel;
    this.featsScorer = !fm ? undefined : given ? given.feats : new PrecomputedScorer(fm.net, rows);
    if (fm && !this.featsScorer) throw new Error('no scorer for the tagger\'s FEATS network');
    this.featsWs = fm?.newWorkspace();
    this.classIndex = new Map(model.vocabs.classes.map((c, i) => [c, i]));
  }

  /**
   * Loads a tagger model directory (default: the shipped English model) into `target` (this
   * thread's shared store by default, see parser/serialize.ts loadModel), with the precomputed
   * rows its manifest measured unless `precomputeRows` says otherwise.
   */
  static load(dir: string = DEFAULT_TAGGER_DIR, target?: Kernels | WeightStore, precomputeRows?: PrecomputeRows): Tagger {
    const store = storeFor(target);
    const { model, manifest, weightsKey } = loadTaggerModel(dir, store);
    const rows = precomputeRows ?? precomputeRowsOf(manifest, model.net.numSlots, dir);
    // The manifest measures the first pass; the further networks get as many rows as unmeasured models.
    const otherRows = typeof precomputeRows === 'number' ? precomputeRows : UNMEASURED_ROWS;
    // One shared scorer per network, keyed by the weights file and the network's name.
    const scorerOf = (name: string, net: Network, r: PrecomputeRows): PrecomputedScorer => sharedPrecomputedScorer(store, `${weightsKey}#${name}`, net, r);
    const passes = model.passes.map((p, k) => (k === 0 ? sharedPrecomputedScorer(store, weightsKey, p.net, rows) : scorerOf(`pass${k + 1}`, p.net, otherRows)));
    const fm = model.featsModel;
    return new Tagger(model, manifest, { passes, feats: fm ? scorerOf('feats', fm.net, otherRows) : undefined });
  }

  /**
   * Tags one sentence of syntactic words (forms as written). FEATS come from the words alone here
   * (a FEATS network without a tree, or the FEATS table); featsAfterParse does better once the
   * sentence is parsed.
   */
  tag(words: readonly string[], opts: TagOptions = {}): TagResult[] {
    const m = this.model;
    const n = m.predict(this.scorers, words, this.ws);
    this.encoded = words.slice();
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
    // The pipeline tags, parses, then asks for FEATS of the same sentence: its encoding is still here.
    if (!sameForms(forms, this.encoded)) this.model.encode(forms, this.ws);
    this.encoded = forms;
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

function sameForms(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
