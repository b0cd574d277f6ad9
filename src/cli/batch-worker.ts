/**
 * Worker thread of `arcparse parse --threads N`: attaches to the main thread's weight store (the
 * weights and precomputed tables are not loaded again, only the vocabularies), builds its own
 * Parser (own scratch) and parses the pieces it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadParserSync } from '../api/parser.ts';
import { type StoreImage, WeightStore, useStore } from '../model/weight-store.ts';
import { type BatchJob, type BatchJobOptions, runBatchJob } from './batch-job.ts';

export interface BatchWorkerData {
  image: StoreImage;
  modelDir: string;
  options: BatchJobOptions;
}

export type BatchRequest = { id: number; job: BatchJob };
export type BatchReply = { id: number; ok: true; blocks: string[][]; words: number } | { id: number; ok: false; message: string; code?: string };

const data = workerData as BatchWorkerData;
const store = WeightStore.attach(data.image);
useStore(store);
const parser = loadParserSync(data.modelDir, { store });

parentPort?.on('message', (req: BatchRequest) => {
  let reply: BatchReply;
  try {
    reply = { id: req.id, ok: true, ...runBatchJob(parser, req.job, data.options) };
  } catch (e) {
    const err = e as Error & { code?: unknown };
    reply = { id: req.id, ok: false, message: err.message, ...(typeof err.code === 'string' ? { code: err.code } : {}) };
  }
  parentPort?.postMessage(reply);
});
