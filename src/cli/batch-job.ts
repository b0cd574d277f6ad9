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
  /** Beam width (undefined: greedy). */
  beam?: number | undefined;
  /** Text input: the k best trees of each sentence as well. */
  kbest?: number | undefined;
  /** Input name for CoNLL-U errors. */
  source: string;
}

/**
 * The parsed piece: per sentence, its CoNLL-U blocks (one; one per tree with --kbest; text input:
 * without `# sent_id`, which the writer numbers across pieces), and the word count for progress.
 */
export interface BatchResult {
  blocks: string[][];
  words: number;
}

export function runBatchJob(parser: Parser, job: BatchJob, opts: BatchJobOptions): BatchResult {
  if (job.kind === 'conllu') {
    const parsed = parser.parseConllu(readConllu(job.text, opts.source, job.firstLine), { keepTags: opts.keepTags, beam: opts.beam });
    return { blocks: parsed.map((s) => [writeConllu([s])]), words: parsed.reduce((a, s) => a + s.words.length, 0) };
  }
  const sentences = parser.parse(job.text, { beam: opts.beam, kbest: opts.kbest }).map((s) => shiftSentence(s, job.offset));
  return {
    blocks: sentences.map((s) => toSentences([s], { sentIds: false }).map((copy) => writeConllu([copy]))),
    words: sentences.reduce((a, s) => a + s.words.length, 0),
  };
}
