import { createKernels } from '../../kernels/index.ts';
import { PrecomputedScorer } from '../../model/precompute.ts';
import type { TokenInput } from '../../ud/types.ts';
import type { EncodedSentence } from '../features.ts';
import { emptyEncoded, type ParserModel } from '../parser-model.ts';
import { loadModel } from '../serialize.ts';
import type { ParserState } from '../state.ts';

interface Member {
  model: ParserModel;
  scorer: PrecomputedScorer;
  enc: EncodedSentence;
  features: Int32Array;
}

/**
 * An ensemble of trained parsers used as teachers (knowledge distillation, Liu et al. 2018): in
 * any state their softmax distributions over the legal transitions are averaged. Members may use
 * different features and vocabularies (each encodes the sentence its own way, in its own kernels'
 * memory) but must share the label set, so that transition ids mean the same thing.
 */
export class Teachers {
  private readonly members: Member[];

  /** The label set every member shares (the student takes it too). */
  readonly labels: readonly string[];

  constructor(dirs: readonly string[]) {
    this.members = dirs.map((dir) => {
      const { model } = loadModel(dir, createKernels());
      return { model, scorer: new PrecomputedScorer(model.net, 4000), enc: emptyEncoded(), features: new Int32Array(model.template.numSlots) };
    });
    const first = this.members[0];
    if (!first) throw new Error('no teachers');
    this.labels = first.model.vocabs.labels;
    dirs.forEach((dir, i) => {
      if (this.members[i]?.model.vocabs.labels.join('\n') !== this.labels.join('\n')) throw new Error(`teacher ${dir}: its label set differs from the first teacher's`);
    });
  }

  get size(): number {
    return this.members.length;
  }

  /** Encodes the sentence every member will be asked about next. */
  encode(words: readonly TokenInput[]): void {
    for (const m of this.members) m.model.encode(words, m.enc);
  }

  /** q[t] = mean over the members of their softmax over the legal transitions (0 for illegal ones). */
  distribution(state: ParserState, valid: Uint8Array, q: Float32Array): void {
    const T = q.length, share = 1 / this.members.length;
    q.fill(0);
    for (const m of this.members) {
      m.model.template.extract(state, m.enc, m.features, 0);
      const scores = m.scorer.score(m.features, 0);
      let max = -Infinity;
      for (let t = 0; t < T; t++) if (valid[t] && scores[t] > max) max = scores[t];
      let sum = 0;
      for (let t = 0; t < T; t++) if (valid[t]) sum += Math.exp(scores[t] - max);
      for (let t = 0; t < T; t++) if (valid[t]) q[t] += (Math.exp(scores[t] - max) / sum) * share;
    }
  }
}
