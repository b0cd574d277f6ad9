/**
 * Experiment: what a second pass and a FEATS network add to an already trained first pass, without
 * training the first pass again (on a busy 2-core machine a first pass costs 20–40 minutes; the
 * stages after it are what is being compared). Loads a tagger, builds a tagger with the same
 * vocabularies, vectors and first-pass weights plus the stages the options ask for, trains only
 * those, saves it and scores it on dev with the bundle's parser (FEATS after parsing on the
 * predicted tree, as `arcparse evaluate --tags predicted` does).
 *
 * Usage: npx tsx experiments/tagger-stages.ts FIRST_PASS_DIR OUT_DIR [tagger training flags as JSON]
 *   e.g. '{"passes":2}' or '{"featsHidden":256}'. ARCPARSE_DATA: treebank dir.
 * Outcomes: models/en_ewt/tagger/README.md (table of attempts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createKernels } from '../src/kernels/index.ts';
import { DirectScorer } from '../src/model/precompute.ts';
import { loadParserSync } from '../src/index.ts';
import { Tagger } from '../src/tagger/index.ts';
import { loadTaggerModel } from '../src/tagger/serialize.ts';
import { TaggerModel } from '../src/tagger/tagger-model.ts';
import { jackknifeFirstPass } from '../src/tagger/train/first-pass.ts';
import { saveTagger } from '../src/tagger/train/save-tagger.ts';
import { learnFeatsVocab, trainFeatsNetwork } from '../src/tagger/train/train-feats.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainOptions, taggerConfigOf, trainPass } from '../src/tagger/train/train-pass.ts';
import { makeTaggerExamples, scoreTagger } from '../src/tagger/train/training-data.ts';
import { buildTaggerVocabs } from '../src/tagger/train/vocabs.ts';
import { scheduleOf } from '../src/model/train/trainer.ts';
import { readConllu } from '../src/ud/conllu.ts';
import { scoreTags } from '../src/ud/tag-score.ts';

const [firstDir, outDir, json] = process.argv.slice(2);
if (!firstDir || !outDir) throw new Error('usage: experiments/tagger-stages.ts FIRST_PASS_DIR OUT_DIR [options JSON]');
const dataDir = process.env.ARCPARSE_DATA ?? resolve(process.cwd(), '../shared/data/ud-english-ewt');
const read = (f: string) => readConllu(readFileSync(join(dataDir, f), 'utf8'), f);
const train = read('en_ewt-ud-train.conllu'), dev = read('en_ewt-ud-dev.conllu');
const log = (o: Record<string, unknown>): void => void process.stderr.write(JSON.stringify(o) + '\n');
const started = Date.now();

const first = loadTaggerModel(firstDir).model;
const recorded = (loadTaggerModel(firstDir).manifest.training?.options ?? {}) as Partial<TaggerTrainOptions>;
const o: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, ...recorded, ...(json ? JSON.parse(json) as Partial<TaggerTrainOptions> : {}) };
const kernels = createKernels();
const config = { ...taggerConfigOf(o, first.vectors), template: [...first.config.template] };
const model = new TaggerModel(kernels, config, first.vocabs, first.lemmatizer,
  o.featsNetwork ? { network: learnFeatsVocab(train, first.vocabs.classes) } : { table: first.featsTable ?? (() => { throw new Error('no FEATS table'); })() },
  { vectors: first.vectors });
// The first pass's weights, as trained.
const src = first.net.arena.f32(), dst = model.net.arena.f32();
first.net.params.forEach((p, i) => {
  const q = model.net.params[i];
  if (!q || q.size !== p.size) throw new Error('first pass shapes differ');
  dst.set(src.subarray(p.ptr >> 2, (p.ptr >> 2) + p.size), q.ptr >> 2);
});
const { wordCounts } = buildTaggerVocabs(train, o);
if (model.passes.length > 1) {
  const { predictions } = jackknifeFirstPass(train, { ...o, featsNetwork: false }, model.vectors,
    (fold, k, seconds) => log({ event: 'first-pass fold', fold: fold + 1, of: k, seconds }));
  trainPass(model, 1, makeTaggerExamples(model, train, 1, predictions), dev, o, wordCounts, {
    onEpoch: (e) => log({ event: 'epoch', pass: 2, epoch: e.epoch, upos: e.dev?.upos, xpos: e.dev?.xpos, seconds: e.seconds }),
  });
}
if (model.featsModel) {
  const scorers = model.passes.map((p) => new DirectScorer(p.net));
  const ws = model.newWorkspace();
  const devClasses = dev.map((s) => model.classesOf(scorers, s.words.map((w) => w.form), ws));
  trainFeatsNetwork(model, train, dev, devClasses, { ...scheduleOf(o), seed: o.seed + 3000, noTree: o.featsNoTree },
    (e) => log({ event: 'epoch', net: 'feats', epoch: e.epoch, featsGoldTree: e.dev, seconds: e.seconds }));
}
const scores = scoreTagger(model, [], dev, true);
saveTagger(model, outDir, { command: `experiments/tagger-stages.ts ${process.argv.slice(2).join(' ')}`, options: o, dev: scores,
  seconds: Math.round((Date.now() - started) / 1000) }, join(outDir, 'vectors'));
const tagger = new Tagger(model);
const parser = loadParserSync(undefined, { stages: { tagger, feats: tagger } });
const t = scoreTags(dev, parser.parseConllu(dev));
log({ event: 'done', taggerAlone: scores, afterParse: { upos: t.upos, xpos: t.xpos, ufeats: t.ufeats, feats: t.feats, lemma: t.lemma, agreement: t.agreement },
  minutes: +((Date.now() - started) / 60000).toFixed(1) });
