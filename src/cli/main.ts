#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { ACTIVATIONS } from '../model/activation.ts';

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
};
const num = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
};

const program = new Command('arcparse').description('Universal Dependencies parser (arc-standard, feed-forward network)');

program.command('train')
  .description('train a parser from CoNLL-U files')
  .requiredOption('--train <file>', 'training CoNLL-U')
  .requiredOption('--dev <file>', 'development CoNLL-U (model selection)')
  .requiredOption('--out <dir>', 'output model directory')
  .option('--epochs <n>', 'maximum epochs', int, 12)
  .option('--batch-size <n>', 'examples per update', int, 32)
  .option('--lr <x>', 'Adam learning rate', num, 0.001)
  .option('--lr-decay <x>', 'learning-rate factor per epoch', num, 0.85)
  .option('--l2 <x>', 'L2 regularisation', num, 0)
  .option('--hidden <n>', 'hidden units', int, 256)
  .addOption(new Option('--activation <name>', 'hidden activation').choices(ACTIVATIONS).default('relu'))
  .option('--word-dim <n>', 'word embedding size', int, 64)
  .option('--tag-dim <n>', 'UPOS/XPOS embedding size', int, 32)
  .option('--label-dim <n>', 'label embedding size', int, 32)
  .option('--suffix-dim <n>', 'suffix embedding size', int, 32)
  .option('--dropout <x>', 'hidden-layer dropout', num, 0.3)
  .option('--word-dropout <x>', 'alpha of word dropout to UNK (0 = off)', num, 0.25)
  .addOption(new Option('--template <name>', 'feature template').choices(['default', 'cm']).default('default'))
  .option('--seed <n>', 'random seed', int, 1)
  .option('--patience <n>', 'stop after this many epochs without a better dev LAS', int, 3)
  .option('--max-sentences <n>', 'use only the first n training sentences (0 = all)', int, 0)
  .option('--no-progress', 'no progress bar')
  .action(async (opts) => {
    const { runTrain } = await import('./train.ts');
    runTrain(opts, process.argv.slice(3));
  });

await program.parseAsync();
