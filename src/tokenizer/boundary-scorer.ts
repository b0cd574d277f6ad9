import type { Network } from '../model/network.ts';
import { PrecomputedScorer } from '../model/precompute.ts';

/**
 * Boundary logit (score[1] − score[0]) of a 2-output network, with the precomputation trick: the
 * hidden-layer contribution of every (slot, id) below `maxRows` is computed once, so a candidate
 * costs one `sumRows` over the slots, plus a small matrix-vector product per rarer id. The ReLU and
 * the output layer are fused into one dot product with W2[1] − W2[0].
 * Built once the weights are final; the network must not change afterwards.
 */
export class BoundaryScorer {
  private readonly net: Network;
  private readonly hidden: PrecomputedScorer;
  private readonly wDiff: Float32Array;
  private readonly bDiff: number;

  constructor(net: Network, maxRows: number) {
    if (net.shape.outputs !== 2 || net.shape.activation !== 'relu') throw new Error('BoundaryScorer needs a 2-output ReLU network');
    this.net = net;
    this.hidden = new PrecomputedScorer(net, maxRows);
    const H = net.shape.hidden;
    const g = net.arena.f32();
    this.wDiff = new Float32Array(H);
    for (let h = 0; h < H; h++) this.wDiff[h] = g[(net.W2 >> 2) + H + h] - g[(net.W2 >> 2) + h];
    this.bDiff = g[(net.b2 >> 2) + 1] - g[net.b2 >> 2];
  }

  logit(ids: Int32Array, offset: number): number {
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
    return acc;
  }
}
