/**
 * What every decoder asks of a network: the scores of one feature vector. The parser scores
 * transitions, the tagger classes and the sentence splitter "boundary or not" through it.
 * Implementations: DirectScorer (a plain forward pass), PrecomputedScorer (precomputed hidden-layer
 * rows) and BoundaryScorer (two outputs with the output layer fused).
 */
export interface Scorer {
  /** Length of the score vector. */
  readonly numOutputs: number;
  /**
   * Scores of the feature ids at ids[offset .. offset + numSlots). The returned array is the
   * scorer's own and valid until the next call; only softmax-relevant differences are guaranteed
   * (a scorer may shift all scores by one constant).
   */
  score(ids: Int32Array, offset: number): Float32Array;
}
