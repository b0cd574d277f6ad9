/**
 * `arcparse train bundle` on a tiny sample of UD French Sequoia (150 train, 40 dev sentences, with
 * the treebank's README and LICENSE beside them): every component is written, the bundle loads by
 * its path and parses French raw text, and the cards carry the data's license and the command.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadParserSync } from '../../src/api/parser.ts';
import { bundleDefaults, readTreebankInfo, runTrainBundle } from '../../src/cli/train-bundle.ts';
import { FR_DATA_DIR, SEQUOIA_DEV, SEQUOIA_TRAIN } from '../helpers/data.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

it('defaults scale with the data: a small treebank gets more epochs and patience', () => {
  const small = bundleDefaults(2231), large = bundleDefaults(12544);
  expect(small.parser.epochs).toBeGreaterThan(large.parser.epochs ?? 0);
  expect(small.parser.patience).toBeGreaterThan(large.parser.patience ?? 0);
  expect(small.tagger.epochs).toBeGreaterThan(large.tagger.epochs ?? 0);
});

const head = (file: string, n: number): string => readFileSync(file, 'utf8').split('\n\n').slice(0, n).join('\n\n').trim() + '\n\n';

describeWhen([NEEDS.sequoia], 'arcparse train bundle on a tiny Sequoia sample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'arcparse-bundle-'));
  const data = join(dir, 'data');
  mkdirSync(data);
  const train = join(data, 'fr_tiny-ud-train.conllu'), dev = join(data, 'fr_tiny-ud-dev.conllu');
  writeFileSync(train, head(SEQUOIA_TRAIN, 150));
  writeFileSync(dev, head(SEQUOIA_DEV, 40));
  for (const f of ['README.md', 'LICENSE.txt']) if (existsSync(join(FR_DATA_DIR, f))) copyFileSync(join(FR_DATA_DIR, f), join(data, f));
  const out = join(dir, 'fr_tiny');
  const command = `arcparse train bundle --train ${train} --dev ${dev} --out ${out} --folds 2 --parser-epochs 2 --tagger-epochs 2 --tokenizer-epochs 1`;

  it('reads the treebank\'s title and license', () => {
    const info = readTreebankInfo(train);
    expect(info.title).toMatch(/French Sequoia/);
    expect(info.license).toMatch(/LGPL-LR/);
  });

  it('trains every component, scores the bundle on dev and writes the cards', { timeout: 300_000 }, () => {
    const scores = runTrainBundle({ train, dev, out, folds: 2, seed: 1, parserEpochs: 2, taggerEpochs: 2, tokenizerEpochs: 1, progress: false, command });
    expect(scores.jackknife?.folds).toBe(2);
    expect(scores.parser.devTags).toBe('predicted');
    for (const part of ['tokenizer', 'tagger', 'parser']) {
      const manifest = JSON.parse(readFileSync(join(out, part, 'manifest.json'), 'utf8')) as { training: { command: string } };
      expect(manifest.training.command).toBe(command);
      const card = readFileSync(join(out, part, 'README.md'), 'utf8');
      expect(card).toMatch(/LGPL-LR/);
      expect(card).toContain('\n```sh\narcparse train bundle');
    }
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/## Dev scores/);
    const bundle = JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8')) as { name: string; language: string };
    expect(bundle).toMatchObject({ name: 'fr_tiny', language: 'fr' });
    // Sequoia has no XPOS: the tagger predicts `_`, which is right.
    expect(scores.tagger.xpos).toBe(100);
    expect(scores.rawText.tokens).toBeGreaterThan(95);
    const tokenizer = JSON.parse(readFileSync(join(out, 'tokenizer', 'vocab.json'), 'utf8')) as { lexicon: { expansions?: Record<string, string[]> } };
    expect(tokenizer.lexicon.expansions?.du).toEqual(['de', 'le']);

    const parser = loadParserSync(out);
    expect(parser.info.model).toMatchObject({ name: 'fr_tiny', language: 'fr' });
    const [s] = parser.parse('Il parle du livre.');
    expect(s?.words.map((w) => w.form)).toEqual(['Il', 'parle', 'de', 'le', 'livre', '.']);
  });

  it('rejects one fold (jackknifing needs two; 0 means gold tags)', () => {
    expect(() => runTrainBundle({ train, dev, out: join(dir, 'one-fold'), folds: 1, seed: 1, progress: false, command: 'arcparse train bundle' })).toThrow(/--folds must be 0/);
  });

  it('works without lemmas and features (columns of `_`), with the parser on gold tags (--folds 0)', { timeout: 300_000 }, () => {
    const strip = (file: string): string => readFileSync(file, 'utf8').replace(/^(\d+(?:-\d+)?\t[^\t]*\t)[^\t]*(\t[^\t]*\t[^\t]*\t)[^\t]*/gm, '$1_$2_');
    const bare = join(dir, 'bare');
    mkdirSync(bare);
    const t = join(bare, 'fr_bare-ud-train.conllu'), d = join(bare, 'fr_bare-ud-dev.conllu');
    writeFileSync(t, strip(train));
    writeFileSync(d, strip(dev));
    expect(readFileSync(t, 'utf8')).not.toMatch(/Gender=/);
    const o = join(dir, 'fr_bare');
    // --folds 0: no jackknifing; the parser trains on the gold tags and is selected on gold-tagged dev.
    const scores = runTrainBundle({ train: t, dev: d, out: o, folds: 0, seed: 1, parserEpochs: 1, taggerEpochs: 1, tokenizerEpochs: 1,
      parserGlobalWidth: 2, parserGlobalEpochs: 1, progress: false, command: 'arcparse train bundle' });
    expect(scores.rawText.tokens).toBeGreaterThan(95);
    expect(scores.jackknife).toBeUndefined();
    expect(scores.parser.devTags).toBe('gold');
    expect(JSON.parse(readFileSync(join(o, 'parser', 'manifest.json'), 'utf8')).training).toMatchObject({ trainTags: 'gold', devTags: 'gold' });
    expect(readFileSync(join(o, 'parser', 'README.md'), 'utf8')).toMatch(/with their gold tags \(`--folds 0`\)/);
    // The global layer was trained and the bundle scored with beam decoding too.
    expect(scores.beam?.width).toBe(2);
    expect(scores.beam?.goldTagsLas).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(o, 'parser', 'manifest.json'), 'utf8')).config.globalOutput).toBe(true);
    expect(readFileSync(join(o, 'README.md'), 'utf8')).toMatch(/With beam 2 and the globally trained layer/);
    // No README beside the data: the card says the license is unknown rather than inventing one.
    expect(readFileSync(join(o, 'README.md'), 'utf8')).toMatch(/License of the data: \*\*unknown/);
    const [s] = loadParserSync(o).parse('Il parle du livre.');
    expect(s?.words.map((w) => w.form)).toEqual(['Il', 'parle', 'de', 'le', 'livre', '.']);
  });
});
