import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKernels } from '../../src/kernels/index.ts';
import { ModelError } from '../../src/model/errors.ts';
import {
  BOUNDARY_TABLES, BOUNDARY_TEMPLATE, BoundaryEncoder, NUM_SLOTS, advanceState, fillBoundaryIds, newBoundaryState, shapeOf,
} from '../../src/tokenizer/boundary-features.ts';
import { buildBoundaryVocab } from '../../src/tokenizer/train/boundary-vocab.ts';
import { SentenceSplitter, splitterShape, type SplitterConfig } from '../../src/tokenizer/sentence-splitter.ts';
import { DEFAULT_TOKENIZER_DIR, emptyLexicon, Tokenizer } from '../../src/tokenizer/index.ts';
import { LANGUAGE_FILE, loadLanguage } from '../../src/tokenizer/language.ts';
import { type SplitterTrainFiles, trainSentenceSplitter } from '../../src/tokenizer/train/train-splitter.ts';
import { paragraphRanges } from '../../src/tokenizer/paragraphs.ts';
import { damagedCopy, editConfig, editJson, editVocab, modelError } from '../helpers/model-files.ts';

const TINY = 'test/fixtures/tiny.conllu';
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'arcparse-tok-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const ENGLISH = loadLanguage(DEFAULT_TOKENIZER_DIR);
const tokenizer = new Tokenizer(emptyLexicon(), ENGLISH);
const CONFIG: SplitterConfig = { members: 1, wordDim: 4, shapeDim: 3, smallDim: 2, hidden: 6, activation: 'relu', threshold: 0.5 };

describe('boundary features', () => {
  const text = 'Hello (there) "you". ok\nThen';
  const tokens = tokenizer.tokenizeSentence(text);
  const enc = new BoundaryEncoder(buildBoundaryVocab(tokens, 1));
  const p = enc.encode(tokens, text);

  it('writes every slot once, within its table', () => {
    const ids = new Int32Array(NUM_SLOTS + 2).fill(-999);
    const st = newBoundaryState();
    for (let i = 0; i < p.n - 1; i++) {
      advanceState(st, p, i);
      ids.fill(-999);
      fillBoundaryIds(p, i, st, ids, 1);
      expect(ids[0]).toBe(-999);
      expect(ids[NUM_SLOTS + 1]).toBe(-999);
      BOUNDARY_TEMPLATE.forEach((slot, s) => {
        expect(ids[1 + s]).toBeGreaterThanOrEqual(0);
        expect(ids[1 + s]).toBeLessThan(enc.tableSize(slot.table));
      });
    }
    expect(NUM_SLOTS).toBe(BOUNDARY_TEMPLATE.length);
    expect(splitterShape(enc, CONFIG).slotTable).toHaveLength(NUM_SLOTS);
    expect(splitterShape(enc, CONFIG).tables.map((t) => t.name)).toEqual(BOUNDARY_TABLES);
  });

  it('computes shapes', () => {
    expect(['Hello', 'HELLO', 'hello', 'U.S.', '12:30', '...', ':)', 'McDonald', 'x2'].map(shapeOf))
      .toEqual(['Xx', 'X', 'x', 'X.X.', 'd:d', '...', ':)', 'XxXx', 'xd']);
  });
});

describe('paragraph ranges', () => {
  it('breaks at blank lines only', () => {
    const text = 'a\nb\n\nc\n \t\r\nd\u2029e';
    const r = paragraphRanges(text);
    const parts: string[] = [];
    for (let i = 0; i < r.length; i += 2) parts.push(text.slice(r[i], r[i + 1]));
    expect(parts).toEqual(['a\nb', 'c', 'd', 'e']);
  });
});

