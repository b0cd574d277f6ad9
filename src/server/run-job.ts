/**
 * One parse job inside a worker thread: segment the input and check every limit first (so a streamed
 * answer never fails on a limit halfway), then analyze sentence by sentence, looking at the job's
 * shared abort flag before each one: a cancelled or timed-out job stops after the sentence in progress
 * and frees its worker. Library errors become HTTP-level error data.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Parser } from '../api/parser.ts';
import type { SegmentedSentence } from '../pipeline/pipeline.ts';
import { readConllu } from '../ud/conllu.ts';
import { ParserError } from '../ud/errors.ts';
import type { StoreImage } from '../model/weight-store.ts';
import type { Sentence } from '../ud/types.ts';
import { renderAnalyzed, renderConllu } from './convert.ts';
import { LIMIT_VARIABLES } from './input-policy.ts';
import type { ModelSummary, ParseInput, ParseJob, RenderedSentence, ServiceErrorData } from './parse-service.ts';

/** Settings a worker receives as `workerData`. */
export interface WorkerConfig {
  /** Every model the service offers, default first; each worker holds a Parser for each. */
  modelDirs: string[];
  maxChars: number;
  maxWordsPerSentence: number;
  /** The main thread's weight store, with every bundle loaded: the worker runs on it (each model once per process). */
  store?: StoreImage | undefined;
}

/**
 * Shared between the main thread and the worker running the job (an Int32Array over a SharedArrayBuffer):
 * [ABORTED] is set to 1 by the main thread to stop the job; [DONE] counts the sentences analyzed, so the
 * main thread knows how far the job was when it aborted it.
 */
export const ABORTED = 0;
export const DONE = 1;
export const newJobFlags = (): Int32Array => new Int32Array(new SharedArrayBuffer(8));

export type WorkerTask =
  | { op: 'info' }
  /** `port`, when given, receives each sentence as a StreamMessage as soon as it is parsed. */
  | { op: 'parse'; job: ParseJob; flags: Int32Array; port?: MessagePort | undefined };

/** `parsed`: sentences analyzed; `ms`: time spent in the worker (admission control learns from it). */
export type JobReply =
  | { ok: true; sentences: RenderedSentence[]; parsed: number; ms: number }
  | { ok: false; error: ServiceErrorData; parsed: number; ms: number };
export type WorkerReply = { ok: true; info: ModelSummary[] } | JobReply;

/** What the worker posts on a streaming job's port: each sentence, then the reply (always last). */
export type StreamMessage = { sentence: RenderedSentence } | { end: JobReply };

/** What runJob needs of a Parser (tests and benchmarks substitute stand-ins). */
export type JobParser = Pick<Parser, 'segment' | 'analyze' | 'parseConlluSentence'> & { info: Pick<Parser['info'], 'pipeline'> };

export function modelSummary(p: Parser): ModelSummary {
  const { name, language, version } = p.info.model;
  return { name, language, version, modelDir: p.info.modelDir, pipeline: p.info.pipeline, labels: p.info.labels.length };
}

type Unit = { kind: 'segmented'; s: SegmentedSentence } | { kind: 'conllu'; s: Sentence };

class InputError extends Error {
  readonly data: ServiceErrorData;
  constructor(data: ServiceErrorData) {
    super(data.message);
    this.data = data;
  }
}

const limitError = (message: string, limit: number, variable: string, field: string): InputError =>
  new InputError({ code: 'HTTP_ERR_LIMIT', message: `${message}; the limit is ${limit} (${variable})`, limit, field });

/**
 * A job whose task carries a port streams; otherwise the sentences come back in the reply. `p` is the
 * worker's parser for the job's model, undefined when the worker has none of that name (the route
 * checks names first, so that is a caller's mistake; a streaming caller still gets its end message).
 */
export function runTask(p: JobParser | undefined, task: Extract<WorkerTask, { op: 'parse' }>): JobReply {
  const run = (emit?: (s: RenderedSentence) => void): JobReply => (p ? runJob(p, task.job, task.flags, emit)
    : { ok: false, parsed: 0, ms: 0, error: { code: 'HTTP_ERR_UNKNOWN_MODEL', message: `this worker has no model named ${JSON.stringify(task.job.model)}`, field: 'model' } });
  const port = task.port;
  if (!port) return run();
  try {
    const reply = run((sentence) => port.postMessage({ sentence } satisfies StreamMessage));
    port.postMessage({ end: reply } satisfies StreamMessage);
    return reply;
  } finally {
    port.close();
  }
}

