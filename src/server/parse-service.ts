/**
 * What the HTTP layer needs from the parser: a small interface, so routes can be tested with a
 * test double and production can run the library in worker threads (worker-pool.ts).
 */
import type { AnalyzedSentence } from '../ud/analyzed.ts';

export type ParseInput = { kind: 'text'; text: string } | { kind: 'sentences'; sentences: string[] } | { kind: 'tokens'; tokens: string[][] };

export interface ParseJob {
  input: ParseInput;
  /** Raw text is split by the model, so the sentence limit is checked after splitting. */
  maxSentences: number;
}

export interface ModelSummary {
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

export interface ParseService {
  readonly model: ModelSummary;
  status(): ServiceStatus;
  /**
   * The ServiceError parse() would reject a new job with right now (queue full, shutting down), or
   * undefined. Lets the route refuse before reading and validating the body, which keeps the
   * 503 path cheap under overload.
   */
  refusal(): ServiceError | undefined;
  /** Rejects with ServiceError; `signal` cancels a job that has not started (client went away). */
  parse(job: ParseJob, signal?: AbortSignal): Promise<AnalyzedSentence[]>;
  /** Finishes queued and running jobs, then stops the workers. */
  close(): Promise<void>;
}

export type ServiceErrorCode =
  | 'HTTP_ERR_OVERLOADED'
  | 'HTTP_ERR_TIMEOUT'
  | 'HTTP_ERR_CLOSING'
  | 'HTTP_ERR_NO_PIPELINE'
  | 'HTTP_ERR_LIMIT'
  | 'HTTP_ERR_INPUT'
  | 'HTTP_ERR_CANCELLED'
  | 'HTTP_ERR_ENCODING'
  | 'HTTP_ERR_INTERNAL';

const STATUS: Record<ServiceErrorCode, number> = {
  HTTP_ERR_OVERLOADED: 503,
  HTTP_ERR_TIMEOUT: 503,
  HTTP_ERR_CLOSING: 503,
  HTTP_ERR_NO_PIPELINE: 503,
  HTTP_ERR_LIMIT: 413,
  HTTP_ERR_INPUT: 422,
  HTTP_ERR_CANCELLED: 499,
  HTTP_ERR_ENCODING: 400,
  HTTP_ERR_INTERNAL: 500,
};

/** Plain data form of a ServiceError, which is what crosses the worker-thread boundary. */
export interface ServiceErrorData {
  code: ServiceErrorCode;
  message: string;
  limit?: number;
}

/** An error with an HTTP status and a stable code; the error handler turns it into the JSON error body. */
export class ServiceError extends Error {
  readonly code: ServiceErrorCode;
  readonly statusCode: number;
  readonly limit: number | undefined;
  /** Seconds, for the Retry-After header of 503 answers. */
  readonly retryAfter: number | undefined;

  constructor(code: ServiceErrorCode, message: string, opts: { limit?: number | undefined; retryAfter?: number | undefined } = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.statusCode = STATUS[code];
    this.limit = opts.limit;
    this.retryAfter = opts.retryAfter;
  }

  static from(data: ServiceErrorData): ServiceError {
    return new ServiceError(data.code, data.message, { limit: data.limit });
  }
}

/** The input's size for logs and metrics: characters and (for pre-tokenized input) tokens. */
export function inputChars(input: ParseInput): number {
  switch (input.kind) {
    case 'text': return input.text.length;
    case 'sentences': return input.sentences.reduce((a, s) => a + s.length, 0);
    case 'tokens': return input.tokens.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0);
  }
}
