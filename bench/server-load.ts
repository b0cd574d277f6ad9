/**
 * HTTP load benchmark (`npm run bench:server -- [flags]`): starts the server as a child process on
 * 127.0.0.1 and drives it with autocannon from this process. Every phase is bounded in time or count.
 *
 *   1. throughput: a typical 20-token sentence, --connections for --duration s → requests/s, p50/p99, errors
 *   2. overload: --overload-duration s at --overload-factor × the measured rate, requests sent at evenly spaced
 *      times over many connections (open-loop.ts) → goodput (200s per second, against the unloaded rate) and
 *      the p99 of the 200s, only 200s and 503s, server healthy afterwards; the CPU shares of this load
 *      generator and of the server (they share the cores). Then, for comparison, --burst-duration s (0: skip)
 *      of autocannon's overallRate at the same rate, which sends in bursts at the start of every second.
 *   3. abort: --aborts long documents (about 1,000 sentences each) whose client goes away after 150 ms → the
 *      time from abort to a free worker and the sentences parsed after the abort (the server's own metrics)
 *   4. memory: RSS after the first 10,000 requests and after --requests in total
 *
 * Flags: --model DIR (default models/en_ewt), --threads N, --connections N (16), --duration S (10),
 * --overload-duration S (30), --overload-factor F (4), --overload-connections N (256), --burst-duration S (10; 0 skips), --requests N (50000), --log-level L (info), --aborts N (10),
 * --stand-in (parser-only model: regex tokenizer + lexicon tags, see server-stand-in-worker.ts),
 * --skip-overload, --skip-abort, --skip-memory. Exit code 1 on a hard failure (5xx other than 503, timeouts,
 * connection errors, unhealthy after overload); the throughput targets are reported, not enforced. The server
 * runs with `npm start`'s Node options, or BENCH_NODE_FLAGS (space-separated) to compare V8 settings.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_MODEL_DIR } from '../src/api/parser.ts';
import { openLoop } from './open-loop.ts';
import { serverArgs } from './commands.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** 20 tokens: The new policy , which the board approved last week , will take effect in early January next year . */
export const SENTENCE = 'The new policy, which the board approved last week, will take effect in early January next year.';
const TARGET_RPS = 1000;
const TARGET_P99_MS = 50;
/** Issue 10: during 4× overload, 200s per second ≥ 70% of the unloaded rate, their p99 ≤ 100 ms; abort to free worker ≤ 100 ms. */
const TARGET_GOODPUT = 0.7;
const TARGET_OVERLOAD_P99_MS = 100;
const TARGET_ABORT_MS = 100;

const { values: flags } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    threads: { type: 'string' },
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    'overload-duration': { type: 'string', default: '30' },
    'overload-factor': { type: 'string', default: '4' },
    'overload-connections': { type: 'string', default: '256' },
    'burst-duration': { type: 'string', default: '10' },
    requests: { type: 'string', default: '50000' },
    aborts: { type: 'string', default: '10' },
    'skip-abort': { type: 'boolean', default: false },
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

/** Child mode for --stand-in: the real start-up path with the stand-in worker. */
async function serve(): Promise<void> {
  const { runMain } = await import('../src/server/server.ts');
  await runMain([], process.env, { workerUrl: new URL('./server-stand-in-worker.ts', import.meta.url) });
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
  // The real server is the built one `npm start` runs (scripts/ensure-built.mjs builds it when stale); the stand-in
  // worker is TypeScript, so that mode runs the sources under tsx.
  if (!flags['stand-in']) execFileSync(process.execPath, [path.join(ROOT, 'scripts/ensure-built.mjs')], { stdio: 'inherit' });
  const args = flags['stand-in'] ? ['--import', 'tsx', fileURLPath(), '--serve', '--stand-in'] : serverArgs();
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
  /** 200 answers per second and the p99 of their latency (autocannon's own figures mix in the 503s). */
  okRps: number; okP99: number;
  /** Share of the machine's CPU (all cores) used by this process (the load generator) and by the server. */
  loadCpu: number; serverCpu: number;
}

