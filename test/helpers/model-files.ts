/** Damaged copies of model directories, for load-error tests. */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelError } from '../../src/model/errors.ts';

/** A copy of a model directory with `damage` applied to it. */
export function damagedCopy(dir: string, damage: (copy: string) => void): string {
  const copy = mkdtempSync(join(tmpdir(), 'arcparse-bad-'));
  cpSync(dir, copy, { recursive: true });
  damage(copy);
  return copy;
}

/** Rewrites a JSON file of a model directory (manifest.json is not checksummed). */
export function editJson(file: string, edit: (v: Record<string, unknown>) => Record<string, unknown>): void {
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
}

/** Rewrites vocab.json and its checksum in manifest.json, so that only the content is wrong. */
export function editVocab(dir: string, edit: (v: Record<string, unknown>) => Record<string, unknown>): void {
  const vocabFile = join(dir, 'vocab.json');
  const text = JSON.stringify(edit(JSON.parse(readFileSync(vocabFile, 'utf8')) as Record<string, unknown>));
  writeFileSync(vocabFile, text);
  editJson(join(dir, 'manifest.json'), (m) => ({ ...m, vocabSha256: createHash('sha256').update(text).digest('hex') }));
}

/** Rewrites the config in manifest.json. */
export function editConfig(dir: string, edit: (c: Record<string, unknown>) => Record<string, unknown>): void {
  editJson(join(dir, 'manifest.json'), (m) => ({ ...m, config: edit(m.config as Record<string, unknown>) }));
}

/** The ModelError `load` throws (a test failure if it throws something else or nothing). */
export function modelError(load: () => unknown): ModelError {
  try {
    load();
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('the model loaded although it should not');
}
