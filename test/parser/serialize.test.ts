import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { readConllu } from '../../src/ud/conllu.ts';
import { loadModel } from '../../src/parser/serialize.ts';
import { saveModel } from '../../src/parser/train/save-parser.ts';
import { DEFAULT_TRAIN_OPTIONS, trainParser } from '../../src/parser/train/train-parser.ts';
import { damagedCopy, editVocab, modelError } from '../helpers/model-files.ts';

const sentences = readConllu(readFileSync(new URL('../fixtures/tiny.conllu', import.meta.url), 'utf8'));
let good = '';

beforeAll(() => {
  const { model } = trainParser(sentences, sentences, { ...DEFAULT_TRAIN_OPTIONS, epochs: 1, hidden: 8, wordDim: 4,
    tagDim: 4, labelDim: 4, suffixDim: 4 });
  good = mkdtempSync(join(tmpdir(), 'arcparse-good-'));
  saveModel(model, good);
});

const damaged = (damage: (dir: string) => void): string => damagedCopy(good, damage);
const loadError = (dir: string): ModelError => modelError(() => loadModel(dir));

describe('model files', () => {
  it('load what was saved', () => {
    expect(loadModel(good).model.vocabs.labels).toContain('root');
  });

  it.each([
    ['a missing weights file', (d: string) => rmSync(join(d, 'weights.bin')), 'MODEL_ERR_NOT_FOUND', 'weights.bin'],
    ['a missing manifest', (d: string) => rmSync(join(d, 'manifest.json')), 'MODEL_ERR_NOT_FOUND', 'manifest.json'],
    ['truncated weights', (d: string) => truncateSync(join(d, 'weights.bin'), 100), 'MODEL_ERR_TRUNCATED', 'weights.bin'],
    ['corrupt weights', (d: string) => {
      const f = join(d, 'weights.bin');
      const b = readFileSync(f);
      b[10] = (b[10] ?? 0) ^ 0xff;
      writeFileSync(f, b);
    }, 'MODEL_ERR_CHECKSUM', 'weights.bin'],
    ['an edited vocabulary', (d: string) => {
      const f = join(d, 'vocab.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"root"', '"rooot"'));
    }, 'MODEL_ERR_CHECKSUM', 'vocab.json'],
    ['a newer format version', (d: string) => {
      const f = join(d, 'manifest.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"formatVersion": 1', '"formatVersion": 99'));
    }, 'MODEL_ERR_UNSUPPORTED_VERSION', 'manifest.json'],
    ['a manifest that is not JSON', (d: string) => writeFileSync(join(d, 'manifest.json'), '{"format": '), 'MODEL_ERR_MANIFEST', 'manifest.json'],
    ['a manifest with a bad field', (d: string) => {
      const f = join(d, 'manifest.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace(/"hidden": \d+/, '"hidden": -3'));
    }, 'MODEL_ERR_MANIFEST', 'manifest.json'],
    ['an unknown architecture', (d: string) => {
      const f = join(d, 'manifest.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"arc-standard-ffnn.v1"', '"swap-ffnn.v1"'));
    }, 'MODEL_ERR_INVALID', 'manifest.json'],
    ['a feature template with an unknown attribute', (d: string) => {
      const f = join(d, 'manifest.json');
      writeFileSync(f, readFileSync(f, 'utf8').replace('"word:s0"', '"colour:s0"'));
    }, 'MODEL_ERR_INVALID', 'manifest.json'],
    ['a label set without the root relation (checksum updated)', (d: string) => editVocab(d, (v) => ({
      ...v, labels: (v.labels as string[]).map((l) => (l === 'root' ? 'top' : l)),
    })), 'MODEL_ERR_INVALID', 'vocab.json'],
    ['a vocabulary with a duplicate entry (checksum updated)', (d: string) => editVocab(d, (v) => ({
      ...v, upos: [...(v.upos as string[]), (v.upos as string[])[0]],
    })), 'MODEL_ERR_INVALID', 'vocab.json'],
  ])('refuse %s with a clear error naming the file', (_what, damage, code, file) => {
    const err = loadError(damaged(damage));
    expect(err.code).toBe(code);
    expect(err.message).toContain(file);
  });
});
