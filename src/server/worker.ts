/**
 * Piscina worker: attaches to the weight store the main thread loaded the bundle into (weights and
 * precomputed tables are shared, not copied), builds its own Parser (a Parser reuses one
 * workspace, so every thread needs its own) with every component loaded, and runs one job per
 * task. A model that fails to load is reported by the first task, so start-up can print one clear line.
 * No top-level await: piscina loads the module with require() first, which fails on TLA under tsx.
 */
import { workerData } from 'node:worker_threads';
import { type Parser, loadParserSync } from '../api/parser.ts';
import { WeightStore, useStore } from '../model/weight-store.ts';
import { type WorkerConfig, type WorkerReply, type WorkerTask, modelSummary, runJob } from './run-job.ts';

const config = workerData as WorkerConfig;
let parser: Parser | undefined;
let loadError: string | undefined;
try {
  if (config.store) useStore(WeightStore.attach(config.store));
  // eager: every input mode is ready before the worker answers its first task (and so before /readyz).
  parser = loadParserSync(config.modelDir, { eager: true, limits: { maxChars: config.maxChars, maxWordsPerSentence: config.maxWordsPerSentence } });
} catch (err) {
  loadError = err instanceof Error ? err.message : String(err);
}

export default function task(t: WorkerTask): WorkerReply {
  if (!parser) return { ok: false, error: { code: 'HTTP_ERR_INTERNAL', message: loadError ?? 'model not loaded' } };
  return t.op === 'info' ? { ok: true, info: modelSummary(parser) } : runJob(parser, t.job);
}
