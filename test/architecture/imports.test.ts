/**
 * The house rules of the module layout (README "How it fits together"), checked on the import graph:
 * - what the library and a server worker load never reaches training code or experiments
 *   (the built graph from dist/index.js and dist/server/worker.js, static and dynamic imports);
 * - src/ud imports nothing else of the project; the tagger and the tokenizer do not import the parser;
 * - only train/ folders and the CLI import from train/ folders; nothing imports experiments/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chainTo, reachableFiles, relativeImports, tsFiles } from '../helpers/imports.ts';
import { NEEDS, describeWhen } from '../helpers/needs.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');
const rel = (f: string): string => path.relative(ROOT, f);
const isTraining = (f: string): boolean => rel(f).split(path.sep).includes('train') || rel(f).startsWith('experiments');

/** Files reachable from the entries that are training code or experiments, each with its import chain. */
function trainingReachedFrom(entries: readonly string[], root: string): string[] {
  const graph = reachableFiles(entries);
  return [...graph.keys()].filter((f) => isTraining(path.join(ROOT, path.relative(root, f)))).map((f) => chainTo(f, graph, root));
}

describe('import graph checker', () => {
  it('finds training code behind a dynamic import (so the rules below can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'arcparse-imports-'));
    mkdirSync(path.join(dir, 'model/train'), { recursive: true });
    writeFileSync(path.join(dir, 'index.js'), "export { x } from './model/net.js';\n");
    writeFileSync(path.join(dir, 'model/net.js'), "export const x = 1;\nexport const load = () => import('./train/backprop.js');\n");
    writeFileSync(path.join(dir, 'model/train/backprop.js'), 'export const y = 2;\n');
    expect(trainingReachedFrom([path.join(dir, 'index.js')], dir)).toEqual(['index.js → model/net.js → model/train/backprop.js']);
  });
});

describeWhen([NEEDS.built], 'what the library and a server worker load (built graph)', () => {
  it.each(['dist/index.js', 'dist/server/worker.js'])('%s reaches no training module and no experiment', (entry) => {
    const dist = path.join(ROOT, 'dist');
    const reached = reachableFiles([path.join(ROOT, entry)]);
    expect(reached.size).toBeGreaterThan(10);
    expect(trainingReachedFrom([path.join(ROOT, entry)], dist)).toEqual([]);
    // The CLI (which may load trainers) is no part of the library either.
    expect([...reached.keys()].filter((f) => rel(f).startsWith('dist/cli'))).toEqual([]);
  });
});

describe('source import rules', () => {
  const files = tsFiles(SRC, [path.join(SRC, 'kernels/assembly')]);
  const imports = files.map((f) => ({ file: rel(f), targets: relativeImports(f).map((s) => rel(path.resolve(path.dirname(f), s))) }));
  const violations = (from: (f: string) => boolean, to: (t: string) => boolean): string[] =>
    imports.filter((i) => from(i.file)).flatMap((i) => i.targets.filter(to).map((t) => `${i.file} → ${t}`));

  it('finds the modules', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(imports.some((i) => i.file === 'src/ud/conllu.ts')).toBe(true);
  });

  it('src/ud imports nothing else of the project', () => {
    expect(violations((f) => f.startsWith('src/ud/'), (t) => !t.startsWith('src/ud/'))).toEqual([]);
  });

  it('the tagger and the tokenizer import nothing from the parser', () => {
    expect(violations((f) => f.startsWith('src/tagger/') || f.startsWith('src/tokenizer/'), (t) => t.startsWith('src/parser/'))).toEqual([]);
  });

  it('only train/ folders and the CLI import from train/ folders', () => {
    expect(violations((f) => !isTraining(path.join(ROOT, f)) && !f.startsWith('src/cli/'), (t) => isTraining(path.join(ROOT, t)))).toEqual([]);
  });

  it('nothing in src, bench or test imports experiments/', () => {
    const outside = [...tsFiles(path.join(ROOT, 'bench')), ...tsFiles(path.join(ROOT, 'test'))];
    const all = [...imports, ...outside.map((f) => ({ file: rel(f), targets: relativeImports(f).map((s) => rel(path.resolve(path.dirname(f), s))) }))];
    expect(all.flatMap((i) => i.targets.filter((t) => t.startsWith('experiments/')).map((t) => `${i.file} → ${t}`))).toEqual([]);
  });
});
