/**
 * CoNLL-U of any size, sentence by sentence: lines are read as they arrive and grouped into
 * batches of whole sentences (blocks ended by a blank line) of about `batchWords` word lines.
 * A batch is text plus the line number it starts at, so readConllu can name lines of the whole
 * input in its errors, in this thread or in a worker.
 */
/**
 * Word lines per batch by default. A batch's sentences live until they are written: with 500,
 * `arcparse parse --keep-tags` on 8× EWT dev peaked at 140-142 MiB, with 32-128 at 127 (as fast).
 */
export const DEFAULT_BATCH_WORDS = 128;

export interface ConlluBatch {
  text: string;
  firstLine: number;
}

export async function* conlluBatches(pieces: AsyncIterable<string>, batchWords = DEFAULT_BATCH_WORDS): AsyncGenerator<ConlluBatch> {
  let rest = '', line = 1, firstLine = 1, words = 0;
  let rows: string[] = [];
  const take = (): ConlluBatch => {
    const b = { text: rows.join('\n') + '\n', firstLine };
    rows = [];
    words = 0;
    firstLine = line;
    return b;
  };
  for await (const piece of pieces) {
    rest += piece;
    let start = 0, nl: number;
    while ((nl = rest.indexOf('\n', start)) >= 0) {
      const row = rest.slice(start, nl);
      start = nl + 1;
      rows.push(row);
      line++;
      if (row === '') {
        if (words >= batchWords) yield take();
      } else if (row.charCodeAt(0) !== 35 /* # */) {
        words++;
      }
    }
    rest = rest.slice(start);
  }
  if (rest !== '') rows.push(rest);
  if (rows.length > 0) yield take();
}
