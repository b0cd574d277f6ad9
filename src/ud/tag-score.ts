import type { Sentence, WordAnalysis } from './types.ts';

/**
 * Tagging scores on gold tokenization (word i of a predicted sentence is word i of the gold one):
 * UPOS, XPOS, FEATS (the whole string), UFeats (CoNLL 2018: only the universal features, so
 * language-specific ones such as ExtPos, Typo or NumForm do not count), lemmas, and the agreement
 * of finite verbs with their subject (Person and Number of the finite verbs that have an `nsubj`
 * or `nsubj:pass` child in the gold tree: what FEATS after parsing are for).
 */
export interface TagScores {
  words: number;
  upos: number;
  xpos: number;
  feats: number;
  ufeats: number;
  lemma: number;
  /** Finite verbs with a subject in gold: how many, and how often Person and Number are both right. */
  agreement: { verbs: number; personNumber: number; person: number; number: number };
}

/** The universal features of the CoNLL 2018 shared task's scorer. */
const UNIVERSAL_FEATURES = new Set(['PronType', 'NumType', 'Poss', 'Reflex', 'Foreign', 'Abbr', 'Gender', 'Animacy', 'Number', 'Case',
  'Definite', 'Degree', 'VerbForm', 'Mood', 'Tense', 'Aspect', 'Voice', 'Evident', 'Polarity', 'Person', 'Polite']);

/** FEATS reduced to the universal features, as the CoNLL 2018 scorer compares them. */
export function universalFeats(feats: string): string {
  if (feats === '_') return '';
  return feats.split('|').filter((f) => UNIVERSAL_FEATURES.has(f.slice(0, f.indexOf('=')))).sort().join('|');
}

/** The value of one feature in a FEATS string ('' when absent). */
export function featValue(feats: string, name: string): string {
  for (const f of feats.split('|')) if (f.startsWith(name + '=')) return f.slice(name.length + 1);
  return '';
}

/** Whether a gold word is a finite verb with a subject among the sentence's words. */
export function isFiniteWithSubject(w: WordAnalysis, words: readonly WordAnalysis[]): boolean {
  if (featValue(w.feats, 'VerbForm') !== 'Fin') return false;
  return words.some((d) => d.head === w.id && (d.deprel === 'nsubj' || d.deprel === 'nsubj:pass'));
}

export function scoreTags(gold: readonly Sentence[], pred: readonly Sentence[]): TagScores {
  let words = 0, upos = 0, xpos = 0, feats = 0, ufeats = 0, lemma = 0;
  let verbs = 0, both = 0, person = 0, number = 0;
  gold.forEach((g, i) => {
    const p = pred[i];
    if (!p || p.words.length !== g.words.length) throw new Error(`sentence ${i}: the prediction has another tokenization than the gold file`);
    g.words.forEach((w, j) => {
      const q = p.words[j] as WordAnalysis;
      words++;
      upos += +(q.upos === w.upos);
      xpos += +(q.xpos === w.xpos);
      feats += +(q.feats === w.feats);
      ufeats += +(universalFeats(q.feats) === universalFeats(w.feats));
      lemma += +(q.lemma === w.lemma);
      if (!isFiniteWithSubject(w, g.words)) return;
      verbs++;
      const pe = featValue(q.feats, 'Person') === featValue(w.feats, 'Person'), nu = featValue(q.feats, 'Number') === featValue(w.feats, 'Number');
      person += +pe;
      number += +nu;
      both += +(pe && nu);
    });
  });
  const pct = (k: number, n: number): number => (n === 0 ? 0 : (100 * k) / n);
  return {
    words, upos: pct(upos, words), xpos: pct(xpos, words), feats: pct(feats, words), ufeats: pct(ufeats, words), lemma: pct(lemma, words),
    agreement: { verbs, personNumber: pct(both, verbs), person: pct(person, verbs), number: pct(number, verbs) },
  };
}
