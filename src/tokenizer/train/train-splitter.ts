import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { createKernels, type Kernels } from '../../kernels/index.ts';
import { sentenceText, startsParagraph } from '../../ud/raw-text.ts';
import { ExampleBuilder, type ExampleSet } from '../../model/train/examples.ts';
import { Rng } from '../../model/train/random.ts';
import { type EpochInfo, type TrainSchedule, scheduleOf, trainNetwork, wordDropoutProbabilities } from '../../model/train/trainer.ts';
import { readConllu } from '../../ud/conllu.ts';
import type { Sentence } from '../../ud/types.ts';
import { FIRST_REAL_ID, UNK_ID } from '../../ud/vocab-ids.ts';
import {
  type EncodedParagraph, NUM_SLOTS, BOUNDARY_TEMPLATE, advanceState, closeSentence, fillBoundaryIds, newBoundaryState,
} from '../boundary-features.ts';
import { learnLexicon } from './learn-lexicon.ts';
import { compileLexicon } from '../lexicon.ts';
import { Scanner } from '../scanner.ts';
import { SentenceSplitter, type SplitterConfig } from '../sentence-splitter.ts';
import { tokensOf } from '../tokens.ts';
import { type TokenizerLanguage, readLanguageFile } from '../language.ts';
import type { Token, TokenizerLexicon } from '../types.ts';
import { initializeNetwork } from '../../model/train/initialize.ts';
import { mergeNetworks } from '../../model/train/merge-networks.ts';
import { buildBoundaryVocab } from './boundary-vocab.ts';
import { type LanguageSource, saveSplitter } from './save-splitter.ts';
import { learnLanguage } from './learn-language.ts';
import { DEFAULT_SPLITTER_OPTIONS } from './defaults.ts';

export interface SplitterTrainOptions extends SplitterConfig, TrainSchedule {
  /** (members: ensemble size; the other SplitterConfig fields are per member.) */
  /** α of word dropout: a word seen c times becomes UNK with probability α/(α + c); 0 = off. */
  wordDropout: number;
  /** Words seen fewer times in training are UNK. */
  minWordCount: number;
  /** Pick the decision threshold that maximises dev sentence F1 (else keep `threshold`). */
  tuneThreshold: boolean;
  /** Also train on each document run together as one paragraph (for text without blank lines). */
  mergedDocuments: boolean;
  /** In that copy, the probability that a paragraph change is a line break (else a space)… */
  newlineBetweenParagraphs: number;
  /** …and that a space inside a paragraph is a line break (hard-wrapped text). */
  newlineInside: number;
}

export { DEFAULT_SPLITTER_OPTIONS };

/** A paragraph of a treebank as raw text, its tokens (by our tokenizer) and the gold boundaries. */
export interface LabeledParagraph {
  text: string;
  tokens: Token[];
  /** 1 where a gold sentence ends after the token. */
  gold: Uint8Array;
  /** Gold sentences (counted for F1). */
  sentences: number;
}

const startsDocument = (s: Sentence): boolean => s.comments.some((c) => c.startsWith('# newdoc'));

/**
 * Line breaks for the documents-as-one-paragraph copy, so that the `newline` gap is trained: a
 * paragraph change becomes `\n` with probability `betweenParagraphs`, a space inside a paragraph with
 * probability `inside` (as in hard-wrapped text).
 */
export interface LineBreaks {
  rng: Rng;
  betweenParagraphs: number;
  inside: number;
}

function wrap(text: string, lb: LineBreaks): string {
  if (lb.inside <= 0) return text;
  let out = '';
  for (const ch of text) out += ch === ' ' && lb.rng.next() < lb.inside ? '\n' : ch;
  return out;
}

/**
 * Groups sentences into paragraphs joined by single spaces (the CoNLL 2018 raw text), tokenized;
 * with `documents`, each document is one paragraph (with line breaks if `lineBreaks` is given).
 */
export function labeledParagraphs(sentences: readonly Sentence[], lexicon: TokenizerLexicon, language: TokenizerLanguage,
  unit: 'paragraphs' | 'documents' = 'paragraphs', lineBreaks?: LineBreaks): LabeledParagraph[] {
  const lex = compileLexicon(lexicon, language);
  const scanner = new Scanner(lex);
  const groups: Sentence[][] = [];
  const starts = unit === 'documents' ? startsDocument : startsParagraph;
  for (const s of sentences) {
    if (groups.length === 0 || starts(s)) groups.push([]);
    groups[groups.length - 1].push(s);
  }
  return groups.map((g) => {
    const ends = new Set<number>();
    let text = '';
    for (const s of g) {
      if (text.length > 0) text += lineBreaks && startsParagraph(s) && lineBreaks.rng.next() < lineBreaks.betweenParagraphs ? '\n' : ' ';
      text += lineBreaks ? wrap(sentenceText(s), lineBreaks) : sentenceText(s);
      ends.add(text.length);
    }
    const tokens = tokensOf(text, 0, text.length, scanner, lex);
    const gold = Uint8Array.from(tokens, (t) => (ends.has(t.end) ? 1 : 0));
    return { text, tokens, gold, sentences: g.length };
  });
}

