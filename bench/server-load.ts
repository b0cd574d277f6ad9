/**
 * HTTP load benchmark (`npm run bench:server -- [flags]`): starts the server as a child process on
 * 127.0.0.1 and drives it with autocannon from this process. Every phase is bounded in time or count.
 *
 *   1. throughput: a typical 20-token sentence, --connections for --duration s → requests/s, p50/p99, errors
 *   2. overload: --overload-duration s at --overload-factor × the measured rate with many connections
 *      → only 200s and 503s, no timeouts, server healthy afterwards
 *   3. memory: RSS after the first 10,000 requests and after --requests in total
 *
 * Flags: --model DIR (default models/en_ewt), --threads N, --connections N (16), --duration S (10),
 * --overload-duration S (30), --overload-factor F (4), --overload-connections N (256), --requests N (50000), --log-level L (info),
 * --stand-in (parser-only model: regex tokenizer + lexicon tags, see server-stand-in-worker.ts),
 * --skip-overload, --skip-memory. Exit code 1 on a hard failure (5xx other than 503, timeouts,
 * connection errors, unhealthy after overload); the throughput targets are reported, not enforced.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_MODEL_DIR } from '../src/api/parser.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** 20 tokens: The new policy , which the board approved last week , will take effect in early January next year . */
export const SENTENCE = 'The new policy, which the board approved last week, will take effect in early January next year.';
const TARGET_RPS = 1000;
const TARGET_P99_MS = 50;

const { values: flags } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    threads: { type: 'string' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    'overload-duration': { type: 'string', default: '30' },
    'overload-factor': { type: 'string', default: '4' },
    'overload-connections': { type: 'string', default: '256' },
    requests: { type: 'string', default: '50000' },
    'log-level': { type: 'string', default: 'info' },
    'stand-in': { type: 'boolean', default: false },
    'skip-overload': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
});
const num = (name: keyof typeof flags): number => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};

/** Child mode: the real start-up path, optionally with the stand-in worker. */
async function serve(): Promise<void> {
  const { runMain } = await import('../src/server/server.ts');
  const workerUrl = new URL('./server-stand-in-worker.ts', import.meta.url);
  await runMain([], process.env, flags['stand-in'] ? { workerUrl } : {});
}

interface Server { child: ChildProcess; url: string; exited: Promise<number | null> }

