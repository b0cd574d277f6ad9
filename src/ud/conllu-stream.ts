/**
 * CoNLL-U of any size, sentence by sentence: lines are read as they arrive and grouped into
 * batches of whole sentences (blocks ended by a blank line) of about `batchWords` word lines.
 * A batch is text plus the line number it starts at, so readConllu can name lines of the whole
 * input in its errors, in this thread or in a worker.
 */
export interface ConlluBatch {
  text: string;
  firstLine: number;
}

export async function* conlluBatches(pieces: AsyncIterable<string>, batchWords = 500): AsyncGenerator<ConlluBatch> {
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
