/**
 * Trains a tagger: `npx tsx src/tagger/train-cli.ts --train T.conllu --dev D.conllu --out DIR [--epochs 10 --hidden 256 …]`.
 * Every TaggerTrainOptions field is a flag (`--word-dim 64`, `--template word:0,suf3:0,…`).
 * One JSON line per event on stderr; the model of the best dev epoch is written to --out.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ACTIVATIONS } from '../../model/activation.ts';
import { readConllu } from '../../ud/conllu.ts';
import { DEFAULT_TAGGER_OPTIONS, type TaggerTrainOptions } from './train-tagger.ts';
import { trainTagger } from './train.ts';

const log = (o: Record<string, unknown>): void => void process.stderr.write(JSON.stringify(o) + '\n');
const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Parses `--flag value` pairs into TaggerTrainOptions (numbers, activation, comma-separated template). */
export function parseTaggerArgs(argv: string[]): { train: string; dev: string; out: string; opts: TaggerTrainOptions } {
  const optionKeys = Object.keys(DEFAULT_TAGGER_OPTIONS) as (keyof TaggerTrainOptions)[];
  const options: Record<string, { type: 'string' }> = { train: { type: 'string' }, dev: { type: 'string' }, out: { type: 'string' } };
  for (const k of optionKeys) options[kebab(k)] = { type: 'string' };
  const { values } = parseArgs({ args: argv, options, strict: true });
  const v = values as Record<string, string | undefined>;
  const opts: Record<string, unknown> = { ...DEFAULT_TAGGER_OPTIONS };
  for (const k of optionKeys) {
    const raw = v[kebab(k)];
    if (raw === undefined) continue;
    const def = DEFAULT_TAGGER_OPTIONS[k];
    if (typeof def === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`--${kebab(k)}: not a number: ${raw}`);
      opts[k] = n;
    } else if (Array.isArray(def)) opts[k] = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    else if (k === 'activation' && !(ACTIVATIONS as readonly string[]).includes(raw)) {
      throw new Error(`--activation: one of ${ACTIVATIONS.join(', ')}`);
    } else opts[k] = raw;
  }
  if (!v.train || !v.dev || !v.out) throw new Error('usage: train-cli --train FILE --dev FILE --out DIR [options]');
  return { train: v.train, dev: v.dev, out: v.out, opts: opts as unknown as TaggerTrainOptions };
}

/** Usage text: every option with its default. */
export function taggerUsage(): string {
  const lines = Object.entries(DEFAULT_TAGGER_OPTIONS).map(([k, v]) => `  --${kebab(k)} ${Array.isArray(v) ? v.join(',') : String(v)}`);
  return ['usage: npx tsx src/tagger/train-cli.ts --train FILE --dev FILE --out DIR [options]', 'options (default):', ...lines].join('\n');
}

export function runTaggerTrain(argv: string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(taggerUsage() + '\n');
    return;
  }
  const started = Date.now();
  const { train: trainFile, dev: devFile, out, opts } = parseTaggerArgs(argv);
  const train = readConllu(readFileSync(trainFile, 'utf8'), trainFile);
  const dev = readConllu(readFileSync(devFile, 'utf8'), devFile);
  const scores = trainTagger(train, dev, out, opts, {
    command: `npx tsx src/tagger/train-cli.ts ${argv.join(' ')}`,
    hooks: {
      onData: (info) => log({ event: 'data', ...info }),
      onEpoch: (e) => log({ event: 'epoch', epoch: e.epoch, loss: +e.loss.toFixed(4), trainAcc: +e.trainAcc.toFixed(4),
        upos: e.dev ? +e.dev.upos.toFixed(2) : undefined, xpos: e.dev ? +e.dev.xpos.toFixed(2) : undefined, seconds: e.seconds, lr: e.lr }),
    },
  });
  log({ event: 'done', ...scores, minutes: +((Date.now() - started) / 60000).toFixed(1), out });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) runTaggerTrain(process.argv.slice(2));
