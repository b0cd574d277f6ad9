/**
 * The `arcparse` command line: parse, evaluate, train parser|tagger|tokenizer, jackknife. Every
 * option is a commander flag in one style (options.ts). Actions are imported when a command runs,
 * so `arcparse parse` loads no training code; tests pass their own actions.
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { ParserTrainOptions } from '../parser/train/train-parser.ts';
import { DEFAULT_TRAIN_OPTIONS } from '../parser/train/defaults.ts';
import type { TaggerTrainOptions } from '../tagger/train/train-tagger.ts';
import { DEFAULT_TAGGER_OPTIONS, JACKKNIFE_EPOCHS } from '../tagger/train/defaults.ts';
import { LANGUAGE_FILE } from '../tokenizer/language.ts';
import type { SplitterTrainFiles, SplitterTrainOptions } from '../tokenizer/train/train-splitter.ts';
import { DEFAULT_SPLITTER_OPTIONS } from '../tokenizer/train/defaults.ts';
import { DEFAULT_COVERAGE } from '../model/precompute-rows.ts';
import { addOptions, commandLine, parseInt10, parseNumber, parsePositive, pickOptions } from './options.ts';
import type { ParseCliOptions } from './batch.ts';
import type { EvaluateCliOptions } from './parse.ts';
import type { PrecomputeCliOptions } from './precompute.ts';
import type { BundleRun } from './train-bundle.ts';
import type { ParserTrainRun } from './train-parser.ts';
import type { TaggerTrainRun } from './train-tagger.ts';
import type { JackknifeRun } from './jackknife.ts';
import { PARSER_OPTIONS, SPLITTER_OPTIONS, TAGGER_OPTIONS } from './train-options.ts';

export interface CliActions {
  parse(file: string | undefined, opts: ParseCliOptions): void | Promise<void>;
  evaluate(opts: EvaluateCliOptions): void | Promise<void>;
  trainParser(opts: ParserTrainOptions, run: ParserTrainRun): void | Promise<void>;
  trainTagger(opts: TaggerTrainOptions, run: TaggerTrainRun): void | Promise<void>;
  trainTokenizer(opts: SplitterTrainOptions, files: SplitterTrainFiles, command: string): void | Promise<void>;
  jackknife(opts: TaggerTrainOptions, run: JackknifeRun): void | Promise<void>;
  trainBundle(run: BundleRun): void | Promise<void>;
  precompute(opts: PrecomputeCliOptions): void | Promise<void>;
}

const ACTIONS: CliActions = {
  parse: async (file, opts) => (await import('./batch.ts')).runParse(file, opts),
  evaluate: async (opts) => (await import('./parse.ts')).runEvaluate(opts),
  trainParser: async (opts, run) => (await import('./train-parser.ts')).runTrainParser(opts, run),
  trainTagger: async (opts, run) => (await import('./train-tagger.ts')).runTrainTagger(opts, run),
  trainTokenizer: async (opts, files, command) => (await import('./train-tokenizer.ts')).runTrainTokenizer(opts, files, command),
  jackknife: async (opts, run) => (await import('./jackknife.ts')).runJackknife(opts, run),
  trainBundle: async (run) => void (await import('./train-bundle.ts')).runTrainBundle(run),
  precompute: async (opts) => (await import('./precompute.ts')).runPrecompute(opts),
};

/** --train, --dev and --out, which every trainer needs. */
function trainingFiles(cmd: Command, what: string): Command {
  return cmd
    .requiredOption('--train <file>', 'training CoNLL-U')
    .requiredOption('--dev <file>', 'development CoNLL-U (model selection)')
    .requiredOption('--out <dir>', `output ${what} model directory`);
}

interface Files { train: string; dev: string; out: string }

