import { ParserError, type ParserErrorCode } from './errors.ts';
import type { ExtraLine, Sentence, SentenceLine, Word } from './types.ts';

/**
 * Strict non-negative decimal integer, -1 if the string is anything else.
 * Leading zeros and signs are rejected so that writing the number back reproduces the column exactly.
 */
function parseNat(s: string): number {
  const n = s.length;
  if (n === 0 || n > 9) return -1;
  if (n > 1 && s.charCodeAt(0) === 48) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function fail(code: ParserErrorCode, source: string, line: number, msg: string, extra: Record<string, unknown> = {}): never {
  throw new ParserError(code, `${source}:${line}: ${msg}`, { source, line, ...extra });
}

/** Per-sentence state; line numbers are kept so errors found only at sentence end can still point at a line. */
interface Pending {
  comments: string[];
  words: Word[];
  lines: SentenceLine[];
  wordLine: number[];
  extraLine: number[];
  firstLine: number;
}

function newPending(): Pending {
  return { comments: [], words: [], lines: [], wordLine: [], extraLine: [], firstLine: 0 };
}

/** Checks that need the sentence length (head range, multiword ranges) and the whole tree (cycles). */
function finishSentence(p: Pending, source: string): Sentence {
  const n = p.words.length;
  if (n === 0) fail('PARSER_ERR_CONLLU_EMPTY_SENTENCE', source, p.firstLine, 'sentence has no word lines');
  let allHeads = true;
  for (let i = 0; i < n; i++) {
    const h = p.words[i].head;
    if (h === -1) allHeads = false;
    else if (h > n) fail('PARSER_ERR_CONLLU_HEAD', source, p.wordLine[i], `head ${h} out of range 0..${n}`, { head: h });
  }
  let e = 0;
  for (const l of p.lines) {
    if (l.kind !== 'extra') continue;
    const x = l.extra;
    if (x.kind === 'multiword' && x.last > n) {
      fail('PARSER_ERR_CONLLU_ID', source, p.extraLine[e], `multiword range ${x.id} goes beyond the last word ${n}`, { id: x.id });
    }
    e++;
  }
  if (allHeads) checkTree(p, source);
  return { comments: p.comments, words: p.words, lines: p.lines };
}

/** Every word must reach the root by following heads; 0 = unknown, 1 = on current path, 2 = reaches root. */
function checkTree(p: Pending, source: string): void {
  const n = p.words.length;
  const state = new Uint8Array(n + 1);
  state[0] = 2;
  const path: number[] = [];
  for (let start = 1; start <= n; start++) {
    let j = start;
    while (state[j] === 0) {
      state[j] = 1;
      path.push(j);
      j = p.words[j - 1].head;
    }
    if (state[j] === 1) {
      fail('PARSER_ERR_CONLLU_CYCLE', source, p.wordLine[j - 1], `word ${j} is in a head cycle and does not reach the root`, { id: j });
    }
    for (const k of path) state[k] = 2;
    path.length = 0;
  }
}

/**
 * Parses CoNLL-U text. Throws ParserError naming `source` and the 1-based line on malformed input
 * (`firstLine`: the line number of the text's first line, when it is a piece of a larger input).
 */
export function readConllu(text: string, source = '<input>', firstLine = 1): Sentence[] {
  const rows = text.split('\n');
  // A trailing newline yields one final empty string that is not a real line.
  const count = rows.length > 0 && rows[rows.length - 1] === '' ? rows.length - 1 : rows.length;
  const out: Sentence[] = [];
  let p = newPending();
  let open = false;

  for (let r = 0; r < count; r++) {
    const row = rows[r];
    const ln = r + firstLine;
    if (row === '') {
      if (open) out.push(finishSentence(p, source));
      p = newPending();
      open = false;
      continue;
    }
    if (!open) {
      open = true;
      p.firstLine = ln;
    }
    if (row.charCodeAt(0) === 35 /* # */) {
      // Sentence has a single comment block; a comment between word lines could not be written back in place.
      if (p.lines.length > 0) fail('PARSER_ERR_CONLLU_COMMENT', source, ln, 'comment line after word lines');
      p.comments.push(row);
      continue;
    }
    const cols = row.split('\t');
    if (cols.length !== 10) fail('PARSER_ERR_CONLLU_COLUMNS', source, ln, `expected 10 tab-separated columns, found ${cols.length}`);
    for (let c = 0; c < 10; c++) {
      if (cols[c] === '') fail('PARSER_ERR_CONLLU_EMPTY_FIELD', source, ln, `column ${c + 1} is empty`, { column: c + 1 });
    }
    const idStr = cols[0];
    const expected = p.words.length + 1;
    const id = parseNat(idStr);
    if (id >= 0) {
      if (id !== expected) {
        if (id >= 1 && id < expected) fail('PARSER_ERR_CONLLU_DUPLICATE_ID', source, ln, `duplicate word id ${id}`, { id });
        fail('PARSER_ERR_CONLLU_ID', source, ln, `word id ${idStr} out of order, expected ${expected}`, { id });
      }
      const hs = cols[6];
      const head = hs === '_' ? -1 : parseNat(hs);
      if (head < 0 && hs !== '_') fail('PARSER_ERR_CONLLU_HEAD', source, ln, `head ${JSON.stringify(hs)} is not an integer`, { head: hs });
      p.lines.push({ kind: 'word', index: p.words.length });
      p.words.push({
        id, form: cols[1], lemma: cols[2], upos: cols[3], xpos: cols[4], feats: cols[5],
        head, deprel: cols[7], deps: cols[8], misc: cols[9],
      });
      p.wordLine.push(ln);
      continue;
    }
    p.lines.push({ kind: 'extra', extra: parseExtra(idStr, cols, expected, source, ln) });
    p.extraLine.push(ln);
  }
  if (open) out.push(finishSentence(p, source));
  return out;
}

/** Multiword `a-b` must start at the next word; empty node `a.b` must follow word a (UD ordering rules). */
function parseExtra(idStr: string, cols: string[], expected: number, source: string, ln: number): ExtraLine {
  const dash = idStr.indexOf('-');
  if (dash > 0) {
    const a = parseNat(idStr.slice(0, dash));
    const b = parseNat(idStr.slice(dash + 1));
    if (a < 1 || b <= a) fail('PARSER_ERR_CONLLU_ID', source, ln, `bad multiword range ${idStr}`, { id: idStr });
    if (a !== expected) fail('PARSER_ERR_CONLLU_ID', source, ln, `multiword range ${idStr} should start at word ${expected}`, { id: idStr });
    return { kind: 'multiword', id: idStr, columns: cols, first: a, last: b };
  }
  const dot = idStr.indexOf('.');
  if (dot > 0) {
    const a = parseNat(idStr.slice(0, dot));
    const b = parseNat(idStr.slice(dot + 1));
    if (a < 0 || b < 1) fail('PARSER_ERR_CONLLU_ID', source, ln, `bad empty node id ${idStr}`, { id: idStr });
    if (a !== expected - 1) fail('PARSER_ERR_CONLLU_ID', source, ln, `empty node ${idStr} should follow word ${a}`, { id: idStr });
    return { kind: 'empty', id: idStr, columns: cols, first: a, last: a };
  }
  return fail('PARSER_ERR_CONLLU_ID', source, ln, `word id ${JSON.stringify(idStr)} is not an integer`, { id: idStr });
}

/**
 * Writes sentences as CoNLL-U, each followed by a blank line (so the text ends with "\n\n" like UD releases).
 * Words are rebuilt from their fields so edits to head/deprel show up; extra lines are written as read.
 */
export function writeConllu(sentences: Sentence[]): string {
  if (sentences.length === 0) return '';
  const parts: string[] = [];
  for (const s of sentences) {
    for (const c of s.comments) parts.push(c);
    for (const l of s.lines) {
      if (l.kind === 'extra') {
        parts.push(l.extra.columns.join('\t'));
      } else {
        const w = s.words[l.index];
        parts.push(
          `${w.id}\t${w.form}\t${w.lemma}\t${w.upos}\t${w.xpos}\t${w.feats}\t${w.head < 0 ? '_' : w.head}\t${w.deprel}\t${w.deps}\t${w.misc}`,
        );
      }
    }
    parts.push('');
  }
  return parts.join('\n') + '\n';
}
