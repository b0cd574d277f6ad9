import type { Sentence } from '../../ud/types.ts';
import { Tagger } from '../tagger.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainOptions, trainTaggerModel } from './train-tagger.ts';

/** Epochs per fold unless given: the dev curve is within ~0.1 of its best by then, and k trainings must stay cheap. */
export const JACKKNIFE_EPOCHS = 6;

export interface JackknifeOptions extends Partial<TaggerTrainOptions> {
  /** Called after each fold with its index (0-based), the fold count and the seconds it took. */
  onFold?: (fold: number, k: number, seconds: number) => void;
}

/**
 * k-fold jackknifing: sentence i goes to fold i mod k (so every fold samples every genre of the
 * file); each fold is tagged by a tagger trained on the other k − 1 folds for a fixed number of
 * epochs (JACKKNIFE_EPOCHS and a single network unless opts say otherwise; no dev set is looked at).
 * Returns copies of the sentences, in order, whose UPOS, XPOS, FEATS and LEMMA are predicted:
 * training data for a parser that expects the tagger's mistakes.
 */
export function jackknifeTags(train: Sentence[], k: number, opts: JackknifeOptions = {}): Sentence[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`jackknifing needs k ≥ 2 folds, got ${k}`);
  if (train.length < k) throw new Error(`jackknifing needs at least k = ${k} sentences, got ${train.length}`);
  const { onFold, ...trainOpts } = opts;
  const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, epochs: JACKKNIFE_EPOCHS, ensemble: 1, ...trainOpts };
  const out = new Array<Sentence>(train.length);
  for (let f = 0; f < k; f++) {
    const started = Date.now();
    const others = train.filter((_, i) => i % k !== f);
    const held = train.filter((_, i) => i % k === f);
    const { model } = trainTaggerModel(others, [], { ...o, seed: o.seed + f });
    const tagged = new Tagger(model).tagSentences(held);
    tagged.forEach((s, j) => { out[j * k + f] = s; });
    onFold?.(f, k, (Date.now() - started) / 1000);
  }
  return out;
}
