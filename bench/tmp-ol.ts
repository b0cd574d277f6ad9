import { openLoop } from './open-loop.ts';
const port = Number(process.argv[2]); const rate = Number(process.argv[3] ?? 4400); const dur = Number(process.argv[4] ?? 30);
const SENTENCE = 'The new policy, which the board approved last week, will take effect in early January next year.';
const t0 = Date.now();
const r = await openLoop({ host: '127.0.0.1', port, path: '/v1/parse', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: SENTENCE }), rate, durationS: dur, connections: 256 });
const ok = r.latencies['200'] ?? [];
const p = (a: number[], q: number) => a[Math.floor(q * a.length)]?.toFixed(0);
console.log(JSON.stringify({ statuses: r.statuses, late: r.late, timeouts: r.timeouts, errors: r.errors, okRps: (ok.length / r.seconds).toFixed(0), p50: p(ok, 0.5), p99: p(ok, 0.99), t0 }));
for (const k of Object.keys(r.latencies)) if (k !== '200' && k !== '503') console.log(k, r.latencies[k]!.slice(0, 10).map((x) => x.toFixed(0)).join(' '));
