#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
/**
 * The `arcparse` executable (package.json bin): see program.ts for the commands. The shebang's V8
 * options are for every thread of the process (V8 flags are per process):
 * - the young generation at two 4 MiB semi-spaces (V8 grows it to 16 MiB each on Node 20 and 22, 32
 *   on Node 24, in any long run, though what a parse leaves per sentence is small and short-lived);
 * - the old generation's limit at 1.5× what survived the last full collection instead of V8's
 *   dynamic 1.1–4×: what a chunk in flight had when a scavenge came is promoted and dies soon after,
 *   and with the default factor a worker held 35 MiB of such garbage before its second full collection.
 * Measured on Node 20 against `--max-semi-space-size=8` alone (8× EWT dev, 4 alternating pairs):
 * `parse --from text --threads 2` peaks at 226–228 MiB instead of 297–302, at the same CPU time
 * (21.1 s against 21.3); on Node 24 254 MiB instead of 326. `node dist/cli/main.js` does not read
 * the shebang.
 */
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync();
} catch (e) {
  const err = e as Error & { code?: string };
  process.stderr.write(`arcparse: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  process.exitCode = 1;
}
