/**
 * Trains the sentence splitter (and learns the tokenizer lexicon) on EWT train, tuned on dev:
 * `tsx bench/tokenize-train.ts [outDir] [key=value …]` (options as in DEFAULT_SPLITTER_OPTIONS).
 * Meant to be wired into the CLI as `arcparse train-tokenizer`.
 */
import { join, resolve } from 'node:path';
import { DEFAULT_SPLITTER_OPTIONS, type SplitterTrainOptions, trainSentenceSplitter } from '../src/tokenizer/index.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const outDir = process.argv[2] ?? 'models/en_ewt/tokenizer';
const opts: Record<string, unknown> = {};
for (const kv of process.argv.slice(3)) {
  const [k, v] = kv.split('=');
  const def = (DEFAULT_SPLITTER_OPTIONS as unknown as Record<string, unknown>)[k];
  if (def === undefined) throw new Error(`unknown option ${k}`);
  opts[k] = typeof def === 'number' ? Number(v) : typeof def === 'boolean' ? v === 'true' : v;
}
const r = trainSentenceSplitter(join(dataDir, 'en_ewt-ud-train.conllu'), join(dataDir, 'en_ewt-ud-dev.conllu'), outDir,
  opts as Partial<SplitterTrainOptions>, {
    onData: (info) => console.log('data', JSON.stringify(info)),
    onEpoch: (e) => console.log(`epoch ${e.epoch} loss ${e.loss.toFixed(4)} trainAcc ${(100 * e.trainAcc).toFixed(2)} devF1 ${e.dev.toFixed(2)} best ${e.best.toFixed(2)} ${e.seconds.toFixed(1)}s`),
  });
console.log(`dev sentence F1 ${r.devF1.toFixed(2)} at threshold ${r.threshold}; ${r.seconds.toFixed(0)} s; written to ${outDir}`);
