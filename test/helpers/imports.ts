import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Relative module specifiers of a JS or TS file: static imports and re-exports, `import('…')` with a literal. */
export function relativeImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** Every file reachable from `entries` through relative imports (resolved as written: `.js` or `.ts`). */
export function reachableFiles(entries: readonly string[]): Map<string, string | undefined> {
  /** file → the file that first imported it (undefined for an entry), to print the path of a violation. */
  const seen = new Map<string, string | undefined>();
  const queue = entries.map((e) => path.resolve(e));
  for (const e of queue) seen.set(e, undefined);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const spec of relativeImports(file)) {
      const target = path.resolve(path.dirname(file), spec);
      if (!existsSync(target)) throw new Error(`${file} imports ${spec}, which does not exist`);
      if (!seen.has(target)) {
        seen.set(target, file);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** The import chain from an entry to `file`, for failure messages. */
export function chainTo(file: string, graph: ReadonlyMap<string, string | undefined>, root: string): string {
  const chain: string[] = [];
  for (let f: string | undefined = file; f !== undefined; f = graph.get(f)) chain.unshift(path.relative(root, f));
  return chain.join(' → ');
}

/** All .ts files under dir (recursively), excluding `exclude` folders. */
export function tsFiles(dir: string, exclude: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (exclude.some((x) => p === x)) continue;
    if (statSync(p).isDirectory()) out.push(...tsFiles(p, exclude));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
