import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DirectScorer, PrecomputedScorer } from '../../src/model/precompute.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { Tagger } from '../../src/tagger/index.ts';
import { jackknifeTags } from '../../src/tagger/train/jackknife.ts';
import { FIRST_CLASS_ID } from '../../src/tagger/features.ts';
import { DEFAULT_TAGGER_OPTIONS, trainTagger, trainTaggerModel } from '../../src/tagger/train/train-tagger.ts';
import { mergeTaggers } from '../../src/tagger/train/ensemble.ts';
import { createKernels } from '../../src/kernels/index.ts';

const sentences = readConllu(readFileSync(new URL('../fixtures/tiny.conllu', import.meta.url), 'utf8'), 'tiny.conllu');
const forms = sentences.map((s) => s.words.map((w) => w.form));
const tiny = { ...DEFAULT_TAGGER_OPTIONS, epochs: 30, patience: 30, hidden: 32, wordDim: 8, shapeDim: 4, affixDim: 8,
  ambDim: 4, cwordDim: 4, tagDim: 4, dropout: 0, wordDropout: 0, inputDropout: 0, emaDecay: 0, lr: 0.01, lrDecay: 1, batchSize: 4, minAffixCount: 1,
  ambMinCount: 1, minCasedCount: 1 };

describe('a tiny tagger trained on hand-written sentences', () => {
  const { model, scores } = trainTaggerModel(sentences, sentences, tiny);
  const tagger = new Tagger(model);

  it('learns every UPOS, XPOS, FEATS and lemma of its training sentences', () => {
    expect(scores?.upos).toBe(100);
    expect(scores?.xpos).toBe(100);
    sentences.forEach((s, i) => {
      const tags = tagger.tag(forms[i] ?? []);
      expect(tags.map((t) => [t.upos, t.xpos, t.feats, t.lemma])).toEqual(s.words.map((w) => [w.upos, w.xpos, w.feats, w.lemma]));
    });
  });

  it('save → load gives identical tags, and trainTagger reports what it saved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-tagger-'));
    const reported = trainTagger(sentences, sentences, dir, tiny);
    expect(reported.upos).toBe(100);
    const loaded = Tagger.load(dir);
    const again = new Tagger(trainTaggerModel(sentences, sentences, tiny).model);
    const unseen = ['The', 'dog', 'sang', 'happily', 'in', 'Paris', '.'];
    for (const words of [...forms, unseen]) expect(loaded.tag(words)).toEqual(again.tag(words));
    expect(loaded.manifest?.kind).toBe('tagger');
  });

  it('the precomputed scorer picks the same classes as the plain forward pass', () => {
    const direct = new DirectScorer(model.net), pre = new PrecomputedScorer(model.net, 3);
    const ws = model.newWorkspace();
    for (const words of forms) {
      model.predict([direct], words, ws);
      const a = Array.from(ws.tags.subarray(0, words.length));
      model.predict([pre], words, ws);
      expect(Array.from(ws.tags.subarray(0, words.length))).toEqual(a);
    }
  });

  it('keeps working after the WebAssembly memory grows under it', () => {
    const t = new Tagger(model, undefined, 3);
    const before = forms.map((w) => t.tag(w));
    model.net.arena.alloc(1 << 20); // 4 MB more: the memory grows and old views are detached
    expect(forms.map((w) => t.tag(w))).toEqual(before);
  });

  it('an empty sentence gives no tags', () => {
    expect(tagger.tag([])).toEqual([]);
  });

  it('never throws on arbitrary words (emoji, empty strings, very long words)', () => {
    const word = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.constantFrom('', ' ', '\t', '😀', '👩‍👩‍👧', '\u0000', 'ǅ', 'İ', 'ﬃ', '\uD800'),
      fc.string({ minLength: 200, maxLength: 3000 }));
    fc.assert(fc.property(fc.array(word, { maxLength: 40 }), (words) => {
      const tags = tagger.tag(words);
      expect(tags).toHaveLength(words.length);
      for (const t of tags) {
        expect(model.vocabs.classes).toContain(`${t.upos}\t${t.xpos}`);
        expect(typeof t.lemma).toBe('string');
        expect(typeof t.feats).toBe('string');
      }
    }), { numRuns: 300, seed: 7 });
  });

  it('predicted class ids stay within the class set', () => {
    const ws = model.newWorkspace();
    const n = model.predict([new DirectScorer(model.net)], ['a', 'b', 'c'], ws);
    for (let i = 0; i < n; i++) expect(ws.tags[i] - FIRST_CLASS_ID).toBeLessThan(model.numClasses);
  });
});

