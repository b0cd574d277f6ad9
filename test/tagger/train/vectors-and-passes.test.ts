/**
 * The tagger's pretrained vectors (the parser's flags and directory format, one selection for both)
 * and its second pass: trained, saved and loaded back to the same tags, deterministic, jackknifed.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectScorer } from '../../../src/model/precompute.ts';
import { Vectors } from '../../../src/model/vectors.ts';
import { WeightStore } from '../../../src/model/weight-store.ts';
import { createKernels } from '../../../src/kernels/index.ts';
import { trainingVectors } from '../../../src/model/train/training-vectors.ts';
import { saveVectors } from '../../../src/model/train/write-vectors.ts';
import { DEFAULT_TRAIN_OPTIONS, trainParser } from '../../../src/parser/train/train-parser.ts';
import { saveModel } from '../../../src/parser/train/save-parser.ts';
import { loadModel } from '../../../src/parser/serialize.ts';
import { Tagger } from '../../../src/tagger/index.ts';
import { ATTR, type TaggerTemplate } from '../../../src/tagger/features.ts';
import { loadTaggerModel } from '../../../src/tagger/serialize.ts';
import { jackknifeFirstPass } from '../../../src/tagger/train/first-pass.ts';
import { jackknifeTags } from '../../../src/tagger/train/jackknife.ts';
import { DEFAULT_TAGGER_OPTIONS, trainTagger, trainTaggerModel } from '../../../src/tagger/train/train-tagger.ts';
import { readConllu } from '../../../src/ud/conllu.ts';
import { ModelError } from '../../../src/model/errors.ts';
import { damagedCopy, editConfig, modelError } from '../../helpers/model-files.ts';
import { tinyGloveFile } from '../../helpers/glove.ts';

const sentences = readConllu(readFileSync(new URL('../../fixtures/tiny.conllu', import.meta.url), 'utf8'), 'tiny.conllu');
const forms = sentences.map((s) => s.words.map((w) => w.form));
const unseen = ['The', 'puppy', 'sang', 'happily', 'in', 'Paris', '.'];
const tiny = { ...DEFAULT_TAGGER_OPTIONS, epochs: 25, patience: 25, hidden: 24, hidden2: 16, wordDim: 8, shapeDim: 4, affixDim: 8,
  ambDim: 4, cwordDim: 4, tagDim: 4, dropout: 0, wordDropout: 0, inputDropout: 0, emaDecay: 0, lr: 0.01, lrDecay: 1, batchSize: 4, minAffixCount: 1,
  ambMinCount: 1, minCasedCount: 1, passFolds: 2, passFoldEpochs: 3 };
const glove = tinyGloveFile();
const withVectors = { ...tiny, vectors: glove, vectorsTop: 5, vectorsDtype: 'f16' as const };
const twoPass = { ...withVectors, passes: 2 };

const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

describe('pretrained vectors of a training run (one function for the parser and the tagger)', () => {
  it('select every training word the source knows plus its top n words, the same bytes every time', () => {
    const v = trainingVectors(withVectors, sentences);
    expect(v?.words.has('the')).toBe(true);
    expect(v?.words.has('yesterday')).toBe(true); // a training word
    expect(v?.words.has('puppy')).toBe(false); // neither a training word nor in the top 5
    expect(v?.id('A')).toBe(v?.id('an')); // GloVe has no "a": mapped to a near equivalent
    const a = mkdtempSync(join(tmpdir(), 'arcparse-vec-')), b = mkdtempSync(join(tmpdir(), 'arcparse-vec-'));
    saveVectors(v as Vectors, a);
    saveVectors(trainingVectors(withVectors, sentences) as Vectors, b);
    expect(filesOf(b)).toEqual(filesOf(a));
    expect(trainingVectors({ ...withVectors, vectors: a }, sentences)?.weightsSha256).toBe(v?.weightsSha256); // a directory is taken as it is
    expect(trainingVectors({ ...withVectors, vectors: '' }, sentences)).toBeUndefined();
  });

  it('a parser and a tagger trained with the same options write byte-identical vectors, and both load from one shared directory', () => {
    const bundle = mkdtempSync(join(tmpdir(), 'arcparse-bundle-'));
    const shared = join(bundle, 'vectors');
    trainTagger(sentences, sentences, join(bundle, 'tagger'), { ...withVectors, epochs: 2 }, { vectorsOut: shared });
    const once = filesOf(shared);
    const { model } = trainParser(sentences, sentences, { ...DEFAULT_TRAIN_OPTIONS, epochs: 1, hidden: 8, wordDim: 4, tagDim: 4, labelDim: 4,
      suffixDim: 4, vectors: glove, vectorsTop: 5, vectorsDtype: 'f16', vectorFeatures: '6' });
    saveModel(model, join(bundle, 'parser'), {}, shared);
    expect(filesOf(shared)).toEqual(once);
    const tagger = loadTaggerModel(join(bundle, 'tagger')).model, parser = loadModel(join(bundle, 'parser')).model;
    expect(tagger.config.vectors).toBe('../vectors');
    expect(tagger.vectors?.weightsSha256).toBe(parser.vectors?.weightsSha256);
  });
});

describe('a tagger with pretrained vectors and a second pass', () => {
  const { model, scores } = trainTaggerModel(sentences, sentences, twoPass);
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-tagger2-'));
  trainTagger(sentences, sentences, dir, twoPass);

  it('has two networks, the second reading the first pass\'s classes and the vectors', () => {
    expect(model.passes).toHaveLength(2);
    expect(model.config.template2).toContain('ptag:1');
    expect(model.config.template).toContain('pre:0');
    expect(model.config.template2).toContain('pre:-2');
    expect(scores?.upos).toBe(100);
  });

  it('save → load gives identical tags, on training sentences and unseen words', () => {
    const loaded = Tagger.load(dir), again = new Tagger(model);
    for (const words of [...forms, unseen]) expect(loaded.tag(words)).toEqual(again.tag(words));
    expect(readdirSync(join(dir, 'vectors')).sort()).toEqual(['manifest.json', 'vocab.json', 'weights.bin']);
  });

  it('loads into a shared store once: a second load places every network (both passes, FEATS) on the same cells and reads nothing', () => {
    const store = new WeightStore(createKernels());
    const a = Tagger.load(dir, store), b = Tagger.load(dir, store), own = Tagger.load(dir, createKernels());
    const bytes = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { weightsBytes: number };
    expect(store.bytesOf('weights:')).toBe(bytes.weightsBytes);
    expect(a.model.featsModel).toBeDefined();
    const nets = (t: Tagger): number[][] => [...t.model.passes.map((p) => p.net), t.model.featsModel?.net].map((n) => n?.params.map((p) => p.ptr) ?? []);
    expect(nets(b)).toEqual(nets(a));
    expect([...b.model.passes.map((p) => p.net), b.model.featsModel?.net].every((n) => n?.sharesParams)).toBe(true);
    const tree = (words: string[], tags: { upos: string; xpos: string }[]) => words.map((form, i) => ({ form, ...tags[i], head: i, deprel: i === 0 ? 'root' : 'dep' }));
    for (const words of [...forms, unseen]) {
      const tags = own.tag(words);
      expect(a.tag(words)).toEqual(tags);
      expect(b.tag(words)).toEqual(tags);
      expect(b.featsAfterParse(tree(words, tags))).toEqual(own.featsAfterParse(tree(words, tags)));
    }
  });

  it('the second pass reads what the first pass predicted for every word, and its own tags are what predict leaves', () => {
    const ws = model.newWorkspace();
    const scorers = model.passes.map((p) => new DirectScorer(p.net));
    for (const words of [...forms, unseen]) {
      const n = model.predict(scorers.slice(0, 1), words, ws);
      const first = Array.from(ws.tags.subarray(0, n));
      model.predict(scorers, words, ws);
      expect(Array.from(ws.enc.ids[ATTR.ptag]?.subarray(0, n) ?? [])).toEqual(first);
      const second = Array.from(ws.tags.subarray(0, n));
      model.runPass(model.passes[1]?.template as TaggerTemplate, scorers[1] as DirectScorer, ws);
      expect(Array.from(ws.tags.subarray(0, n))).toEqual(second);
    }
    expect(() => model.predict([], forms[0] ?? [], ws)).toThrow(/0 scorers/);
  });

  it('training is deterministic for a seed (both networks)', () => {
    const o = { ...twoPass, epochs: 2, dropout: 0.2, wordDropout: 0.5, inputDropout: 0.1, emaDecay: 0.99 };
    const a = trainTaggerModel(sentences, sentences, o).model, b = trainTaggerModel(sentences, sentences, o).model;
    for (const [k, p] of a.passes.entries()) {
      const q = b.passes[k];
      p.net.params.forEach((t, i) => {
        const u = q?.net.params[i];
        expect(Array.from(a.net.arena.f32().subarray(t.ptr >> 2, (t.ptr >> 2) + t.size)))
          .toEqual(Array.from(b.net.arena.f32().subarray((u?.ptr ?? 0) >> 2, ((u?.ptr ?? 0) >> 2) + t.size)));
      });
    }
  });

  it('refuses to load when its vectors are missing or are not the ones it was trained with', () => {
    const noVectors = modelError(() => loadTaggerModel(damagedCopy(dir, (d) => editConfig(d, (c) => ({ ...c, vectors: 'elsewhere' })))));
    expect(noVectors.code).toBe('MODEL_ERR_NOT_FOUND');
    const other = damagedCopy(dir, (d) => editConfig(d, (c) => ({ ...c, vectorsSha256: '0'.repeat(64) })));
    const err = modelError(() => loadTaggerModel(other));
    expect(err).toBeInstanceOf(ModelError);
    expect(err.code).toBe('MODEL_ERR_CHECKSUM');
    expect(err.message).toContain('manifest.json');
  });
});

describe('jackknifing with two passes', () => {
  it('the first pass\'s jackknife tags every sentence with a tagger that did not see it', () => {
    const { predictions, models } = jackknifeFirstPass(sentences, twoPass, undefined, undefined, 2, 2);
    expect(models).toHaveLength(2);
    predictions.forEach((p, i) => expect(p).toHaveLength(sentences[i]?.words.length ?? -1));
  });

  it('arcparse jackknife\'s folds: every sentence tagged, deterministic', () => {
    const folds: number[] = [];
    const out = jackknifeTags(sentences, 2, { ...twoPass, epochs: 2, onFold: (f) => folds.push(f) });
    expect(folds).toEqual([0, 1, 2, 3]);
    out.forEach((s, i) => expect(s.words.map((w) => w.form)).toEqual(forms[i]));
    expect(jackknifeTags(sentences, 2, { ...twoPass, epochs: 2 })).toEqual(out);
  });
});
