#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { ACTIVATIONS } from '../model/activation.ts';
import { DEFAULT_TRAIN_OPTIONS as D } from '../parser/train/train-parser.ts';

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
  .option('--epochs <n>', 'maximum epochs', int, D.epochs)
  .option('--batch-size <n>', 'examples per update', int, D.batchSize)
  .option('--lr <x>', 'Adam learning rate', num, D.lr)
  .option('--lr-decay <x>', 'learning-rate factor per epoch', num, D.lrDecay)
  .option('--l2 <x>', 'L2 regularisation', num, D.l2)
  .option('--hidden <n>', 'hidden units', int, D.hidden)
  .addOption(new Option('--activation <name>', 'hidden activation').choices(ACTIVATIONS).default(D.activation))
  .option('--word-dim <n>', 'word embedding size', int, D.wordDim)
  .option('--tag-dim <n>', 'UPOS/XPOS embedding size', int, D.tagDim)
  .option('--label-dim <n>', 'label embedding size', int, D.labelDim)
  .option('--suffix-dim <n>', 'suffix embedding size', int, D.suffixDim)
  .option('--dropout <x>', 'hidden-layer dropout', num, D.dropout)
  .option('--input-dropout <x>', 'dropout on the input embeddings', num, D.inputDropout)
  .option('--word-dropout <x>', 'alpha of word dropout to UNK (0 = off)', num, D.wordDropout)
  .addOption(new Option('--template <name>', 'feature template').choices(['default', 'cm', 'rich']).default(D.template))
  .option('--ema-decay <x>', 'parameter moving-average decay for evaluation and the saved model (0 = off)', num, D.emaDecay)
  .option('--seed <n>', 'random seed', int, D.seed)
  .option('--patience <n>', 'stop after this many epochs without a better dev LAS', int, D.patience)
  .option('--max-sentences <n>', 'use only the first n training sentences (0 = all)', int, 0)
  .option('--no-progress', 'no progress bar')
  .action(async (opts) => {
    const { runTrain } = await import('./train.ts');
    runTrain(opts, process.argv.slice(3));
  });

program.command('train-tokenizer')
  .description('learn the tokenizer lexicon and train the sentence splitter')
  .requiredOption('--train <file>', 'training CoNLL-U (with # text, # newpar and SpaceAfter=No)')
  .requiredOption('--dev <file>', 'development CoNLL-U (decision threshold)')
  .requiredOption('--out <dir>', 'output model directory')
  .option('--seed <n>', 'random seed', int, 1)
  .action(async (opts: { train: string; dev: string; out: string; seed: number }) => {
    const { trainSentenceSplitter } = await import('../tokenizer/train/train-splitter.ts');
    const r = trainSentenceSplitter(opts.train, opts.dev, opts.out, { seed: opts.seed }, {
      onEpoch: (e) => process.stderr.write(JSON.stringify({ event: 'epoch', epoch: e.epoch, loss: e.loss, devF1: e.dev }) + '\n'),
    });
    process.stderr.write(JSON.stringify({ event: 'done', devSentenceF1: r.devF1, threshold: r.threshold, seconds: r.seconds }) + '\n');
  });

program.command('train-tagger')
  .description('train the POS tagger and lemmatizer (options: npx tsx src/tagger/train-cli.ts --help)')
  .allowUnknownOption(true)
  .helpOption(false)
  .argument('[args...]')
  .action(async (args: string[]) => {
    const { runTaggerTrain } = await import('../tagger/train/train-cli.ts');
    runTaggerTrain(args);
  });

program.command('jackknife')
  .description('tag a training file with k-fold taggers (each fold by a tagger trained on the others)')
  .requiredOption('--train <file>', 'training CoNLL-U')
  .requiredOption('--out <file>', 'output CoNLL-U with predicted tags')
  .option('--folds <k>', 'number of folds', int, 5)
  .option('--seed <n>', 'random seed', int, 1)
  .action(async (opts: { train: string; out: string; folds: number; seed: number }) => {
    const { runJackknife } = await import('./jackknife.ts');
    runJackknife(opts);
  });

program.command('parse')
  .description('parse CoNLL-U or raw text; writes CoNLL-U')
  .argument('[file]', 'input file (default: standard input)')
  .option('--model <dir>', 'model directory (default: the shipped English model)')
  .addOption(new Option('--from <format>', 'input format').choices(['conllu', 'text']).default('conllu'))
  .option('--keep-tags', 'CoNLL-U input: keep the input tags instead of predicting them')
  .action(async (file: string | undefined, opts: { model?: string; keepTags?: boolean; from: 'conllu' | 'text' }) => {
    const { runParse } = await import('./parse.ts');
    runParse(file, opts);
  });

program.command('evaluate')
  .description('parse a gold CoNLL-U file and score it like the CoNLL 2018 shared task')
  .requiredOption('--gold <file>', 'gold CoNLL-U file')
  .option('--model <dir>', 'model directory (default: the shipped English model)')
  .addOption(new Option('--from <format>', 'conllu: gold tokens; text: the raw text built from the file').choices(['conllu', 'text']).default('conllu'))
  .addOption(new Option('--tags <source>', 'with --from conllu: gold tags from the file or predicted by the tagger').choices(['gold', 'predicted']).default('gold'))
  .addOption(new Option('--layout <layout>', 'with --from text: paragraph breaks kept, or all text as one paragraph').choices(['paragraphs', 'one-paragraph']).default('paragraphs'))
  .option('--json', 'print one JSON line')
  .action(async (opts: { gold: string; model?: string; json?: boolean; from: 'conllu' | 'text'; tags: 'gold' | 'predicted'; layout: 'paragraphs' | 'one-paragraph' }) => {
    const { runEvaluate } = await import('./parse.ts');
    runEvaluate(opts);
  });

try {
  await program.parseAsync();
} catch (e) {
  const err = e as Error & { code?: string };
  process.stderr.write(`arcparse: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  process.exitCode = 1;
}
