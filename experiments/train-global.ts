/** Global (beam) training of the output layer of a locally trained parser: in-dir out-dir [width] [epochs] [lr]. */
import { readFileSync } from 'node:fs';
import { createKernels } from '../src/kernels/index.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { ParserModel } from '../src/parser/parser-model.ts';
import { loadModel } from '../src/parser/serialize.ts';
import { saveModel } from '../src/parser/train/save-parser.ts';
import { trainGlobal } from '../src/parser/train/train-global.ts';

const [src, out, width = '8', epochs = '6', lr = '0.0005', batch = '8'] = process.argv.slice(2);
if (!src || !out) throw new Error('usage: train-global.ts <parser dir> <out dir> [width] [epochs] [lr] [batch]');
const D = '../shared/data/ud-english-ewt';
const limit = Number(process.env.MAX_TRAIN ?? 0);
const train = readConllu(readFileSync(`${D}/en_ewt-ud-train.conllu`, 'utf8'), 'train').slice(0, limit || undefined);
const dev = readConllu(readFileSync(`${D}/en_ewt-ud-dev.conllu`, 'utf8'), 'dev');
const kernels = createKernels();
const { model: local } = loadModel(src, createKernels()); // a network owns its kernels' memory
const model = new ParserModel(kernels, { ...local.config, globalOutput: true }, local.vocabs, { system: local.system.name, vectors: local.vectors });
const f = kernels.memory.buffer;
void f;
const from = local.net.arena.f32(), to = model.net.arena.f32();
for (const p of local.net.params) {
  const q = model.net.params.find((x) => x.name === p.name);
  if (!q) throw new Error(p.name);
  model.net.arena.f32().set(local.net.arena.f32().subarray(p.ptr >> 2, (p.ptr >> 2) + p.size), q.ptr >> 2);
}
void from; void to;
const started = Date.now();
const best = trainGlobal(model, train, dev, { width: +width, epochs: +epochs, lr: +lr, batch: +batch, seed: 1, patience: 2 }, {
  onEpoch: (i) => console.log(JSON.stringify({ event: 'epoch', epoch: i.epoch, loss: +i.loss.toFixed(4), early: i.earlyUpdates, las: +i.dev.las.toFixed(2), uas: +i.dev.uas.toFixed(2), seconds: i.seconds })),
  onBest: () => saveModel(model, out, { command: `experiments/train-global.ts ${process.argv.slice(2).join(' ')}`, seconds: Math.round((Date.now() - started) / 1000) }),
});
console.log(JSON.stringify({ event: 'done', best }));
