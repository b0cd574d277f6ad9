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
import { Tagger } from '../tagger.ts';
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

/** The lemmatizer learned from gold training words, keyed by XPOS (by UPOS where a treebank has no XPOS). */
export function learnTaggerLemmatizer(sentences: readonly Sentence[], o: LemmatizerOptions): Lemmatizer {
  const words = sentences.flatMap((s) => s.words);
  return learnLemmatizer(words.map((w) => ({ form: w.form, tag: w.xpos === '_' ? w.upos : w.xpos, lemma: w.lemma })), o);
}

/** The FEATS table learned from gold training words (class ids from the model's class set), for models without a FEATS network. */
export function learnFeatsTableOf(sentences: readonly Sentence[], classes: readonly string[]): FeatsTable {
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const clsOf = (w: Word): number => {
    const c = classIndex.get(classOf(w.upos, w.xpos));
    if (c === undefined) throw new Error(`class ${classOf(w.upos, w.xpos)} is not in the tagger's class set`);
    return c;
  };
  return learnFeatsTable(sentences.flatMap((s) => s.words.map((w, i) => {
    const prev = i > 0 ? s.words[i - 1] : undefined;
    return { form: w.form, cls: clsOf(w), feats: w.feats, prevForm: prev?.form ?? '', prevCls: prev ? clsOf(prev) : -1 };
  })), classes.length);
}

/** Dev accuracies in percent (gold tokenization). */
export interface TaggerScores {
  upos: number;
  xpos: number;
  /** UPOS and XPOS both right. */
  joint: number;
  /** FEATS of the tagger alone (before parsing). */
  feats: number;
  /** FEATS after parsing, with the gold tree (what a perfect parser would give the FEATS network). */
  featsTree: number;
  lemma: number;
  words: number;
}

/**
 * Tags gold-tokenized sentences with the passes `scorers` score and scores UPOS and XPOS; with
 * `full`, tags them as the runtime Tagger does (precomputed scorers, every pass) and also scores
 * lemmas, FEATS of the tagger alone and (with a FEATS network) FEATS after a parse that got the
 * gold tree.
 */
export function scoreTagger(model: TaggerModel, scorers: readonly Scorer[], sentences: readonly Sentence[], full: boolean): TaggerScores {
  const ws = model.newWorkspace();
  const tagger = full ? new Tagger(model) : undefined;
  let upos = 0, xpos = 0, joint = 0, feats = 0, featsTree = 0, lemma = 0, words = 0;
  for (const s of sentences) {
    const forms = s.words.map((w) => w.form);
    const tags = tagger?.tag(forms);
    if (!tags) model.predict(scorers, forms, ws);
    const after = tagger && tags && model.featsModel
      ? tagger.featsAfterParse(s.words.map((w, i) => ({ form: w.form, upos: tags[i]?.upos ?? '_', xpos: tags[i]?.xpos ?? '_', head: w.head, deprel: w.deprel })))
      : undefined;
    s.words.forEach((w, i) => {
      const t = tags?.[i];
      const c = ws.tags[i] - FIRST_CLASS_ID;
      const u = (t ? t.upos : model.classUpos[c]) === w.upos, x = (t ? t.xpos : model.classXpos[c]) === w.xpos;
      upos += +u;
      xpos += +x;
      joint += +(u && x);
      if (t) {
        feats += +(t.feats === w.feats);
        featsTree += +((after ? after[i] : t.feats) === w.feats);
        lemma += +(t.lemma === w.lemma);
      }
    });
    words += s.words.length;
  }
  const pct = (k: number): number => (words === 0 ? 0 : (100 * k) / words);
  return { upos: pct(upos), xpos: pct(xpos), joint: pct(joint), feats: pct(feats), featsTree: pct(featsTree), lemma: pct(lemma), words };
}
