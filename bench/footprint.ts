/**
 * Memory, speed and start-up of whole processes (`npm run bench:footprint`), on inputs it builds
 * from UD English EWT in bench/.data/ (8× dev as CoNLL-U and as raw text; a 10 MB raw text from
 * train repeated). Each figure is a separate process of the built CLI or server, with its peak RSS
 * (/usr/bin/time -v when present, else getrusage) and, from `parse --stats`, what the memory holds:
 * weights, precomputed tables (both shared by all threads), JS heap.
 *
 *   1. parse --keep-tags on 8× dev (CoNLL-U)             limit 110 MiB + growth of the loaded files
 *   2. parse --from text on the same text                 limit 190 MiB + the same growth
 *   3. parse --from text on 10 MB, --threads 1 and 2      ≥ 1.7× words/s, identical output
 *   4. server: time to /readyz 200; RSS under 10k raw-text requests with 2 and 3 threads, run
 *      alternately --pairs times (3): the worst 2-thread figures, the median of the pairs' differences
 *                                                         limit 300 MiB, +40 MiB per extra thread
 *
 * Flags: --skip-server, --skip-big, --requests N (10000), --pairs N (3). Limits are reported (PASS/MISS), not enforced.
 * The processes run with the Node options users get (the bin's shebang, `npm start`'s), or BENCH_NODE_FLAGS.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { readConllu } from '../src/ud/conllu.ts';
import { rawTextOf } from '../src/ud/raw-text.ts';
import { cliNodeOptions, serverArgs } from './commands.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATA = process.env.ARCPARSE_DATA ?? path.resolve(ROOT, '../shared/data/ud-english-ewt');
const OUT = path.join(ROOT, 'bench/.data');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const { values: flags } = parseArgs({ options: {
  'skip-server': { type: 'boolean', default: false }, 'skip-big': { type: 'boolean', default: false }, requests: { type: 'string', default: '10000' },
  pairs: { type: 'string', default: '3' },
} });

const onDisk = (dir: string): number => {
  let n = 0;
  // The pretrained vectors are loaded files too (the parser's and the tagger's `../vectors`).
  for (const c of ['parser', 'tagger', 'tokenizer', 'vectors']) for (const f of ['weights.bin', 'vocab.json', 'manifest.json']) {
    const p = path.join(dir, c, f);
    if (existsSync(p)) n += statSync(p).size;
  }
  return n;
};

function inputs(): { dev8: string; dev8txt: string; big: string } {
  mkdirSync(OUT, { recursive: true });
  const dev8 = path.join(OUT, 'dev8.conllu'), dev8txt = path.join(OUT, 'dev8.txt'), big = path.join(OUT, 'big10mb.txt');
  if (!existsSync(dev8)) {
    const dev = readFileSync(path.join(DATA, 'en_ewt-ud-dev.conllu'), 'utf8');
    writeFileSync(dev8, dev.repeat(8));
  }
  if (!existsSync(dev8txt)) writeFileSync(dev8txt, rawTextOf(readConllu(readFileSync(dev8, 'utf8'), dev8)));
  if (!existsSync(big)) {
    const train = rawTextOf(readConllu(readFileSync(path.join(DATA, 'en_ewt-ud-train.conllu'), 'utf8')));
    writeFileSync(big, train.repeat(Math.ceil(10e6 / Buffer.byteLength(train))) );
  }
  return { dev8, dev8txt, big };
}

interface Run { peakMiB: number; seconds: number; stats: Record<string, number>; out: string }

/** Runs the CLI as its own process, with /usr/bin/time -v for the peak RSS when it exists. */
function runCli(args: string[], outFile: string): Run {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const cmd = [...(timeBin ? [timeBin, '-v'] : []), process.execPath, ...cliNodeOptions(CLI), CLI, ...args, '--stats'];
  const t = performance.now();
  const r = spawnSync(cmd[0] as string, cmd.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`arcparse ${args.join(' ')} failed: ${r.stderr}`);
  writeFileSync(outFile, r.stdout);
  const statsLine = r.stderr.split('\n').find((l) => l.startsWith('{')) ?? '{}';
  const stats = JSON.parse(statsLine) as Record<string, number>;
  const hwm = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return { peakMiB: hwm ? Number(hwm[1]) / 1024 : stats.peakRssMiB ?? NaN, seconds, stats, out: outFile };
}

