import type { Kernels } from '../kernels/index.ts';
import { createKernels } from '../kernels/index.ts';
import { ExampleBuilder, type ExampleSet } from '../model/examples.ts';
import { PrecomputedScorer } from '../model/precompute.ts';
import { Rng } from '../model/random.ts';
import type { EncodedSentence } from './features.ts';
import { emptyEncoded, type ParserModel } from './parser-model.ts';
import { loadModel } from './serialize.ts';
import { ParserState } from './state.ts';
import type { Sentence } from '../ud/types.ts';

/** A trained parser whose transition distribution serves as the training target. */
export interface Teacher {
  model: ParserModel;
  scorer: PrecomputedScorer;
  enc: EncodedSentence;
  feats: Int32Array;
}

export function loadTeachers(dirs: readonly string[], kernels: () => Kernels = createKernels): Teacher[] {
  return dirs.map((dir) => {
    const { model } = loadModel(dir, kernels());
    return { model, scorer: new PrecomputedScorer(model.net, 4000), enc: emptyEncoded(), feats: new Int32Array(model.template.numSlots) };
  });
}

export interface DistillOptions {
  /** Trajectories per sentence: the first follows the ensemble's best transitions, later ones explore. */
  passes: number;
  /** In exploring passes, the probability of sampling a transition from the ensemble instead of taking its best. */
  explore: number;
  seed: number;
  /**
   * The same sentences with predicted (jackknifed) tags: exploring passes show the student these,
   * while the teachers keep seeing the gold tags, so the student learns to parse through tagging
   * errors toward what the teachers would do with correct tags.
   */
  predicted?: readonly Sentence[] | undefined;
}

/**
 * Knowledge distillation from an ensemble (Kuncoro et al. 2016): every state on the trajectories
 * becomes an example whose target is the teachers' averaged softmax over legal transitions. The
 * ensemble can score any state, also ones off the gold path that exploration reaches, so it acts as
 * a dynamic oracle; non-projective sentences are usable as well.
 */
export function makeDistillationExamples(student: ParserModel, teachers: readonly Teacher[], sentences: readonly Sentence[],
  opts: DistillOptions): ExampleSet {
  const labels = student.vocabs.labels.join('\n');
  for (const t of teachers) {
    if (t.model.vocabs.labels.join('\n') !== labels) throw new Error('teachers and student must share the label set');
  }
  const system = student.system;
  const T = system.numTransitions;
  const builder = new ExampleBuilder(student.template.numSlots, T, 1 << 16, true);
  const state = new ParserState(128);
  const valid = new Uint8Array(T);
  const q = new Float64Array(T);
  const rng = new Rng(opts.seed);
  const enc = emptyEncoded();
  const encPredicted = emptyEncoded();
  if (opts.predicted && opts.predicted.length !== sentences.length) throw new Error('predicted-tag sentences must match the training sentences');
  sentences.forEach((s, i) => {
    student.encode(s.words, enc);
    const p = opts.predicted?.[i];
    if (p) {
      if (p.words.length !== s.words.length) throw new Error(`predicted-tag sentence ${i} has a different length`);
      student.encode(p.words, encPredicted);
    }
    for (const t of teachers) t.model.encode(s.words, t.enc);
    for (let pass = 0; pass < opts.passes; pass++) {
      const studentEnc = pass > 0 && p ? encPredicted : enc;
      state.reset(s.words.length);
      while (!system.isTerminal(state)) {
        system.fillValidMask(state, valid);
        ensembleDistribution(teachers, state, valid, q);
        let best = -1;
        for (let t = 0; t < T; t++) if (valid[t] && (best < 0 || q[t] > (q[best] ?? 0))) best = t;
        const { idsOffset, validOffset } = builder.add(best);
        student.template.extract(state, studentEnc, builder.idsArray, idsOffset);
        builder.validArray.set(valid, validOffset);
        const soft = builder.softArray;
        for (let t = 0; t < T; t++) soft[validOffset + t] = q[t];
        let next = best;
        if (pass > 0 && rng.next() < opts.explore) {
          let r = rng.next();
          for (let t = 0; t < T; t++) {
            if (!valid[t]) continue;
            next = t;
            r -= q[t];
            if (r <= 0) break;
          }
        }
        system.apply(state, next);
      }
    }
  });
  return builder.build();
}

/** q = mean over teachers of the softmax over legal transitions. */
export function ensembleDistribution(teachers: readonly Teacher[], state: ParserState, valid: Uint8Array, q: Float64Array): void {
  const T = q.length;
  q.fill(0);
  for (const m of teachers) {
    m.model.template.extract(state, m.enc, m.feats, 0);
    const sc = m.scorer.score(m.feats, 0);
    let max = -Infinity;
    for (let t = 0; t < T; t++) if (valid[t] && sc[t] > max) max = sc[t];
    let sum = 0;
    for (let t = 0; t < T; t++) if (valid[t]) sum += Math.exp(sc[t] - max);
    for (let t = 0; t < T; t++) if (valid[t]) q[t] += Math.exp(sc[t] - max) / sum / teachers.length;
  }
}
