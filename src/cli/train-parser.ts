import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { saveModel } from '../parser/train/save-parser.ts';
import { type ParserTrainOptions, finishParser, trainParser } from '../parser/train/train-parser.ts';
import { readConllu } from '../ud/conllu.ts';
import { createKernels } from '../kernels/index.ts';
import type { ParserModel } from '../parser/parser-model.ts';
import { loadModel } from '../parser/serialize.ts';
import type { Scores } from '../ud/attachment-score.ts';
import { logEvent } from './options.ts';

export interface ParserTrainRun {
  train: string;
  dev: string;
  out: string;
  /** Only the first n training sentences (0 = all). */
  maxSentences: number;
  progress: boolean;
  /** Recorded in the manifest. */
  command: string;
  /** Where the pretrained vectors go (default <out>/vectors). */
  vectorsOut?: string | undefined;
  /** A trained parser to finish (global training, calibration) instead of training one. */
  from?: string | undefined;
}

/** `arcparse train parser`: trains on gold-tagged CoNLL-U and writes the best dev epoch's model to run.out. */
export function runTrainParser(o: ParserTrainOptions, run: ParserTrainRun): void {
  const started = Date.now();
  const train = readConllu(readFileSync(run.train, 'utf8'), run.train).slice(0, run.maxSentences > 0 ? run.maxSentences : undefined);
  const dev = readConllu(readFileSync(run.dev, 'utf8'), run.dev);
  const bar = run.progress ? new cliProgress.SingleBar({
    format: 'epoch {epoch} [{bar}] {percentage}% | {value}/{total} examples | {rate} ex/s | loss {loss} | ETA {eta_formatted}',
    noTTYOutput: true, notTTYSchedule: 10000, stream: process.stderr,
  }, cliProgress.Presets.shades_classic) : undefined;
  let epochStart = Date.now();
  const from = run.from ? fromTrained(run.from) : undefined;
  const trained = from ?? trainParser(train, dev, o, {
    onData: (info) => logEvent({ event: 'data', ...info }),
    onProgress: (epoch, done, total, loss) => {
      if (!bar) return;
      if (done <= 4096) { bar.start(total, 0, { epoch, loss: '-', rate: '-' }); epochStart = Date.now(); }
      bar.update(done, { epoch, loss: loss.toFixed(4), rate: Math.round(done / ((Date.now() - epochStart) / 1000 + 1e-9)) });
    },
    onBest: (model, epoch, scores) => {
      saveModel(model, run.out, {
        command: run.command, bestEpoch: epoch, dev: scores,
        options: { ...o, maxSentences: run.maxSentences, progress: run.progress },
        seconds: Math.round((Date.now() - started) / 1000), trainSentences: train.length,
      }, run.vectorsOut ?? join(run.out, 'vectors'));
    },
    onEpoch: (info) => {
      bar?.stop();
      logEvent({ event: 'epoch', epoch: info.epoch, loss: +info.loss.toFixed(4), trainAcc: +info.trainAcc.toFixed(4),
        uas: +info.dev.uas.toFixed(2), las: +info.dev.las.toFixed(2), lasFull: +info.dev.lasFull.toFixed(2),
        seconds: info.seconds, lr: info.lr });
    },
  });
  const best = trained.best;
  if (o.globalWidth > 0 || o.calibrate) {
    const done = finishParser(trained.model, train, dev, o, {
      onGlobalEpoch: (i) => logEvent({ event: 'global-epoch', epoch: i.epoch, loss: +i.loss.toFixed(4), earlyUpdates: i.earlyUpdates,
        uas: +i.dev.uas.toFixed(2), las: +i.dev.las.toFixed(2), seconds: i.seconds }),
    });
    if (done.calibration) logEvent({ event: 'calibration', ...done.calibration });
    saveModel(done.model, run.out, {
      ...(from ? { steps: from.steps } : {}), command: run.command, dev: best, beamDev: done.global, calibration: done.calibration,
      options: { ...o, maxSentences: run.maxSentences, progress: run.progress },
      seconds: Math.round((Date.now() - started) / 1000), trainSentences: train.length,
    }, run.vectorsOut ?? join(run.out, 'vectors'));
  }
  logEvent({ event: 'done', best, minutes: +((Date.now() - started) / 60000).toFixed(1), out: run.out });
}

/** A trained parser as trainParser would return it: its model (in kernels of its own) and recorded best dev scores. */
function fromTrained(dir: string): { model: ParserModel; best: Scores | undefined; steps: string[] } {
  const { model, manifest } = loadModel(dir, createKernels());
  const training = manifest.training as { dev?: Scores; command?: string; steps?: string[] } | undefined;
  // The commands that made the model this one starts from, in order (a model card lists them all).
  const steps = [...(training?.steps ?? []), ...(training?.command ? [training.command] : [])];
  return { model, best: training?.dev, steps };
}
