import { ExampleBuilder, type ExampleSet } from '../../model/train/examples.ts';
import type { Sentence, Word } from '../../ud/types.ts';
import { ATTR, FIRST_CLASS_ID, emptyEncodedWords, encodeWords } from '../features.ts';
import { UNK_ID } from '../../ud/vocab-ids.ts';
import type { FeatsTable } from '../feats.ts';
import type { Lemmatizer } from '../lemmatizer.ts';
import { learnFeatsTable } from './learn-feats.ts';
import { type LemmatizerOptions, learnLemmatizer } from './learn-lemmatizer.ts';
import type { Scorer } from '../../model/scorer.ts';
import type { TaggerModel } from '../tagger-model.ts';
import { classOf } from '../vocabs.ts';

/**
 * One example per training word for pass `pass` (0-based): features with the gold classes of the
 * words to its left; a second pass also reads `firstPass[s][i]`, the first pass's class string of
 * word i of sentence s (predicted by a tagger that did not see the sentence: see first-pass.ts).
 */
export function makeTaggerExamples(model: TaggerModel, sentences: readonly Sentence[], pass = 0,
  firstPass?: readonly (readonly string[])[]): ExampleSet {
  const { template } = model.passes[pass] ?? model.passes[0];
  if (pass > 0 && !firstPass) throw new Error('examples of a second pass need the first pass\'s classes');
  const C = model.numClasses;
  const classIndex = new Map(model.vocabs.classes.map((c, i) => [c, i]));
  const builder = new ExampleBuilder(template.numSlots, C, 1 << 16);
  const enc = emptyEncodedWords();
  let tags = new Int32Array(64);
  for (const [k, s] of sentences.entries()) {
    const n = s.words.length;
    encodeWords(model.vocabs, s.words.map((w) => w.form), enc, model.vectors);
    if (firstPass) {
      const p = firstPass[k];
      if (p?.length !== n) throw new Error(`sentence ${k}: the first pass's classes do not match its words`);
      for (let i = 0; i < n; i++) {
        const c = classIndex.get(p[i]); // a class the fold's tagger knew but this model's training words never had: UNK
        enc.ids[ATTR.ptag][i] = c === undefined ? UNK_ID : c + FIRST_CLASS_ID;
      }
    }
    if (tags.length < n) tags = new Int32Array(2 * n);
    s.words.forEach((w, i) => {
      const c = classIndex.get(classOf(w.upos, w.xpos));
      if (c === undefined) throw new Error(`class ${classOf(w.upos, w.xpos)} is not in the tagger's class set`);
      tags[i] = c + FIRST_CLASS_ID;
    });
    for (let i = 0; i < n; i++) {
      const { idsOffset, validOffset } = builder.add(tags[i] - FIRST_CLASS_ID);
      template.extract(enc, i, tags, builder.idsArray, idsOffset);
      builder.validArray.fill(1, validOffset, validOffset + C);
    }
  }
  return builder.build();
}

/** The lemmatizer and FEATS table learned from gold training words (class ids from the model's class set). */
export function learnLexicon(sentences: readonly Sentence[], classes: readonly string[],
  o: LemmatizerOptions): { lemmatizer: Lemmatizer; feats: FeatsTable } {
  const words = sentences.flatMap((s) => s.words);
  const lemmatizer = learnLemmatizer(words.map((w) => ({ form: w.form, tag: w.xpos === '_' ? w.upos : w.xpos, lemma: w.lemma })), o);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const clsOf = (w: Word): number => {
    const c = classIndex.get(classOf(w.upos, w.xpos));
    if (c === undefined) throw new Error(`class ${classOf(w.upos, w.xpos)} is not in the tagger's class set`);
    return c;
  };
  const feats = learnFeatsTable(sentences.flatMap((s) => s.words.map((w, i) => {
    const prev = i > 0 ? s.words[i - 1] : undefined;
    return { form: w.form, cls: clsOf(w), feats: w.feats, prevForm: prev?.form ?? '', prevCls: prev ? clsOf(prev) : -1 };
  })), classes.length);
  return { lemmatizer, feats };
}

/** Dev accuracies in percent (gold tokenization). */
export interface TaggerScores {
  upos: number;
  xpos: number;
  /** UPOS and XPOS both right. */
  joint: number;
  feats: number;
  lemma: number;
  words: number;
}

/** Tags gold-tokenized sentences with the passes `scorers` score and scores them; lemmas and FEATS only when `full` is set. */
export function scoreTagger(model: TaggerModel, scorers: readonly Scorer[], sentences: readonly Sentence[], full: boolean): TaggerScores {
  const ws = model.newWorkspace();
  let upos = 0, xpos = 0, joint = 0, feats = 0, lemma = 0, words = 0;
  for (const s of sentences) {
    const forms = s.words.map((w) => w.form);
    model.predict(scorers, forms, ws);
    s.words.forEach((w, i) => {
      const c = ws.tags[i] - FIRST_CLASS_ID;
      const u = model.classUpos[c] === w.upos, x = model.classXpos[c] === w.xpos;
      upos += +u;
      xpos += +x;
      joint += +(u && x);
      if (full) {
        feats += +(model.feats.feats(w.form, c, i > 0 ? forms[i - 1] : '', i > 0 ? ws.tags[i - 1] - FIRST_CLASS_ID : -1) === w.feats);
        lemma += +(model.lemma(w.form, c) === w.lemma);
      }
    });
    words += s.words.length;
  }
  const pct = (k: number): number => (words === 0 ? 0 : (100 * k) / words);
  return { upos: pct(upos), xpos: pct(xpos), joint: pct(joint), feats: pct(feats), lemma: pct(lemma), words };
}
