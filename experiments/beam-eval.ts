/** Dev LAS of a parser directory with greedy decoding and beams of several widths (gold tags). */
import { readFileSync } from 'node:fs';
import { createKernels } from '../src/kernels/index.ts';
import { PrecomputedScorer } from '../src/model/precompute.ts';
import { BeamSearch } from '../src/parser/beam.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { scoreParses } from '../src/ud/attachment-score.ts';
import { emptyEncoded } from '../src/parser/parser-model.ts';
import { parseSentences } from '../src/parser/parse-sentences.ts';
import { loadModel } from '../src/parser/serialize.ts';
import { GlobalScorer } from '../src/parser/global-scorer.ts';

const [dir = 'models/en_ewt/parser', gold = '../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu', widths = '1,2,4,8'] = process.argv.slice(2);
const dev = readConllu(readFileSync(gold, 'utf8'), gold);
const { model } = loadModel(dir, createKernels());
const scorer = new PrecomputedScorer(model.net, 4000);
const global = model.globalW2 >= 0 ? new GlobalScorer(model, scorer) : undefined;
let t = Date.now();
const greedy = scoreParses(dev, parseSentences(model, scorer, dev));
const tokens = dev.reduce((a, s) => a + s.words.length, 0);
console.log(JSON.stringify({ decode: 'greedy', las: +greedy.las.toFixed(2), uas: +greedy.uas.toFixed(2), tokensPerSec: Math.round(tokens / ((Date.now() - t) / 1000)) }));
const enc = emptyEncoded();
for (const w of widths.split(',').map(Number)) {
  const beam = new BeamSearch(model.template.numSlots, model.system.numTransitions, w);
  t = Date.now();
  const pred = dev.map((s) => {
    model.encode(s.words, enc);
    const r = beam.parse(model.system, model.template, global ?? scorer, enc, global)[0];
    return { ...s, words: s.words.map((x, i) => ({ ...x, head: r.head[i + 1], deprel: model.vocabs.labels[r.label[i + 1]] ?? '_' })) };
  });
  const sc = scoreParses(dev, pred);
  console.log(JSON.stringify({ decode: `beam ${w}`, las: +sc.las.toFixed(2), uas: +sc.uas.toFixed(2), tokensPerSec: Math.round(tokens / ((Date.now() - t) / 1000)) }));
}
