import type { Scorer } from '../model/scorer.ts';
import { ParserError } from '../ud/errors.ts';
import type { EncodedSentence, FeatureTemplate } from './features.ts';
import { ParserState } from './state.ts';
import type { TransitionSystem } from './transition-system.ts';

/** Scratch memory for one parsing thread; reused across sentences. */
export class Workspace {
  readonly state: ParserState;
  readonly features: Int32Array;
  readonly valid: Uint8Array;

  constructor(numSlots: number, numTransitions: number, capacity = 128) {
    this.state = new ParserState(capacity);
    this.features = new Int32Array(numSlots);
    this.valid = new Uint8Array(numTransitions);
  }
}

/** exp(−50) ≈ 2e-22: a few hundred such terms stay far below a double's precision at 1. */
const NEGLIGIBLE = 50;

/**
 * Greedy decoding: the best legal transition at every step (argmax; lowest id on ties).
 * The probability of each attaching transition (softmax over legal ones, at `temperature`) is kept
 * in state.prob; state.logProb sums the log-probabilities (temperature 1) of all chosen transitions,
 * the tree's probability under the model. The result is left in ws.state; nothing is allocated per
 * transition.
 */
export function greedyParse(system: TransitionSystem, template: FeatureTemplate, scorer: Scorer,
  sent: EncodedSentence, ws: Workspace, temperature = 1, trace?: DecisionTrace): ParserState {
  const s = ws.state;
  const valid = ws.valid;
  const T = system.numTransitions;
  const invTemp = 1 / temperature;
  s.reset(sent.n);
  let logProb = 0;
  while (!system.isTerminal(s)) {
    template.extract(s, sent, ws.features, 0);
    const scores = scorer.score(ws.features, 0);
    system.fillValidMask(s, valid);
    let best = -1;
    let bestScore = -Infinity;
    for (let t = 0; t < T; t++) {
      if (valid[t] && scores[t] > bestScore) {
        bestScore = scores[t];
        best = t;
      }
    }
    if (best < 0) {
      throw new ParserError('PARSER_ERR_NO_VALID_TRANSITION', 'no legal transition (or the scores are NaN)', { step: s.steps });
    }
    const dependent = system.dependentOf(s, best);
    // The tempered sum is only for the probability of an attachment (a shift attaches nothing).
    const tempered = dependent >= 0 && temperature !== 1;
    let sum = 0, sumT = 0;
    // Equal scores count as exp(0) so an infinite best score still gives a finite probability.
    // Terms below exp(−NEGLIGIBLE) (all of them together < 1e-19 of a sum that is ≥ 1) are skipped:
    // most of the labelled moves score far below the best, and exp is most of this loop's time.
    for (let t = 0; t < T; t++) {
      if (!valid[t]) continue;
      const v = scores[t];
      if (v === bestScore) {
        sum += 1;
        sumT += 1;
      } else if (v === v) {
        const d = v - bestScore;
        if (d > -NEGLIGIBLE) sum += Math.exp(d);
        if (tempered && d * invTemp > -NEGLIGIBLE) sumT += Math.exp(d * invTemp);
      }
    }
    logProb -= Math.log(sum);
    if (dependent >= 0) s.prob[dependent] = tempered ? 1 / sumT : 1 / sum;
    if (trace) trace(scores, valid, best, dependent);
    system.apply(s, best);
  }
  s.logProb = logProb;
  return s;
}

/** Sees every decision of a greedy parse (calibration, analysis): the scores, the legal moves, the chosen one and the word it attaches (-1: none). */
export type DecisionTrace = (scores: Float32Array, valid: Uint8Array, chosen: number, dependent: number) => void;

/** A finished parse: head, relation and attachment probability of word i + 1 at index i. */
export interface ParsedTree {
  head: Int32Array;
  label: string[];
  prob: Float32Array;
  /** Log-probability of the tree's derivation (greedy) or of the tree among the beam's (see BeamResult). */
  logProb: number;
  /** With k-best decoding: the k best distinct trees, best first (the first is this tree). */
  kbest?: KBestTree[] | undefined;
}

/** One of the k best trees: heads and relations of words 1..n at indices 0..n-1. */
export interface KBestTree {
  logProb: number;
  head: Int32Array;
  label: string[];
  /** Attachment probability of each word along this tree's derivation. */
  prob: Float32Array;
}

/**
 * Reads the tree of a terminal state. Every word has a head and a relation once the transition
 * system reports a terminal state; a word without them is a bug in the system and throws.
 */
export function readTree(s: ParserState, labels: readonly string[]): ParsedTree {
  const n = s.n;
  const head = new Int32Array(n), prob = new Float32Array(n), label = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const l = labels[s.label[i + 1]];
    if (s.head[i + 1] < 0 || l === undefined) throw new Error(`word ${i + 1} of ${n} has no head or relation after a complete parse`);
    head[i] = s.head[i + 1];
    label[i] = l;
    prob[i] = s.prob[i + 1];
  }
  return { head, label, prob, logProb: s.logProb };
}
