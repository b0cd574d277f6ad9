import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompactVocab } from '../../src/model/compact-vocab.ts';
import { ModelError } from '../../src/model/errors.ts';
import { sharedWordIndex } from '../../src/model/shared-vocab.ts';
import { Vocab } from '../../src/model/vocab.ts';
import { WeightStore } from '../../src/model/weight-store.ts';
import { loadModel } from '../../src/parser/serialize.ts';
import { loadTaggerModel } from '../../src/tagger/serialize.ts';

const EN = join(import.meta.dirname, '../../models/en_ewt');
const vocabJson = (component: string): Record<string, unknown> => JSON.parse(readFileSync(join(EN, component, 'vocab.json'), 'utf8')) as Record<string, unknown>;

describe('word lists shared between threads', () => {
  it('the shipped models\' word lists give the ids a Vocab of the same entries gives', () => {
    const { model: parser } = loadModel(join(EN, 'parser'), new WeightStore());
    const { model: tagger } = loadTaggerModel(join(EN, 'tagger'), new WeightStore());
    const lists = [
      [parser.vocabs.word, vocabJson('parser').word], [parser.vocabs.suffix, vocabJson('parser').suffix],
      [tagger.vocabs.word, vocabJson('tagger').word], [tagger.vocabs.cword, vocabJson('tagger').cword],
      [tagger.vocabs.prefix, vocabJson('tagger').prefix], [tagger.vocabs.suffix, vocabJson('tagger').suffix],
    ] as const;
    for (const [index, entries] of lists) {
      const reference = new Vocab(entries as string[]);
      expect(index).toBeInstanceOf(CompactVocab);
      expect(index.size).toBe(reference.size);
      expect(index.entries()).toEqual(reference.entries());
      for (const s of reference.strings) expect(index.id(s)).toBe(reference.id(s));
      for (const s of ['', 'zzqx-not-a-word', 'The ', '\u00e9t\u00e9']) expect(index.id(s)).toBe(reference.id(s));
    }
  });

  it('a store attached to another thread\'s image adopts the loaded word lists instead of building its own', () => {
    const owner = new WeightStore();
    const first = loadTaggerModel(join(EN, 'tagger'), owner).model;
    const attached = WeightStore.attach(owner.image());
    const again = loadTaggerModel(join(EN, 'tagger'), attached).model;
    for (const field of ['word', 'cword', 'prefix', 'suffix'] as const) {
      const a = first.vocabs[field] as CompactVocab, b = again.vocabs[field] as CompactVocab;
      expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(b.buffer).toBe(a.buffer);
    }
    // A private store builds its own.
    const alone = loadTaggerModel(join(EN, 'tagger'), new WeightStore()).model;
    expect((alone.vocabs.word as CompactVocab).buffer).not.toBe((first.vocabs.word as CompactVocab).buffer);
  });

  it('a duplicate entry is a model error, as with Vocab', () => {
    expect(() => sharedWordIndex(['a', 'b', 'a'], new WeightStore(), 'test', 'dup')).toThrow(ModelError);
  });
});