/** A free loopback port (the server child is told to use it, so readiness can be polled at any log level). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', fileURLPath(), '--serve', ...(flags['stand-in'] ? ['--stand-in'] : [])];
  const env = {
    ...process.env, HOST: '127.0.0.1', PORT: String(port), ARCPARSE_MODEL: path.resolve(flags.model),
    LOG_LEVEL: flags['log-level'], ...(flags.threads ? { ARCPARSE_THREADS: flags.threads } : {}),
  };
  // Logs go to /dev/null: pino still formats and writes every line, as in production.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { exitCode = code; resolve(code); }));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`server exited with code ${exitCode} before it was ready`);
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('server not ready after 120 s'); }
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, exited };
}

const fileURLPath = (): string => new URL(import.meta.url).pathname;

interface Phase {
  rps: number; p50: number; p99: number; max: number; total: number;
  statuses: Record<string, number>; errors: number; timeouts: number;
}

async function load(url: string, opts: Partial<autocannon.Options>): Promise<Phase> {
  const r = await autocannon({
    url: `${url}/v1/parse`, method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: SENTENCE }), timeout: 10, ...opts,
  });
  const statuses: Record<string, number> = {};
  for (const [code, s] of Object.entries(r.statusCodeStats as Record<string, { count: number }>)) statuses[code] = s.count;
  return {
    rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, total: r.requests.total,
    statuses, errors: r.errors, timeouts: r.timeouts,
  };
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

async function rssMiB(url: string): Promise<number> {
  const { text } = await get(`${url}/metrics`);
  const m = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return m?.[1] ? Number(m[1]) / 2 ** 20 : NaN;
}

const fmt = (p: Phase): string =>
  `${p.rps.toFixed(0)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms, ${p.total} requests, statuses ${JSON.stringify(p.statuses)}, errors ${p.errors}, timeouts ${p.timeouts}`;

async function main(): Promise<void> {
  const failures: string[] = [];
  console.log(`arcparse bench:server — node ${process.version}, ${os.availableParallelism()} cores, loadavg ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`model ${path.resolve(flags.model)}${flags['stand-in'] ? ' (stand-in tokenizer and tagger: parser cost only)' : ''}, threads ${flags.threads ?? 'default (one per core)'}, log level ${flags['log-level']}`);
  console.log(`body: {"text": ${JSON.stringify(SENTENCE)}} (20 tokens)`);
  if (!existsSync(path.join(path.resolve(flags.model), 'parser/manifest.json')) && !existsSync(path.join(path.resolve(flags.model), 'manifest.json'))) {
    throw new Error(`no model at ${path.resolve(flags.model)} (parser/manifest.json missing); pass --model DIR`);
  }
  const server = await startServer();
  try {
    const probe = await fetch(`${server.url}/v1/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: SENTENCE }) });
    if (probe.status !== 200) throw new Error(`the server answers ${probe.status} to the benchmark sentence: ${await probe.text()}`);

    const connections = num('connections');
    await load(server.url, { connections, duration: 3 }); // warm-up (JIT, precomputed rows)
    const base = await load(server.url, { connections, duration: num('duration') });
    console.log(`\nthroughput  (${connections} connections, ${flags.duration} s): ${fmt(base)}`);
    console.log(`  target ≥ ${TARGET_RPS} req/s: ${base.rps >= TARGET_RPS ? 'PASS' : 'MISS'}; target p99 ≤ ${TARGET_P99_MS} ms: ${base.p99 <= TARGET_P99_MS ? 'PASS' : 'MISS'}; errors: ${base.errors + base.timeouts === 0 && Object.keys(base.statuses).every((s) => s === '200') ? 'none' : 'SOME'}`);
    if (base.errors + base.timeouts > 0) failures.push('errors or timeouts in the throughput phase');

    if (!flags['skip-overload']) {
      const factor = num('overload-factor');
      const rate = Math.ceil(base.rps * factor);
      // More connections than queue + workers hold (64 + 2 × threads by default), so admission control must refuse some.
      const conns = num('overload-connections');
      const over = await load(server.url, { connections: conns, overallRate: rate, duration: num('overload-duration') });
      console.log(`\noverload    (${conns} connections, ${rate} req/s offered = ${factor}× measured, ${flags['overload-duration']} s): ${fmt(over)}`);
      const bad = Object.keys(over.statuses).filter((s) => s !== '200' && s !== '503');
      const health = await get(`${server.url}/healthz`);
      const ready = await get(`${server.url}/readyz`);
      const after = await fetch(`${server.url}/v1/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: SENTENCE }) });
      console.log(`  only 200/503: ${bad.length === 0 ? 'yes' : `NO (${bad.join(', ')})`}; timeouts ${over.timeouts}; errors ${over.errors}; after: healthz ${health.status}, readyz ${ready.status}, parse ${after.status}`);
      if (bad.length > 0) failures.push(`overload answered ${bad.join(', ')}`);
      if (over.timeouts + over.errors > 0) failures.push('timeouts or connection errors under overload');
      if (health.status !== 200 || ready.status !== 200 || after.status !== 200) failures.push('server not healthy after overload');
    }

    if (!flags['skip-memory']) {
      const total = num('requests');
      const first = Math.min(10_000, total);
      await load(server.url, { connections, amount: first });
      const rss1 = await rssMiB(server.url);
      if (total > first) await load(server.url, { connections, amount: total - first });
      const rss2 = await rssMiB(server.url);
      console.log(`\nmemory      RSS after ${first} requests: ${rss1.toFixed(1)} MiB; after ${total}: ${rss2.toFixed(1)} MiB; growth ${(rss2 - rss1).toFixed(1)} MiB (${(((rss2 - rss1) / rss1) * 100).toFixed(1)}%)`);
    }
  } finally {
    server.child.kill('SIGTERM');
    const code = await server.exited;
    console.log(`\nserver stopped with SIGTERM, exit code ${code}`);
    if (code !== 0) failures.push(`server exit code ${code}`);
  }
  if (failures.length > 0) {
    console.log(`FAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  }
}

if (flags.serve) await serve();
else await main();
