/**
 * Paragraph ranges of a text: a blank line (a line break, optional spaces or tabs, another line
 * break) or U+2029 PARAGRAPH SEPARATOR ends a paragraph. Ranges are [start, end) pairs, in order;
 * some may hold only white space.
 */
export function paragraphRanges(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x2029) {
      out.push(start, i);
      start = ++i;
      continue;
    }
    if (c === 10) {
      let j = i + 1;
      while (j < n && isLineSpace(text.charCodeAt(j))) j++;
      if (j < n && text.charCodeAt(j) === 10) {
        out.push(start, i);
        start = i = j + 1;
        continue;
      }
    }
    i++;
  }
  out.push(start, n);
  return out;
}

/** White space that does not break a line (so `\n \t\r\n` still counts as a blank line). */
function isLineSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000 || c === 0xfeff;
}

/** Indices of the sentences (in text order, with start offsets into `text`) that open a paragraph. */
export function paragraphOpeners(sentences: readonly { start: number }[], text: string): Set<number> {
  const r = paragraphRanges(text);
  const out = new Set<number>();
  let k = 0, lastPara = -1;
  sentences.forEach((s, i) => {
    while (k + 2 < r.length && r[k + 2] <= s.start) k += 2;
    if (k !== lastPara) out.add(i);
    lastPara = k;
  });
  return out;
}
