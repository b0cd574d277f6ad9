/**
 * Parsing speed on EWT dev (gold tokens and tags), one thread, greedy then beams: `npm run bench`.
 * Options by environment: ARCPARSE_MODEL (model dir), ARCPARSE_DATA (treebank dir), BENCH_ROUNDS,
 * BENCH_BEAMS (comma-separated widths, default 2,4,8; empty for greedy only).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadParserSync, readConllu, scoreParses } from '../src/index.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = join(dataDir, 'en_ewt-ud-dev.conllu');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const loadStart = performance.now();
const parser = loadParserSync(process.env.ARCPARSE_MODEL);
const loadMs = performance.now() - loadStart;
const dev = readConllu(readFileSync(devFile, 'utf8'), devFile);
const words = dev.reduce((a, s) => a + s.words.length, 0);

parser.parseConllu(dev, { keepTags: true }); // warm-up: JIT and caches
// Wall-clock rate, and the rate per second of this process's CPU time (less sensitive to other jobs on the machine).
const rates: number[] = [], cpuRates: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now(), c = process.cpuUsage();
  parser.parseConllu(dev, { keepTags: true });
  const used = process.cpuUsage(c);
  rates.push(words / ((performance.now() - t) / 1000));
  cpuRates.push(words / ((used.user + used.system) / 1e6));
}
rates.sort((a, b) => a - b);
cpuRates.sort((a, b) => a - b);
const s = scoreParses(dev, parser.parseConllu(dev, { keepTags: true }));
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const cpuMedian = cpuRates[Math.floor(cpuRates.length / 2)] ?? 0;
console.log(`model        ${parser.info.modelDir}`);
console.log(`load         ${loadMs.toFixed(0)} ms`);
console.log(`dev          ${dev.length} sentences, ${words} words; UAS ${s.uas.toFixed(2)} LAS ${s.las.toFixed(2)} (gold tokens and tags)`);
console.log(`speed        ${Math.round(median)} tokens/s median of ${rounds} rounds (min ${Math.round(rates[0] ?? 0)}, max ${Math.round(rates[rates.length - 1] ?? 0)}), one thread, greedy`);
console.log(`cpu          ${Math.round(cpuMedian)} tokens per CPU-second (median; equals the wall rate on an idle machine)`);

// Beam decoding (with the global output layer when the model has one): accuracy and speed per width.
const beams = (process.env.BENCH_BEAMS ?? '2,4,8').split(',').filter((w) => w.trim() !== '').map(Number);
for (const beam of beams) {
  parser.parseConllu(dev, { keepTags: true, beam });
  const t = performance.now(), c = process.cpuUsage();
  const pred = parser.parseConllu(dev, { keepTags: true, beam });
  const used = process.cpuUsage(c);
  const b = scoreParses(dev, pred);
  console.log(`beam ${String(beam).padEnd(7)} UAS ${b.uas.toFixed(2)} LAS ${b.las.toFixed(2)}; ${Math.round(words / ((performance.now() - t) / 1000))} tokens/s ` +
    `(${Math.round(words / ((used.user + used.system) / 1e6))} per CPU-second), one round`);
}
