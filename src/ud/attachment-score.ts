import { ParserError } from './errors.ts';
import type { Sentence } from './types.ts';

/** Attachment scores in percent (0-100); `words` is the number of scored words. */
export interface Scores {
  words: number;
  uas: number;
  las: number;
  labelAcc: number;
  lasFull: number;
}

/** CoNLL 2018 scores only the universal relation, so `nmod:poss` and `nmod:tmod` are the same label there. */
function universal(deprel: string): string {
  const i = deprel.indexOf(':');
  return i < 0 ? deprel : deprel.slice(0, i);
}

/**
 * CoNLL 2018 shared task attachment scores for gold tokenization: words align 1:1, so no token
 * alignment is needed. Punctuation counts. Empty nodes and multiword lines are ignored.
 */
export function scoreParses(gold: readonly Sentence[], pred: readonly Sentence[]): Scores {
  if (gold.length !== pred.length) {
    throw new ParserError('PARSER_ERR_INPUT', `gold has ${gold.length} sentences, prediction has ${pred.length}`, {
      gold: gold.length, pred: pred.length,
    });
  }
  let total = 0, uas = 0, las = 0, label = 0, lasFull = 0;
  for (let s = 0; s < gold.length; s++) {
    const gw = gold[s].words, pw = pred[s].words;
    if (gw.length !== pw.length) {
      throw new ParserError('PARSER_ERR_INPUT', `sentence ${s + 1}: gold has ${gw.length} words, prediction has ${pw.length}`, {
        sentence: s + 1, gold: gw.length, pred: pw.length,
      });
    }
    for (let i = 0; i < gw.length; i++) {
      const g = gw[i], p = pw[i];
      if (g.form !== p.form) {
        throw new ParserError('PARSER_ERR_INPUT', `sentence ${s + 1}, word ${i + 1}: gold form ${JSON.stringify(g.form)} != predicted ${JSON.stringify(p.form)}`, {
          sentence: s + 1, word: i + 1, gold: g.form, pred: p.form,
        });
      }
      total++;
      const headOk = g.head === p.head;
      const labOk = universal(g.deprel) === universal(p.deprel);
      if (headOk) uas++;
      if (labOk) label++;
      if (headOk && labOk) las++;
      if (headOk && g.deprel === p.deprel) lasFull++;
    }
  }
  // An empty corpus scores 0 rather than NaN so results stay serialisable.
  const pct = (k: number): number => (total === 0 ? 0 : (100 * k) / total);
  return { words: total, uas: pct(uas), las: pct(las), labelAcc: pct(label), lasFull: pct(lasFull) };
}

export function formatScores(s: Scores): string {
  const f = (x: number): string => x.toFixed(2);
  return `words=${s.words} UAS=${f(s.uas)} LAS=${f(s.las)} LA=${f(s.labelAcc)} LASfull=${f(s.lasFull)}`;
}