export function buildProgram(actions: CliActions = ACTIONS, argv: readonly string[] = process.argv.slice(2)): Command {
  const program = new Command('arcparse')
    .description('Universal Dependencies parser: raw text or CoNLL-U in, CoNLL-U out; training and evaluation')
    .showHelpAfterError();

  program.command('parse')
    .description('parse CoNLL-U or raw text of any size (streamed, output in input order); writes CoNLL-U')
    .argument('[file]', 'input file (default: standard input)')
    .option('--model <name|dir>', 'a bundle name under models/ (en_ewt, fr_sequoia) or a path (a value with a /); default: en_ewt')
    .addOption(new Option('--from <format>', 'input format').choices(['conllu', 'text']).default('conllu'))
    .option('--keep-tags', 'CoNLL-U input: keep the input tags instead of predicting them (loads no tagger)')
    .option('--beam <n>', 'beam width (1 = greedy, the default)', parseInt10)
    .option('--kbest <k>', 'with --from text: also write the k best trees of each sentence (# kbest_rank, # log_prob)', parseInt10)
    .option('--threads <n>', 'worker threads sharing the one loaded model (1: parse in this thread)', parsePositive, 1)
    .option('--stats', 'print words/s, peak RSS and the memory breakdown as one JSON line on stderr at the end')
    .action((file: string | undefined, opts: ParseCliOptions) => actions.parse(file, opts));

  program.command('evaluate')
    .description('parse a gold CoNLL-U file and score it like the CoNLL 2018 shared task')
    .requiredOption('--gold <file>', 'gold CoNLL-U file')
    .option('--model <name|dir>', 'a bundle name under models/ (en_ewt, fr_sequoia) or a path (a value with a /); default: en_ewt')
    .addOption(new Option('--from <format>', 'conllu: gold tokens; text: the raw text built from the file').choices(['conllu', 'text']).default('conllu'))
    .addOption(new Option('--tags <source>', 'with --from conllu: gold tags from the file or predicted by the tagger').choices(['gold', 'predicted']).default('gold'))
    .addOption(new Option('--layout <layout>', 'with --from text: paragraph breaks kept, or all text as one paragraph').choices(['paragraphs', 'one-paragraph']).default('paragraphs'))
    .option('--beam <n>', 'beam width (1 = greedy, the default)', parseInt10)
    .option('--json', 'print one JSON line')
    .action((opts: EvaluateCliOptions) => actions.evaluate(opts));

  const train = program.command('train').description('train a model of the bundle (parser, tagger or tokenizer) or a whole bundle');

  const parser = trainingFiles(train.command('parser').description('train the dependency parser on gold-tagged CoNLL-U'), 'parser');
  addOptions(parser, DEFAULT_TRAIN_OPTIONS, PARSER_OPTIONS)
    .option('--max-sentences <n>', 'use only the first n training sentences (0 = all)', parseInt10, 0)
    .option('--vectors-out <dir>', 'where the kept pretrained vectors are written (default: <out>/vectors)')
    .option('--from <dir>', 'skip local training: run the global training and calibration steps on this trained parser')
    .option('--no-progress', 'no progress bar')
    .action((opts: Files & { maxSentences: number; progress: boolean; vectorsOut?: string; from?: string } & Record<string, unknown>) => actions.trainParser(
      pickOptions(opts, DEFAULT_TRAIN_OPTIONS),
      { train: opts.train, dev: opts.dev, out: opts.out, maxSentences: opts.maxSentences, progress: opts.progress, command: commandLine(argv),
        vectorsOut: opts.vectorsOut, from: opts.from }));

  const tagger = trainingFiles(train.command('tagger').description('train the POS tagger, lemmatizer and FEATS table'), 'tagger');
  addOptions(tagger, DEFAULT_TAGGER_OPTIONS, TAGGER_OPTIONS)
    .option('--vectors-out <dir>', 'where the kept pretrained vectors are written (default: <out>/vectors)')
    .action((opts: Files & { vectorsOut?: string } & Record<string, unknown>) => actions.trainTagger(pickOptions(opts, DEFAULT_TAGGER_OPTIONS),
      { train: opts.train, dev: opts.dev, out: opts.out, command: commandLine(argv), ...(opts.vectorsOut !== undefined ? { vectorsOut: opts.vectorsOut } : {}) }));

  const tokenizer = trainingFiles(train.command('tokenizer')
    .description('learn the tokenizer lexicon and train the sentence splitter (CoNLL-U with # text and SpaceAfter=No; # newpar if any)'), 'tokenizer')
    .option('--language <file>', `language data, copied into the model (e.g. ${join('models/en_ewt/tokenizer', LANGUAGE_FILE)}); default: learned from the training treebank`)
    .option('--language-code <code>', 'ISO 639 code of learned language data (default: the training file name up to "_")');
  addOptions(tokenizer, DEFAULT_SPLITTER_OPTIONS, SPLITTER_OPTIONS)
    .action((opts: Files & { language?: string; languageCode?: string } & Record<string, unknown>) => actions.trainTokenizer(pickOptions(opts, DEFAULT_SPLITTER_OPTIONS),
      { train: opts.train, dev: opts.dev, out: opts.out, language: opts.language, ...(opts.languageCode ? { languageCode: opts.languageCode } : {}) },
      commandLine(argv)));

  trainingFiles(train.command('bundle')
    .description('train a whole bundle (tokenizer and sentence splitter, tagger, jackknifed tags, parser) from a UD treebank, score it on dev and write the model cards'), 'bundle')
    .option('--name <name>', 'bundle name (default: the --out directory name)')
    .option('--language-code <code>', 'ISO 639 code (default: the training file name up to "_")')
    .option('--folds <k>', 'jackknifing folds for the parser training tags (0: the parser trains on the gold tags and is selected on gold-tagged dev)', parseInt10, 5)
    .option('--jackknife-epochs <n>', 'tagger epochs per jackknifing fold (default 6)', parseInt10)
    .option('--seed <n>', 'random seed of every trainer', parseInt10, 1)
    .option('--tokenizer-epochs <n>', 'maximum sentence-splitter epochs (default: by data size)', parseInt10)
    .option('--tagger-epochs <n>', 'maximum tagger epochs (default: by data size)', parseInt10)
    .option('--parser-epochs <n>', 'maximum parser epochs (default: by data size)', parseInt10)
    .addOption(new Option('--parser-oracle <oracle>', 'parser oracle: static sequences, or the dynamic oracle with exploration (default static)').choices(['static', 'dynamic']))
    .option('--parser-global-width <k>', 'after local training: beam width of the parser\'s globally normalised output layer, used by --beam decoding (default 0: none)', parseInt10)
    .option('--parser-global-epochs <n>', 'epochs of that global training', parseInt10)
    .option('--parser-calibrate', 'fit the parser\'s probability temperature on dev')
    .addOption(new Option('--parser-system <system>', 'parser transition system for non-projective trees: arc-standard with pseudo-projective lifting, or arc-swap (default arc-standard)').choices(['arc-standard', 'arc-swap']))
    .option('--no-progress', 'no progress bar')
    .action((opts: Files & Omit<BundleRun, 'command' | keyof Files>) => actions.trainBundle({ ...opts, command: commandLine(argv) }));

  // Every tagger training option, so the folds are trained like the tagger they stand in for (fewer epochs by default).
  const jackknifeDefaults: TaggerTrainOptions = { ...DEFAULT_TAGGER_OPTIONS, epochs: JACKKNIFE_EPOCHS };
  const jackknife = program.command('jackknife')
    .description('tag a training file with k-fold taggers (each fold by a tagger trained on the others with the tagger options below)')
    .requiredOption('--train <file>', 'training CoNLL-U')
    .requiredOption('--out <file>', 'output CoNLL-U with predicted tags')
    .option('--folds <k>', 'number of folds', parseInt10, 5);
  addOptions(jackknife, jackknifeDefaults, TAGGER_OPTIONS)
    .action((opts: { train: string; out: string; folds: number } & Record<string, unknown>) => actions.jackknife(pickOptions(opts, jackknifeDefaults),
      { train: opts.train, out: opts.out, folds: opts.folds }));

  program.command('precompute')
    .description('measure and record in each model manifest how many precomputed rows every feature slot gets (run after training)')
    .requiredOption('--model <dir>', 'model bundle or component directory')
    .requiredOption('--train <file>', 'the training CoNLL-U the models were trained on')
    .option('--coverage <share>', 'share of the training lookups (weighted by slot size) the rows cover', parseNumber, DEFAULT_COVERAGE)
    .option('--max-rows <n>', 'at most this many rows per slot (pretrained-vector ids are not numbered by frequency)', parseInt10, 8192)
    .option('--dry-run', 'print the table sizes, change nothing')
    .action((opts: PrecomputeCliOptions) => actions.precompute(opts));

  return program;
}
