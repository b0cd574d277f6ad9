import { describe, expect, it } from 'vitest';
import { parseTaggerArgs } from '../../src/tagger/train/train-cli.ts';
import { DEFAULT_TAGGER_OPTIONS } from '../../src/tagger/train/train-tagger.ts';

describe('train-cli arguments', () => {
  it('maps kebab-case flags onto the training options', () => {
    const r = parseTaggerArgs(['--train', 't.conllu', '--dev', 'd.conllu', '--out', 'm', '--hidden', '64', '--word-dim', '16',
      '--activation', 'tanh', '--template', 'word:0, suf3:0,tag:-1']);
    expect(r).toMatchObject({ train: 't.conllu', dev: 'd.conllu', out: 'm' });
    expect(r.opts).toEqual({ ...DEFAULT_TAGGER_OPTIONS, hidden: 64, wordDim: 16, activation: 'tanh', template: ['word:0', 'suf3:0', 'tag:-1'] });
  });

  it('rejects unknown flags, non-numbers and missing files', () => {
    expect(() => parseTaggerArgs(['--train', 't', '--dev', 'd', '--out', 'o', '--colour', 'red'])).toThrow();
    expect(() => parseTaggerArgs(['--train', 't', '--dev', 'd', '--out', 'o', '--epochs', 'ten'])).toThrow(/not a number/);
    expect(() => parseTaggerArgs(['--train', 't', '--dev', 'd', '--out', 'o', '--activation', 'swish'])).toThrow(/activation/);
    expect(() => parseTaggerArgs(['--train', 't'])).toThrow(/usage/);
  });
});
