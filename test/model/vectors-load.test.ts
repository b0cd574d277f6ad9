import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/model/errors.ts';
import { quantizeVectors, saveVectors } from '../../src/model/train/write-vectors.ts';
import { Vectors } from '../../src/model/vectors.ts';
import { Vocab } from '../../src/model/vocab.ts';
import { WeightStore } from '../../src/model/weight-store.ts';

/**
 * Vectors files read straight into their shared buffer: int8 rows whose byte count is not a
 * multiple of 4 (the scales then start past a gap), checked against the file's checksum.
 */
describe('Vectors.load reads weights.bin into place', () => {
  const words = new Vocab(['cat', 'dog', 'sang', 'the']); // and the 3 reserved entries
  const dim = 7; // 7 rows × 7 bytes = 49 in the file: in memory the scales start at 52
  const rows = Float32Array.from({ length: words.size * dim }, (_, i) => Math.sin(i * 1.7) * (1 + (i % 5)));
  const saved = quantizeVectors(words, dim, rows, 'int8');
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-vectors-'));
  saveVectors(saved, dir);

  it('every row decodes as the saved vectors do, in a store or not', () => {
    for (const store of [undefined, new WeightStore()]) {
      const loaded = Vectors.load(dir, store);
      const a = new Float32Array(dim), b = new Float32Array(dim);
      for (let id = 0; id < words.size; id++) {
        saved.decodeRow(id, a, 0);
        loaded.decodeRow(id, b, 0);
        expect(Array.from(b)).toEqual(Array.from(a));
      }
      expect(loaded.weightsSha256).toBe(saved.weightsSha256);
    }
  });

  it.each([['a row byte', 5], ['a scale byte', 50]])('a changed %s is refused with MODEL_ERR_CHECKSUM', (_what, at) => {
    const copy = mkdtempSync(join(tmpdir(), 'arcparse-vectors-bad-'));
    saveVectors(saved, copy);
    const w = readFileSync(join(copy, 'weights.bin'));
    w[at] = (w[at] ?? 0) ^ 1;
    writeFileSync(join(copy, 'weights.bin'), w);
    let err: unknown;
    try { Vectors.load(copy, new WeightStore()); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).code).toBe('MODEL_ERR_CHECKSUM');
  });

  it('a store attached to another thread\'s image adopts its word list: vocab.json is not read again', () => {
    const copy = mkdtempSync(join(tmpdir(), 'arcparse-vectors-shared-'));
    saveVectors(saved, copy);
    // A whole-second time, so that it can be set back exactly after the change below.
    const file = join(copy, 'vocab.json'), time = 1_700_000_000;
    utimesSync(file, time, time);
    const owner = new WeightStore();
    const first = Vectors.load(copy, owner);
    // Spoil vocab.json without changing its size or time: a load that read it would fail its checksum.
    const size = statSync(file).size;
    writeFileSync(file, readFileSync(file, 'utf8').replace('cat', 'cot'));
    utimesSync(file, time, time);
    expect(statSync(file).size).toBe(size);
    const attached = Vectors.load(copy, WeightStore.attach(owner.image()));
    for (const w of ['cat', 'dog', 'sang', 'the', 'cot', 'zebra']) expect(attached.id(w)).toBe(first.id(w));
    let err: unknown;
    try { Vectors.load(copy, new WeightStore()); } catch (e) { err = e; }
    expect((err as ModelError).code).toBe('MODEL_ERR_CHECKSUM');
  });
});
