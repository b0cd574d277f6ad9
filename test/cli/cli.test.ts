import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConllu } from '../../src/ud/conllu.ts';

const root = resolve(import.meta.dirname, '../..');
const fixture = join(root, 'test/fixtures/tiny.conllu');
const cli = (args: string[], input?: string): string =>
  execFileSync('npx', ['tsx', join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });

describe('arcparse CLI', () => {
  const model = join(mkdtempSync(join(tmpdir(), 'arcparse-cli-')), 'model');

  it('trains, parses and evaluates', () => {
    cli(['train', 'parser', '--train', fixture, '--dev', fixture, '--out', model, '--epochs', '40', '--lr-decay', '1', '--hidden', '32', '--word-dim', '8',
      '--tag-dim', '8', '--label-dim', '8', '--suffix-dim', '8', '--dropout', '0', '--word-dropout', '0', '--lr', '0.01',
      '--batch-size', '4', '--patience', '40', '--no-progress']);
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as { training: { command: string } };
    expect(manifest.training.command).toMatch(/^arcparse train parser --train .* --epochs 40 /);

    const input = readFileSync(fixture, 'utf8');
    const blanked = input.replace(/^(\d+\t(?:[^\t]*\t){5})[^\t]*\t[^\t]*/gm, '$1_\t_');
    const out = cli(['parse', '--model', model], blanked);
    // Tokens, tags, comments and other columns are kept; HEAD and DEPREL come back as trained.
    expect(out).toBe(input);

    const scores = JSON.parse(cli(['evaluate', '--gold', fixture, '--model', model, '--json'])) as { las: number; uas: number; words: number };
    expect(scores.words).toBe(readConllu(input).reduce((a, s) => a + s.words.length, 0));
    expect(scores.las).toBe(100);
  });

  it('reports a malformed CoNLL-U line with its number and exits non-zero', () => {
    let err: (Error & { status?: number; stderr?: string }) | undefined;
    try {
      cli(['parse', '--model', model], '1\tDogs\tNOUN\n\n');
    } catch (e) {
      err = e as Error & { status?: number; stderr?: string };
    }
    expect(err?.status).toBe(1);
    expect(err?.stderr).toMatch(/<stdin>:1:.*columns/);
  });
});

describe('arcparse parse (built): threads and lazy components', () => {
  const built = join(root, 'dist/cli/main.js');
  const run = (args: string[], input: string): string => execFileSync(process.execPath, [built, ...args], { cwd: root, encoding: 'utf8', input });

  it('--threads 2 writes exactly what --threads 1 writes, sentence ids numbered across chunks', () => {
    const text = 'The dog barked at the mailman. He ran away quickly.\n\nIt was a cold morning in January! Nobody was outside.\n\n'.repeat(400);
    const one = run(['parse', '--from', 'text', '--threads', '1'], text);
    const two = run(['parse', '--from', 'text', '--threads', '2'], text);
    expect(two).toBe(one);
    expect(one.match(/^# sent_id = /gm)).toHaveLength(1600);
    expect(one).toMatch(/# sent_id = 1600\n/);
  });

  it('--keep-tags loads no tagger or tokenizer: a bundle whose tagger and tokenizer are broken still parses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arcparse-lazy-'));
    execFileSync('cp', ['-r', join(root, 'models/en_ewt/parser'), join(root, 'models/en_ewt/tagger'), join(root, 'models/en_ewt/tokenizer'), dir]);
    for (const c of ['tagger', 'tokenizer']) execFileSync('truncate', ['-s', '100', join(dir, c, 'weights.bin')]);
    const conllu = '1\tDogs\t_\tNOUN\tNNS\t_\t_\t_\t_\t_\n2\tbark\t_\tVERB\tVBP\t_\t_\t_\t_\t_\n\n';
    expect(run(['parse', '--keep-tags', '--model', dir], conllu)).toBe('1\tDogs\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tbark\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n\n');
    expect(() => run(['parse', '--model', dir], conllu)).toThrow(/MODEL_ERR_TRUNCATED/);
  });
});
