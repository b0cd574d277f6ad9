import { Vocab } from '../../model/vocab.ts';
import { normalizeWord } from '../../ud/normalize.ts';
import type { Sentence } from '../../ud/types.ts';
import { UNK_ID } from '../../ud/vocab-ids.ts';
import { type TaggerVocabs, affix, casedWord, wordShape } from '../features.ts';
import { ambOfWordArray, classOf } from '../vocabs.ts';

/** The class id of a class seen in training (every class of the training words is in the index). */
function classIndexOf(index: ReadonlyMap<string, number>, c: string): number {
  const id = index.get(c);
  if (id === undefined) throw new Error(`class ${JSON.stringify(c)} is not in the class set`);
  return id;
}

export interface VocabOptions {
  /** Affixes and shapes seen fewer times are UNK. */
  minAffixCount: number;
  /** Words seen fewer times get no ambiguity class. */
  ambMinCount: number;
  /** A class enters a word's ambiguity class when it has at least this share of the word's tokens. */
  ambMinShare: number;
  /** Case-kept forms seen fewer times are UNK. */
  minCasedCount: number;
}

export const DEFAULT_VOCAB_OPTIONS: VocabOptions = { minAffixCount: 2, ambMinCount: 3, ambMinShare: 0.05, minCasedCount: 2 };

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

/** Vocabularies and word counts (for word dropout) from training sentences. */
export function buildTaggerVocabs(train: readonly Sentence[],
  o: VocabOptions = DEFAULT_VOCAB_OPTIONS): { vocabs: TaggerVocabs; wordCounts: Map<string, number> } {
  const word = new Map<string, number>(), shape = new Map<string, number>(), cword = new Map<string, number>();
  const prefix = new Map<string, number>(), suffix = new Map<string, number>(), cls = new Map<string, number>();
  const wordClasses = new Map<string, Map<string, number>>();
  for (const s of train) {
    for (const w of s.words) {
      const nw = normalizeWord(w.form);
      bump(word, nw);
      bump(shape, wordShape(w.form));
      bump(cword, casedWord(w.form));
      for (let l = 1; l <= 4; l++) {
        const p = affix(nw, l, false), q = affix(nw, l, true);
        if (p !== '') bump(prefix, p);
        if (q !== '') bump(suffix, q);
      }
      const c = classOf(w.upos, w.xpos);
      bump(cls, c);
      let m = wordClasses.get(nw);
      if (!m) wordClasses.set(nw, (m = new Map()));
      bump(m, c);
    }
  }
  const wordVocab = Vocab.fromCounts(word);
  const classes = Vocab.fromCounts(cls).entries();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const ambOfWordString: string[] = [];
  const amb = new Map<string, number>();
  for (const w of wordVocab.entries()) {
    const m = wordClasses.get(w);
    const total = word.get(w) ?? 0;
    if (!m || total < o.ambMinCount) { ambOfWordString.push(''); continue; }
    const members = [...m].filter(([, c]) => c >= o.ambMinShare * total).map(([c]) => classIndexOf(classIndex, c)).sort((a, b) => a - b);
    const key = members.join(',');
    ambOfWordString.push(key);
    bump(amb, key);
  }
  const ambVocab = Vocab.fromCounts(amb);
  const vocabs: TaggerVocabs = {
    word: wordVocab,
    shape: Vocab.fromCounts(shape, o.minAffixCount),
    prefix: Vocab.fromCounts(prefix, o.minAffixCount),
    suffix: Vocab.fromCounts(suffix, o.minAffixCount),
    amb: ambVocab,
    cword: Vocab.fromCounts(cword, o.minCasedCount),
    ambOfWord: ambOfWordArray(wordVocab, ambOfWordString.map((k) => (k === '' ? UNK_ID : ambVocab.id(k)))),
    classes,
  };
  return { vocabs, wordCounts: word };
}

