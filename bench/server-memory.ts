/**
 * The figures behind deploy/kubernetes' resources and grace period (README, "Running at scale"): the built
 * server (`npm start`'s node command, as in the image, or BENCH_NODE_FLAGS) with ARCPARSE_THREADS worker threads; prints its RSS
 * and peak RSS (VmHWM, Linux) when /readyz first answers 200, after short requests, and after one document
 * near ARCPARSE_MAX_CHARS per thread at once (with probabilities: the largest answers); then SIGTERM with
 * such documents in flight and the time to exit (the drain).
 *
 *   npm run build && npx tsx bench/server-memory.ts [--threads 2]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serverArgs } from './commands.ts';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '2' }, port: { type: 'string', default: '3999' } } });
const threads = Number(values.threads);
const url = `http://127.0.0.1:${values.port}`;
const root = path.resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, serverArgs(), {
  cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, HOST: '127.0.0.1', PORT: values.port, ARCPARSE_THREADS: String(threads), LOG_LEVEL: 'warn', ARCPARSE_SHUTDOWN_TIMEOUT_MS: '30000' },
});
const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
const mib = (field: string): string => {
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
  return `${(kb / 1024).toFixed(0)} MiB`;
};
const memory = (): string => `RSS ${mib('VmRSS')}, peak ${mib('VmHWM')}`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const post = async (body: unknown): Promise<number> => {
  const res = await fetch(`${url}/v1/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
};

const started = Date.now();
for (;;) {
  if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
  if (child.exitCode !== null) throw new Error('the server exited during start-up');
  await sleep(250);
}
console.log(`${threads} threads: /readyz 200 after ${Date.now() - started} ms; ${memory()}`);

const sentence = 'The quick brown fox , which had been hiding in the garden since morning , jumped over the lazy dog .';
const statuses: Record<number, number> = {};
for (let i = 0; i < 100; i++) {
  for (const s of await Promise.all(Array.from({ length: threads * 2 }, () => post({ sentences: [sentence] })))) statuses[s] = (statuses[s] ?? 0) + 1;
}
console.log(`after ${threads * 200} 20-token sentences: statuses ${JSON.stringify(statuses)}; ${memory()}`);

const paragraph = 'I saw the man with the telescope yesterday. She did not see me, but her brother waved at us from the other side of the street. ';
const text = paragraph.repeat(Math.floor(99_000 / paragraph.length));
let t = Date.now();
const big = await Promise.all(Array.from({ length: threads }, () => post({ text, probabilities: true })));
console.log(`${threads} × ${text.length} characters at once, probabilities: statuses ${big.join(', ')} in ${Date.now() - t} ms; ${memory()}`);

const inFlight = Array.from({ length: threads }, () => post({ text }));
await sleep(300);
t = Date.now();
child.kill('SIGTERM');
const drained = await Promise.all(inFlight.map((p) => p.catch((e: unknown) => String(e))));
console.log(`SIGTERM with ${threads} documents in flight: statuses ${drained.join(', ')}; exit code ${await exited} after ${Date.now() - t} ms`);
