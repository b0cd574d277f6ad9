/**
 * Precision and recall of non-projective arcs: parses a gold CoNLL-U file with gold tokens (gold tags
 * unless --tags predicted) and compares the arcs that cross another arc, in the gold trees and in the
 * parses. An arc h → d is non-projective when a word between h and d is not dominated by h.
 *   npx tsx scripts/nonprojective-arcs.ts --gold ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu --model runs/p [--tags predicted] [--beam 8]
 * Prints one JSON line: counts, unlabeled and labeled precision/recall/F1 of non-projective arcs, and
 * UAS/LAS over the sentences whose gold tree is non-projective.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadParserSync } from '../src/api/parser.ts';
import { scoreParses } from '../src/ud/attachment-score.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { isNonProjectiveArc, isProjective } from '../src/ud/tree.ts';
import type { Sentence } from '../src/ud/types.ts';

const { values } = parseArgs({ options: { gold: { type: 'string' }, model: { type: 'string' }, tags: { type: 'string', default: 'gold' }, beam: { type: 'string', default: '1' } } });
if (!values.gold) throw new Error('usage: scripts/nonprojective-arcs.ts --gold FILE [--model DIR] [--tags gold|predicted]');
const gold = readConllu(readFileSync(values.gold, 'utf8'), values.gold);
const parser = loadParserSync(values.model);
const beam = Number(values.beam);
const pred = parser.parseConllu(gold, { keepTags: values.tags !== 'predicted', ...(beam > 1 ? { beam } : {}) });

const heads = (s: Sentence): number[] => [0, ...s.words.map((w) => w.head)];
const universal = (r: string): string => r.split(':')[0] ?? r;
/** Non-projective arcs of a sentence as `d` → `head:relation`. */
function crossing(s: Sentence): Map<number, string> {
  const h = heads(s);
  const out = new Map<number, string>();
  s.words.forEach((w, i) => { if (isNonProjectiveArc(h, i + 1)) out.set(i + 1, `${w.head}:${universal(w.deprel)}`); });
  return out;
}

let goldArcs = 0, predArcs = 0, unlabeled = 0, labeled = 0, predNonProjSentences = 0;
const npGold: Sentence[] = [], npPred: Sentence[] = [];
gold.forEach((g, i) => {
  const p = pred[i];
  const gc = crossing(g), pc = crossing(p);
  goldArcs += gc.size;
  predArcs += pc.size;
  if (pc.size > 0) predNonProjSentences++;
  for (const [d, arc] of pc) {
    const want = gc.get(d);
    if (want === undefined) continue;
    if (want.split(':')[0] === arc.split(':')[0]) unlabeled++;
    if (want === arc) labeled++;
  }
  if (!isProjective(heads(g), g.words.length)) { npGold.push(g); npPred.push(p); }
});
const pct = (a: number, b: number): number => (b > 0 ? +((100 * a) / b).toFixed(2) : 0);
const f1 = (c: number): number => (goldArcs + predArcs > 0 ? +((200 * c) / (goldArcs + predArcs)).toFixed(2) : 0);
const onNp = scoreParses(npGold, npPred);
process.stdout.write(JSON.stringify({
  gold: values.gold, model: parser.info.modelDir, tags: values.tags, beam,
  nonProjectiveSentences: { gold: npGold.length, predicted: predNonProjSentences },
  nonProjectiveArcs: { gold: goldArcs, predicted: predArcs, correctHead: unlabeled, correctHeadAndRelation: labeled },
  unlabeled: { precision: pct(unlabeled, predArcs), recall: pct(unlabeled, goldArcs), f1: f1(unlabeled) },
  labeled: { precision: pct(labeled, predArcs), recall: pct(labeled, goldArcs), f1: f1(labeled) },
  onNonProjectiveSentences: { words: onNp.words, uas: +onNp.uas.toFixed(2), las: +onNp.las.toFixed(2) },
  all: (({ uas, las }) => ({ uas: +uas.toFixed(2), las: +las.toFixed(2) }))(scoreParses(gold, pred)),
}) + '\n');
