import { Workspace, greedyParse } from '../decode.ts';
import { emptyEncoded, type ParserModel } from '../parser-model.ts';
import type { Scorer } from '../../model/scorer.ts';
import type { Sentence } from '../../ud/types.ts';

/** One attachment decision: gaps (v − best) of the other legal transitions' scores, and whether the arc came out right. */
interface Decision {
  gaps: Float32Array;
  correct: boolean;
}

export interface Calibration {
  /** The fitted temperature (1 = the network's own probabilities). */
  temperature: number;
  /** Expected calibration error (10 equal-width bins) on the held-out half, at temperature 1 and fitted. */
  eceBefore: number;
  eceAfter: number;
  /** Mean log loss on the held-out half, at temperature 1 and fitted. */
  logLossBefore: number;
  logLossAfter: number;
  fitArcs: number;
  heldOutArcs: number;
}

/** The universal part of a relation (`nmod:poss` → `nmod`), as LAS compares them. */
const universal = (r: string): string => r.split(':')[0] ?? r;

const probAt = (d: Decision, temperature: number): number => {
  let sum = 1; // the chosen transition: gap 0
  for (let i = 0; i < d.gaps.length; i++) sum += Math.exp(d.gaps[i] / temperature);
  return 1 / sum;
};

export function logLoss(ds: readonly Decision[], temperature: number): number {
  let l = 0;
  for (const d of ds) {
    const p = Math.min(Math.max(probAt(d, temperature), 1e-12), 1 - 1e-12);
    l -= d.correct ? Math.log(p) : Math.log(1 - p);
  }
  return l / Math.max(1, ds.length);
}

/** Expected calibration error: Σ_bins (share of arcs) · |accuracy − mean probability|, 10 equal-width bins. */
export function expectedCalibrationError(probs: readonly number[], correct: readonly boolean[], bins = 10): number {
  const n = new Float64Array(bins), acc = new Float64Array(bins), conf = new Float64Array(bins);
  probs.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins));
    n[b]++;
    conf[b] += p;
    if (correct[i]) acc[b]++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++) if (n[b] > 0) ece += (n[b] / probs.length) * Math.abs(acc[b] / n[b] - conf[b] / n[b]);
  return ece;
}

/**
 * Temperature scaling (Guo et al. 2017) of the reported attachment probabilities: an arc counts as
 * correct when its head and its relation (universal part, as LAS) are both right. The temperature is fitted (log loss, a
 * grid over 0.25–4) on the first half of `dev`'s sentences; the errors are reported on the second.
 */
export function calibrate(model: ParserModel, scorer: Scorer, dev: readonly Sentence[]): Calibration {
  const decisions: Decision[][] = [[], []];
  const ws = new Workspace(model.template.numSlots, model.system.numTransitions);
  const enc = emptyEncoded();
  const labels = model.vocabs.labels;
  const half = Math.floor(dev.length / 2);
  dev.forEach((s, si) => {
    model.encode(s.words, enc);
    const pending: { gaps: Float32Array; dependent: number }[] = [];
    const state = greedyParse(model.system, model.template, scorer, enc, ws, 1, (scores, valid, chosen, dependent) => {
      if (dependent < 0) return;
      const gaps: number[] = [];
      for (let t = 0; t < scores.length; t++) if (valid[t] && t !== chosen) gaps.push(scores[t] - scores[chosen]);
      pending.push({ gaps: Float32Array.from(gaps), dependent });
    });
    // Correct as the caller sees the arc: after a pseudo-projective model's restoring.
    const n = s.words.length;
    const tree = model.restoreHeads(state.head.slice(1, n + 1), Array.from(state.label.subarray(1, n + 1), (l) => labels[l] ?? ''));
    for (const p of pending) {
      const w = s.words[p.dependent - 1];
      const correct = tree.head[p.dependent - 1] === w.head && universal(tree.label[p.dependent - 1] ?? '') === universal(w.deprel);
      decisions[si < half ? 0 : 1].push({ gaps: p.gaps, correct });
    }
  });
  const [fit, held] = decisions;
  let best = 1, bestLoss = logLoss(fit, 1);
  for (let k = -60; k <= 60; k++) {
    const t = Math.exp((k / 60) * Math.log(4));
    const l = logLoss(fit, t);
    if (l < bestLoss) { bestLoss = l; best = t; }
  }
  const ece = (t: number): number => expectedCalibrationError(held.map((d) => probAt(d, t)), held.map((d) => d.correct));
  return {
    temperature: best, eceBefore: ece(1), eceAfter: ece(best), logLossBefore: logLoss(held, 1), logLossAfter: logLoss(held, best),
    fitArcs: fit.length, heldOutArcs: held.length,
  };
}
