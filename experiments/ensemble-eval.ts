/**
 * Experiment: dev LAS of an ensemble of parser models whose softmax distributions over the legal
 * transitions are averaged at every step (greedy on the average).
 * Usage: npx tsx experiments/ensemble-eval.ts MODEL_DIR MODEL_DIR [...]   (ARCPARSE_DATA: treebank dir)
 *
 * Measured outcome (EWT dev, gold tokens and tags; models/en_ewt/parser/README.md): three parsers
 * trained like the shipped one with seeds 1–3 score LAS 86.86 / 86.68 / 86.69 alone and LAS 87.66,
 * UAS 89.11 as an ensemble, at a third of the speed. A student distilled from that ensemble (with
 * exploration) reached only LAS 85.47. Later, the shipped parser + the rich-template run + the
 * no-XPOS run scored LAS 88.15 / UAS 89.68 as an ensemble, and a student distilled from those three
 * (`train parser --teachers …`) 87.93 against 87.75 (within seed noise).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PrecomputedScorer } from '../src/model/precompute.ts';
import type { ParserModel } from '../src/parser/parser-model.ts';
import { emptyEncoded } from '../src/parser/parser-model.ts';
import { loadModel } from '../src/parser/serialize.ts';
import { ParserState } from '../src/parser/state.ts';
import { scoreParses } from '../src/ud/attachment-score.ts';
import { readConllu } from '../src/ud/conllu.ts';

interface Member {
  model: ParserModel;
  scorer: PrecomputedScorer;
  enc: ReturnType<typeof emptyEncoded>;
  features: Int32Array;
}

/** q = mean over the members of the softmax over legal transitions. */
function ensembleDistribution(members: readonly Member[], state: ParserState, valid: Uint8Array, q: Float64Array): void {
  const T = q.length;
  q.fill(0);
  for (const m of members) {
    m.model.template.extract(state, m.enc, m.features, 0);
    const scores = m.scorer.score(m.features, 0);
    let max = -Infinity;
    for (let t = 0; t < T; t++) if (valid[t] && scores[t] > max) max = scores[t];
    let sum = 0;
    for (let t = 0; t < T; t++) if (valid[t]) sum += Math.exp(scores[t] - max);
    for (let t = 0; t < T; t++) if (valid[t]) q[t] += Math.exp(scores[t] - max) / sum / members.length;
  }
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: npx tsx experiments/ensemble-eval.ts MODEL_DIR MODEL_DIR [...]');
const members: Member[] = dirs.map((dir) => {
  const { model } = loadModel(dir);
  return { model, scorer: new PrecomputedScorer(model.net, 4000), enc: emptyEncoded(), features: new Int32Array(model.template.numSlots) };
});
const first = members[0] as Member;
const labels = first.model.vocabs.labels;
for (const m of members) {
  if (m.model.vocabs.labels.join('\n') !== labels.join('\n')) throw new Error('the members must share one label set');
}
const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const devFile = join(dataDir, 'en_ewt-ud-dev.conllu');
const dev = readConllu(readFileSync(devFile, 'utf8'), devFile);
const system = first.model.system;
const T = system.numTransitions;
const valid = new Uint8Array(T), q = new Float64Array(T);
const state = new ParserState(128);
const t0 = performance.now();
const pred = dev.map((s) => {
  for (const m of members) m.model.encode(s.words, m.enc);
  state.reset(s.words.length);
  while (!system.isTerminal(state)) {
    system.fillValidMask(state, valid);
    ensembleDistribution(members, state, valid, q);
    let best = -1;
    for (let t = 0; t < T; t++) if (valid[t] && (best < 0 || q[t] > (q[best] as number))) best = t;
    system.apply(state, best);
  }
  return { ...s, words: s.words.map((w, i) => ({ ...w, head: state.head[i + 1], deprel: labels[state.label[i + 1]] as string })) };
});
const seconds = (performance.now() - t0) / 1000;
const sc = scoreParses(dev, pred);
console.log(`${members.length} models: UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)} (${Math.round(sc.words / seconds)} tokens/s)`);
