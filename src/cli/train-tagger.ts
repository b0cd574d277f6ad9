import { readFileSync } from 'node:fs';
import { type TaggerTrainOptions, trainTagger } from '../tagger/train/train-tagger.ts';
import { readConllu } from '../ud/conllu.ts';
import { logEvent } from './options.ts';

export interface TaggerTrainRun {
  train: string;
  dev: string;
  out: string;
  /** Recorded in the manifest. */
  command: string;
  /** Where the pretrained vectors go (default <out>/vectors). */
  vectorsOut?: string | undefined;
}

/** `arcparse train tagger`: trains the tagger, lemmatizer and FEATS table and writes the best dev epoch's model to run.out. */
export function runTrainTagger(o: TaggerTrainOptions, run: TaggerTrainRun): void {
  const started = Date.now();
  const train = readConllu(readFileSync(run.train, 'utf8'), run.train);
  const dev = readConllu(readFileSync(run.dev, 'utf8'), run.dev);
  const scores = trainTagger(train, dev, run.out, o, {
    command: run.command,
    vectorsOut: run.vectorsOut,
    hooks: {
      onData: (info) => logEvent({ event: 'data', ...info }),
      onFold: (fold, k, seconds) => logEvent({ event: 'first-pass fold', fold: fold + 1, of: k, seconds }),
      onEpoch: (e) => logEvent({ event: 'epoch', pass: e.pass, member: e.member, epoch: e.epoch, loss: +e.loss.toFixed(4), trainAcc: +e.trainAcc.toFixed(4),
        upos: e.dev ? +e.dev.upos.toFixed(2) : undefined, xpos: e.dev ? +e.dev.xpos.toFixed(2) : undefined,
        feats: e.feats !== undefined ? +e.feats.toFixed(2) : undefined, seconds: e.seconds, lr: e.lr }),
    },
  });
  logEvent({ event: 'done', ...scores, minutes: +((Date.now() - started) / 60000).toFixed(1), out: run.out });
}