/** CPU seconds (user + system) of a process, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function load(server: Server, opts: Partial<autocannon.Options>): Promise<Phase> {
  const okLatencies: number[] = [];
  const cpu0 = process.cpuUsage();
  const server0 = cpuSeconds(server.child.pid);
  const t0 = performance.now();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: `${server.url}/v1/parse`, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: SENTENCE }), timeout: 10, ...opts,
    }, (err, result) => (err ? reject(err as Error) : resolve(result)));
    instance.on('response', (_client, status, _bytes, ms) => { if (status === 200) okLatencies.push(ms); });
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cores = os.availableParallelism();
  okLatencies.sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const [code, st] of Object.entries(r.statusCodeStats as Record<string, { count: number }>)) statuses[code] = st.count;
  return {
    rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, total: r.requests.total,
    statuses, errors: r.errors, timeouts: r.timeouts,
    okRps: okLatencies.length / r.duration, okP99: percentile(okLatencies, 99),
    loadCpu: (cpu.user + cpu.system) / 1e6 / wall / cores, serverCpu: (cpuSeconds(server.child.pid) - server0) / wall / cores,
  };
}

interface SteadyPhase {
  statuses: Record<string, number>; errors: number; timeouts: number; lost: number; unsolicited: Record<string, number>; late: number; offered: number;
  okRps: number; okP99: number; okP50: number; refusedP99: number; loadCpu: number; serverCpu: number;
  latencies: Record<string, number[]>;
}

/** Overload as many independent clients make it: requests at evenly spaced times (open-loop.ts). */
async function steadyLoad(server: Server, rate: number, durationS: number, connections: number): Promise<SteadyPhase> {
  const u = new URL(server.url);
  const cpu0 = process.cpuUsage();
  const server0 = cpuSeconds(server.child.pid);
  const t0 = performance.now();
  const r = await openLoop({
    host: u.hostname, port: Number(u.port), path: '/v1/parse', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: SENTENCE }), rate, durationS, connections,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cores = os.availableParallelism();
  const ok = r.latencies['200'] ?? [];
  return {
    statuses: r.statuses, errors: r.errors, timeouts: r.timeouts, lost: r.lost, unsolicited: r.unsolicited, late: r.late, offered: r.sent / r.seconds,
    okRps: ok.length / r.seconds, okP50: percentile(ok, 50), okP99: percentile(ok, 99), refusedP99: percentile(r.latencies['503'] ?? [], 99),
    loadCpu: (cpu.user + cpu.system) / 1e6 / wall / cores, serverCpu: (cpuSeconds(server.child.pid) - server0) / wall / cores,
    latencies: r.latencies,
  };
}

const fmtSteady = (p: SteadyPhase): string =>
  `${p.offered.toFixed(0)} req/s sent (${p.late} late for want of a free connection), statuses ${JSON.stringify(p.statuses)}, 200s p50 ${p.okP50.toFixed(0)} ms, ` +
  `errors ${p.errors}, timeouts ${p.timeouts}, closed unanswered ${p.lost}, unsolicited answers ${JSON.stringify(p.unsolicited)}; CPU: load generator ${pct(p.loadCpu)}, server ${pct(p.serverCpu)} of ${os.availableParallelism()} cores`;

async function get(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}

