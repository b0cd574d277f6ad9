/**
 * Tagger accuracy and speed on EWT dev (gold tokenization), one thread: `npx tsx bench/tag-speed.ts`.
 * Options by environment: ARCPARSE_TAGGER (model dir), ARCPARSE_DATA (treebank dir), BENCH_ROUNDS,
 * BENCH_PRECOMPUTE_ROWS (precomputed rows per feature slot).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConllu } from '../src/ud/conllu.ts';
import { Tagger } from '../src/tagger/index.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = join(dataDir, 'en_ewt-ud-dev.conllu');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const loadStart = performance.now();
const rows = process.env.BENCH_PRECOMPUTE_ROWS;
const tagger = Tagger.load(process.env.ARCPARSE_TAGGER, undefined, rows ? Number(rows) : undefined);
const loadMs = performance.now() - loadStart;
const dev = readConllu(readFileSync(devFile, 'utf8'), devFile);
const sentences = dev.map((s) => s.words.map((w) => w.form));
const words = sentences.reduce((a, s) => a + s.length, 0);

let upos = 0, xpos = 0, feats = 0, lemma = 0, all = 0;
dev.forEach((s, i) => {
  const tags = tagger.tag(sentences[i] ?? []);
  s.words.forEach((w, j) => {
    const t = tags[j];
    if (!t) return;
    upos += +(t.upos === w.upos);
    xpos += +(t.xpos === w.xpos);
    feats += +(t.feats === w.feats);
    lemma += +(t.lemma === w.lemma);
    all += +(t.upos === w.upos && t.xpos === w.xpos && t.feats === w.feats && t.lemma === w.lemma);
  });
});
const pct = (k: number): string => ((100 * k) / words).toFixed(2);

for (const s of sentences) tagger.tag(s); // warm-up: JIT and caches
// Wall-clock rate, and the rate per second of this process's CPU time (less sensitive to other jobs on the machine).
const rates: number[] = [], cpuRates: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now(), c = process.cpuUsage();
  for (const s of sentences) tagger.tag(s);
  const used = process.cpuUsage(c);
  rates.push(words / ((performance.now() - t) / 1000));
  cpuRates.push(words / ((used.user + used.system) / 1e6));
}
rates.sort((a, b) => a - b);
cpuRates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const cpuMedian = cpuRates[Math.floor(cpuRates.length / 2)] ?? 0;
console.log(`model        ${process.env.ARCPARSE_TAGGER ?? 'models/en_ewt/tagger'}`);
console.log(`load         ${loadMs.toFixed(0)} ms`);
console.log(`dev          ${dev.length} sentences, ${words} words (gold tokenization)`);
console.log(`accuracy     UPOS ${pct(upos)}  XPOS ${pct(xpos)}  FEATS ${pct(feats)}  LEMMA ${pct(lemma)}  all four ${pct(all)}`);
console.log(`speed        ${Math.round(median)} tokens/s median of ${rounds} rounds (min ${Math.round(rates[0] ?? 0)}, max ${Math.round(rates[rates.length - 1] ?? 0)}), one thread, greedy, tags + FEATS + lemmas`);
console.log(`cpu          ${Math.round(cpuMedian)} tokens per CPU-second (median; equals the wall rate on an idle machine)`);
