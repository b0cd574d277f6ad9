import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { describeWhen } from '../helpers/needs.ts';

const root = resolve(import.meta.dirname, '../..');
const isGit = existsSync(join(root, '.git'));

/**
 * Installing without a registry entry, the way `npm install <git-url>` does it: npm clones the
 * committed checkout (no dist/, no node_modules), installs its dev dependencies, runs `prepare`
 * (the build) and installs the packed result as a copy. Nothing must block the build (npm 11's
 * allowScripts does not apply to preparing a git dependency) and the result must parse.
 */
describeWhen([{ ok: isGit, why: `${root} is not a git checkout` }], 'install from a git URL', () => {
  it('npm install git+file://<checkout> builds through prepare and parses', () => {
    const app = mkdtempSync(join(tmpdir(), 'arcparse-git-'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
    execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', `git+file://${root}`], { cwd: app, stdio: 'inherit' });
    expect(existsSync(join(app, 'node_modules/arcparse/dist/index.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/arcparse/dist/kernels/kernels.wasm'))).toBe(true);
    writeFileSync(join(app, 'main.js'), `
      import { loadParser } from 'arcparse';
      const parser = await loadParser();
      console.log(JSON.stringify(parser.parse('The dog barked.')[0].words.map((w) => w.head)));
    `);
    expect(JSON.parse(execFileSync('node', ['main.js'], { cwd: app, encoding: 'utf8' }))).toEqual([2, 3, 0, 3]);
    const out = execFileSync(join(app, 'node_modules/.bin/arcparse'), ['parse', '--from', 'text'], { cwd: app, input: 'Dogs bark.\n', encoding: 'utf8' });
    expect(out).toMatch(/^# sent_id = 1\n# text = Dogs bark\.\n1\tDogs\t/);
  }, 600_000);
});
