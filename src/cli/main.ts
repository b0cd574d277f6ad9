#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=50
/**
 * The `arcparse` executable (package.json bin): see program.ts for the commands. The shebang's V8
 * options are for every thread of the process (V8 flags are per process):
 * - the young generation at two 2 MiB semi-spaces (V8 grows it to 16 MiB each on Node 20 and 22, 32
 *   on Node 24, in any long run, though what a parse leaves per sentence is small and short-lived);
 *   2 rather than the server's 4 (`npm start`): `parse --keep-tags` on 8× EWT dev peaked at 119–127
 *   MiB over 4 runs on Node 24 with 4 (limit 124.4) and at 115–118 with 2; on Node 20 106–115
 *   against 110–111. The price is more scavenges: GC 4.4% of a keep-tags profile instead of 1.1%,
 *   4.0% of a raw-text one instead of 2.8%;
 * - the old generation's limit at 1.5× what survived the last full collection instead of V8's
 *   dynamic 1.1–4×: what a chunk in flight had when a scavenge came is promoted and dies soon after,
 *   and with the default factor a worker held 35 MiB of such garbage before its second full collection.
 * Measured on Node 20 with 4 MiB semi-spaces against `--max-semi-space-size=8` alone (8× EWT dev, 4 alternating pairs):
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
