/**
 * Raw text of any size → chunks that can be parsed one at a time, in order, with bounded memory.
 * A chunk ends at a paragraph break (a blank line or U+2029; the tokenizer never joins sentences
 * across one) when there is one in the window; in text without paragraph breaks it ends where a
 * sentence starts (found by `sentenceCut`, the model's sentence splitter). Every chunk but the last
 * holds at most `maxChars` UTF-16 code units; the chunks joined are the input.
 */
import type { TokenizeStage } from './stages.ts';

export interface TextChunk {
  text: string;
  /** Offset of the chunk's first character in the whole input. */
  offset: number;
}

export interface ChunkOptions {
  maxChars: number;
  /**
   * Where to cut `window` (text without a paragraph break): an offset in (0, window.length] at the
   * start of a sentence. Called only when the input has no paragraph break in a window.
   */
  sentenceCut: (window: string) => number;
}

/**
 * Default chunk size: about 700 words. Everything a chunk's parse makes lives until the chunk is
 * written, so the chunk size is what the garbage collector sees survive: with 16,384 characters
 * `arcparse parse --from text` on 8× EWT dev peaked at 205-216 MiB, with 4,096 at 180-182 (2,048:
 * no less memory, 8% slower).
 */
export const DEFAULT_CHUNK_CHARS = 1 << 12;

/** The end of the last paragraph break in text[0, max), or -1: the next paragraph starts there. */
export function lastParagraphBreak(text: string, max: number): number {
  const end = Math.min(max, text.length);
  for (let i = end - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x2029) return i + 1;
    if (c !== 10) continue;
    // A line break preceded (after spaces) by another one: a blank line.
    let j = i - 1;
    while (j >= 0 && isLineSpace(text.charCodeAt(j))) j--;
    if (j >= 0 && text.charCodeAt(j) === 10) return i + 1;
  }
  return -1;
}

/** As tokenizer/paragraphs.ts: white space that does not break a line. */
function isLineSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff;
}

/**
 * A sentence start in `window` far enough from its end that the splitter saw the sentences around it
 * whole: the start of the second-to-last sentence (the last one may run past the window). Falls back
 * to the last white space, then to the whole window (one sentence longer than a chunk).
 */
export function sentenceCutWith(tokenizer: TokenizeStage, window: string): number {
  const sentences = tokenizer.tokenize(window);
  const cut = sentences.length >= 3 ? sentences[sentences.length - 2]?.start ?? 0 : 0;
  if (cut > 0) return cut;
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\n'));
  return space > 0 ? space + 1 : window.length;
}

/** Cuts a stream of text pieces into chunks (see the module comment). */
export async function* textChunks(pieces: AsyncIterable<string>, opts: ChunkOptions): AsyncGenerator<TextChunk> {
  let buf = '', offset = 0;
  const take = (n: number): TextChunk => {
    const chunk = { text: buf.slice(0, n), offset };
    buf = buf.slice(n);
    offset += n;
    return chunk;
  };
  for await (const piece of pieces) {
    buf += piece;
    while (buf.length > opts.maxChars) {
      // Look one character past the window, so a break ending exactly at maxChars counts.
      const para = lastParagraphBreak(buf, opts.maxChars + 1);
      const cut = para > 0 && para <= opts.maxChars ? para : opts.sentenceCut(buf.slice(0, opts.maxChars));
      yield take(Math.max(1, Math.min(cut, opts.maxChars)));
    }
  }
  if (buf.length > 0) yield take(buf.length);
}