/** One example per candidate (after every token but the last), with gold history for the state. */
function makeExamples(encoded: readonly EncodedParagraph[], paras: readonly LabeledParagraph[]): ExampleSet {
  const b = new ExampleBuilder(NUM_SLOTS, 2, 1 << 16);
  encoded.forEach((p, k) => {
    const gold = paras[k].gold;
    const st = newBoundaryState();
    for (let i = 0; i < p.n - 1; i++) {
      advanceState(st, p, i);
      const { idsOffset, validOffset } = b.add(gold[i]);
      fillBoundaryIds(p, i, st, b.idsArray, idsOffset);
      b.validArray[validOffset] = 1;
      b.validArray[validOffset + 1] = 1;
      if (gold[i]) closeSentence(st, i);
    }
  });
  return b.build();
}

export interface BoundaryCounts {
  gold: number;
  system: number;
  correct: number;
  f1: number;
}

/** Sentence F1 over exact spans (in token indices) for predicted boundaries. */
export function scoreBoundaries(paras: readonly LabeledParagraph[], predicted: readonly (readonly number[])[]): BoundaryCounts {
  let gold = 0, system = 0, correct = 0;
  paras.forEach((p, k) => {
    const goldEnds: number[] = [];
    p.gold.forEach((g, i) => { if (g || i === p.tokens.length - 1) goldEnds.push(i); });
    const sys = predicted[k];
    const goldSpans = new Set<string>();
    let s = 0;
    for (const e of goldEnds) { goldSpans.add(`${s}:${e}`); s = e + 1; }
    s = 0;
    for (const e of sys) { if (goldSpans.has(`${s}:${e}`)) correct++; s = e + 1; }
    // Gold sentences lost inside one of our tokens still count as gold.
    gold += p.sentences;
    system += sys.length;
  });
  return { gold, system, correct, f1: gold + system > 0 ? (200 * correct) / (gold + system) : 0 };
}

export interface SplitterTrainResult {
  splitter: SentenceSplitter;
  lexicon: TokenizerLexicon;
  devF1: number;
  threshold: number;
  history: EpochInfo[];
  seconds: number;
}

export interface SplitterTrainHooks {
  onData?: (info: Record<string, unknown>) => void;
  onEpoch?: (info: EpochInfo) => void;
}

/** Where a tokenizer is trained from and written to. */
export interface SplitterTrainFiles {
  /** Training and development CoNLL-U (with # text, # newpar and SpaceAfter=No). */
  train: string;
  dev: string;
  /** A language data file (language.ts), copied into the model directory; absent: learned from the training treebank. */
  language?: string | undefined;
  /** ISO 639 code recorded in learned language data (default: the training file's name up to `_`, as UD names them). */
  languageCode?: string | undefined;
  /** The model directory to write. */
  out: string;
}

export interface SplitterRun {
  /** Recorded in the manifest's training record. */
  command?: string;
  hooks?: SplitterTrainHooks;
}

/** Trains one member on the training paragraphs, keeping its best dev epoch. */
/** A splitter's training examples on a treebank (its paragraphs as in training), e.g. to measure slot coverage. */
export function splitterExamples(splitter: SentenceSplitter, sentences: readonly Sentence[], lexicon: TokenizerLexicon, language: TokenizerLanguage): ExampleSet {
  const paras = labeledParagraphs(sentences, lexicon, language);
  return makeExamples(paras.map((p) => splitter.encoder.encode(p.tokens, p.text)), paras);
}

function trainMember(member: SentenceSplitter, trainParas: readonly LabeledParagraph[], devParas: readonly LabeledParagraph[],
  o: SplitterTrainOptions, hooks: SplitterTrainHooks): EpochInfo[] {
  initializeNetwork(member.net, new Rng(o.seed));
  const enc = member.encoder;
  const trainEnc = trainParas.map((p) => enc.encode(p.tokens, p.text));
  const devEnc = devParas.map((p) => enc.encode(p.tokens, p.text));
  const examples = makeExamples(trainEnc, trainParas);
  const wordCounts = new Map<number, number>();
  for (const p of trainEnc) for (const w of p.word) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const prob = wordDropoutProbabilities(enc.words.size, FIRST_REAL_ID, (id) => wordCounts.get(id) ?? 0, o.wordDropout);
  const wordSlots = BOUNDARY_TEMPLATE.flatMap((s, k) => (s.table === 'word' ? [k] : []));
  return trainNetwork(member.net, examples, {
    ...scheduleOf(o),
    idDropout: o.wordDropout > 0 ? { slots: wordSlots, prob, unkId: UNK_ID } : undefined,
    evaluate: () => scoreBoundaries(devParas, devEnc.map((p) => member.boundaries(p, o.threshold))).f1,
    onEpoch: hooks.onEpoch,
  }).history;
}

