import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { readConllu } from '../ud/conllu.ts';
import { saveModel } from '../parser/train/save-parser.ts';
import { type ParserTrainOptions, trainParser } from '../parser/train/train-parser.ts';

export interface TrainCliOptions extends ParserTrainOptions {
  train: string;
  dev: string;
  out: string;
  maxSentences: number;
  progress: boolean;
}

/** One JSON line per event on stderr: the training log. */
const log = (o: Record<string, unknown>): void => void process.stderr.write(JSON.stringify(o) + '\n');

export function runTrain(o: TrainCliOptions, argv: string[]): void {
  const started = Date.now();
  const train = readConllu(readFileSync(o.train, 'utf8'), o.train).slice(0, o.maxSentences > 0 ? o.maxSentences : undefined);
  const dev = readConllu(readFileSync(o.dev, 'utf8'), o.dev);
  const bar = o.progress ? new cliProgress.SingleBar({
    format: 'epoch {epoch} [{bar}] {percentage}% | {value}/{total} examples | {rate} ex/s | loss {loss} | ETA {eta_formatted}',
    noTTYOutput: true, notTTYSchedule: 10000, stream: process.stderr,
  }, cliProgress.Presets.shades_classic) : undefined;
  let epochStart = Date.now();
  const { best } = trainParser(train, dev, o, {
    onData: (info) => log({ event: 'data', ...info }),
    onProgress: (epoch, done, total, loss) => {
      if (!bar) return;
      if (done <= 4096) { bar.start(total, 0, { epoch, loss: '-', rate: '-' }); epochStart = Date.now(); }
      bar.update(done, { epoch, loss: loss.toFixed(4), rate: Math.round(done / ((Date.now() - epochStart) / 1000 + 1e-9)) });
    },
    onBest: (model, epoch, scores) => {
      saveModel(model, o.out, {
        command: `arcparse train ${argv.join(' ')}`, bestEpoch: epoch, dev: scores,
        options: { ...o, train: undefined, dev: undefined, out: undefined },
        seconds: Math.round((Date.now() - started) / 1000), trainSentences: train.length,
      });
    },
    onEpoch: (info) => {
      bar?.stop();
      log({ event: 'epoch', epoch: info.epoch, loss: +info.loss.toFixed(4), trainAcc: +info.trainAcc.toFixed(4),
        uas: +info.dev.uas.toFixed(2), las: +info.dev.las.toFixed(2), lasFull: +info.dev.lasFull.toFixed(2),
        seconds: info.seconds, lr: info.lr });
    },
  });
  log({ event: 'done', best, minutes: +((Date.now() - started) / 60000).toFixed(1), out: o.out });
}
