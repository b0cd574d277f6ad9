/**
 * The start command itself: `node dist/server/main.js`, which is what `npm start` and the Docker
 * image's CMD run (through tsx on src/ when dist/ is not built).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bundleAt, describeWhen } from '../helpers/needs.ts';
import { ROOT, request, runToExit, spawnServer, startCommand } from './process.ts';

const { args, built } = startCommand();
if (!built) console.warn('dist/server/main.js is not built (npm run build): testing src/server/main.ts through tsx instead');

/** ARCPARSE_TEST_MODEL points the test at another bundle (e.g. before models/en_ewt is complete). */
const MODEL = process.env.ARCPARSE_TEST_MODEL ?? path.join(ROOT, 'models/en_ewt');
const hasParser = bundleAt(MODEL, ['parser']);

describe(`start command: node ${args.join(' ')}`, () => {
  test.each([
    [{ PORT: 'http' }, 'arcparse server: invalid environment variable PORT="http": expected an integer from 0 to 65535'],
    [{ ARCPARSE_THREADS: '-1' }, 'arcparse server: invalid environment variable ARCPARSE_THREADS="-1": expected an integer from 1 to 256'],
    [{ ARCPARSE_MODEL: '/nonexistent/model' }, /^arcparse server: cannot load the model from \/nonexistent\/model \(ARCPARSE_MODEL\): .*\/nonexistent\/model\/parser\/manifest\.json/],
  ])('%j stops start-up with one line and exit code 1', async (env, message) => {
    const r = await runToExit(args, { ARCPARSE_THREADS: '1', ...env });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    if (typeof message === 'string') expect(lines[0]).toBe(message);
    else expect(lines[0]).toMatch(message);
  }, 30_000);

  test('--help prints the settings and exits 0', async () => {
    const r = await runToExit([...args, '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ARCPARSE_MODEL/);
    // The usage names a command that exists.
    expect(r.stdout).toMatch(/^Usage: node dist\/server\/main\.js \[flags\]/);
  }, 30_000);

});

describeWhen([hasParser], `start command with the model in ${MODEL}`, () => {
  test('serves the model: healthz, readyz, parse, SIGTERM → exit 0', async () => {
    const server = await spawnServer(args, { ARCPARSE_MODEL: MODEL, ARCPARSE_THREADS: '1', LOG_LEVEL: 'info' });
    try {
      expect((await request(`${server.url}/healthz`, 'GET')).status).toBe(200);
      const ready = await request(`${server.url}/readyz`, 'GET');
      expect(ready.status).toBe(200);
      const pipeline = (JSON.parse(ready.body) as { pipeline: boolean }).pipeline;
      const parsed = await request(`${server.url}/v1/parse`, 'POST', { text: 'The dog barked.' });
      expect(parsed.status).toBe(pipeline ? 200 : 503);
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  }, 60_000);
});

/**
 * `npm start` on a built checkout: no build step runs (dist/ is untouched), and once /readyz says
 * 200 every input mode of the bundle answers at once, raw text included (the bundle is loaded
 * eagerly in the main thread and every worker before the server listens).
 */
describeWhen([bundleAt(path.join(ROOT, 'models/en_ewt')), { ok: built, why: 'dist/ is not built (npm run build)' }], 'npm start on a built checkout', () => {
  test('starts without building; /readyz 200 means text, sentences and tokens are served', async () => {
    const stamp = path.join(ROOT, 'dist/.build-stamp');
    const before = statSync(stamp).mtimeMs;
    const started = performance.now();
    const server = await spawnServer(['start', '--silent'], { ARCPARSE_THREADS: '2', LOG_LEVEL: 'info' }, 60_000, 'npm');
    // npm runs the server in a shell: signal the server itself (pino logs its pid).
    const pid = Number(server.logs.find((l) => typeof l.pid === 'number')?.pid);
    try {
      const ready = await request(`${server.url}/readyz`, 'GET');
      const readyMs = performance.now() - started;
      expect(ready.status).toBe(200);
      const bodies = [{ text: 'The dog barked. It was late.' }, { sentences: ['The dog barked.'] }, { tokens: [['The', 'dog', 'barked', '.']] }];
      const answers = await Promise.all(bodies.map((b) => request(`${server.url}/v1/parse`, 'POST', b)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect((JSON.parse(answers[0]?.body ?? '{}') as { sentences: unknown[] }).sentences).toHaveLength(2);
      console.log(`npm start: ready in ${readyMs.toFixed(0)} ms (2 threads, this machine under its current load)`);
      expect(server.stderr()).not.toMatch(/npm run build|running npm run build/);
      expect(statSync(stamp).mtimeMs).toBe(before);
      process.kill(pid, 'SIGTERM');
      await server.exited;
    } finally {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      server.child.kill('SIGKILL');
    }
  }, 90_000);
});
