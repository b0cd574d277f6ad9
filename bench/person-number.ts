/**
 * Tags and FEATS on EWT dev (gold tokens, predicted tags, FEATS after parsing with the parser's
 * predicted tree), with the agreement figure of issue 8: Person and Number of the finite verbs that
 * have a subject (nsubj or nsubj:pass) in the gold tree, and where the misses are.
 * `npx tsx bench/person-number.ts`. Environment: ARCPARSE_MODEL (bundle, default the shipped one),
 * ARCPARSE_TAGGER (a tagger directory to use instead of the bundle's), ARCPARSE_DATA (treebank dir).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadParserSync, readConllu } from '../src/index.ts';
import { Tagger } from '../src/tagger/index.ts';
import { featValue, isFiniteWithSubject, scoreTags } from '../src/ud/tag-score.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = join(dataDir, 'en_ewt-ud-dev.conllu');
const taggerDir = process.env.ARCPARSE_TAGGER;
const tagger = taggerDir ? Tagger.load(taggerDir) : undefined;
const parser = loadParserSync(process.env.ARCPARSE_MODEL, tagger ? { stages: { tagger, feats: tagger } } : {});
const gold = readConllu(readFileSync(devFile, 'utf8'), devFile);
const pred = parser.parseConllu(gold);
const t = scoreTags(gold, pred);
const f = (x: number): string => x.toFixed(2);
console.log(`model        ${parser.info.modelDir}${taggerDir ? ` (tagger ${taggerDir})` : ''}`);
console.log(`dev          ${gold.length} sentences, ${t.words} words (gold tokens, predicted tags and tree)`);
console.log(`tags         UPOS ${f(t.upos)}  XPOS ${f(t.xpos)}  UFeats ${f(t.ufeats)}  FEATS ${f(t.feats)}  lemmas ${f(t.lemma)}`);
console.log(`agreement    Person+Number ${f(t.agreement.personNumber)} on ${t.agreement.verbs} finite verbs with an nsubj ` +
  `(Person ${f(t.agreement.person)}, Number ${f(t.agreement.number)})`);

// Where the misses are: by the verb's gold XPOS, and whether the tagger or the tree is to blame.
const misses = new Map<string, number>();
let wrongTag = 0, wrongSubject = 0, other = 0;
gold.forEach((g, i) => g.words.forEach((w, j) => {
  if (!isFiniteWithSubject(w, g.words)) return;
  const p = pred[i]?.words[j];
  if (!p || (featValue(p.feats, 'Person') === featValue(w.feats, 'Person') && featValue(p.feats, 'Number') === featValue(w.feats, 'Number'))) return;
  misses.set(w.xpos, (misses.get(w.xpos) ?? 0) + 1);
  const goldSubj = g.words.find((d) => d.head === w.id && d.deprel.startsWith('nsubj'));
  const predSubj = pred[i]?.words.find((d) => d.head === w.id && d.deprel.startsWith('nsubj'));
  if (p.xpos !== w.xpos) wrongTag++;
  else if (goldSubj?.id !== predSubj?.id) wrongSubject++;
  else other++;
}));
console.log(`misses       ${[...misses].sort((a, b) => b[1] - a[1]).map(([x, n]) => `${x} ${n}`).join(', ')}`);
console.log(`             verb mistagged ${wrongTag}, subject not found by the parser ${wrongSubject}, other ${other}`);
