/**
 * `arcparse parse`: input of any size, streamed. Raw text is cut into chunks at paragraph breaks
 * (at sentence starts in text without them), CoNLL-U into batches of whole sentences; the pieces
 * are parsed in this thread or, with --threads N, by N worker threads on the one shared model, and
 * written in input order as soon as they are ready. At most 2 pieces per thread are in flight, so
 * memory does not grow with the input. Progress (words/s, ETA) goes to stderr when it is a TTY.
 */
import { createReadStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { type Parser, loadParserSync } from '../api/parser.ts';
import { DECODE_BYTES, chunksOf, decodeText } from '../api/stream.ts';
import { limitWorkerYoungGeneration } from '../api/worker-limits.ts';
import { type WeightStore, defaultStore } from '../model/weight-store.ts';
import { conlluBatches } from '../ud/conllu-stream.ts';
import { ParserError } from '../ud/errors.ts';
import { type BatchJob, type BatchJobOptions, type BatchResult, runBatchJob } from './batch-job.ts';
import type { BatchReply, BatchRequest, BatchWorkerData } from './batch-worker.ts';
import { Progress } from './progress.ts';

export interface ParseCliOptions {
  model?: string;
  keepTags?: boolean;
  from: 'conllu' | 'text';
  threads?: number;
  /** Beam width (1 = greedy). */
  beam?: number;
  /** With --from text: each sentence's k best trees as well (CoNLL-U copies with # kbest_rank / # log_prob). */
  kbest?: number;
  /** Print one JSON line of figures on stderr at the end (words/s, peak RSS and what the memory holds). */
  stats?: boolean;
}

/** Runs pieces somewhere and gives back their results (in any order). */
interface Runner {
  run(job: BatchJob): Promise<BatchResult>;
  close(): Promise<void>;
}

function inProcess(parser: Parser, opts: BatchJobOptions): Runner {
  return {
    // A microtask, so the writer interleaves with reading as with threads.
    run: async (job) => runBatchJob(parser, job, opts),
    close: async () => undefined,
  };
}

function workerRunner(threads: number, data: BatchWorkerData): Runner {
  const url = new URL(import.meta.url.endsWith('.ts') ? './batch-worker.ts' : './batch-worker.js', import.meta.url);
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  const idle: Worker[] = [];
  const waiting: { req: BatchRequest }[] = [];
  let next = 0;
  const send = (w: Worker): void => {
    const item = waiting.shift();
    if (item) w.postMessage(item.req);
    else idle.push(w);
  };
  limitWorkerYoungGeneration();
  const workers = Array.from({ length: threads }, () => {
    const w = new Worker(url, { workerData: data });
    w.on('message', (r: BatchReply) => {
      const p = pending.get(r.id);
      pending.delete(r.id);
      if (r.ok) p?.resolve({ blocks: r.blocks, words: r.words });
      else p?.reject(Object.assign(new ParserError('PARSER_ERR_INPUT', r.message), r.code ? { code: r.code } : {}));
      send(w);
    });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
    idle.push(w);
    return w;
  });
  return {
    run(job) {
      const id = next++;
      return new Promise<BatchResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        waiting.push({ req: { id, job } });
        const w = idle.pop();
        if (w) send(w);
      });
    },
    close: async () => { await Promise.all(workers.map((w) => w.terminate())); },
  };
}

async function* jobsOf(input: NodeJS.ReadableStream, parser: Parser, opts: ParseCliOptions): AsyncGenerator<BatchJob & { chars: number }> {
  if (opts.from === 'text') {
    for await (const c of chunksOf(input as AsyncIterable<Uint8Array>, () => parser.tokenizer())) {
      yield { kind: 'text', text: c.text, offset: c.offset, chars: c.text.length };
    }
    return;
  }
  for await (const b of conlluBatches(decodeText(input as AsyncIterable<Uint8Array>))) {
    yield { kind: 'conllu', text: b.text, firstLine: b.firstLine, chars: b.text.length };
  }
}

/** Writes, awaiting the stream's drain when its buffer is full (so a slow reader slows the parse, not the memory). */
async function write(out: NodeJS.WritableStream, s: string): Promise<void> {
  if (!out.write(s)) await once(out, 'drain');
}

export async function runParse(file: string | undefined, opts: ParseCliOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const threads = opts.threads ?? 1;
  const parser = loadParserSync(opts.model);
  const source = file === undefined || file === '-' ? '<stdin>' : file;
  if (opts.kbest !== undefined && opts.kbest > 1 && opts.from !== 'text') throw new Error('--kbest works with --from text (CoNLL-U input: use the library\'s parseKBest)');
  const jobOpts: BatchJobOptions = { keepTags: opts.keepTags === true, source, beam: opts.beam, kbest: opts.kbest };
  // Workers attach to what is loaded here, so load now what they will need.
  if (opts.from === 'text') parser.loadAll();
  else if (!opts.keepTags && parser.info.pipeline) parser.tagger();
  const runner = threads > 1
    ? workerRunner(threads, { image: defaultStore().image(), modelDir: parser.info.modelDir, options: jobOpts })
    : inProcess(parser, jobOpts);
  // Reads of DECODE_BYTES, the size decodeText decodes at (see there): the 64 KiB default buffers cost 2-3 MiB more
  // at the peak (keep-tags on 8× EWT dev: 115-117 MiB against 113-114).
  const input = file === undefined || file === '-' ? process.stdin : createReadStream(file, { highWaterMark: DECODE_BYTES });
  const progress = new Progress(process.stderr, file && file !== '-' ? statSync(file).size : undefined);
  const started = performance.now();
  let sentId = 0, words = 0;
  const inFlight: Promise<BatchResult>[] = [];
  const flush = async (): Promise<void> => {
    const r = await (inFlight.shift() as Promise<BatchResult>);
    for (const copies of r.blocks) {
      if (opts.from === 'text') sentId++;
      for (const block of copies) await write(out, opts.from === 'text' ? `# sent_id = ${sentId}\n${block}` : block);
    }
    progress.words(r.words);
    words += r.words;
  };
  try {
    for await (const job of jobsOf(input, parser, opts)) {
      const { chars, ...piece } = job;
      const result = runner.run(piece);
      result.catch(() => undefined); // handled when flushed in order; this only keeps Node from calling it unhandled meanwhile
      inFlight.push(result);
      progress.read(chars);
      if (inFlight.length >= 2 * threads) await flush();
    }
    while (inFlight.length > 0) await flush();
  } finally {
    // A failed piece leaves the others running: settle them quietly before the error propagates.
    await Promise.allSettled(inFlight);
    await runner.close();
    progress.done();
  }
  if (opts.stats) process.stderr.write(JSON.stringify(statsLine(words, (performance.now() - started) / 1000, threads, defaultStore())) + '\n');
}

const mib = (b: number): number => Math.round((b / 2 ** 20) * 10) / 10;

/** Figures for benchmarks: speed, peak RSS of this process and its parts (the weight store is shared by all threads). */
function statsLine(words: number, seconds: number, threads: number, store: WeightStore): Record<string, number> {
  const m = process.memoryUsage();
  return {
    words, seconds: Math.round(seconds * 100) / 100, wordsPerSecond: Math.round(words / seconds), threads,
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024), rssMiB: mib(m.rss),
    weightsMiB: mib(store.bytesOf('weights:') + store.bytesOf('buffer:')), tablesMiB: mib(store.bytesOf('precompute:')),
    wasmMemoryMiB: mib(store.memoryBytes), heapUsedMiB: mib(m.heapUsed), heapTotalMiB: mib(m.heapTotal),
  };
}
