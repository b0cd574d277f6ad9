import { trainingVectors } from '../../model/train/training-vectors.ts';
import type { Sentence } from '../../ud/types.ts';
import { Tagger } from '../tagger.ts';
import { foldOf, jackknifeFirstPass } from './first-pass.ts';
import type { TaggerModel } from '../tagger-model.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainOptions, trainPass } from './train-pass.ts';
import { trainTaggerModel } from './train-tagger.ts';
import { buildTaggerVocabs } from './vocabs.ts';
import { makeTaggerExamples } from './training-data.ts';
import { JACKKNIFE_EPOCHS } from './defaults.ts';

export { JACKKNIFE_EPOCHS };

export interface JackknifeOptions extends Partial<TaggerTrainOptions> {
  /** Called after each fold with its index (0-based), the fold count and the seconds it took. */
  onFold?: (fold: number, k: number, seconds: number) => void;
}

/**
 * k-fold jackknifing: sentence i goes to fold i mod k (so every fold samples every genre of the
 * file); each fold is tagged by a tagger trained on the other k − 1 folds for a fixed number of
 * epochs (JACKKNIFE_EPOCHS and a single network unless opts say otherwise; no dev set is looked at).
 * Returns copies of the sentences, in order, whose UPOS, XPOS, FEATS and LEMMA are predicted:
 * training data for a parser that expects the tagger's mistakes. Pretrained vectors are selected
 * once, from the whole file, as the full tagger's are: every fold reads the same table.
 *
 * A two-pass tagger's folds share one first-pass jackknifing (first-pass.ts, k folds): fold f's
 * first pass is the one trained without fold f, and its second pass learns from the other folds'
 * first-pass predictions, so nothing of fold f's gold tags reaches fold f's tags; that costs 2k
 * trainings instead of k·(k + 2) for nested jackknifing.
 */
export function jackknifeTags(train: Sentence[], k: number, opts: JackknifeOptions = {}): Sentence[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`jackknifing needs k ≥ 2 folds, got ${k}`);
  if (train.length < k) throw new Error(`jackknifing needs at least k = ${k} sentences, got ${train.length}`);
  const { onFold, ...trainOpts } = opts;
  // Folds tag FEATS by table: the parser that learns from jackknifed data reads no FEATS.
  const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, epochs: JACKKNIFE_EPOCHS, ensemble: 1, ...trainOpts, featsNetwork: false };
  const vectors = trainingVectors(o, train);
  const out = new Array<Sentence>(train.length);
  const held = (f: number): Sentence[] => train.filter((_, i) => foldOf(i, k) === f);
  const place = (f: number, tagged: Sentence[]): void => tagged.forEach((s, j) => { out[j * k + f] = s; });
  if (o.passes === 1) {
    for (let f = 0; f < k; f++) {
      const started = Date.now();
      const others = train.filter((_, i) => foldOf(i, k) !== f);
      const { model } = trainTaggerModel(others, [], { ...o, seed: o.seed + f }, {}, { vectors });
      place(f, new Tagger(model).tagSentences(held(f)));
      onFold?.(f, k, (Date.now() - started) / 1000);
    }
    return out;
  }
  const first = jackknifeFirstPass(train, o, vectors, (f, kk, seconds) => onFold?.(f, 2 * kk, seconds), k, o.epochs);
  const models: (TaggerModel | undefined)[] = first.models;
  for (let f = 0; f < k; f++) {
    const started = Date.now();
    const model = models[f];
    if (!model) throw new Error(`no first-pass tagger for fold ${f}`);
    const idx = train.flatMap((_, i) => (foldOf(i, k) !== f ? [i] : []));
    const others = idx.map((i) => train[i] as Sentence);
    // Word counts for word dropout, from the sentences the fold's vocabularies were built from.
    const { wordCounts } = buildTaggerVocabs(others, o);
    trainPass(model, 1, makeTaggerExamples(model, others, 1, idx.map((i) => first.predictions[i] ?? [])), [], { ...o, seed: o.seed + f },
      wordCounts, {});
    place(f, new Tagger(model).tagSentences(held(f)));
    models[f] = undefined; // frees the fold's memory as soon as it is done
    onFold?.(k + f, 2 * k, (Date.now() - started) / 1000);
  }
  return out;
}