async function rssMiB(url: string): Promise<number> {
  const { text } = await get(`${url}/metrics`);
  const m = /^process_resident_memory_bytes (\d+)/m.exec(text);
  return m?.[1] ? Number(m[1]) / 2 ** 20 : NaN;
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const fmt = (p: Phase): string =>
  `${p.rps.toFixed(0)} req/s, p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms, ${p.total} requests, statuses ${JSON.stringify(p.statuses)}, errors ${p.errors}, timeouts ${p.timeouts}; ` +
  `CPU: load generator ${pct(p.loadCpu)}, server ${pct(p.serverCpu)} of ${os.availableParallelism()} cores`;

/** Cumulative bucket counts of a Prometheus histogram: [upper bound in seconds, observations at or below it], by bound. */
function buckets(metrics: string, name: string): [number, number][] {
  return [...metrics.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)`, 'gm'))]
    .map((m): [number, number] => [m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])])
    .sort((x, y) => x[0] - y[0]);
}

/** The smallest bucket bound (seconds) holding the quantile q of the observations. */
function quantileBound(b: [number, number][], q: number): number {
  const total = b.at(-1)?.[1] ?? 0;
  return b.find(([, n]) => n >= q * total)?.[0] ?? NaN;
}

/** Sum and count of a Prometheus histogram, and the smallest bucket holding all observations (an upper bound on the max). */
function histogram(metrics: string, name: string): { sum: number; count: number; maxBound: number } {
  const value = (suffix: string): number => Number(new RegExp(`^${name}_${suffix} (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN);
  return { sum: value('sum'), count: value('count'), maxBound: quantileBound(buckets(metrics, name), 1) };
}

/** Cumulative bucket counts of a histogram between two /metrics scrapes. */
function bucketDelta(before: string, after: string, name: string): [number, number][] {
  const b = new Map(buckets(before, name));
  return buckets(after, name).map(([le, n]): [number, number] => [le, n - (b.get(le) ?? 0)]);
}
const fmtBound = (seconds: number): string => {
  const ms = 1000 * seconds;
  return Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : 'inf';
};

/** Long documents whose client goes away after 150 ms: how long until the worker is free again, from the server's metrics. */
async function abortPhase(url: string, n: number): Promise<void> {
  const doc = Array.from({ length: 1000 }, () => SENTENCE).join(' '); // ~97,000 characters, 20,000 tokens
  for (let i = 0; i < n; i++) {
    await fetch(`${url}/v1/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: doc }), signal: AbortSignal.timeout(150) })
      .then((r) => r.text()).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Let the last abort land in the metrics.
  await new Promise((r) => setTimeout(r, 500));
  const metrics = (await get(`${url}/metrics`)).text;
  const free = histogram(metrics, 'arcparse_abort_to_free_seconds');
  const after = histogram(metrics, 'arcparse_sentences_after_abort');
  const meanMs = (1000 * free.sum) / free.count;
  console.log(`\nabort       ${n} documents of ${doc.length} characters, client gone after 150 ms: ${free.count} running parses aborted; ` +
    `abort → free worker mean ${meanMs.toFixed(1)} ms, all within ${(1000 * free.maxBound).toFixed(0)} ms (histogram bucket); ` +
    `sentences parsed after the abort: mean ${(after.sum / after.count).toFixed(2)}, max ≤ ${after.maxBound}`);
  console.log(`  target abort → free ≤ ${TARGET_ABORT_MS} ms: ${meanMs <= TARGET_ABORT_MS ? 'PASS' : 'MISS'}`);
}

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
    await load(server, { connections, duration: 3 }); // warm-up (JIT, precomputed rows)
    const base = await load(server, { connections, duration: num('duration') });
    console.log(`\nthroughput  (${connections} connections, ${flags.duration} s): ${fmt(base)}`);
    console.log(`  target ≥ ${TARGET_RPS} req/s: ${base.rps >= TARGET_RPS ? 'PASS' : 'MISS'}; target p99 ≤ ${TARGET_P99_MS} ms: ${base.p99 <= TARGET_P99_MS ? 'PASS' : 'MISS'}; errors: ${base.errors + base.timeouts === 0 && Object.keys(base.statuses).every((s) => s === '200') ? 'none' : 'SOME'}`);
    if (base.errors + base.timeouts > 0) failures.push('errors or timeouts in the throughput phase');

    if (!flags['skip-overload']) {
      const factor = num('overload-factor');
      const rate = Math.ceil(base.rps * factor);
      // More connections than queue + workers hold, so admission control must refuse some.
      const conns = num('overload-connections');
      // Reading /metrics also restarts the event-loop delay sampling, so the figure after covers this phase alone.
      const before = (await get(`${server.url}/metrics`)).text;
      const over = await steadyLoad(server, rate, num('overload-duration'), conns);
      const afterMetrics = (await get(`${server.url}/metrics`)).text;
      console.log(`\noverload    (steady arrivals, ${conns} connections, ${rate} req/s offered = ${factor}× measured, ${flags['overload-duration']} s): ${fmtSteady(over)}`);
      const goodput = over.okRps / base.rps;
      console.log(`  goodput ${over.okRps.toFixed(0)} 200s/s = ${pct(goodput)} of the unloaded ${base.rps.toFixed(0)} req/s (target ≥ ${pct(TARGET_GOODPUT)}: ${goodput >= TARGET_GOODPUT ? 'PASS' : 'MISS'}); ` +
        `p99 of the 200s ${over.okP99.toFixed(0)} ms (target ≤ ${TARGET_OVERLOAD_P99_MS} ms: ${over.okP99 <= TARGET_OVERLOAD_P99_MS ? 'PASS' : 'MISS'}); p99 of the 503s ${over.refusedP99.toFixed(1)} ms`);
      const wait = bucketDelta(before, afterMetrics, 'arcparse_queue_wait_seconds');
      // prom-client samples the event loop every 10 ms and reports whole intervals (an idle loop shows 10 ms): the delay is what exceeds them.
      const lag = (q: string): number => 1000 * Number(new RegExp(`^nodejs_eventloop_lag_${q}_seconds (\\S+)`, 'm').exec(afterMetrics)?.[1] ?? NaN) - 10;
      console.log(`  where the time goes: wait of the admitted jobs (admission to answer, less the parse) p50 ≤ ${fmtBound(quantileBound(wait, 0.5))}, p99 ≤ ${fmtBound(quantileBound(wait, 0.99))} ms (histogram buckets); ` +
        `server event-loop delay p50 ${lag('p50').toFixed(0)} ms, p99 ${lag('p99').toFixed(0)} ms`);
      const bad = Object.keys(over.statuses).filter((s) => s !== '200' && s !== '503');
      const health = await get(`${server.url}/healthz`);
      const ready = await get(`${server.url}/readyz`);
      const after = await fetch(`${server.url}/v1/parse`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: SENTENCE }) });
      for (const s of bad) {
        const l = over.latencies[s] ?? [];
        console.log(`  ${s}: ${l.length} answers, ms from due time: min ${l[0]?.toFixed(0)}, median ${percentile(l, 50).toFixed(0)}, max ${l.at(-1)?.toFixed(0)}`);
      }
      console.log(`  only 200/503: ${bad.length === 0 ? 'yes' : `NO (${bad.join(', ')})`}; timeouts ${over.timeouts}; errors ${over.errors}; after: healthz ${health.status}, readyz ${ready.status}, parse ${after.status}`);
      if (bad.length > 0) failures.push(`overload answered ${bad.join(', ')}`);
      if (over.timeouts + over.errors + over.lost > 0) failures.push('timeouts, connection errors or unanswered requests under overload');
      if (health.status !== 200 || ready.status !== 200 || after.status !== 200) failures.push('server not healthy after overload');
      if (Number(flags['burst-duration']) > 0) {
        // For comparison only: autocannon's overallRate spends each connection's per-second quota at the start of every second.
        const burst = await load(server, { connections: conns, overallRate: rate, duration: num('burst-duration') });
        console.log(`\noverload    (autocannon overallRate: per-second bursts, ${conns} connections, ${rate} req/s, ${flags['burst-duration']} s; not the target measure): ${fmt(burst)}`);
        console.log(`  200s/s ${burst.okRps.toFixed(0)} = ${pct(burst.okRps / base.rps)} of unloaded; p99 of the 200s ${burst.okP99.toFixed(0)} ms`);
      }
    }

    if (!flags['skip-abort']) await abortPhase(server.url, num('aborts'));

    if (!flags['skip-memory']) {
      const total = num('requests');
      const first = Math.min(10_000, total);
      await load(server, { connections, amount: first });
      const rss1 = await rssMiB(server.url);
      if (total > first) await load(server, { connections, amount: total - first });
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
