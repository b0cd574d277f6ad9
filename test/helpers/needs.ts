/**
 * The one way a test suite skips: `describeWhen(needs, name, fn)` runs the suite when every need is
 * met, and otherwise skips it and prints why (the missing treebank, model, build or browser), so a
 * skipped suite is never silent.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { DATA_DIR, EWT_DEV, EWT_TRAIN, FR_DATA_DIR, SEQUOIA_DEV, SEQUOIA_TRAIN } from './data.ts';

export interface Need {
  ok: boolean;
  /** What is missing and how to provide it, printed when a suite is skipped. */
  why: string;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL_DIR = path.join(ROOT, 'models/en_ewt');
const has = (files: readonly string[]): boolean => files.every((f) => existsSync(f));

/** A model bundle directory with the given parts (each with manifest.json). */
export function bundleAt(dir: string, parts: readonly string[] = ['parser', 'tagger', 'tokenizer']): Need {
  return { ok: has(parts.map((p) => path.join(dir, p, 'manifest.json'))), why: `the model bundle in ${dir} lacks one of ${parts.join(', ')} (manifest.json)` };
}

export const NEEDS = {
  ewt: { ok: has([EWT_TRAIN, EWT_DEV]), why: `UD English EWT not found in ${DATA_DIR} (set ARCPARSE_DATA)` },
  sequoia: { ok: has([SEQUOIA_TRAIN, SEQUOIA_DEV]), why: `UD French Sequoia not found in ${FR_DATA_DIR} (set ARCPARSE_DATA_FR)` },
  shippedModel: bundleAt(MODEL_DIR),
  built: { ok: has([path.join(ROOT, 'dist/index.js'), path.join(ROOT, 'dist/kernels/kernels.wasm')]), why: 'dist/ is not built (npm run build; npm test does)' },
  chromium: { ok: has(['/usr/bin/chromium']), why: '/usr/bin/chromium is missing (apt-get install -y chromium)' },
} satisfies Record<string, Need>;

/**
 * describe(name, fn) when every need is met. Otherwise fn is not even run (it may load what is
 * missing): the suite is one skipped test named after the reason, and the reason is printed.
 */
export function describeWhen(needs: readonly Need[], name: string, fn: () => void): void {
  const missing = needs.filter((n) => !n.ok);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const why = missing.map((n) => n.why).join('; ');
  console.warn(`skipping "${name}": ${why}`);
  describe.skip(name, () => it(`needs: ${why}`, () => undefined));
}