/** A fresh kernels instance of the same kind (each network needs its own memory). */
function makeKernels(like: Kernels): Kernels {
  return createKernels(like.name === 'wasm-simd' ? 'wasm-simd' : 'typescript');
}

/** The language code in a UD file name (`fr_sequoia-ud-train.conllu` → `fr`), else `und` (undetermined). */
export function languageCodeOf(file: string): string {
  return /^([a-z]{2,3})_/.exec(basename(file))?.[1] ?? 'und';
}

function readTreebank(file: string): Sentence[] {
  return readConllu(readFileSync(file, 'utf8'), file);
}

/** Threshold in [0.05, 0.95] with the best dev F1 (ties: the one closest to 0.5). */
function tuneThreshold(splitter: SentenceSplitter, encoded: readonly EncodedParagraph[], paras: readonly LabeledParagraph[]): { threshold: number; f1: number } {
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.05; t < 0.951; t += 0.05) {
    const f1 = scoreBoundaries(paras, encoded.map((p) => splitter.boundaries(p, t))).f1;
    if (f1 > best.f1 + 1e-9 || (Math.abs(f1 - best.f1) <= 1e-9 && Math.abs(t - 0.5) < Math.abs(best.threshold - 0.5))) {
      best = { threshold: Math.round(t * 100) / 100, f1 };
    }
  }
  return best;
}

/**
 * Learns the tokenizer lexicon and trains the sentence splitter on a treebank (seeded, deterministic
 * for a given seed and kernels), keeps the epoch with the best dev sentence F1, tunes the threshold
 * on dev and writes the model directory: the splitter and lexicon, and a copy of the language data.
 */
export function trainSentenceSplitter(files: SplitterTrainFiles, options: Partial<SplitterTrainOptions> = {},
  run: SplitterRun = {}, kernels: Kernels = createKernels()): SplitterTrainResult {
  const started = Date.now();
  const hooks = run.hooks ?? {};
  const o: SplitterTrainOptions = { ...DEFAULT_SPLITTER_OPTIONS, ...options };
  const train = readTreebank(files.train), dev = readTreebank(files.dev);
  const source: LanguageSource = files.language !== undefined
    ? { file: files.language }
    : { learned: learnLanguage(train, files.languageCode ?? languageCodeOf(files.train)) };
  const language = 'file' in source ? readLanguageFile(source.file) : source.learned;
  const lexicon = learnLexicon(train, language);
  const trainParas = labeledParagraphs(train, lexicon, language), devParas = labeledParagraphs(dev, lexicon, language);
  // Vocabularies count each training token once, before the extra copies below.
  const vocab = buildBoundaryVocab(trainParas.flatMap((p) => p.tokens), o.minWordCount);
  if (o.mergedDocuments) {
    const lineBreaks = { rng: new Rng(o.seed + 7919), betweenParagraphs: o.newlineBetweenParagraphs, inside: o.newlineInside };
    trainParas.push(...labeledParagraphs(train, lexicon, language, 'documents', lineBreaks));
  }
  const memberConfig: SplitterConfig = { members: 1, wordDim: o.wordDim, shapeDim: o.shapeDim, smallDim: o.smallDim, hidden: o.hidden, activation: o.activation, threshold: o.threshold };
  const members: SentenceSplitter[] = [];
  const history: EpochInfo[] = [];
  for (let k = 0; k < o.members; k++) {
    const member = new SentenceSplitter(k === 0 ? kernels : makeKernels(kernels), memberConfig, vocab);
    if (k === 0) hooks.onData?.({ trainParagraphs: trainParas.length, words: member.encoder.words.size, shapes: member.encoder.shapes.size, devParagraphs: devParas.length, kernels: kernels.name });
    history.push(...trainMember(member, trainParas, devParas, { ...o, seed: o.seed + 1000 * k }, hooks));
    members.push(member);
  }
  const splitter = o.members === 1 ? members[0] : new SentenceSplitter(makeKernels(kernels), { ...memberConfig, members: o.members }, vocab);
  if (o.members > 1) mergeNetworks(members.map((m) => m.net), splitter.net);
  const devEnc = devParas.map((p) => splitter.encoder.encode(p.tokens, p.text));
  const tuned = o.tuneThreshold ? tuneThreshold(splitter, devEnc, devParas) : { threshold: o.threshold, f1: scoreBoundaries(devParas, devEnc.map((p) => splitter.boundaries(p))).f1 };
  splitter.threshold = tuned.threshold;
  const seconds = (Date.now() - started) / 1000;
  saveSplitter(splitter, files.out, lexicon, source, {
    ...(run.command !== undefined ? { command: run.command } : {}),
    trainFile: basename(files.train), devFile: basename(files.dev), seed: o.seed, options: o, devSentenceF1: tuned.f1, threshold: tuned.threshold, seconds,
    epochs: history.map((h) => ({ epoch: h.epoch, loss: h.loss, dev: h.dev })),
  });
  splitter.freeze();
  return { splitter, lexicon, devF1: tuned.f1, threshold: tuned.threshold, history, seconds };
}
