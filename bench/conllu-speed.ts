/**
 * CoNLL-U reading and writing speed on EWT train: `npx tsx bench/conllu-speed.ts` (ARCPARSE_DATA: treebank dir).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConllu, writeConllu } from '../src/ud/conllu.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const file = join(dataDir, 'en_ewt-ud-train.conllu');
const text = readFileSync(file, 'utf8');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const read: number[] = [], write: number[] = [];
let words = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const sentences = readConllu(text, file);
  const t1 = performance.now();
  writeConllu(sentences);
  write.push(performance.now() - t1);
  read.push(t1 - t0);
  words = sentences.reduce((a, s) => a + s.words.length, 0);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN;
console.log(`${file}: ${words} words, ${(text.length / 2 ** 20).toFixed(1)} MiB`);
console.log(`read   ${median(read).toFixed(0)} ms median of ${rounds} (${Math.round(words / (median(read) / 1000))} words/s)`);
console.log(`write  ${median(write).toFixed(0)} ms median of ${rounds}`);