const f1 = (x: number): string => x.toFixed(1);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
const breakdown = (s: Record<string, number>): string =>
  `weights ${s.weightsMiB} MiB (with the vectors and their word list), tables ${s.tablesMiB} MiB (wasm memory ${s.wasmMemoryMiB} MiB with scratch), JS heap ${s.heapUsedMiB}/${s.heapTotalMiB} MiB used/total at the end`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as net.AddressInfo; srv.close(() => resolve(port)); });
  });
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
function procMemory(pid: number): { rss: number; peak: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function server(threads: number, requests: number): Promise<{ readyMs: number; readyRss: number; meanRss: number; rss: number; peak: number; rps: number; errors: number; statuses: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t = performance.now();
  const child: ChildProcess = spawn(process.execPath, serverArgs(), {
    cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ARCPARSE_THREADS: String(threads), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    let readyMs = NaN;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      try { if ((await fetch(`${url}/readyz`)).status === 200) { readyMs = performance.now() - t; break; } } catch { /* not yet */ }
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyRss = procMemory(child.pid ?? 0).rss;
    // RSS every 100 ms while the requests run: its mean is what the process holds under load, steadier than one reading.
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(procMemory(child.pid ?? 0).rss), 100);
    const r = await autocannon({ url: `${url}/v1/parse`, method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'The new policy, which the board approved last week, will take effect in early January next year.' }), connections: 16, amount: requests });
    clearInterval(sampler);
    const mem = procMemory(child.pid ?? 0);
    const meanRss = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
    // Answers other than 200 by status (the admission control answers 503 when the queue is full).
    const stats = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
    const statuses = Object.entries(stats).filter(([code]) => code !== '200').map(([code, v]) => `${v.count}×${code}`).join(' ') || 'none';
    return { readyMs, readyRss, meanRss, ...mem, rps: r.requests.average, errors: r.errors + r.non2xx, statuses };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error('dist/ is not built: npm run build');
  const modelDir = path.join(ROOT, 'models/en_ewt');
  // The loaded files (weights, vocabularies, manifests) of the bundle the limits were set for: 17,264,268 bytes (16.5 MiB).
  const growth = Math.max(0, onDisk(modelDir) - 17_264_268) / 2 ** 20;
  console.log(`arcparse bench:footprint — node ${process.version}; CLI: node ${cliNodeOptions(CLI).join(' ')}; server: node ${serverArgs().join(' ')}; ${os.availableParallelism()} cores, loadavg ${os.loadavg().map(f1).join(' ')}`);
  console.log(`model files ${f1(onDisk(modelDir) / 1e6)} MB on disk (limits rise by ${f1(growth)} MiB over the 16.5 MiB they were set for)`);
  const { dev8, dev8txt, big } = inputs();
  console.log(`inputs: ${path.relative(ROOT, dev8)} (${f1(statSync(dev8).size / 1e6)} MB), ${path.relative(ROOT, dev8txt)} (${f1(statSync(dev8txt).size / 1e6)} MB), ${path.relative(ROOT, big)} (${f1(statSync(big).size / 1e6)} MB)\n`);

  const keep = runCli(['parse', '--keep-tags', dev8], path.join(OUT, 'out-keep.conllu'));
  console.log(`parse --keep-tags, 8× dev:   peak RSS ${f1(keep.peakMiB)} MiB (limit ${f1(110 + growth)}: ${verdict(keep.peakMiB <= 110 + growth)}); ${keep.stats.words} words, ${keep.stats.wordsPerSecond} words/s; ${breakdown(keep.stats)}`);
  const text = runCli(['parse', '--from', 'text', dev8txt], path.join(OUT, 'out-text.conllu'));
  console.log(`parse --from text, 8× dev:   peak RSS ${f1(text.peakMiB)} MiB (limit ${f1(190 + growth)}: ${verdict(text.peakMiB <= 190 + growth)}); ${text.stats.words} words, ${text.stats.wordsPerSecond} words/s; ${breakdown(text.stats)}`);

  if (!flags['skip-big']) {
    const one = runCli(['parse', '--from', 'text', '--threads', '1', big], path.join(OUT, 'out-big-1.conllu'));
    const two = runCli(['parse', '--from', 'text', '--threads', '2', big], path.join(OUT, 'out-big-2.conllu'));
    const same = spawnSync('cmp', ['-s', one.out, two.out]).status === 0;
    const speedup = (two.stats.wordsPerSecond ?? 0) / (one.stats.wordsPerSecond ?? 1);
    console.log(`parse --from text, 10 MB:    --threads 1: ${one.stats.wordsPerSecond} words/s, peak ${f1(one.peakMiB)} MiB; --threads 2: ${two.stats.wordsPerSecond} words/s, peak ${f1(two.peakMiB)} MiB;` +
      ` speed-up ${speedup.toFixed(2)}× (goal 1.7: ${verdict(speedup >= 1.7)}); output identical: ${same ? 'yes' : 'NO'}`);
  }

  if (!flags['skip-server']) {
    const n = Number(flags.requests), pairs = Math.max(1, Number(flags.pairs));
    // Servers with 2 and 3 threads, alternately, `pairs` times: one server's mean RSS under load swings by 10-17 MiB
    // between runs (garbage-collection timing), so a third thread's cost is the median of the pairs' differences.
    const s2s: Awaited<ReturnType<typeof server>>[] = [], s3s: Awaited<ReturnType<typeof server>>[] = [];
    for (let i = 0; i < pairs; i++) {
      s2s.push(await server(2, n));
      s3s.push(await server(3, n));
    }
    const list = (xs: number[]): string => xs.map(f1).join(' / ');
    const worst = (xs: number[]): number => Math.max(...xs);
    const median = (xs: number[]): number => {
      const a = [...xs].sort((x, y) => x - y), m = a.length >> 1;
      return a.length % 2 === 1 ? (a[m] as number) : ((a[m - 1] as number) + (a[m] as number)) / 2;
    };
    const ready2 = worst(s2s.map((r) => r.readyMs)), peak2 = worst(s2s.map((r) => r.peak));
    console.log(`server, 2 threads (${pairs} runs): ready in ${list(s2s.map((r) => r.readyMs))} ms (goal 2000, worst: ${verdict(ready2 <= 2000)}), RSS then ${list(s2s.map((r) => r.readyRss))} MiB; ` +
      `${n} raw-text requests: RSS ${list(s2s.map((r) => r.meanRss))} MiB on average while they ran, peak ${list(s2s.map((r) => r.peak))} MiB (limit ${f1(300 + growth)}, worst: ${verdict(peak2 <= 300 + growth)}); ` +
      `${list(s2s.map((r) => r.rps))} req/s; errors and non-200 answers ${s2s.map((r) => r.errors).join(' / ')} (by status: ${s2s.map((r) => r.statuses).join(' / ')})`);
    // Three differences per pair: the mean RSS while the requests ran (the steadiest), the peaks (one moment of GC
    // timing each), and the RSS at readiness. A single reading after the requests is not shown: it lands before or
    // after a collection by chance.
    const adds = { mean: s3s.map((r, i) => r.meanRss - (s2s[i]?.meanRss ?? NaN)), peak: s3s.map((r, i) => r.peak - (s2s[i]?.peak ?? NaN)), ready: s3s.map((r, i) => r.readyRss - (s2s[i]?.readyRss ?? NaN)) };
    console.log(`server, 3 threads (${pairs} runs): ready in ${list(s3s.map((r) => r.readyMs))} ms; under load RSS ${list(s3s.map((r) => r.meanRss))} MiB on average, peak ${list(s3s.map((r) => r.peak))} MiB; ` +
      `the third thread adds ${f1(median(adds.mean))} MiB under load on average, median of ${list(adds.mean)} (limit 40: ${verdict(median(adds.mean) <= 40)}), ` +
      `${f1(median(adds.peak))} by peaks (${list(adds.peak)}; ${verdict(median(adds.peak) <= 40)}), ${f1(median(adds.ready))} at readiness (${list(adds.ready)})`);
  }
  console.log(`\nloadavg at the end ${os.loadavg().map(f1).join(' ')}`);
}

await main();
