/**
 * Experiment: dev LAS of an ensemble of parser models (softmax averaged over legal transitions),
 * to judge whether ensembling or distillation is worth it. Usage: tsx bench/ensemble-eval.ts DIR DIR [...]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readConllu } from '../src/ud/conllu.ts';
import { ensembleDistribution, loadTeachers } from '../src/parser/distill.ts';
import { scoreParses } from '../src/ud/attachment-score.ts';
import { ParserState } from '../src/parser/state.ts';

const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const dev = readConllu(readFileSync(join(dataDir, 'en_ewt-ud-dev.conllu'), 'utf8'));
const members = loadTeachers(process.argv.slice(2));
const first = members[0];
if (!first) throw new Error('give model directories');
const system = first.model.system;
const T = system.numTransitions;
const valid = new Uint8Array(T), q = new Float64Array(T);
const state = new ParserState(128);
const labels = first.model.vocabs.labels;
const t0 = performance.now();
const pred = dev.map((s) => {
  for (const m of members) m.model.encode(s.words, m.enc);
  state.reset(s.words.length);
  while (!system.isTerminal(state)) {
    system.fillValidMask(state, valid);
    ensembleDistribution(members, state, valid, q);
    let best = -1;
    for (let t = 0; t < T; t++) if (valid[t] && (best < 0 || (q[t] ?? 0) > (q[best] ?? 0))) best = t;
    system.apply(state, best);
  }
  return { ...s, words: s.words.map((w, i) => ({ ...w, head: state.head[i + 1], deprel: labels[state.label[i + 1]] ?? '_' })) };
});
const secs = (performance.now() - t0) / 1000;
const sc = scoreParses(dev, pred);
console.log(`${members.length} models: UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)} (${Math.round(sc.words / secs)} tokens/s)`);
