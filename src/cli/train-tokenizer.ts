import { type SplitterTrainFiles, type SplitterTrainOptions, trainSentenceSplitter } from '../tokenizer/train/train-splitter.ts';
import { logEvent } from './options.ts';

/** `arcparse train tokenizer`: learns the tokenizer lexicon, trains the sentence splitter and writes the model directory. */
export function runTrainTokenizer(o: SplitterTrainOptions, files: SplitterTrainFiles, command: string): void {
  const r = trainSentenceSplitter(files, o, {
    command,
    hooks: {
      onData: (info) => logEvent({ event: 'data', ...info }),
      onEpoch: (e) => logEvent({ event: 'epoch', epoch: e.epoch, loss: +e.loss.toFixed(4), devSentenceF1: +e.dev.toFixed(2), seconds: e.seconds }),
    },
  });
  logEvent({ event: 'done', devSentenceF1: +r.devF1.toFixed(2), threshold: r.threshold, minutes: +(r.seconds / 60).toFixed(1), out: files.out });
}
