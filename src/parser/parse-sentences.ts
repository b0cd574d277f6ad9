import { Workspace, greedyParse, type TransitionScorer } from './decode.ts';
import { emptyEncoded, type ParserModel } from './parser-model.ts';
import type { Sentence } from '../ud/types.ts';

/** Parses CoNLL-U sentences (tokens and tags as given) and returns copies with HEAD and DEPREL filled in. */
export function parseSentences(model: ParserModel, scorer: TransitionScorer, sentences: readonly Sentence[],
  ws = new Workspace(model.template.numSlots, model.system.numTransitions)): Sentence[] {
  const enc = emptyEncoded();
  const labels = model.vocabs.labels;
  return sentences.map((s) => {
    model.encode(s.words, enc);
    const st = greedyParse(model.system, model.template, scorer, enc, ws);
    return { ...s, words: s.words.map((w, i) => ({ ...w, head: st.head[i + 1], deprel: labels[st.label[i + 1]] ?? '_' })) };
  });
}
