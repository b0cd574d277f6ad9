/**
 * An open-loop HTTP load generator: requests are sent at evenly spaced times (rate per second), on
 * whichever keep-alive connection is free, whatever the server answers. This is the overload a service
 * meets from many independent clients.
 *
 * Why not autocannon's `overallRate`: autocannon gives each connection a quota per second and resets it
 * on a one-second timer, so every connection sends its whole quota at the start of each second and then
 * waits. Under overload the 503s come back in microseconds, the quota is spent in the first tens of
 * milliseconds, and the server sees a burst of the whole second's requests followed by silence (measured:
 * server CPU at 40–50% of the cores during "4× overload"). That measures burst absorption, not goodput.
 *
 * Latency is measured from the time a request was due, not when it left, so a generator that falls behind
 * does not hide the delay (coordinated omission). A request due while every connection is busy is sent as
 * soon as one frees; `late` counts them.
 */
import net from 'node:net';

export interface OpenLoopOptions {
  host: string;
  port: number;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationS: number;
  connections: number;
  /** A request without an answer after this long is a timeout (and its connection is replaced). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** Milliseconds from due time to the last byte of the answer, sorted, per status code. */
  latencies: Record<string, number[]>;
  /** Requests sent after their due time because no connection was free. */
  late: number;
  errors: number;
  timeouts: number;
  /** Requests whose connection the server closed before answering. */
  lost: number;
  /**
   * Answers on a connection with no request outstanding: the server's 408 to a connection that sent nothing
   * for its headers timeout. Not answers to any request, so not in `statuses`.
   */
  unsolicited: Record<string, number>;
  /** Seconds from the first due time to the last answer. */
  seconds: number;
}

interface Conn {
  socket: net.Socket;
  busy: boolean;
  due: number;
  buf: Buffer;
  timer: NodeJS.Timeout | undefined;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Status and total length of a complete response at the start of buf, or undefined while incomplete. */
function responseIn(buf: Buffer): { status: number; length: number } | undefined {
  const end = buf.indexOf(HEADER_END);
  if (end < 0) return undefined;
  const head = buf.toString('latin1', 0, end);
  const status = Number(head.slice(9, 12));
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!m?.[1]) throw new Error(`response without content-length (status ${status})`);
  const length = end + 4 + Number(m[1]);
  return buf.length >= length ? { status, length } : undefined;
}

const first = <T>(set: Set<T>): T | undefined => set.values().next().value;

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const head = [`POST ${opts.path} HTTP/1.1`, `host: ${opts.host}:${opts.port}`, ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
    `content-length: ${Buffer.byteLength(opts.body)}`, '', ''].join('\r\n');
  const request = Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(opts.body)]);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const result: OpenLoopResult = { sent: 0, statuses: {}, latencies: {}, late: 0, errors: 0, timeouts: 0, lost: 0, unsolicited: {}, seconds: 0 };
  const all = new Set<Conn>();
  // First in, first out: every connection is used in turn, as many clients would. (Last in, first out left
  // the connections at the bottom of the stack idle from their connect on, and the server rightly answered
  // them 408 after its headers timeout.)
  const free = new Set<Conn>();
  const backlog: number[] = []; // due times of requests waiting for a connection
  let inFlight = 0;
  let finished: (() => void) | undefined;
  let stopped = false;
  const total = Math.round(opts.rate * opts.durationS);
  const t0 = performance.now() + 50;

  const send = (c: Conn, due: number): void => {
    c.busy = true;
    c.due = due;
    inFlight++;
    result.sent++;
    c.timer = setTimeout(() => {
      result.timeouts++;
      c.busy = false;
      done(c);
      retire(c);
    }, timeoutMs);
    c.socket.write(request);
  };
  const release = (c: Conn): void => {
    c.busy = false;
    const due = backlog.shift();
    if (due !== undefined) send(c, due);
    else free.add(c);
  };
  const done = (c: Conn): void => {
    clearTimeout(c.timer);
    inFlight--;
    if (result.sent === total && inFlight === 0) finished?.();
  };
  /** A connection that failed or timed out: its request is counted, and a new connection takes its place. */
  const retire = (c: Conn): void => {
    c.socket.removeAllListeners('close');
    c.socket.destroy();
    all.delete(c);
    free.delete(c);
    if (c.busy) {
      c.busy = false;
      result.lost++;
      done(c);
    }
    if (!stopped) open();
  };
  const open = (): void => {
    const c: Conn = { socket: net.connect(opts.port, opts.host), busy: false, due: 0, buf: Buffer.alloc(0), timer: undefined };
    all.add(c);
    c.socket.setNoDelay(true);
    c.socket.on('connect', () => release(c));
    c.socket.on('data', (chunk: Buffer) => {
      c.buf = c.buf.length === 0 ? chunk : Buffer.concat([c.buf, chunk]);
      const r = responseIn(c.buf);
      if (!r) return;
      c.buf = c.buf.subarray(r.length);
      const key = String(r.status);
      if (!c.busy) {
        result.unsolicited[key] = (result.unsolicited[key] ?? 0) + 1;
        return;
      }
      result.statuses[key] = (result.statuses[key] ?? 0) + 1;
      (result.latencies[key] ??= []).push(performance.now() - c.due);
      done(c);
      release(c);
    });
    c.socket.on('error', () => { result.errors++; });
    // The server may close a connection (e.g. after an answer with `connection: close`): replace it.
    c.socket.on('close', () => retire(c));
  };
  for (let i = 0; i < opts.connections; i++) open();

  // Each tick sends every request due by now; a timer tick every millisecond keeps the spacing even.
  await new Promise<void>((resolve) => {
    finished = resolve;
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - t0) * opts.rate) / 1000) + 1);
      while (result.sent + backlog.length < due) {
        const at = t0 + ((result.sent + backlog.length) * 1000) / opts.rate;
        const c = first(free);
        if (c) {
          free.delete(c);
          send(c, at);
        } else {
          backlog.push(at);
          result.late++;
        }
      }
      if (result.sent + backlog.length < total) setTimeout(tick, 1);
    };
    setTimeout(tick, Math.max(0, t0 - performance.now()));
  });
  result.seconds = (performance.now() - t0) / 1000;
  stopped = true;
  for (const c of all) { c.socket.removeAllListeners('close'); c.socket.destroy(); }
  for (const l of Object.values(result.latencies)) l.sort((a, b) => a - b);
  return result;
}
