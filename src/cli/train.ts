import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { createKernels } from '../kernels/index.ts';
import type { Activation } from '../model/activation.ts';
import { DirectScorer } from '../model/precompute.ts';
import { Rng } from '../model/random.ts';
import { trainNetwork } from '../model/trainer.ts';
import { readConllu } from '../parser/conllu.ts';
import { scoreParses } from '../parser/evaluate.ts';
import { CM_TEMPLATE, DEFAULT_TEMPLATE } from '../parser/features.ts';
import { ParserModel, buildVocabs } from '../parser/parser-model.ts';
import { parseSentences } from '../parser/parse-sentences.ts';
import { saveModel } from '../parser/serialize.ts';
import { makeParserExamples } from '../parser/training-data.ts';
import { UNK_ID } from '../parser/vocab.ts';

export interface TrainCliOptions {
  train: string;
  dev: string;
  out: string;
  epochs: number;
  batchSize: number;
  lr: number;
  lrDecay: number;
  l2: number;
  hidden: number;
  activation: Activation;
  wordDim: number;
  tagDim: number;
  labelDim: number;
  suffixDim: number;
  dropout: number;
  wordDropout: number;
  template: 'default' | 'cm';
  seed: number;
  patience: number;
  maxSentences: number;
  progress: boolean;
}

const log = (o: Record<string, unknown>): void => void process.stderr.write(JSON.stringify(o) + '\n');

export function runTrain(o: TrainCliOptions, argv: string[]): void {
  const started = Date.now();
  const train = readConllu(readFileSync(o.train, 'utf8'), o.train).slice(0, o.maxSentences > 0 ? o.maxSentences : undefined);
  const dev = readConllu(readFileSync(o.dev, 'utf8'), o.dev);
  const { vocabs, wordCounts } = buildVocabs(train);
  const config = {
    template: [...(o.template === 'cm' ? CM_TEMPLATE : DEFAULT_TEMPLATE)],
    wordDim: o.wordDim, tagDim: o.tagDim, labelDim: o.labelDim, suffixDim: o.suffixDim,
    hidden: o.hidden, activation: o.activation,
  };
  const model = new ParserModel(createKernels(), config, vocabs);
  model.net.initialize(new Rng(o.seed));
  const { examples, nonProjective } = makeParserExamples(model, train);
  log({ event: 'data', trainSentences: train.length, nonProjectiveSkipped: nonProjective, examples: examples.count,
    devSentences: dev.length, words: vocabs.word.size, labels: vocabs.labels.length, slots: model.template.numSlots,
    inputDim: model.net.inputDim, kernels: model.net.kernels.name });
  // Word dropout (Kiperwasser & Goldberg): rare words become UNK with probability α/(α + count),
  // so the UNK embedding is trained on words like the unseen ones at test time.
  const wordTable = model.attrTable[0];
  const wordSlots = model.net.shape.slotTable.flatMap((t, s) => (t === wordTable ? [s] : []));
  const prob = new Float32Array(vocabs.word.size);
  vocabs.word.strings.forEach((w, id) => {
    const c = wordCounts.get(w) ?? 0;
    prob[id] = id > 2 && o.wordDropout > 0 ? o.wordDropout / (o.wordDropout + c) : 0;
  });
  const scorer = new DirectScorer(model.net);
  const bar = o.progress ? new cliProgress.SingleBar({
    format: 'epoch {epoch} [{bar}] {percentage}% | {value}/{total} ex | {rate} ex/s | loss {loss} | ETA {eta_formatted}',
    noTTYOutput: true, notTTYSchedule: 10000, stream: process.stderr,
  }, cliProgress.Presets.shades_classic) : undefined;
  let epochStart = Date.now();
  let epochNo = 1;
  let bestLas = -1;
  const result = trainNetwork(model.net, examples, {
    epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, lrDecay: o.lrDecay, beta1: 0.9, beta2: 0.999, eps: 1e-8,
    l2: o.l2, dropout: o.dropout, seed: o.seed, patience: o.patience,
    idDropout: o.wordDropout > 0 ? { slots: wordSlots, prob, unkId: UNK_ID } : undefined,
    onProgress: (done, total, loss) => {
      if (!bar) return;
      if (done <= 4096) { bar.start(total, 0, { epoch: epochNo, loss: '-', rate: '-' }); epochStart = Date.now(); }
      bar.update(done, { epoch: epochNo, loss: loss.toFixed(4), rate: Math.round(done / ((Date.now() - epochStart) / 1000 + 1e-9)) });
    },
    evaluate: () => {
      bar?.stop();
      const s = scoreParses(dev, parseSentences(model, scorer, dev));
      if (s.las > bestLas) {
        bestLas = s.las;
        saveModel(model, o.out, { command: `arcparse train ${argv.join(' ')}`, epoch: epochNo, dev: s, options: o,
          seconds: (Date.now() - started) / 1000, trainSentences: train.length, nonProjectiveSkipped: nonProjective });
      }
      log({ event: 'dev', epoch: epochNo, uas: +s.uas.toFixed(2), las: +s.las.toFixed(2), lasFull: +s.lasFull.toFixed(2) });
      epochNo++;
      return s.las;
    },
    onEpoch: (info) => log({ event: 'epoch', ...info }),
  });
  log({ event: 'done', bestLas: result.best, bestEpoch: result.bestEpoch, minutes: (Date.now() - started) / 60000, out: o.out });
}
