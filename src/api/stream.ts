/**
 * parser.parseStream: input of any size, parsed piece by piece in this thread. The pieces are the
 * ones the CLI hands to worker threads (cli/batch.ts), so both give the same output.
 */
import { DEFAULT_CHUNK_CHARS, type TextChunk, sentenceCutWith, textChunks } from '../pipeline/chunks.ts';
import type { TokenizeStage } from '../pipeline/stages.ts';
import type { AnalyzedSentence } from '../ud/analyzed.ts';
import { readConllu } from '../ud/conllu.ts';
import { conlluBatches } from '../ud/conllu-stream.ts';
import type { Sentence } from '../ud/types.ts';

/** A Readable (bytes or strings), or any iterable or async iterable of strings or UTF-8 bytes. */
export type StreamInput = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface StreamOptions {
  /** `text` (default): raw text; `conllu`: CoNLL-U sentences, tokens kept. */
  from?: 'text' | 'conllu';
  /** CoNLL-U: keep the input's tags instead of predicting them (loads no tagger). */
  keepTags?: boolean;
  /** Text: the largest piece parsed at once, in UTF-16 code units (default 4,096: DEFAULT_CHUNK_CHARS). */
  chunkChars?: number;
  /** CoNLL-U: the input's name in error messages. */
  source?: string;
}

/** What parseStream needs of a Parser. */
export interface StreamParser {
  parse(text: string): AnalyzedSentence[];
  parseConllu(sentences: readonly Sentence[], opts: { keepTags?: boolean }): Sentence[];
  tokenizer(): TokenizeStage;
}

/**
 * Bytes decoded at a time. A 64 KiB piece (what a file or a pipe gives) decodes to a string of up to
 * 128 KiB, which V8 puts in its large-object space, freed only by a full collection: `arcparse parse
 * --keep-tags` on 8× EWT dev from stdin peaked at 122-124 MiB, from a file read 16 KiB at a time at 113.
 */
export const DECODE_BYTES = 16 * 1024;

/** Strings from strings or UTF-8 bytes; a character split between two byte pieces is decoded whole. */
export async function* decodeText(input: StreamInput): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const piece of input as AsyncIterable<string | Uint8Array>) {
    if (typeof piece === 'string') yield piece;
    else if (piece instanceof Uint8Array) {
      for (let at = 0; at < piece.length; at += DECODE_BYTES) yield decoder.decode(piece.subarray(at, at + DECODE_BYTES), { stream: true });
    } else throw new TypeError('parseStream: the input must yield strings or bytes');
  }
  const tail = decoder.decode();
  if (tail !== '') yield tail;
}

/** The text chunks of an input (pipeline/chunks.ts), cut at sentence starts by `tokenizer` where there is no paragraph break. */
export function chunksOf(input: StreamInput, tokenizer: () => TokenizeStage, chunkChars = DEFAULT_CHUNK_CHARS): AsyncGenerator<TextChunk> {
  return textChunks(decodeText(input), { maxChars: chunkChars, sentenceCut: (w) => sentenceCutWith(tokenizer(), w) });
}

/** Offsets of a chunk's sentences moved from the chunk to the whole input. */
export function shiftSentence(s: AnalyzedSentence, by: number): AnalyzedSentence {
  if (by === 0) return s;
  s.start += by;
  s.end += by;
  for (const t of s.tokens) { t.start += by; t.end += by; }
  for (const w of s.words) { w.start += by; w.end += by; }
  return s;
}

export async function* parseStream(parser: StreamParser, input: StreamInput, opts: StreamOptions = {}): AsyncGenerator<AnalyzedSentence | Sentence> {
  if (opts.from === 'conllu') {
    for await (const batch of conlluBatches(decodeText(input))) {
      yield* parser.parseConllu(readConllu(batch.text, opts.source ?? '<stream>', batch.firstLine), { keepTags: opts.keepTags === true });
    }
    return;
  }
  for await (const chunk of chunksOf(input, () => parser.tokenizer(), opts.chunkChars)) {
    for (const s of parser.parse(chunk.text)) yield shiftSentence(s, chunk.offset);
  }
}
