/**
 * What the HTTP layer needs from the parser: a small interface, so routes can be tested with a
 * test double and production can run the library in worker threads (worker-pool.ts).
 */
import type { DecodeOptions } from '../pipeline/stages.ts';
import type { Limits } from './config.ts';
import type { Format, SentenceDto } from './schemas.ts';

export type ParseInput =
  | { kind: 'text'; text: string }
  | { kind: 'sentences'; sentences: string[] }
  | { kind: 'tokens'; tokens: string[][] }
  | { kind: 'conllu'; conllu: string; keepTags: boolean };

/** How each sentence comes back: a JSON sentence (json and ndjson answers) or a CoNLL-U block. */
export type OutputKind = 'json' | 'conllu';
export const outputKind = (f: Format): OutputKind => (f === 'conllu' ? 'conllu' : 'json');

export type RenderedSentence = { kind: 'json'; sentence: SentenceDto } | { kind: 'conllu'; text: string; words: number };

export interface ParseJob {
  /** Name of the model to parse with (one of ParseService.models; the route fills in the default). */
  model: string;
  input: ParseInput;
  output: OutputKind;
  probabilities: boolean;
  /** Beam width and k best trees, as the library's parse options (checked against MAX_BEAM and MAX_KBEST by the schema). */
  decode: DecodeOptions;
  /** Checked before the first sentence is analyzed, so a streamed answer never fails on a limit halfway. */
  limits: Pick<Limits, 'maxChars' | 'maxSentences' | 'maxTokensPerSentence' | 'maxTokenChars'>;
}

/** A loaded model as the service names it: in GET /v1/models, in requests (`model`) and in every parse answer. */
export interface ModelSummary {
  /** What requests choose it by (the bundle's name). */
  name: string;
  /** ISO 639 code, `und` when the bundle does not say. */
  language: string;
  /** The bundle's version, or `sha-` and the start of the parser weights' checksum (api/models.ts). */
  version: string;
  modelDir: string;
  /** The bundle has a tokenizer and a tagger, so it can parse raw text and untagged tokens. */
  pipeline: boolean;
  labels: number;
}

export interface ServiceStatus {
  ready: boolean;
  threads: number;
  /** Jobs waiting for a worker. */
  queued: number;
  /** Jobs handed to workers and not finished. */
  running: number;
}

/** What admission control knows about a request before its body is read. */
export interface RequestCost {
  /** Content-Length, when the client sent one. */
  bytes: number | undefined;
  /** The kind of body (`json`, `conllu`, `json+gzip`, ...): the cost per byte differs between them. */
  kind: string;
}

export interface RunOptions {
  /** Aborts the job: a queued job is dropped, a running one stops after its current sentence. */
  signal?: AbortSignal | undefined;
  /** The request's size, for the cost model of admission control. */
  cost?: RequestCost | undefined;
}

export interface ParseService {
  /** The loaded models, never empty; the first is the default. */
  readonly models: readonly ModelSummary[];
  status(): ServiceStatus;
  /**
   * Admission control, before the body is read: the ServiceError (503 + Retry-After) a new request gets
   * right now, or undefined. Refusing here costs only the headers, which keeps goodput up under overload.
   * (Only the work ahead of a request decides; its own size enters the estimate once it is queued.)
   */
  refusal(): ServiceError | undefined;
  /** The whole answer at once. Rejects with ServiceError. */
  parse(job: ParseJob, opts?: RunOptions): Promise<RenderedSentence[]>;
  /**
   * Sentence by sentence as each is parsed. Input errors (limits, bad CoNLL-U) reject the first next(),
   * before anything is yielded; stopping the iteration early aborts the job.
   */
  stream(job: ParseJob, opts?: RunOptions): AsyncIterable<RenderedSentence>;
  /** Finishes queued and running jobs, then stops the workers. */
  close(): Promise<void>;
}

export type ServiceErrorCode =
  | 'HTTP_ERR_OVERLOADED'
  | 'HTTP_ERR_TIMEOUT'
  | 'HTTP_ERR_CLOSING'
  | 'HTTP_ERR_NO_PIPELINE'
  | 'HTTP_ERR_UNKNOWN_MODEL'
  | 'HTTP_ERR_LIMIT'
  | 'HTTP_ERR_INPUT'
  | 'HTTP_ERR_CONLLU'
  | 'HTTP_ERR_VALIDATION'
  | 'HTTP_ERR_FORBIDDEN_KEY'
  | 'HTTP_ERR_CANCELLED'
  | 'HTTP_ERR_ENCODING'
  | 'HTTP_ERR_UNSUPPORTED_ENCODING'
  | 'HTTP_ERR_UNSUPPORTED_CHARSET'
  | 'HTTP_ERR_INTERNAL';

const STATUS: Record<ServiceErrorCode, number> = {
  HTTP_ERR_OVERLOADED: 503,
  HTTP_ERR_TIMEOUT: 503,
  HTTP_ERR_CLOSING: 503,
  HTTP_ERR_NO_PIPELINE: 503,
  HTTP_ERR_UNKNOWN_MODEL: 400,
  HTTP_ERR_LIMIT: 413,
  HTTP_ERR_INPUT: 422,
  HTTP_ERR_CONLLU: 400,
  HTTP_ERR_VALIDATION: 400,
  HTTP_ERR_FORBIDDEN_KEY: 400,
  HTTP_ERR_CANCELLED: 499,
  HTTP_ERR_ENCODING: 400,
  HTTP_ERR_UNSUPPORTED_ENCODING: 415,
  HTTP_ERR_UNSUPPORTED_CHARSET: 415,
  HTTP_ERR_INTERNAL: 500,
};

/** Plain data form of a ServiceError, which is what crosses the worker-thread boundary. */
export interface ServiceErrorData {
  code: ServiceErrorCode;
  message: string;
  limit?: number | undefined;
  /** Where the problem is, e.g. `body/tokens/0/3` or `headers/content-encoding`. */
  field?: string | undefined;
}

/** An error with an HTTP status and a stable code; the error handler turns it into the JSON error body. */
export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly statusCode: number;
  readonly limit: number | undefined;
  readonly field: string | undefined;
  /** Seconds, for the Retry-After header of 503 answers. */
  readonly retryAfter: number | undefined;

  constructor(code: ServiceErrorCode, message: string, opts: { limit?: number | undefined; field?: string | undefined; retryAfter?: number | undefined } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.statusCode = STATUS[code];
    this.limit = opts.limit;
    this.field = opts.field;
    this.retryAfter = opts.retryAfter;
  }

  static from(data: ServiceErrorData): ServiceError {
    return new ServiceError(data.code, data.message, { limit: data.limit, field: data.field });
  }
}

/** The input's size for logs and metrics: characters and (for pre-tokenized input) tokens. */
export function inputChars(input: ParseInput): number {
  switch (input.kind) {
    case 'text': return input.text.length;
    case 'sentences': return input.sentences.reduce((a, s) => a + s.length, 0);
    case 'tokens': return input.tokens.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0);
    case 'conllu': return input.conllu.length;
  }
}
