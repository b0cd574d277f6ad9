import { join } from 'node:path';
import { ModelError } from './errors.ts';
import type { Manifest } from './model-files.ts';

/**
 * How many precomputed hidden-layer rows each feature slot gets. A row saves a matrix-vector
 * product of the slot's size (hidden × embedding dimension) each time its id is looked up, and
 * costs hidden × 4 bytes, so rows pay in order of (training occurrences × the slot's dimension).
 * Rows are the first ids of a slot (ids are numbered by frequency; the hot loop tests `id < rows`),
 * so a slot gets every id up to the last one above a common threshold, and the threshold is the
 * highest at which the precomputed rows cover `coverage` of all the training lookups, each weighted
 * by its slot's dimension. Tag and label slots end up whole (a few rows each, looked up all the
 * time); the stack top's word slot gets thousands of rows; a deep child's word slot a few hundred.
 */

/** Weighted share of the training lookups the precomputed rows cover (figures: README, `arcparse precompute --dry-run`). */
export const DEFAULT_COVERAGE = 0.95;

/**
 * Rows per slot for models whose manifest has no measured `precompute` record (made before
 * `arcparse precompute` existed): small tables whole, large ones capped, so memory stays bounded.
 */
export const UNMEASURED_ROWS = 1000;

/**
 * Rows per slot covering `coverage` of the weighted lookups in `ids` ([count × numSlots] feature ids,
 * as training examples hold them); `weight(slot)` is the slot's embedding dimension. Ids at or above
 * a slot's table size are ignored.
 */
export function rowsForCoverage(ids: Int32Array, numSlots: number, count: number, tableSize: (slot: number) => number,
  weight: (slot: number) => number, coverage: number): number[] {
  const counts: Float64Array[] = [];
  let total = 0;
  for (let s = 0; s < numSlots; s++) {
    const c = new Float64Array(tableSize(s));
    for (let e = 0; e < count; e++) {
      const id = ids[e * numSlots + s];
      if (id >= 0 && id < c.length) c[id]++;
    }
    counts.push(c);
    total += count * weight(s);
  }
  // Rows of each slot at threshold t: up to the last id whose weighted count reaches t.
  const rowsAt = (t: number): number[] => counts.map((c, s) => {
    const w = weight(s);
    let l = 0;
    for (let id = 0; id < c.length; id++) if (c[id] > 0 && c[id] * w >= t) l = id + 1;
    return l;
  });
  const covered = (rows: readonly number[]): number => rows.reduce((a, l, s) => {
    let n = 0;
    for (let id = 0; id < l; id++) n += counts[s][id];
    return a + n * weight(s);
  }, 0);
  const values = [...new Set(counts.flatMap((c, s) => Array.from(c, (x) => x * weight(s)).filter((x) => x > 0)))].sort((a, b) => b - a);
  // The highest threshold (fewest rows) that covers enough: covered() grows as the threshold falls.
  let lo = 0, hi = values.length - 1;
  if (hi < 0) return counts.map(() => 0);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (covered(rowsAt(values[mid])) >= coverage * total) hi = mid;
    else lo = mid + 1;
  }
  return rowsAt(values[lo]);
}

/** The rows a loaded model's scorer uses: the manifest's measured ones, else UNMEASURED_ROWS for every slot. */
export function precomputeRowsOf(manifest: Manifest, numSlots: number, dir: string): number | number[] {
  const p = manifest.precompute;
  if (!p) return UNMEASURED_ROWS;
  if (p.rows.length !== numSlots) {
    const file = join(dir, 'manifest.json');
    throw new ModelError('MODEL_ERR_MANIFEST', `${file}: precompute.rows has ${p.rows.length} entries for ${numSlots} feature slots`, { file });
  }
  return p.rows;
}
