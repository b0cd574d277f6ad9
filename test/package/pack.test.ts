import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * Embedding is real: the packed tarball installs into an empty project outside this tree
 * (no ancestor node_modules can leak in) and parses a sentence with the shipped model,
 * through the library and through the `arcparse` bin.
 */
describeWhen([NEEDS.built], 'npm package', () => {
  it('installs from the tarball and parses with the shipped model', () => {
    const work = mkdtempSync(join(tmpdir(), 'arcparse-pack-'));
    execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const files = execFileSync('tar', ['-tzf', join(work, tarball ?? '')], { encoding: 'utf8' }).split('\n').map((f) => f.replace(/^package\//, ''));
    // The license ships; no source maps (they would point at src/, which is not shipped); the language data ships.
    expect(files).toContain('LICENSE');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/'))).toEqual([]);
    expect(files).toContain('models/en_ewt/tokenizer/language.json');
    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', join(work, tarball ?? '')], { cwd: app, stdio: 'inherit' });
    writeFileSync(join(app, 'main.js'), `
      import { loadParser } from 'arcparse';
      const parser = await loadParser();
      const out = parser.parse([
        { form: 'The', upos: 'DET', xpos: 'DT' }, { form: 'dog', upos: 'NOUN', xpos: 'NN' },
        { form: 'barked', upos: 'VERB', xpos: 'VBD' }, { form: '.', upos: 'PUNCT', xpos: '.' }]);
      const text = parser.parse('The dog barked. It was late!');
      console.log(JSON.stringify({ out, text: text.map((s) => s.words.map((w) => w.form)) }));
    `);
    const result = JSON.parse(execFileSync('node', ['main.js'], { cwd: app, encoding: 'utf8' })) as
      { out: { head: number; deprel: string }[]; text: string[][] };
    const out = result.out;
    expect(result.text).toEqual([['The', 'dog', 'barked', '.'], ['It', 'was', 'late', '!']]);
    expect(out.map((t) => t.head)).toEqual([2, 3, 0, 3]);
    expect(out.map((t) => t.deprel)).toEqual(['det', 'nsubj', 'root', 'punct']);
    const conllu = '1\tDogs\t_\tNOUN\tNNS\t_\t_\t_\t_\t_\n2\tbark\t_\tVERB\tVBP\t_\t_\t_\t_\t_\n\n';
    // The CLI through the installed bin (never a registry lookup).
    const parsed = execFileSync(join(app, 'node_modules/.bin/arcparse'), ['parse', '--keep-tags'], { cwd: app, input: conllu, encoding: 'utf8' });
    expect(parsed).toBe('1\tDogs\t_\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tbark\t_\tVERB\tVBP\t_\t0\troot\t_\t_\n\n');

    // A light library install: no HTTP stack, and little besides arcparse itself.
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, 'fastify'))).toBe(false);
    expect(existsSync(join(modules, 'piscina'))).toBe(false);
    const others = readdirSync(modules).filter((d) => d !== 'arcparse' && d !== '.bin' && d !== '.package-lock.json').map((d) => join(modules, d));
    const kib = others.length === 0 ? 0 : Number(execFileSync('du', ['-sk', '-c', ...others], { encoding: 'utf8' }).trim().split('\n').pop()?.split('\t')[0]);
    console.log(`tarball app: node_modules without arcparse: ${(kib / 1024).toFixed(1)} MiB in ${others.length} packages (${readdirSync(modules).filter((d) => !d.startsWith('.')).join(', ')})`);
    expect(kib).toBeLessThanOrEqual(20 * 1024);

    // The types compile for a TypeScript 5.4 consumer that checks library types (TS2315 on generic typed arrays before 5.7).
    execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--no-save', 'typescript@5.4.5', '@types/node@22'], { cwd: app, stdio: 'inherit' });
    writeFileSync(join(app, 'check.ts'), `
      import { loadParser, type AnalyzedSentence, type ParsedToken } from 'arcparse';
      const parser = await loadParser();
      const s: AnalyzedSentence[] = parser.parse('A test.');
      const t: ParsedToken[] = parser.parse([{ form: 'Dogs', upos: 'NOUN' }]);
      for await (const x of parser.parseStream(['Some text.'])) console.log(x.words.length, s.length, t.length);
    `);
    execFileSync(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--skipLibCheck', 'false', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--types', 'node', 'check.ts'], { cwd: app, stdio: 'inherit' });
  }, 300_000);
});
