import type { ExampleSet } from '../../model/train/examples.ts';
import { ExampleBuilder } from '../../model/train/examples.ts';
import { type GoldTree, createOracle } from './oracle.ts';
import type { ParserModel } from '../parser-model.ts';
import { ParserState } from '../state.ts';
import { isProjective } from '../../ud/tree.ts';
import { ParserError } from '../../ud/errors.ts';
import type { Sentence } from '../../ud/types.ts';

/** Heads and label ids of a sentence; labels missing from the model's set throw. */
export function goldTree(model: ParserModel, s: Sentence): GoldTree {
  const n = s.words.length;
  const head = new Int32Array(n + 1), label = new Int32Array(n + 1);
  head[0] = -1;
  label[0] = -1;
  s.words.forEach((w, i) => {
    head[i + 1] = w.head;
    const l = model.vocabs.labels.indexOf(w.deprel);
    if (l < 0) throw new ParserError('PARSER_ERR_INPUT', `relation "${w.deprel}" is not in the model's label set`, { relation: w.deprel });
    label[i + 1] = l;
  });
  return { n, head, label };
}

export interface ParserExamples {
  examples: ExampleSet;
  sentences: number;
  /** Sentences left out because arc-standard cannot build a non-projective tree. */
  nonProjective: number;
}

/**
 * Runs the oracle `oracleName` over every projective sentence and records (features, the oracle's
 * transition, legal transitions) for every state on its path.
 */
export function makeParserExamples(model: ParserModel, sentences: readonly Sentence[], oracleName = 'static'): ParserExamples {
  const { template, system } = model;
  const builder = new ExampleBuilder(template.numSlots, system.numTransitions, 1 << 16);
  const state = new ParserState(128);
  const oracle = createOracle(oracleName, system);
  const valid = new Uint8Array(system.numTransitions);
  let nonProjective = 0;
  for (const s of sentences) {
    const gold = goldTree(model, s);
    if (system.projectiveOnly && !isProjective(gold.head, gold.n)) {
      nonProjective++;
      continue;
    }
    const enc = model.encode(s.words);
    oracle.start(gold);
    state.reset(gold.n);
    while (!system.isTerminal(state)) {
      const t = oracle.next(state);
      const { idsOffset, validOffset } = builder.add(t);
      template.extract(state, enc, builder.idsArray, idsOffset);
      system.fillValidMask(state, valid);
      builder.validArray.set(valid, validOffset);
      oracle.observe(state, t);
      system.apply(state, t);
    }
  }
  return { examples: builder.build(), sentences: sentences.length, nonProjective };
}
