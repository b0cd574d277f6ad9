/**
 * Piscina worker: attaches to the weight store the main thread loaded the bundles into (weights and
 * precomputed tables are shared, not copied), builds its own Parser for every configured model (a
 * Parser reuses one workspace, so every thread needs its own) with every component loaded, and runs
 * one job per task on the parser the job names (run-job.ts: cancellable, streaming). A model that
 * fails to load is reported by the first task, so start-up can print one clear line.
 * No top-level await: piscina loads the module with require() first, which fails on TLA under tsx.
 */
import { workerData } from 'node:worker_threads';
import { type Parser, loadParserSync } from '../api/parser.ts';
import { WeightStore, useStore } from '../model/weight-store.ts';
import { type WorkerConfig, type WorkerReply, type WorkerTask, modelSummary, runTask } from './run-job.ts';

const config = workerData as WorkerConfig;
/** By model name, in configuration order (the first is the default). */
const parsers = new Map<string, Parser>();
let loadError: string | undefined;
try {
  if (config.store) useStore(WeightStore.attach(config.store));
  for (const dir of config.modelDirs) {
    // eager: every input mode is ready before the worker answers its first task (and so before /readyz).
    const parser = loadParserSync(dir, { eager: true, limits: { maxChars: config.maxChars, maxWordsPerSentence: config.maxWordsPerSentence } });
    parsers.set(parser.info.model.name, parser);
  }
} catch (err) {
  loadError = err instanceof Error ? err.message : String(err);
}

export default function task(t: WorkerTask): WorkerReply {
  if (loadError !== undefined || parsers.size === 0) return { ok: false, parsed: 0, ms: 0, error: { code: 'HTTP_ERR_INTERNAL', message: loadError ?? 'no model configured' } };
  return t.op === 'info' ? { ok: true, info: [...parsers.values()].map(modelSummary) } : runTask(parsers.get(t.job.model), t);
}
