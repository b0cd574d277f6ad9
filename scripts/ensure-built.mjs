#!/usr/bin/env node
import process from 'node:process';
/**
 * `npm start` runs this first: it builds only when dist/ is missing or older than a source file
 * (src/, tsconfig*.json, package.json), so a built checkout starts at once. Plain JS: it runs
 * before anything is built. Prints one line when it builds, nothing otherwise.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const stamp = join(root, 'dist', '.build-stamp');

/** Newest modification time under dir (files only), 0 when it does not exist. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(
  newest(join(root, 'src')),
  ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)),
);
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built === 0 || sources > built) {
  process.stderr.write(`arcparse: ${built === 0 ? 'no build found' : 'sources changed since the last build'}; running npm run build\n`);
  execSync('npm run build', { cwd: root, stdio: ['ignore', 2, 2] });
}
