#!/usr/bin/env -S node --max-semi-space-size=8
/**
 * The `arcparse` executable (package.json bin): see program.ts for the commands. The shebang caps
 * V8's young generation at two 8 MiB semi-spaces (Node 24's default grows to 32 MiB each:
 * `parse --from text` on 8× EWT dev peaked at 214 MiB with it, 170 without; Node 20 and 22 within
 * their run-to-run spread). `node dist/cli/main.js` does not read the shebang.
 */
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync();
} catch (e) {
  const err = e as Error & { code?: string };
  process.stderr.write(`arcparse: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  process.exitCode = 1;
}
