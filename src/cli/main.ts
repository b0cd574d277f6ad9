#!/usr/bin/env node
/** The `arcparse` executable (package.json bin): see program.ts for the commands. */
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync();
} catch (e) {
  const err = e as Error & { code?: string };
  process.stderr.write(`arcparse: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  process.exitCode = 1;
}
