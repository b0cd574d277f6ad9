import { ModelError } from '../model/errors.ts';
import type { Network } from '../model/network.ts';
import { type PrecomputeRows, PrecomputedScorer } from '../model/precompute.ts';
import type { Scorer } from '../model/scorer.ts';

/**
 * Scores of a 2-output ReLU network (boundary or not) with the precomputation trick: the hidden-layer
 * contribution of every (slot, id) below `maxRows` is computed once, so a candidate costs one
 * `sumRows` over the slots plus a small matrix-vector product per rarer id. Only the difference of
 * the two scores matters (the boundary log-odds), so the output layer is fused into one dot product
 * with W2[1] − W2[0], and the scores come back shifted to [0, log-odds].
 * Built once the weights are final; the network must not change afterwards.
 */
export class BoundaryScorer implements Scorer {
  readonly numOutputs = 2;
  private readonly net: Network;
  private readonly hidden: PrecomputedScorer;
  private readonly wDiff: Float32Array;
  private readonly bDiff: number;
  private readonly scores = new Float32Array(2);

  /** `rows`: precomputed rows per slot, or a precomputed scorer of this network (shared tables). */
  constructor(net: Network, rows: PrecomputeRows | PrecomputedScorer) {
    if (net.shape.outputs !== 2 || net.shape.activation !== 'relu') {
      throw new ModelError('MODEL_ERR_INVALID', `the sentence splitter needs a 2-output ReLU network, not ${net.shape.outputs} outputs with ${net.shape.activation}`);
    }
    this.net = net;
    this.hidden = rows instanceof PrecomputedScorer ? rows : new PrecomputedScorer(net, rows);
    const H = net.shape.hidden;
    const g = net.arena.f32();
    this.wDiff = new Float32Array(H);
    for (let h = 0; h < H; h++) this.wDiff[h] = g[(net.W2 >> 2) + H + h] - g[(net.W2 >> 2) + h];
    this.bDiff = g[(net.b2 >> 2) + 1] - g[net.b2 >> 2];
  }

  score(ids: Int32Array, offset: number): Float32Array {
    const net = this.net;
    const H = net.shape.hidden;
    this.hidden.preActivation(ids, offset);
    const f = net.arena.f32();
    const z0 = net.z >> 2, w = this.wDiff;
    let acc = this.bDiff;
    for (let h = 0; h < H; h++) {
      const z = f[z0 + h];
      if (z > 0) acc += w[h] * z;
    }
    this.scores[1] = acc;
    return this.scores;
  }
}
