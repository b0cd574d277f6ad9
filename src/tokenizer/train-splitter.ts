import { readFileSync } from 'node:fs';
import { createKernels, type Kernels } from '../kernels/index.ts';
import { sentenceText, startsParagraph } from '../eval/raw-text.ts';
import { ExampleBuilder, type ExampleSet } from '../model/examples.ts';
import { Rng } from '../model/random.ts';
import { type EpochInfo, trainNetwork } from '../model/trainer.ts';
import { readConllu } from '../parser/conllu.ts';
import type { Sentence } from '../parser/types.ts';
import { UNK_ID } from '../parser/vocab.ts';
import {
  BoundaryEncoder, type EncodedParagraph, NUM_SLOTS, BOUNDARY_TEMPLATE, advanceState, closeSentence, fillBoundaryIds, newBoundaryState,
} from './boundary-features.ts';
import { learnLexicon } from './learn-lexicon.ts';
import { compileLexicon } from './lexicon.ts';
import { Scanner } from './scanner.ts';
import { SentenceSplitter, type SplitterConfig } from './sentence-splitter.ts';
import { tokensOf } from './tokens.ts';
import type { Token, TokenizerLexicon } from './types.ts';

export interface SplitterTrainOptions extends SplitterConfig {
  epochs: number;
  batchSize: number;
  lr: number;
  lrDecay: number;
  l2: number;
  dropout: number;
  /** α of word dropout: a word seen c times becomes UNK with probability α/(α + c); 0 = off. */
  wordDropout: number;
  /** Words seen fewer times in training are UNK. */
  minWordCount: number;
  seed: number;
  patience: number;
  /** Pick the decision threshold that maximises dev sentence F1 (else keep `threshold`). */
  tuneThreshold: boolean;
}

export const DEFAULT_SPLITTER_OPTIONS: SplitterTrainOptions = {
  wordDim: 32, shapeDim: 16, smallDim: 8, hidden: 128, activation: 'relu', threshold: 0.5,
  epochs: 10, batchSize: 32, lr: 0.001, lrDecay: 0.8, l2: 0, dropout: 0.2, wordDropout: 0.25, minWordCount: 2,
  seed: 1, patience: 3, tuneThreshold: true,
};

/** A paragraph of a treebank as raw text, its tokens (by our tokenizer) and the gold boundaries. */
export interface LabeledParagraph {
  text: string;
  tokens: Token[];
  /** 1 where a gold sentence ends after the token. */
  gold: Uint8Array;
  /** Gold sentences (counted for F1). */
  sentences: number;
}

/** Groups sentences into paragraphs joined by single spaces (the CoNLL 2018 raw text), tokenized. */
export function labeledParagraphs(sentences: readonly Sentence[], lexicon: TokenizerLexicon): LabeledParagraph[] {
  const lex = compileLexicon(lexicon);
  const scanner = new Scanner(lex);
  const groups: Sentence[][] = [];
  for (const s of sentences) {
    if (groups.length === 0 || startsParagraph(s)) groups.push([]);
    groups[groups.length - 1].push(s);
  }
  return groups.map((g) => {
    const ends = new Set<number>();
    let text = '';
    for (const s of g) {
      if (text.length > 0) text += ' ';
      text += sentenceText(s);
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
 * on dev and writes the model to outDir (models/en_ewt/tokenizer by default in the CLI).
 */
export function trainSentenceSplitter(trainFile: string, devFile: string, outDir: string, options: Partial<SplitterTrainOptions> = {},
  hooks: SplitterTrainHooks = {}, kernels: Kernels = createKernels()): SplitterTrainResult {
  const started = Date.now();
  const o: SplitterTrainOptions = { ...DEFAULT_SPLITTER_OPTIONS, ...options };
  const train = readTreebank(trainFile), dev = readTreebank(devFile);
  const lexicon = learnLexicon(train);
  const trainParas = labeledParagraphs(train, lexicon), devParas = labeledParagraphs(dev, lexicon);
  const vocab = BoundaryEncoder.build(trainParas.flatMap((p) => p.tokens), o.minWordCount);
  const config: SplitterConfig = { wordDim: o.wordDim, shapeDim: o.shapeDim, smallDim: o.smallDim, hidden: o.hidden, activation: o.activation, threshold: o.threshold };
  const splitter = new SentenceSplitter(kernels, config, vocab);
  splitter.net.initialize(new Rng(o.seed));
  const enc = splitter.encoder;
  const trainEnc = trainParas.map((p) => enc.encode(p.tokens, p.text));
  const devEnc = devParas.map((p) => enc.encode(p.tokens, p.text));
  const examples = makeExamples(trainEnc, trainParas);
  hooks.onData?.({ trainParagraphs: trainParas.length, examples: examples.count, positives: examples.gold.reduce((a, g) => a + g, 0),
    words: enc.words.size, shapes: enc.shapes.size, devParagraphs: devParas.length, kernels: kernels.name });
  const wordCounts = new Map<number, number>();
  for (const p of trainEnc) for (const w of p.word) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  const prob = new Float32Array(enc.words.size);
  for (let id = UNK_ID + 2; id < prob.length; id++) prob[id] = o.wordDropout > 0 ? o.wordDropout / (o.wordDropout + (wordCounts.get(id) ?? 0)) : 0;
  const wordSlots = BOUNDARY_TEMPLATE.flatMap((s, k) => (s.table === 'word' ? [k] : []));
  const { history } = trainNetwork(splitter.net, examples, {
    epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, lrDecay: o.lrDecay, beta1: 0.9, beta2: 0.999, eps: 1e-8, l2: o.l2,
    dropout: o.dropout, seed: o.seed, patience: o.patience,
    idDropout: o.wordDropout > 0 ? { slots: wordSlots, prob, unkId: UNK_ID } : undefined,
    evaluate: () => scoreBoundaries(devParas, devEnc.map((p) => splitter.boundaries(p, o.threshold))).f1,
    onEpoch: hooks.onEpoch,
  });
  const tuned = o.tuneThreshold ? tuneThreshold(splitter, devEnc, devParas) : { threshold: o.threshold, f1: scoreBoundaries(devParas, devEnc.map((p) => splitter.boundaries(p))).f1 };
  splitter.threshold = tuned.threshold;
  const seconds = (Date.now() - started) / 1000;
  splitter.save(outDir, lexicon, {
    trainFile, devFile, seed: o.seed, options: o, devSentenceF1: tuned.f1, threshold: tuned.threshold, seconds,
    epochs: history.map((h) => ({ epoch: h.epoch, loss: h.loss, dev: h.dev })),
  });
  splitter.freeze();
  return { splitter, lexicon, devF1: tuned.f1, threshold: tuned.threshold, history, seconds };
}
