/**
 * Every model card says how its model was made, and says the truth: the command in the card's
 * "Training command" block is the command recorded in the model's manifest.json, it runs with
 * today's CLI (the right trainer, no unknown option), and the card carries the data's license.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { type CliActions, buildProgram } from '../../src/cli/program.ts';
import { cardCommand, cardCommands } from '../helpers/cards.ts';

const MODELS = path.resolve(import.meta.dirname, '../../models/en_ewt');
// The bundle's components; `vectors/` is data the parser and the tagger share, with a card of its own.
const parts = readdirSync(MODELS, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'vectors').map((d) => d.name).sort();

/** The action a command line would run, without running it. */
async function actionOf(command: string): Promise<string> {
  let name = '';
  const record = (n: string) => (): void => { name = n; };
  const argv = command.split(' ').slice(1);
  const program = buildProgram({
    parse: record('parse'), evaluate: record('evaluate'), trainParser: record('train parser'), trainTagger: record('train tagger'),
    trainTokenizer: record('train tokenizer'), jackknife: record('jackknife'), precompute: record('precompute'), trainBundle: record('train bundle'),
  } satisfies CliActions, argv);
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    c.commands.forEach(quiet);
  };
  quiet(program);
  await program.parseAsync(argv, { from: 'user' });
  return name;
}

describe('model cards', () => {
  it('cover the parser, the tagger and the tokenizer', () => {
    expect(parts).toEqual(['parser', 'tagger', 'tokenizer']);
  });

  it.each(parts)('%s: the card\'s command is the one its manifest recorded, and today\'s CLI runs it', async (part) => {
    const card = readFileSync(path.join(MODELS, part, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(MODELS, part, 'manifest.json'), 'utf8')) as { training?: { command?: string; steps?: string[] } };
    const recorded = manifest.training?.command;
    expect(recorded, `${part}/manifest.json records a command`).toBeTypeOf('string');
    // A model made in steps (e.g. a parser, then its global layer with --from) lists every step's command.
    const steps = [...(manifest.training?.steps ?? []), recorded as string];
    expect(cardCommands(card)).toEqual(steps);
    for (const c of steps) expect(await actionOf(c)).toBe(`train ${part}`);
  });

  it.each(parts)('%s: the card names the training data and its CC BY-SA 4.0 license', (part) => {
    const card = readFileSync(path.join(MODELS, part, 'README.md'), 'utf8');
    expect(card).toMatch(/English EWT 2\.16/);
    expect(card).toMatch(/CC BY-SA 4\.0/);
    // Training goes through the one CLI: no script run with tsx from src/, no bench/*-train.ts.
    expect(card).not.toMatch(/npx tsx (src\/|bench\/[\w-]+-train\.ts)/);
  });

  it('the accurate parser (en_ewt_accurate): its card\'s command is the recorded one, today\'s CLI runs it, and it names the data\'s license', async () => {
    const dir = path.resolve(MODELS, '../en_ewt_accurate/parser');
    const card = readFileSync(path.join(dir, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { training?: { command?: string } };
    expect(cardCommands(card)).toEqual([manifest.training?.command]);
    expect(await actionOf(manifest.training?.command as string)).toBe('train parser');
    expect(card).toMatch(/English EWT 2\.16/);
    expect(card).toMatch(/CC BY-SA 4\.0/);
  });

  it('the shared vectors carry their source and its license', () => {
    const card = readFileSync(path.join(MODELS, 'vectors', 'README.md'), 'utf8');
    expect(card).toMatch(/GloVe/);
    expect(card).toMatch(/PDDL/);
  });

  it('cardCommands splits a block into its commands', () => {
    expect(cardCommands('## Training command\n```sh\nnpx arcparse train parser --a 1 \\\n  --b 2\narcparse train parser --from x\n```\n'))
      .toEqual(['arcparse train parser --a 1 --b 2', 'arcparse train parser --from x']);
  });

  it('cardCommand finds the command (and a card without one is an error)', () => {
    expect(cardCommand('# x\n## Training command\n```sh\nnpx arcparse train parser --a 1 \\\n  --b 2\n```\n')).toBe('arcparse train parser --a 1 --b 2');
    expect(() => cardCommand('# x\n## Data\n')).toThrow(/no ```sh block/);
  });
});
