/** Helpers for tests that run the server as a real process on 127.0.0.1. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startArgs } from '../../bench/commands.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Log lines (parsed pino JSON) seen so far. */
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
}

/** What `npm start` and the image run (its last `node` command, read by bench/commands.ts) when built, else the source through tsx. */
export function startCommand(): { args: string[]; built: boolean } {
  const built = existsSync(path.join(ROOT, 'dist/server/main.js'));
  return built ? { args: startArgs(), built } : { args: ['--import', 'tsx', 'src/server/main.ts'], built };
}

/** Spawns `node <args>` (or `command <args>`) and resolves once the server logs that it is ready (or rejects with its stderr if it exits). */
export function spawnServer(args: string[], env: Record<string, string>, timeoutMs = 30_000, command = process.execPath): Promise<ServerProcess> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let err = '', buf = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`server not ready after ${timeoutMs} ms: ${err}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'arcparse server ready') {
            clearTimeout(timer);
            resolve({ child, url: String(entry.url), logs, stderr: () => err, exited });
          }
        } catch { /* not a log line */ }
      }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}: ${err}`)); });
  });
}

/** Runs `node <args>` to completion (for start-up failures). */
export function runToExit(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** One request on its own connection (no keep-alive), so in-flight requests really are concurrent. */
export function request(url: string, method: string, body?: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, {
      method, agent: false,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
