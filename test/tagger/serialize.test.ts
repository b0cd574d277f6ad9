import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTaggerModel } from '../../src/tagger/serialize.ts';
import { DEFAULT_TAGGER_OPTIONS, trainTagger } from '../../src/tagger/train/train-tagger.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { damagedCopy, editConfig, editJson, editVocab, modelError } from '../helpers/model-files.ts';

const sentences = readConllu(readFileSync(new URL('../fixtures/tiny.conllu', import.meta.url), 'utf8'));
let good = '';

beforeAll(() => {
  good = mkdtempSync(join(tmpdir(), 'arcparse-tagger-good-'));
  trainTagger(sentences, sentences, good, { ...DEFAULT_TAGGER_OPTIONS, epochs: 1, hidden: 8, wordDim: 4, shapeDim: 2, affixDim: 2,
    ambDim: 2, cwordDim: 2, tagDim: 2 });
});

describe('tagger model files', () => {
  it('load what was saved', () => {
    expect(loadTaggerModel(good).model.vocabs.classes.length).toBeGreaterThan(3);
  });

  it.each([
    ['an unknown architecture', (d: string) => editJson(join(d, 'manifest.json'), (m) => ({ ...m, architecture: 'window-ffnn-tagger.v9' })),
      'MODEL_ERR_INVALID', 'manifest.json'],
    ['a feature with an unknown attribute', (d: string) => editConfig(d, (c) => ({ ...c, template: ['word:0', 'colour:0'] })),
      'MODEL_ERR_INVALID', 'manifest.json'],
    ['a tag feature to the right (tags are only known to the left)', (d: string) => editConfig(d, (c) => ({ ...c, template: ['word:0', 'tag:1'] })),
      'MODEL_ERR_INVALID', 'manifest.json'],
    ['a vocabulary with a duplicate entry (checksum updated)', (d: string) => editVocab(d, (v) => ({ ...v, shape: ['Xx', 'Xx'] })),
      'MODEL_ERR_INVALID', 'vocab.json'],
    ['a FEATS table that does not fit the classes (checksum updated)', (d: string) => editVocab(d, (v) => ({
      ...v, feats: { ...(v.feats as Record<string, unknown>), byClass: ['_'] } })), 'MODEL_ERR_MANIFEST', 'vocab.json'],
  ])('refuse %s with a ModelError naming the file', (_what, damage, code, file) => {
    const err = modelError(() => loadTaggerModel(damagedCopy(good, damage)));
    expect(err.code).toBe(code);
    expect(err.message).toContain(file);
    expect(String(err.details.file)).toMatch(new RegExp(`${file.replace('.', '\\.')}$`));
  });
});
