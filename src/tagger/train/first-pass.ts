import { createKernels } from '../../kernels/index.ts';
import { DirectScorer } from '../../model/precompute.ts';
import type { Vectors } from '../../model/vectors.ts';
import type { Sentence } from '../../ud/types.ts';
import type { TaggerModel } from '../tagger-model.ts';
import { makeTaggerExamples } from './training-data.ts';
import { type TaggerTrainOptions, newTagger, trainPass } from './train-pass.ts';

/** The fold of sentence i under k-fold jackknifing: i mod k, so every fold samples every part of the file. */
export const foldOf = (i: number, k: number): number => i % k;

/**
 * First-pass classes of every training sentence, each predicted by a first-pass tagger that did not
 * see it (k folds of opts.passFolds; fold f's tagger learns from the other folds for
 * opts.passFoldEpochs epochs, no dev set). A second pass must learn from predictions like the ones
 * it will read at run time: a first pass that tagged its own training data would be right ~99% of
 * the time, and the second pass would learn to trust it blindly.
 *
 * Returns the class strings (`UPOS\tXPOS`) per sentence and word, and fold f's tagger in models[f]
 * (its first pass trained; a second pass, if configured, untrained), which `arcparse jackknife`
 * reuses: fold f's second pass then learns from the other folds' predictions.
 */
export function jackknifeFirstPass(train: readonly Sentence[], opts: TaggerTrainOptions, vectors: Vectors | undefined,
  onFold?: (fold: number, k: number, seconds: number) => void, k = opts.passFolds, epochs = opts.passFoldEpochs,
): { predictions: string[][]; models: TaggerModel[] } {
  if (!Number.isInteger(k) || k < 2) throw new Error(`jackknifing needs k ≥ 2 folds, got ${k}`);
  if (train.length < k) throw new Error(`jackknifing needs at least k = ${k} sentences, got ${train.length}`);
  const predictions = new Array<string[]>(train.length);
  const models: TaggerModel[] = [];
  for (let f = 0; f < k; f++) {
    const started = Date.now();
    const others = train.filter((_, i) => foldOf(i, k) !== f);
    const foldOpts = { ...opts, epochs, seed: opts.seed + f };
    const { model, wordCounts } = newTagger(others, foldOpts, vectors, createKernels());
    trainPass(model, 0, makeTaggerExamples(model, others), [], foldOpts, wordCounts, {});
    const scorer = [new DirectScorer(model.net)];
    const ws = model.newWorkspace();
    train.forEach((s, i) => {
      if (foldOf(i, k) !== f) return;
      predictions[i] = model.classesOf(scorer, s.words.map((w) => w.form), ws).map((c) => model.vocabs.classes[c] ?? '');
    });
    models.push(model);
    onFold?.(f, k, (Date.now() - started) / 1000);
  }
  return { predictions, models };
}