describe('sentence splitter training', () => {
  const opts = {
    members: 2, wordDim: 4, shapeDim: 3, smallDim: 2, hidden: 6, epochs: 2, minWordCount: 1, seed: 5, tuneThreshold: false,
  };

  const files = (out: string): SplitterTrainFiles => ({ train: TINY, dev: TINY, language: join(DEFAULT_TOKENIZER_DIR, LANGUAGE_FILE), out });

  it('is seeded and deterministic, and save → load keeps the boundaries and the language data', () => {
    const a = tmp(), b = tmp();
    const r = trainSentenceSplitter(files(a), opts, { command: 'arcparse train tokenizer …' }, createKernels('typescript'));
    trainSentenceSplitter(files(b), opts, {}, createKernels('typescript'));
    expect(readFileSync(join(a, 'weights.bin')).equals(readFileSync(join(b, 'weights.bin')))).toBe(true);
    expect(readFileSync(join(a, 'vocab.json'), 'utf8')).toBe(readFileSync(join(b, 'vocab.json'), 'utf8'));
    const text = 'The cat sat on the mat. Dogs bark loudly. I saw a big dog in the park yesterday.';
    const inMemory = new Tokenizer(r.lexicon, ENGLISH, r.splitter).tokenize(text).map((s) => s.text);
    const loaded = Tokenizer.load(a, createKernels('typescript')).tokenize(text).map((s) => s.text);
    expect(loaded).toEqual(inMemory);
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')) as { kind: string; config: SplitterConfig; training: { command?: string } };
    expect(manifest.kind).toBe('sentence-splitter');
    expect(manifest.config.members).toBe(2);
    expect(manifest.training.command).toBe('arcparse train tokenizer …');
    expect(readFileSync(join(a, LANGUAGE_FILE), 'utf8')).toBe(readFileSync(join(DEFAULT_TOKENIZER_DIR, LANGUAGE_FILE), 'utf8'));
  });

  it('refuses corrupt or foreign model files with coded errors', () => {
    const d = tmp();
    trainSentenceSplitter(files(d), { ...opts, members: 1, epochs: 1 }, {}, createKernels('typescript'));
    const weights = readFileSync(join(d, 'weights.bin'));
    weights[0] ^= 0xff;
    writeFileSync(join(d, 'weights.bin'), weights);
    expect(() => SentenceSplitter.load(d)).toThrow(ModelError);
    try { SentenceSplitter.load(d); } catch (e) { expect((e as ModelError).code).toBe('MODEL_ERR_CHECKSUM'); }
    const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...manifest, kind: 'parser' }));
    try { SentenceSplitter.load(d); expect.unreachable(); } catch (e) { expect((e as ModelError).code).toBe('MODEL_ERR_MANIFEST'); }
    expect(() => Tokenizer.load(join(d, 'missing'))).toThrow(ModelError);
  });

  it.each([
    ['an unknown architecture', (dir: string) => editJson(join(dir, 'manifest.json'), (m) => ({ ...m, architecture: 'boundary-ffnn.v9' })), 'manifest.json'],
    ['a network the splitter cannot run (tanh)', (dir: string) => editConfig(dir, (c) => ({ ...c, activation: 'tanh' })), 'manifest.json'],
    ['a vocabulary with a duplicate shape (checksum updated)', (dir: string) => editVocab(dir, (v) => ({
      ...v, boundary: { ...(v.boundary as Record<string, unknown>), shapes: ['Xx', 'Xx'] } })), 'vocab.json'],
  ])('refuses %s with a ModelError naming the file', (_what, damage, file) => {
    const d = tmp();
    trainSentenceSplitter(files(d), { ...opts, members: 1, epochs: 1 }, {}, createKernels('typescript'));
    const err = modelError(() => Tokenizer.load(damagedCopy(d, damage), createKernels('typescript')));
    expect(err.code).toBe('MODEL_ERR_INVALID');
    expect(err.message).toContain(file);
  });
});

describe('Tokenizer sentence API', () => {
  const tok = Tokenizer.load();

  it('always breaks at a blank line and never inside a paragraph line given to tokenizeSentence', () => {
    expect(tok.tokenize('hello there\n\ngeneral kenobi').map((s) => s.text)).toEqual(['hello there', 'general kenobi']);
    expect(tok.tokenizeSentence('Hi. Bye. See you.').map((t) => t.form)).toEqual(['Hi', '.', 'Bye', '.', 'See', 'you', '.']);
  });

  it('splits ordinary text into sentences', () => {
    const text = 'I went home. Then I slept for ten hours! Did you?';
    expect(tok.tokenize(text).map((s) => s.text)).toEqual(['I went home.', 'Then I slept for ten hours!', 'Did you?']);
  });

  it('splits the period off an abbreviation that ends a sentence', () => {
    const s = tok.tokenize('We sell apples, pears, etc. They are fresh.');
    expect(s.map((x) => x.tokens.map((t) => t.form))).toEqual([['We', 'sell', 'apples', ',', 'pears', ',', 'etc', '.'], ['They', 'are', 'fresh', '.']]);
  });
});