describe('training', () => {
  it('is deterministic for a seed', () => {
    const o = { ...tiny, epochs: 3, patience: 3, dropout: 0.2, wordDropout: 0.5, inputDropout: 0.1, emaDecay: 0.99 };
    const a = trainTaggerModel(sentences, sentences, o).model, b = trainTaggerModel(sentences, sentences, o).model;
    const fa = a.net.arena.f32(), fb = b.net.arena.f32();
    a.net.params.forEach((p, i) => {
      const q = b.net.params[i];
      expect(q?.size).toBe(p.size);
      expect(fa.slice(p.ptr >> 2, (p.ptr >> 2) + p.size)).toEqual(fb.slice((q?.ptr ?? 0) >> 2, ((q?.ptr ?? 0) >> 2) + p.size));
    });
  });
});

describe('mergeTaggers', () => {
  it('the merged network scores the mean of its members\' scores', () => {
    const a = trainTaggerModel(sentences, [], { ...tiny, epochs: 2, seed: 1, featsNetwork: false }).model;
    const b = trainTaggerModel(sentences, [], { ...tiny, epochs: 2, seed: 2, hidden: 16, featsNetwork: false }).model;
    const merged = mergeTaggers([a, b], createKernels());
    expect(merged.net.shape.hidden).toBe(48);
    const sa = new DirectScorer(a.net), sb = new DirectScorer(b.net), sm = new DirectScorer(merged.net);
    const ws = a.newWorkspace();
    for (const words of forms) {
      a.predict([sa], words, ws);
      for (let i = 0; i < words.length; i++) {
        a.template.extract(ws.enc, i, ws.tags, ws.features, 0);
        const x = Array.from(sa.score(ws.features, 0)), y = Array.from(sb.score(ws.features, 0));
        Array.from(sm.score(ws.features, 0)).forEach((v, c) => expect(v).toBeCloseTo(((x[c] ?? 0) + (y[c] ?? 0)) / 2, 4));
      }
    }
  });

  it('an ensemble option trains and merges its members', () => {
    const { model, scores } = trainTaggerModel(sentences, sentences, { ...tiny, ensemble: 2 });
    expect(model.net.shape.hidden).toBe(64);
    expect(scores?.upos).toBe(100);
  });
});

describe('jackknifeTags', () => {
  const input = structuredClone(sentences);
  const folds: number[] = [];
  const out = jackknifeTags(input, 2, { ...tiny, epochs: 2, onFold: (f) => folds.push(f) });

  it('returns tagged copies in order and leaves the input alone', () => {
    expect(folds).toEqual([0, 1]);
    expect(input).toEqual(sentences);
    expect(out).toHaveLength(sentences.length);
    out.forEach((s, i) => {
      expect(s).not.toBe(input[i]);
      expect(s.words.map((w) => [w.form, w.head, w.deprel])).toEqual(sentences[i]?.words.map((w) => [w.form, w.head, w.deprel]));
      for (const w of s.words) expect(w.upos).not.toBe('');
    });
  });

  it('is deterministic and rejects fewer than two folds', () => {
    expect(jackknifeTags(input, 2, { ...tiny, epochs: 2 })).toEqual(out);
    expect(() => jackknifeTags(input, 1)).toThrow(/k ≥ 2/);
    expect(() => jackknifeTags(input.slice(0, 2), 3)).toThrow(/at least/);
  });
});
