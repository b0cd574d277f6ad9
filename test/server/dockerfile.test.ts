/**
 * Dockerfile policy without a Docker engine: dockerfile-utils' validator (syntax and semantics) and
 * dockerfile-ast for the rules: multi-stage, pinned base, production dependencies only, non-root
 * user (numeric, for Kubernetes), the model inside, HEALTHCHECK on /healthz, exec-form CMD equal to
 * `npm start`, the port and stop signal deploy/kubernetes relies on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, test } from 'vitest';
import { ROOT } from './process.ts';

const text = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const instructions = dockerfile.getInstructions();
const froms = dockerfile.getFROMs();
const finalFrom = froms.at(-1);
const finalStage = instructions.filter((i) => finalFrom && i.getRange().start.line >= finalFrom.getRange().start.line);
const keyword = (k: string) => (i: Instruction): boolean => i.getKeyword() === k;
const jsonArgs = (i: Instruction | undefined): string[] | undefined => {
  const strings = (i as JSONInstruction | undefined)?.getJSONStrings?.();
  return strings && strings.length > 0 ? strings.map((s) => s.getJSONValue()) : undefined;
};

describe('Dockerfile', () => {
  test('dockerfile-utils finds no problems', () => {
    expect(validate(text).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  test('multi-stage, every base image pinned to a tag or digest (never latest)', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) {
      expect(f.getImageName()).toBe('node');
      const tag = f.getImageTag();
      expect(tag !== null || f.getImageDigest() !== null).toBe(true);
      expect(tag).not.toBe('latest');
    }
  });

  test('build stage: npm ci, build, prune to production dependencies; no remote ADD', () => {
    const runs = instructions.filter(keyword('RUN')).map((r) => r.getArgumentsContent() ?? '');
    expect(runs.some((r) => /\bnpm ci\b/.test(r))).toBe(true);
    expect(runs.some((r) => /npm run build/.test(r) && /npm prune --omit=dev/.test(r))).toBe(true);
    // The only install after `npm ci` adds the server's peer dependencies back, without touching package files.
    expect(runs.filter((r) => /npm install\b|npm i\b/.test(r)).every((r) => /npm install --no-save/.test(r) && /peerDependencies/.test(r))).toBe(true);
    expect(instructions.filter(keyword('ADD'))).toEqual([]);
  });

  test('runtime stage: production env, non-root user, the model and the viewer inside, no sources', () => {
    const env = finalStage.filter(keyword('ENV')).map((e) => e.getArgumentsContent() ?? '').join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    const users = finalStage.filter(keyword('USER')).map((u) => u.getArgumentsContent());
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const copies = finalStage.filter(keyword('COPY')).map((c) => c.getArgumentsContent() ?? '');
    for (const needed of [/\bmodels\b/, /\/app\/dist\b/, /\/app\/node_modules\b/, /\bpublic\b/]) expect(copies.some((c) => needed.test(c))).toBe(true);
    expect(copies.some((c) => /\b(src|test|bench)\b/.test(c))).toBe(false);
  });

  test('HEALTHCHECK probes /healthz with node (exec form, no curl in slim images)', () => {
    const checks = finalStage.filter(keyword('HEALTHCHECK'));
    expect(checks).toHaveLength(1);
    const content = checks[0]?.getArgumentsContent() ?? '';
    expect(content).toMatch(/CMD \["node", "-e", .*\/healthz/);
  });

  test('CMD is exec form and is what `npm start` runs once built', () => {
    const cmds = finalStage.filter(keyword('CMD'));
    expect(cmds).toHaveLength(1);
    const args = jsonArgs(cmds[0]);
    // V8's heap limited as for the CLI (src/cli/main.ts): on Node 24, the image's, the server peaked at 438 MiB with 2 threads without options.
    expect(args).toEqual(['node', '--max-semi-space-size=4', '--heap-growing-percent=50', 'dist/server/main.js']);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    // npm start first builds when dist/ is missing or stale (scripts/ensure-built.mjs), then runs the same command.
    expect(pkg.scripts.start).toBe(`node scripts/ensure-built.mjs && ${args?.join(' ') ?? ''}`);
  });

  test('.dockerignore keeps local artefacts out of the context', () => {
    const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['node_modules', 'dist', 'runs', '.git', 'test']) expect(ignore).toContain(p);
    expect(ignore).not.toContain('models');
  });

  test('what an orchestrator relies on: a numeric non-root user, EXPOSE = PORT, STOPSIGNAL SIGTERM, deploy/ outside the context', () => {
    // Kubernetes' runAsNonRoot can only verify a numeric user (deploy/kubernetes runs as the same uid:gid).
    const user = finalStage.filter(keyword('USER')).at(-1)?.getArgumentsContent() ?? '';
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    const env = finalStage.filter(keyword('ENV')).map((e) => e.getArgumentsContent() ?? '').join(' ');
    const expose = finalStage.filter(keyword('EXPOSE')).map((e) => e.getArgumentsContent());
    expect(expose).toEqual([/PORT=(\d+)/.exec(env)?.[1]]);
    // The server drains on SIGTERM (finish in-flight requests, exit 0): the signal docker stop and the kubelet send.
    expect(finalStage.filter(keyword('STOPSIGNAL')).map((e) => e.getArgumentsContent())).toEqual(['SIGTERM']);
    const ignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignore).toContain('deploy');
  });

  test('the image installs the server packages (optional peer dependencies) after pruning', () => {
    const runs = instructions.filter(keyword('RUN')).map((r) => r.getArgumentsContent() ?? '');
    expect(runs.some((r) => /npm prune --omit=dev/.test(r) && /peerDependencies/.test(r) && /npm install --no-save/.test(r))).toBe(true);
  });

  test('runtime code imports only production dependencies; the server also its peer dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.startsWith(`kernels${path.sep}assembly`));
    const missing = new Set<string>();
    for (const f of files) {
      const src = readFileSync(path.join(ROOT, 'src', f), 'utf8');
      for (const m of src.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+'([^'.][^']*)'/gm)) {
        const spec = m[1] ?? '';
        if (spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] ?? spec;
        const server = f.startsWith(`server${path.sep}`);
        if (!(name in pkg.dependencies) && !(server && name in pkg.peerDependencies)) missing.add(`${name} (src/${f})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
