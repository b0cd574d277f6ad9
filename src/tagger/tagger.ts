import { fileURLToPath } from 'node:url';
import type { Kernels } from '../kernels/index.ts';
import type { Manifest } from '../model/model-files.ts';
import { type PrecomputeRows, PrecomputedScorer, sharedPrecomputedScorer } from '../model/precompute.ts';
import { precomputeRowsOf } from '../model/precompute-rows.ts';
import { type WeightStore, storeFor } from '../model/weight-store.ts';
import type { Sentence } from '../ud/types.ts';
import { FIRST_CLASS_ID } from './features.ts';
import { loadTaggerModel } from './serialize.ts';
import type { TaggerModel, TaggerWorkspace } from './tagger-model.ts';

/** The shipped English model. */
export const DEFAULT_TAGGER_DIR: string = fileURLToPath(new URL('../../models/en_ewt/tagger', import.meta.url));

/** Precomputed hidden-layer rows per feature slot for a tagger built in code (a loaded one uses its manifest's measured rows). */
export const DEFAULT_PRECOMPUTE_ROWS = 3000;

export interface TagResult {
  upos: string;
  xpos: string;
  feats: string;
  lemma: string;
}

/**
 * A loaded tagger: UPOS, XPOS, FEATS and lemma for each word of a tokenized sentence.
 * Greedy left-to-right, with the precomputed scorer. Not safe to share between threads (one
 * workspace and one WebAssembly memory per instance).
 */
export class Tagger {
  readonly model: TaggerModel;
  readonly manifest: Manifest | undefined;
  private readonly scorer: PrecomputedScorer;
  private readonly ws: TaggerWorkspace;

  constructor(model: TaggerModel, manifest?: Manifest, scorer: PrecomputeRows | PrecomputedScorer = DEFAULT_PRECOMPUTE_ROWS) {
    this.model = model;
    this.manifest = manifest;
    this.scorer = scorer instanceof PrecomputedScorer ? scorer : new PrecomputedScorer(model.net, scorer);
    this.ws = model.newWorkspace();
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
    return new Tagger(model, manifest, sharedPrecomputedScorer(store, weightsKey, model.net, rows));
  }

  /** Tags one sentence of syntactic words (forms as written). */
  tag(words: readonly string[]): TagResult[] {
    const m = this.model;
    const n = m.predict(this.scorer, words, this.ws);
    const out: TagResult[] = new Array<TagResult>(n);
    for (let i = 0; i < n; i++) {
      const c = this.ws.tags[i] - FIRST_CLASS_ID;
      const form = words[i];
      const feats = m.feats.feats(form, c, i > 0 ? words[i - 1] : '', i > 0 ? this.ws.tags[i - 1] - FIRST_CLASS_ID : -1);
      out[i] = { upos: m.classUpos[c], xpos: m.classXpos[c], feats, lemma: m.lemma(form, c) };
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
