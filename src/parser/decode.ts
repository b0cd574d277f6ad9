import type { ArcStandard } from './arc-standard.ts';
import { ParserError } from '../ud/errors.ts';
import type { EncodedSentence, FeatureTemplate } from './features.ts';
import { ParserState } from './state.ts';

/** Fills `scores` (numTransitions floats) for one feature vector. */
export interface TransitionScorer {
  score(ids: Int32Array, offset: number): Float32Array;
}

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

/**
 * Greedy arc-standard parse: the best legal transition at every step (argmax; lowest id on ties).
 * The probability of each attaching transition (softmax over legal ones) is kept in state.prob.
 * The result is left in ws.state (head, label, prob); nothing is allocated per transition.
 */
export function greedyParse(system: ArcStandard, template: FeatureTemplate, scorer: TransitionScorer,
  sent: EncodedSentence, ws: Workspace): ParserState {
  const s = ws.state;
  const valid = ws.valid;
  const T = system.numTransitions;
  s.reset(sent.n);
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
    if (best !== 0) {
      let sum = 0;
      // Equal scores count as exp(0) so an infinite best score still gives a finite probability.
      for (let t = 0; t < T; t++) {
        if (!valid[t]) continue;
        const v = scores[t];
        if (v === bestScore) sum += 1;
        else if (v === v) sum += Math.exp(v - bestScore);
      }
      const dependent = best & 1 ? s.stack[s.stackSize - 2] : s.stack[s.stackSize - 1];
      s.prob[dependent] = 1 / sum;
    }
    system.apply(s, best);
  }
  return s;
}
