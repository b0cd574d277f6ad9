/**
 * The commands users run, for benchmarks that spawn them with this Node: the server's `npm start`
 * (package.json, after its build check) and the CLI bin's shebang, each with its Node options.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Arguments to `node` of `npm start`'s last command, e.g. ['--max-semi-space-size=4', 'dist/server/main.js']. */
export function startArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const last = pkg.scripts.start.split('&&').at(-1)?.trim().split(/\s+/) ?? [];
  if (last[0] !== 'node') throw new Error(`npm start does not end with a node command: ${pkg.scripts.start}`);
  return last.slice(1);
}

/**
 * BENCH_NODE_FLAGS (space-separated; empty for none), to compare V8 settings against those users
 * get; undefined when it is not set.
 */
export function benchNodeFlags(): string[] | undefined {
  const f = process.env.BENCH_NODE_FLAGS;
  return f === undefined ? undefined : f.split(' ').filter((o) => o !== '');
}

/** Arguments to `node` for the built server: `npm start`'s, or BENCH_NODE_FLAGS with the server's entry. */
export function serverArgs(): string[] {
  const start = startArgs(), flags = benchNodeFlags();
  return flags === undefined ? start : [...flags, ...start.slice(-1)];
}

/** Node options for the built CLI: its shebang's, or BENCH_NODE_FLAGS. */
export function cliNodeOptions(cli = path.join(ROOT, 'dist/cli/main.js')): string[] {
  return benchNodeFlags() ?? binNodeOptions(cli);
}

/** The Node options in the shebang of the built CLI (`#!/usr/bin/env -S node <options>`). */
function binNodeOptions(cli = path.join(ROOT, 'dist/cli/main.js')): string[] {
  const first = readFileSync(cli, 'utf8').split('\n', 1)[0] ?? '';
  const m = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node\b(.*)$/.exec(first);
  if (!m) throw new Error(`${cli}: unexpected shebang ${first}`);
  return (m[1] ?? '').trim().split(/\s+/).filter((o) => o !== '');
}
