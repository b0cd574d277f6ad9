import { readFileSync } from 'node:fs';
import { type TaggerTrainOptions, trainTagger } from '../tagger/train/train-tagger.ts';
import { readConllu } from '../ud/conllu.ts';
import { logEvent } from './options.ts';

/** `arcparse train tagger`: trains the tagger, lemmatizer and FEATS table and writes the best dev epoch's model to run.out. */
export function runTrainTagger(o: TaggerTrainOptions, run: { train: string; dev: string; out: string; command: string }): void {
  const started = Date.now();
  const train = readConllu(readFileSync(run.train, 'utf8'), run.train);
  const dev = readConllu(readFileSync(run.dev, 'utf8'), run.dev);
  const scores = trainTagger(train, dev, run.out, o, {
    command: run.command,
    hooks: {
      onData: (info) => logEvent({ event: 'data', ...info }),
      onEpoch: (e) => logEvent({ event: 'epoch', member: e.member, epoch: e.epoch, loss: +e.loss.toFixed(4), trainAcc: +e.trainAcc.toFixed(4),
        upos: e.dev ? +e.dev.upos.toFixed(2) : undefined, xpos: e.dev ? +e.dev.xpos.toFixed(2) : undefined, seconds: e.seconds, lr: e.lr }),
    },
  });
  logEvent({ event: 'done', ...scores, minutes: +((Date.now() - started) / 60000).toFixed(1), out: run.out });
}
