/**
 * Tokenizer speed and end-to-end dev scores on EWT: `tsx bench/tokenize-speed.ts [modelDir]`.
 * Prints tokens/s (tokenize() on the dev raw text, one thread, median of BENCH_ROUNDS) and Tokens,
 * Words and Sentences F1 from raw text with paragraph breaks, as one paragraph, and with paragraphs
 * separated by a single line break (CoNLL 2018 scorer).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type E2EScores, scoreSystem } from '../src/ud/e2e-score.ts';
import { rawTextOf } from '../src/ud/raw-text.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { Tokenizer, toAnalyzed } from '../src/tokenizer/index.ts';
import { toSentences } from '../src/ud/to-conllu.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = join(dataDir, 'en_ewt-ud-dev.conllu');
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const modelDir = process.argv[2];

const t0 = performance.now();
const tokenizer = modelDir ? Tokenizer.load(modelDir) : Tokenizer.load();
const loadMs = performance.now() - t0;
const gold = readConllu(readFileSync(devFile, 'utf8'), devFile);

/** 'newlines': paragraphs separated by one line break instead of a blank line (no hard paragraph cue). */
function score(layout: 'paragraphs' | 'one-paragraph' | 'newlines'): E2EScores {
  const raw = layout === 'newlines' ? rawTextOf(gold).replace(/\n\n/g, '\n') : rawTextOf(gold, { layout });
  return scoreSystem(gold, toSentences(toAnalyzed(tokenizer.tokenize(raw))));
}

const text = rawTextOf(gold);
const tokens = tokenizer.tokenize(text).reduce((a, s) => a + s.tokens.length, 0);
// Wall-clock rates suffer when other jobs share the cores; CPU time (user + system of this process) less so.
const rates: number[] = [], cpuRates: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t = performance.now(), c = process.cpuUsage();
  tokenizer.tokenize(text);
  const cpu = process.cpuUsage(c);
  rates.push(tokens / ((performance.now() - t) / 1000));
  cpuRates.push(tokens / ((cpu.user + cpu.system) / 1e6));
}
rates.sort((a, b) => a - b);
cpuRates.sort((a, b) => a - b);
const f = (x: number): string => x.toFixed(2);
console.log(`model        ${modelDir ?? 'default'} (load ${loadMs.toFixed(0)} ms)`);
console.log(`speed        ${Math.round(rates[rates.length >> 1])} tokens/s median of ${rounds} rounds (min ${Math.round(rates[0])}, max ${Math.round(rates[rates.length - 1])}), ${tokens} tokens, one thread`);
console.log(`cpu speed    ${Math.round(cpuRates[cpuRates.length >> 1])} tokens per CPU second (median)`);
for (const layout of ['paragraphs', 'one-paragraph', 'newlines'] as const) {
  const s = score(layout);
  console.log(`dev ${layout.padEnd(13)} Tokens F1 ${f(s.tokens.f1)}  Words F1 ${f(s.words.f1)}  Sentences F1 ${f(s.sentences.f1)} (P ${f(s.sentences.precision)} R ${f(s.sentences.recall)})`);
}
