/**
 * One piece of `arcparse parse` input → CoNLL-U: the same function runs in the main thread
 * (--threads 1) and in worker threads, so the output does not depend on the thread count.
 */
import type { Parser } from '../api/parser.ts';
import { shiftSentence } from '../api/stream.ts';
import { readConllu, writeConllu } from '../ud/conllu.ts';
import { toSentences } from '../ud/to-conllu.ts';

export type BatchJob =
  | { kind: 'text'; text: string; offset: number }
  | { kind: 'conllu'; text: string; firstLine: number };

export interface BatchJobOptions {
  keepTags: boolean;
  /** Input name for CoNLL-U errors. */
  source: string;
}

/**
 * The parsed piece: one CoNLL-U block per sentence (text input: without `# sent_id`, which the
 * writer numbers across pieces), and its word count for progress.
 */
export interface BatchResult {
  blocks: string[];
  words: number;
}

export function runBatchJob(parser: Parser, job: BatchJob, opts: BatchJobOptions): BatchResult {
  if (job.kind === 'conllu') {
    const parsed = parser.parseConllu(readConllu(job.text, opts.source, job.firstLine), { keepTags: opts.keepTags });
    return { blocks: parsed.map((s) => writeConllu([s])), words: parsed.reduce((a, s) => a + s.words.length, 0) };
  }
  const sentences = parser.parse(job.text).map((s) => shiftSentence(s, job.offset));
  return { blocks: toSentences(sentences, { sentIds: false }).map((s) => writeConllu([s])), words: sentences.reduce((a, s) => a + s.words.length, 0) };
}
