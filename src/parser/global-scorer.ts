import { type PrecomputedScorer, transposedCopy } from '../model/precompute.ts';
import type { Scorer } from '../model/scorer.ts';
import type { ParserModel } from './parser-model.ts';

/**
 * Scores for beam search with the globally trained layer: `score` returns the local transition
 * scores (as the precomputed scorer does) and leaves a correction W2g·h + b2g from the same
 * hidden layer in `correction`. A derivation is ranked by Σ (local log-softmax + correction):
 * with the correction at zero (its initial value) that is the locally normalised beam, and
 * global training only learns what the local model gets wrong about whole derivations.
 */
export class GlobalScorer implements Scorer {
  private readonly model: ParserModel;
  private readonly inner: PrecomputedScorer;
  private readonly out: number;
  /** W2g transposed when the inner scorer skips the zeros of h (a loaded model), else 0. */
  private readonly globalT: number;
  private view: Float32Array;
  private local: Float32Array;

  constructor(model: ParserModel, inner: PrecomputedScorer) {
    if (model.globalW2 < 0) throw new Error('this parser has no global output layer');
    this.model = model;
    this.inner = inner;
    const net = model.net;
    this.out = net.arena.alloc(net.shape.outputs);
    this.globalT = inner.sparseOutput ? transposedCopy(net, model.globalW2) : 0;
    this.view = net.arena.view(this.out, net.shape.outputs);
    this.local = net.arena.view(net.scores, net.shape.outputs);
  }

  get numOutputs(): number {
    return this.model.net.shape.outputs;
  }

  score(ids: Int32Array, offset: number): Float32Array {
    const net = this.model.net;
    this.inner.hidden(ids, offset);
    this.inner.output();
    this.inner.outputOf(this.model.globalW2, this.globalT, this.model.globalB2, this.out);
    if (this.view.buffer !== net.arena.memory.buffer) {
      this.view = net.arena.view(this.out, net.shape.outputs);
      this.local = net.arena.view(net.scores, net.shape.outputs);
    }
    return this.local;
  }

  /** The global correction of the last `score` call. */
  get correction(): Float32Array {
    return this.view;
  }
}