export function runJob(p: JobParser, job: ParseJob, flags: Int32Array, emit?: (s: RenderedSentence) => void): JobReply {
  const t0 = performance.now();
  const keepTags = job.input.kind === 'conllu' && job.input.keepTags;
  if (!p.info.pipeline && !keepTags) {
    return { ok: false, parsed: 0, ms: 0, error: { code: 'HTTP_ERR_NO_PIPELINE',
      message: 'the loaded model has no tokenizer and tagger, so it parses only CoNLL-U input with keepTags' } };
  }
  let units: Unit[];
  try {
    units = prepare(p, job);
  } catch (err) {
    const data = err instanceof InputError ? err.data : classifyLibraryError(err, job.input);
    if (!data) throw err;
    return { ok: false, error: data, parsed: 0, ms: performance.now() - t0 };
  }
  const out: RenderedSentence[] = [];
  for (let i = 0; i < units.length; i++) {
    if (Atomics.load(flags, ABORTED) !== 0) {
      return { ok: false, parsed: i, ms: performance.now() - t0, error: { code: 'HTTP_ERR_CANCELLED', message: 'the request was cancelled' } };
    }
    const unit = units[i];
    let rendered: RenderedSentence;
    if (unit.kind === 'conllu') {
      const { sentence, tree } = p.parseConlluSentence(unit.s, { keepTags, beam: job.decode.beam });
      rendered = renderConllu(sentence, tree, job.output, job.probabilities);
    } else {
      rendered = renderAnalyzed(p.analyze(unit.s, job.decode), i, job.output, job.probabilities);
    }
    Atomics.add(flags, DONE, 1);
    if (emit) emit(rendered);
    else out.push(rendered);
  }
  return { ok: true, sentences: out, parsed: units.length, ms: performance.now() - t0 };
}

/** Segments the input and checks the limits the schema could not check (they need the tokenizer). */
function prepare(p: JobParser, job: ParseJob): Unit[] {
  const { input, limits } = job;
  if (input.kind === 'conllu') return prepareConllu(input.conllu, input.keepTags, job.limits);
  const segmented = p.segment(input.kind === 'text' ? input.text : input.kind === 'sentences' ? input.sentences : input.tokens);
  if (segmented.length > limits.maxSentences) {
    throw limitError(`the text has ${segmented.length} sentences`, limits.maxSentences, LIMIT_VARIABLES.maxSentences, fieldOf(input));
  }
  segmented.forEach((s, i) => s.tokens.forEach((t, j) => {
    if (t.form.length > limits.maxTokenChars) {
      throw limitError(`sentence ${i}, token ${j} (offset ${t.start}) has ${t.form.length} characters`, limits.maxTokenChars,
        LIMIT_VARIABLES.maxTokenChars, fieldOf(input, i, j));
    }
  }));
  return segmented.map((s) => ({ kind: 'segmented', s }));
}

function prepareConllu(text: string, keepTags: boolean, limits: ParseJob['limits']): Unit[] {
  // CRLF line ends are accepted (input-policy.ts allows CR only there); readConllu splits at LF.
  const sentences = readConllu(text.includes('\r') ? text.replaceAll('\r\n', '\n') : text, 'conllu');
  const field = 'body/conllu';
  if (sentences.length > limits.maxSentences) {
    throw limitError(`the CoNLL-U input has ${sentences.length} sentences`, limits.maxSentences, LIMIT_VARIABLES.maxSentences, field);
  }
  let chars = 0;
  sentences.forEach((s, i) => {
    if (s.words.length > limits.maxTokensPerSentence) {
      throw limitError(`sentence ${i} has ${s.words.length} words`, limits.maxTokensPerSentence, LIMIT_VARIABLES.maxTokensPerSentence, field);
    }
    const forms = [...s.words.map((w) => w.form), ...s.lines.flatMap((l) => (l.kind === 'extra' && l.extra.kind === 'multiword' ? [l.extra.columns[1] ?? ''] : []))];
    for (const form of forms) {
      chars += form.length + 1;
      if (form.length > limits.maxTokenChars) {
        throw limitError(`sentence ${i} has a form of ${form.length} characters`, limits.maxTokenChars, LIMIT_VARIABLES.maxTokenChars, field);
      }
    }
    const untagged = keepTags ? s.words.find((w) => w.upos === '_') : undefined;
    if (untagged) {
      throw new InputError({ code: 'HTTP_ERR_CONLLU', field, message: `keepTags: sentence ${i}, word ${untagged.id} has no UPOS (the parser needs one)` });
    }
  });
  if (chars > limits.maxChars) throw limitError(`the CoNLL-U input has ${chars} characters of forms`, limits.maxChars, LIMIT_VARIABLES.maxChars, field);
  return sentences.map((s) => ({ kind: 'conllu', s }));
}

function fieldOf(input: ParseInput, sentence?: number, token?: number): string {
  if (input.kind === 'text' || input.kind === 'conllu') return `body/${input.kind}`;
  if (sentence === undefined) return `body/${input.kind}`;
  return input.kind === 'tokens' && token !== undefined ? `body/tokens/${sentence}/${token}` : `body/${input.kind}/${sentence}`;
}

/** Maps a library error to an HTTP-level one, naming the limit's variable; undefined for errors that mean a bug (500). */
export function classifyLibraryError(err: unknown, input: ParseInput): ServiceErrorData | undefined {
  if (!(err instanceof ParserError)) return undefined;
  if (err.code.startsWith('PARSER_ERR_CONLLU_')) return { code: 'HTTP_ERR_CONLLU', message: err.message, field: 'body/conllu' };
  if (err.code !== 'PARSER_ERR_INPUT') return undefined;
  const { limit, sentence } = err.details;
  const field = fieldOf(input, typeof sentence === 'number' ? sentence : undefined);
  if (typeof limit !== 'number') return { code: 'HTTP_ERR_INPUT', message: err.message, field };
  const variable = typeof sentence === 'number' ? LIMIT_VARIABLES.maxTokensPerSentence : LIMIT_VARIABLES.maxChars;
  return { code: 'HTTP_ERR_LIMIT', message: `${err.message} (${variable})`, limit, field };
}
