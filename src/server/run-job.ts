/** One parse job on a loaded Parser, with library errors turned into HTTP-level error data. Runs inside a worker thread. */
import type { Parser } from '../api/parser.ts';
import { ParserError } from '../ud/errors.ts';
import type { AnalyzedSentence } from '../ud/analyzed.ts';
import type { StoreImage } from '../model/weight-store.ts';
import type { ModelSummary, ParseInput, ParseJob, ServiceErrorData } from './parse-service.ts';

/** Settings a worker receives as `workerData`. */
export interface WorkerConfig {
  modelDir: string;
  maxChars: number;
  maxWordsPerSentence: number;
  /** The main thread's weight store, with the whole bundle loaded: the worker runs on it (one model per process). */
  store?: StoreImage | undefined;
}

export type WorkerTask = { op: 'info' } | { op: 'parse'; job: ParseJob };
export type WorkerReply =
  | { ok: true; info: ModelSummary }
  | { ok: true; sentences: AnalyzedSentence[] }
  | { ok: false; error: ServiceErrorData };

/** Maps a library error to an HTTP-level one; undefined for errors that mean a bug (500). */
export function classifyLibraryError(err: unknown): ServiceErrorData | undefined {
  if (!(err instanceof ParserError) || err.code !== 'PARSER_ERR_INPUT') return undefined;
  const limit = err.details.limit;
  return typeof limit === 'number' ? { code: 'HTTP_ERR_LIMIT', message: err.message, limit } : { code: 'HTTP_ERR_INPUT', message: err.message };
}

/** What runJob needs of a Parser (benchmarks substitute a stand-in). */
export type JobParser = Pick<Parser, 'parse'> & { info: Pick<Parser['info'], 'pipeline'> };

export function modelSummary(p: Parser): ModelSummary {
  return { modelDir: p.info.modelDir, pipeline: p.info.pipeline, labels: p.info.labels.length };
}

export function runJob(p: JobParser, job: ParseJob): WorkerReply {
  if (!p.info.pipeline) {
    return { ok: false, error: { code: 'HTTP_ERR_NO_PIPELINE',
      message: 'the loaded model has no tokenizer and tagger, so it cannot parse raw text or untagged tokens' } };
  }
  try {
    const sentences = parseInput(p, job.input);
    if (sentences.length > job.maxSentences) {
      return { ok: false, error: { code: 'HTTP_ERR_LIMIT', limit: job.maxSentences,
        message: `the text has ${sentences.length} sentences; the limit is ${job.maxSentences} (ARCPARSE_MAX_SENTENCES)` } };
    }
    return { ok: true, sentences };
  } catch (err) {
    const data = classifyLibraryError(err);
    if (data) return { ok: false, error: data };
    throw err;
  }
}

function parseInput(p: JobParser, input: ParseInput): AnalyzedSentence[] {
  switch (input.kind) {
    case 'text': return p.parse(input.text);
    case 'sentences': return p.parse(input.sentences);
    case 'tokens': return p.parse(input.tokens);
  }
}
