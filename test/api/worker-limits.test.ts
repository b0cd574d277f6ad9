import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKER_SEMI_SPACE_MB, limitWorkerYoungGeneration } from '../../src/api/worker-limits.ts';

/** A worker that keeps 50k fresh objects alive at a time (so V8 grows its young generation as far as it may) and reports the new space's size in MiB. */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const v8 = require('node:v8');
let keep = [], most = 0;
for (let i = 0; i < 2e6; i++) {
  keep.push({ a: i, b: 'x' + i });
  if (keep.length > 50000) keep = [];
  if (i % 10000 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
}
parentPort.postMessage(most / 1048576);
`;

const newSpaceOfAWorker = (): Promise<number> => new Promise((resolve, reject) => {
  const w = new Worker(SOURCE, { eval: true });
  w.once('message', (mib: number) => { resolve(mib); void w.terminate(); });
  w.once('error', reject);
});

describe('limitWorkerYoungGeneration', () => {
  it('workers started after it get a young generation of WORKER_SEMI_SPACE_MB semi-spaces, not V8\'s default', async () => {
    setFlagsFromString('--max-semi-space-size=0'); // 0: V8's default again, for the comparison
    const unlimited = await newSpaceOfAWorker();
    limitWorkerYoungGeneration();
    const limited = await newSpaceOfAWorker();
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThan(unlimited / 3);
    // Two semi-spaces up to Node 22. Node 24's V8 reports 6.5–9 MiB with 2 MiB semi-spaces (12.5
    // with 4, 64–128 by default on this machine), so its bound is looser.
    const major = Number(process.versions.node.split('.')[0]);
    expect(limited).toBeLessThanOrEqual((major >= 24 ? 5 : 2) * WORKER_SEMI_SPACE_MB);
  });
});
