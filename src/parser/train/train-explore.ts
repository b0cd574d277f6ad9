import { Learner } from '../../model/train/learner.ts';
import { Rng } from '../../model/train/random.ts';
import { BestParameters, type TrainOptions } from '../../model/train/trainer.ts';
import { isProjective } from '../../ud/tree.ts';
import type { Sentence } from '../../ud/types.ts';
import type { EncodedSentence } from '../features.ts';
import { emptyEncoded, type ParserModel } from '../parser-model.ts';
import { ParserState } from '../state.ts';
import { type GoldTree, createOracle } from './oracle.ts';
import { goldTree } from './training-data.ts';
import type { Teachers } from './teachers.ts';
import type { TokenInput } from '../../ud/types.ts';

export interface ExploreOptions {
  /** Epochs before exploration starts (the first ones follow the oracle only). */
  exploreFrom: number;
  /** Once exploring: probability of following the model's own prediction instead of the oracle's best move. */
  exploreRate: number;
  /**
   * `best`: the target is the highest-scoring zero-cost transition (Goldberg & Nivre 2012);
   * `all`: maximise the total probability of the zero-cost transitions.
   */
  oracleLoss: 'best' | 'all';
  /** Knowledge distillation: teachers whose averaged distribution is (part of) the target. */
  teachers?: Teachers | undefined;
  /** Weight of the teachers' distribution in the target (the rest: the best zero-cost transition). */
  distillWeight?: number | undefined;
}

/** Gold trees and encodings of the training sentences (only the projective ones for a projective-only system). */
export interface ExploreData {
  gold: GoldTree[];
  enc: EncodedSentence[];
  /** The sentences' words (teachers encode them their own way). */
  words: (readonly TokenInput[])[];
  nonProjective: number;
  states: number;
}

export function prepareExploreData(model: ParserModel, sentences: readonly Sentence[]): ExploreData {
  const projectiveOnly = model.system.projectiveOnly;
  const gold: GoldTree[] = [], enc: EncodedSentence[] = [], words: (readonly TokenInput[])[] = [];
  let nonProjective = 0, states = 0;
  for (const s of sentences) {
    const g = goldTree(model, s);
    if (projectiveOnly && !isProjective(g.head, g.n)) { nonProjective++; continue; }
    gold.push(g);
    enc.push(model.encode(s.words, emptyEncoded()));
    words.push(s.words);
    states += 2 * g.n;
  }
  return { gold, enc, words, nonProjective, states };
}

/**
 * One epoch of training with the dynamic oracle: the parser runs on each training sentence and
 * learns, in every configuration it reaches, which transitions lose nothing more (cost 0). With
 * probability `exploreRate` it then follows its own prediction, mistakes included, so it also
 * learns to recover from the configurations its errors lead to (Goldberg & Nivre 2012).
 */
export function exploreEpoch(model: ParserModel, learner: Learner, data: ExploreData, rng: Rng, explore: boolean,
  o: ExploreOptions, onProgress?: (done: number, total: number, loss: number) => void): { loss: number; trainAcc: number } {
  const { system, template, net } = model;
  const T = system.numTransitions;
  const oracle = createOracle('dynamic', system);
  if (!oracle.fillCosts) throw new Error(`the "${oracle.name}" oracle of ${system.name} cannot cost arbitrary states`);
  const state = new ParserState(128);
  const ids = new Int32Array(template.numSlots);
  const valid = new Uint8Array(T);
  const costs = new Int32Array(T);
  const soft = new Float32Array(T);
  const q = new Float32Array(T);
  const teachers = o.teachers, w = o.distillWeight ?? 1;
  const order = new Int32Array(data.gold.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  rng.shuffle(order);
  let lossSum = 0, correct = 0, steps = 0;
  for (let k = 0; k < order.length; k++) {
    const gold = data.gold[order[k]], enc = data.enc[order[k]];
    oracle.start(gold);
    state.reset(gold.n);
    teachers?.encode(data.words[order[k]]);
    while (!system.isTerminal(state)) {
      template.extract(state, enc, ids, 0);
      learner.forward(ids, 0);
      system.fillValidMask(state, valid);
      oracle.fillCosts(state, valid, costs);
      const f = net.arena.f32();
      const s0 = net.scores >> 2;
      let best = -1, bestScore = -Infinity, pred = -1, predScore = -Infinity;
      for (let t = 0; t < T; t++) {
        if (!valid[t]) continue;
        const v = f[s0 + t];
        if (v > predScore) { predScore = v; pred = t; }
        if (costs[t] === 0 && v > bestScore) { bestScore = v; best = t; }
      }
      if (teachers) {
        // Target: the teachers' distribution, mixed with the oracle's best move.
        teachers.distribution(state, valid, q);
        for (let t = 0; t < T; t++) soft[t] = w * q[t] + (t === best ? 1 - w : 0);
        lossSum += learner.learn(best, valid, 0, soft, 0);
      } else if (o.oracleLoss === 'all') {
        let z = 0;
        for (let t = 0; t < T; t++) {
          const q = valid[t] && costs[t] === 0 ? Math.exp(f[s0 + t] - bestScore) : 0;
          soft[t] = q;
          z += q;
        }
        for (let t = 0; t < T; t++) soft[t] /= z;
        lossSum += learner.learn(best, valid, 0, soft, 0);
      } else {
        lossSum += learner.learn(best, valid, 0);
      }
      if (costs[pred] === 0) correct++;
      // Exploring follows the student's own prediction; with teachers, a move sampled from their distribution.
      const follow = explore && rng.next() < o.exploreRate ? (teachers ? sample(q, T, rng) : pred) : best;
      const next = oracle.canFollow && !oracle.canFollow(follow) ? best : follow;
      system.apply(state, next);
      if (onProgress && (++steps & 4095) === 0) onProgress(steps, data.states, lossSum / steps);
    }
  }
  learner.flush();
  const total = Math.max(1, data.states);
  return { loss: lossSum / total, trainAcc: correct / total };
}

/** A transition drawn from the distribution q (which sums to 1 over the legal ones). */
function sample(q: Float32Array, T: number, rng: Rng): number {
  let r = rng.next(), last = -1;
  for (let t = 0; t < T; t++) {
    if (q[t] <= 0) continue;
    last = t;
    r -= q[t];
    if (r < 0) return t;
  }
  return last;
}

/** The epoch loop of trainNetwork, with exploring epochs instead of a fixed example set. */
export function trainExploring(model: ParserModel, data: ExploreData, o: TrainOptions & ExploreOptions): { best: number; bestEpoch: number } {
  const rng = new Rng(o.seed);
  const learner = new Learner(model.net, { ...o, inputDropout: o.inputDropout ?? 0, emaDecay: o.emaDecay ?? 0 }, rng);
  const keeper = new BestParameters(model.net);
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const started = Date.now();
    const { loss, trainAcc } = exploreEpoch(model, learner, data, rng, epoch > o.exploreFrom, o, o.onProgress);
    const info = keeper.endEpoch(learner, epoch, o.evaluate, { loss, trainAcc, seconds: (Date.now() - started) / 1000 });
    o.onEpoch?.(info);
    learner.lr = learner.lr * o.lrDecay;
    if (epoch - keeper.bestEpoch >= o.patience) break;
  }
  keeper.restore();
  return { best: keeper.best, bestEpoch: keeper.bestEpoch };
}
