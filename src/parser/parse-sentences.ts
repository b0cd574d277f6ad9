import type { Scorer } from '../model/scorer.ts';
import type { Sentence } from '../ud/types.ts';
import { Workspace, greedyParse, readTree } from './decode.ts';
import { type ParserModel, emptyEncoded } from './parser-model.ts';

/** Parses CoNLL-U sentences (tokens and tags as given) and returns copies with HEAD and DEPREL filled in (non-projective arcs restored). */
export function parseSentences(model: ParserModel, scorer: Scorer, sentences: readonly Sentence[],
  ws = new Workspace(model.template.numSlots, model.system.numTransitions)): Sentence[] {
  const enc = emptyEncoded();
  return sentences.map((s) => {
    model.encode(s.words, enc);
    const tree = model.restore(readTree(greedyParse(model.system, model.template, scorer, enc, ws), model.vocabs.labels));
    return { ...s, words: s.words.map((w, i) => ({ ...w, head: tree.head[i], deprel: tree.label[i] })) };
  });
}
