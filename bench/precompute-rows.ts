/**
 * Greedy speed of a parser at several counts of precomputed rows per feature slot (`ROWS`, default
 * 100,300,500,1000,2000), on EWT dev with gold tokens and tags: tokens per CPU-second (median of 3
 * rounds after a warm-up) and LAS, which must not change. Each count builds its own tables.
 * Options by environment: ARCPARSE_MODEL (model dir, default the shipped English bundle), ARCPARSE_DATA (treebank dir), ROWS.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadParserSync } from '../src/index.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { scoreParses } from '../src/ud/attachment-score.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = resolve(dataDir, 'en_ewt-ud-dev.conllu');
const dev = readConllu(readFileSync(devFile, 'utf8'), devFile);
const words = dev.reduce((a, s) => a + s.words.length, 0);
for (const rows of (process.env.ROWS ?? '100,300,500,1000,2000').split(',').map(Number)) {
  const p = loadParserSync(process.env.ARCPARSE_MODEL, { precomputeRows: rows });
  p.parseConllu(dev, { keepTags: true });
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const c = process.cpuUsage();
    p.parseConllu(dev, { keepTags: true });
    const u = process.cpuUsage(c);
    rates.push(words / ((u.user + u.system) / 1e6));
  }
  rates.sort((a, b) => a - b);
  const s = scoreParses(dev, p.parseConllu(dev, { keepTags: true }));
  console.log(`rows ${rows}: ${Math.round(rates[1] ?? 0)} tokens per CPU-second, LAS ${s.las.toFixed(2)}`);
}
