import { readFileSync } from 'node:fs';
import { loadParserSync, readConllu, scoreParses, writeConllu } from '../index.ts';

function readInput(file: string | undefined): { text: string; source: string } {
  if (file === undefined || file === '-') return { text: readFileSync(0, 'utf8'), source: '<stdin>' };
  return { text: readFileSync(file, 'utf8'), source: file };
}

/** `arcparse parse`: CoNLL-U in, CoNLL-U out with HEAD and DEPREL filled in; everything else kept. */
export function runParse(file: string | undefined, opts: { model?: string }): void {
  const parser = loadParserSync(opts.model);
  const { text, source } = readInput(file);
  process.stdout.write(writeConllu(parser.parseConllu(readConllu(text, source))));
}

/** `arcparse evaluate`: parses the gold file's tokens (gold tags) and scores like the CoNLL 2018 scorer. */
export function runEvaluate(opts: { gold: string; model?: string; json?: boolean }): void {
  const loadStart = performance.now();
  const parser = loadParserSync(opts.model);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const gold = readConllu(readFileSync(opts.gold, 'utf8'), opts.gold);
  const start = performance.now();
  const pred = parser.parseConllu(gold);
  const seconds = (performance.now() - start) / 1000;
  const s = scoreParses(gold, pred);
  const result = { ...s, sentences: gold.length, tokensPerSecond: Math.round(s.words / seconds), parseSeconds: seconds, loadSeconds };
  if (opts.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const f = (x: number): string => x.toFixed(2);
  process.stdout.write([
    `gold file        ${opts.gold}`,
    `model            ${parser.info.modelDir}`,
    `words            ${s.words} in ${gold.length} sentences`,
    `UAS              ${f(s.uas)}`,
    `LAS              ${f(s.las)}   (universal relation, as the CoNLL 2018 scorer)`,
    `LAS full labels  ${f(s.lasFull)}`,
    `label accuracy   ${f(s.labelAcc)}`,
    `speed            ${result.tokensPerSecond} tokens/s (one thread, greedy; model loaded in ${f(loadSeconds)} s)`,
  ].join('\n') + '\n');
}
