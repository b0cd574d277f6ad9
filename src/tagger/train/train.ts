import type { Sentence } from '../../ud/types.ts';
import { saveTagger } from './save-tagger.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainHooks, type TaggerTrainOptions, trainTaggerModel } from './train-tagger.ts';

export interface TaggerRun {
  /** Recorded in the manifest's training record. */
  command?: string;
  hooks?: TaggerTrainHooks;
}

/**
 * Trains a tagger (seeded, deterministic), keeps the best dev epoch, writes it to `outDir` and
 * returns its dev accuracies in percent (gold tokenization).
 */
export function trainTagger(train: Sentence[], dev: Sentence[], outDir: string, opts: Partial<TaggerTrainOptions> = {},
  run: TaggerRun = {}): { upos: number; xpos: number; lemma: number; feats: number } {
  const started = Date.now();
  const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, ...opts };
  const { model, scores, bestEpoch } = trainTaggerModel(train, dev, o, run.hooks);
  const round = (x: number | undefined): number => Math.round((x ?? 0) * 100) / 100;
  const result = { upos: round(scores?.upos), xpos: round(scores?.xpos), lemma: round(scores?.lemma), feats: round(scores?.feats) };
  saveTagger(model, outDir, {
    ...(run.command !== undefined ? { command: run.command } : {}),
    options: o, bestEpoch, dev: scores ? { ...result, joint: round(scores.joint), words: scores.words } : undefined,
    trainSentences: train.length, seconds: Math.round((Date.now() - started) / 1000),
  });
  return result;
}
