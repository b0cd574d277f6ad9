/** Prometheus metrics of one app instance (its own registry, so tests can build many apps). */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ParseService } from './parse-service.ts';

export interface ServerMetrics {
  registry: Registry;
  /** Syntactic words parsed (sum over 200 answers). */
  wordsParsed: Counter;
  sentencesParsed: Counter;
  /** Answers with an error code, by code (HTTP_ERR_OVERLOADED, HTTP_ERR_LIMIT, ...). */
  errors: Counter<'code'>;
  /** From the abort of a running job (timeout, client gone) to its worker being free again. */
  abortToFree: Histogram;
  /** Sentences a worker finished after its job was aborted (at most one: the sentence in progress). */
  sentencesAfterAbort: Histogram;
  /** From admission to the answer, less the parse itself: what ARCPARSE_QUEUE_TARGET_MS bounds. */
  queueWait: Histogram;
}

/** Latency buckets in seconds: fine below 100 ms, where the target lives. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(service: ParseService): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  new Gauge({ name: 'arcparse_queue_depth', help: 'parse jobs waiting for a worker thread', registers,
    collect() { this.set(service.status().queued); } });
  new Gauge({ name: 'arcparse_jobs_running', help: 'parse jobs handed to worker threads', registers,
    collect() { this.set(service.status().running); } });
  new Gauge({ name: 'arcparse_worker_threads', help: 'parser worker threads', registers,
    collect() { this.set(service.status().threads); } });
  new Gauge({ name: 'arcparse_ready', help: '1 when the server accepts parse requests', registers,
    collect() { this.set(service.status().ready ? 1 : 0); } });
  return {
    registry,
    wordsParsed: new Counter({ name: 'arcparse_words_parsed_total', help: 'syntactic words parsed', registers }),
    sentencesParsed: new Counter({ name: 'arcparse_sentences_parsed_total', help: 'sentences parsed', registers }),
    errors: new Counter({ name: 'arcparse_errors_total', help: 'error answers by code', labelNames: ['code'], registers }),
    abortToFree: new Histogram({ name: 'arcparse_abort_to_free_seconds', help: 'time from aborting a running parse (timeout, client gone) to its worker being free',
      buckets: LATENCY_BUCKETS, registers }),
    sentencesAfterAbort: new Histogram({ name: 'arcparse_sentences_after_abort', help: 'sentences a worker finished after its parse was aborted',
      buckets: [0, 1, 2, 5], registers }),
    queueWait: new Histogram({ name: 'arcparse_queue_wait_seconds', help: 'time from admitting a parse job to its answer, less the parse itself (ARCPARSE_QUEUE_TARGET_MS aims to bound it)',
      buckets: LATENCY_BUCKETS, registers }),
  };
}
