import { ExampleBuilder, type ExampleSet } from '../../model/train/examples.ts';
import { DirectScorer } from '../../model/precompute.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainSchedule, scheduleOf, trainNetwork } from '../../model/train/trainer.ts';
import { initializeNetwork } from '../../model/train/initialize.ts';
import { Vocab } from '../../model/vocab.ts';
import type { Sentence } from '../../ud/types.ts';
import { type FeatsVocab, type FeatsWord } from '../feats-model.ts';
import type { TaggerModel } from '../tagger-model.ts';
import { classOf } from '../vocabs.ts';

/**
 * Training of the FEATS network (feats-model.ts). Examples come from the gold trees and classes of
 * the training file, one per word whose class allows more than one FEATS string; a share of the
 * sentences (`noTree`) is also learned without its tree, so that the tagger alone (before parsing)
 * gets FEATS from the same network. Model selection: FEATS accuracy on dev with the tagger's
 * predicted classes and the gold tree.
 */
export interface FeatsTrainOptions extends TrainSchedule {
  /** Share of the training sentences also learned without their tree. */
  noTree: number;
}

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

/** The FEATS strings (most frequent first), the strings each class was seen with, and the relations of the training file. */
export function learnFeatsVocab(train: readonly Sentence[], classes: readonly string[]): FeatsVocab {
  const counts = new Map<string, number>(), deprels = new Map<string, number>();
  for (const s of train) for (const w of s.words) { bump(counts, w.feats); bump(deprels, w.deprel); }
  const strings = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([f]) => f);
  const index = new Map(strings.map((f, i) => [f, i]));
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const sets = classes.map(() => new Set<number>());
  for (const s of train) {
    for (const w of s.words) {
      const c = classIndex.get(classOf(w.upos, w.xpos)), f = index.get(w.feats);
      if (c !== undefined && f !== undefined) sets[c]?.add(f);
    }
  }
  // A class never seen in training (possible only in a merged model) allows the most frequent string.
  return { strings, byClass: sets.map((set) => (set.size > 0 ? [...set].sort((a, b) => a - b) : [0])), deprels: Vocab.fromCounts(deprels) };
}

/** The class ids of the sentences' words (gold tags; -1 for a class outside the tagger's set). */
export function goldClasses(model: TaggerModel, s: Sentence): number[] {
  const index = new Map(model.vocabs.classes.map((c, i) => [c, i]));
  return s.words.map((w) => index.get(classOf(w.upos, w.xpos)) ?? -1);
}

/** One example per word with a choice: with the gold tree, and (for a `noTree` share of the sentences) again without it. */
export function makeFeatsExamples(model: TaggerModel, train: readonly Sentence[], noTree: number, seed: number): ExampleSet {
  const fm = model.featsModel;
  if (!fm) throw new Error('the tagger has no FEATS network');
  const C = fm.vocab.strings.length;
  const index = new Map(fm.vocab.strings.map((f, i) => [f, i]));
  const builder = new ExampleBuilder(fm.template.numSlots, C, 1 << 16);
  const ws = model.newWorkspace(), fws = fm.newWorkspace();
  const rng = new Rng(seed);
  for (const s of train) {
    model.encode(s.words.map((w) => w.form), ws);
    const classes = goldClasses(model, s);
    const withTree: FeatsWord[] = s.words.map((w, i) => ({ cls: classes[i] ?? -1, head: w.head, deprel: w.deprel }));
    const variants = rng.next() < noTree ? [withTree, withTree.map((w) => ({ ...w, head: -1, deprel: '' }))] : [withTree];
    for (const words of variants) {
      fm.prepare(words, fws);
      s.words.forEach((w, i) => {
        const cls = classes[i] ?? -1, gold = index.get(w.feats);
        const allowed = cls >= 0 ? fm.vocab.byClass[cls] : undefined;
        if (!allowed || allowed.length < 2 || gold === undefined || !allowed.includes(gold)) return;
        const { idsOffset, validOffset } = builder.add(gold);
        fm.extract(ws.enc, fws, i, builder.idsArray, idsOffset);
        for (const f of allowed) builder.validArray[validOffset + f] = 1;
      });
    }
  }
  return builder.build();
}

/** FEATS accuracy (percent) on sentences whose classes are given (e.g. the tagger's), with their gold trees. */
export function featsAccuracy(model: TaggerModel, sentences: readonly Sentence[], classes: readonly (readonly number[])[]): number {
  const fm = model.featsModel;
  if (!fm) throw new Error('the tagger has no FEATS network');
  const scorer = new DirectScorer(fm.net);
  const ws = model.newWorkspace(), fws = fm.newWorkspace();
  let right = 0, words = 0;
  sentences.forEach((s, k) => {
    const cls = classes[k] ?? [];
    model.encode(s.words.map((w) => w.form), ws);
    fm.prepare(s.words.map((w, i) => ({ cls: cls[i] ?? -1, head: w.head, deprel: w.deprel })), fws);
    s.words.forEach((w, i) => {
      const f = fm.predict(scorer, ws.enc, fws, i, cls[i] ?? -1);
      right += +((f < 0 ? '_' : fm.vocab.strings[f]) === w.feats);
      words++;
    });
  });
  return words === 0 ? 0 : (100 * right) / words;
}

/**
 * Trains the FEATS network in place (initialised from the seed). `devClasses` are the tagger's
 * classes of the dev words; returns the best epoch.
 */
export function trainFeatsNetwork(model: TaggerModel, train: readonly Sentence[], dev: readonly Sentence[], devClasses: readonly (readonly number[])[],
  o: FeatsTrainOptions, onEpoch?: (info: Omit<EpochInfo, 'dev'> & { dev: number | undefined }) => void): number {
  const fm = model.featsModel;
  if (!fm) throw new Error('the tagger has no FEATS network');
  initializeNetwork(fm.net, new Rng(o.seed));
  const examples = makeFeatsExamples(model, train, o.noTree, o.seed);
  let last: number | undefined;
  return trainNetwork(fm.net, examples, {
    ...scheduleOf(o), patience: dev.length > 0 ? o.patience : o.epochs,
    evaluate: (epoch) => {
      if (dev.length === 0) return epoch;
      last = featsAccuracy(model, dev, devClasses);
      return last;
    },
    onEpoch: (info) => onEpoch?.({ ...info, dev: last }),
  }).bestEpoch;
}
