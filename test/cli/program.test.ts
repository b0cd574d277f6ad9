import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { type CliActions, buildProgram } from '../../src/cli/program.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../../src/parser/train/train-parser.ts';
import { DEFAULT_TAGGER_OPTIONS } from '../../src/tagger/train/train-tagger.ts';
import { DEFAULT_SPLITTER_OPTIONS } from '../../src/tokenizer/train/train-splitter.ts';

/** Runs the CLI on argv with recording actions; commander errors throw instead of exiting. */
async function run(argv: string[]): Promise<{ name: string; args: unknown[] }> {
  let call: { name: string; args: unknown[] } | undefined;
  const record = (name: string) => (...args: unknown[]): void => { call = { name, args }; };
  const actions: CliActions = {
    parse: record('parse'), evaluate: record('evaluate'), trainParser: record('trainParser'), trainTagger: record('trainTagger'),
    trainTokenizer: record('trainTokenizer'), jackknife: record('jackknife'), precompute: record('precompute'),
    trainBundle: record('trainBundle'),
  };
  const program = buildProgram(actions, argv);
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    c.commands.forEach(quiet);
  };
  quiet(program);
  await program.parseAsync(argv, { from: 'user' });
  if (!call) throw new Error('no action ran');
  return call;
}

const FILES = ['--train', 't.conllu', '--dev', 'd.conllu', '--out', 'm'];

describe('arcparse command line', () => {
  it('train bundle: files, defaults scaled by data size unless epochs are given, the command line recorded', async () => {
    const argv = ['train', 'bundle', ...FILES, '--parser-epochs', '3', '--folds', '2', '--no-progress'];
    const { name, args } = await run(argv);
    expect(name).toBe('trainBundle');
    expect(args[0]).toEqual({ train: 't.conllu', dev: 'd.conllu', out: 'm', folds: 2, seed: 1, parserEpochs: 3, progress: false, command: `arcparse ${argv.join(' ')}` });
  });

  it('train bundle and train parser take the transition system', async () => {
    const bundle = await run(['train', 'bundle', ...FILES, '--parser-system', 'arc-swap']);
    expect(bundle.args[0]).toMatchObject({ parserSystem: 'arc-swap' });
    const parser = await run(['train', 'parser', ...FILES, '--system', 'arc-swap', '--pseudo-projective', 'none']);
    expect(parser.args[0]).toEqual({ ...DEFAULT_TRAIN_OPTIONS, system: 'arc-swap', pseudoProjective: 'none' });
    await expect(run(['train', 'parser', ...FILES, '--system', 'arc-eager'])).rejects.toThrow(/Allowed choices are arc-standard, arc-swap/);
  });

  it('train tagger: kebab-case flags map onto the training options; the command line is recorded', async () => {
    const argv = ['train', 'tagger', ...FILES, '--hidden', '64', '--word-dim', '16', '--activation', 'tanh', '--template', 'word:0, suf3:0,tag:-1'];
    const { name, args } = await run(argv);
    expect(name).toBe('trainTagger');
    expect(args[0]).toEqual({ ...DEFAULT_TAGGER_OPTIONS, hidden: 64, wordDim: 16, activation: 'tanh', template: ['word:0', 'suf3:0', 'tag:-1'] });
    expect(args[1]).toEqual({ train: 't.conllu', dev: 'd.conllu', out: 'm', command: `arcparse ${argv.join(' ')}` });
  });

  it('train parser and train tokenizer: defaults unless given, booleans turned off with --no-…', async () => {
    const parser = await run(['train', 'parser', ...FILES, '--epochs', '16', '--no-progress', '--template', 'rich']);
    expect(parser.args[0]).toEqual({ ...DEFAULT_TRAIN_OPTIONS, epochs: 16, template: 'rich' });
    expect(parser.args[1]).toMatchObject({ maxSentences: 0, progress: false });
    const tokenizer = await run(['train', 'tokenizer', ...FILES, '--no-tune-threshold', '--members', '1', '--language', 'en.json']);
    expect(tokenizer.args[0]).toEqual({ ...DEFAULT_SPLITTER_OPTIONS, tuneThreshold: false, members: 1 });
    expect(tokenizer.args[1]).toEqual({ train: 't.conllu', dev: 'd.conllu', out: 'm', language: 'en.json' });
  });

  it.each([
    ['an unknown flag', ['train', 'tagger', ...FILES, '--colour', 'red'], /unknown option '--colour'/],
    ['a number that is not one', ['train', 'tagger', ...FILES, '--epochs', 'ten'], /expected an integer/],
    ['a fraction for an integer', ['train', 'parser', ...FILES, '--hidden', '2.5'], /expected an integer/],
    ['a choice that is not one', ['train', 'tagger', ...FILES, '--activation', 'swish'], /Allowed choices are relu, cube, tanh, sigmoid/],
    ['a missing file', ['train', 'parser', '--train', 't.conllu'], /required option '--dev <file>' not specified/],
    ['an unknown trainer', ['train', 'lemmatizer'], /unknown command 'lemmatizer'/],
  ])('refuses %s', async (_what, argv, message) => {
    await expect(run(argv)).rejects.toThrow(message);
  });
});
