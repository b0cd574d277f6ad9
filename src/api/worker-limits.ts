import { setFlagsFromString } from 'node:v8';

/**
 * The young generation of the worker threads that parse (the service's pool and `arcparse parse
 * --threads N`): 2 MiB semi-spaces. What a parse leaves behind per sentence is small and short-lived,
 * and V8 otherwise lets a worker's young generation grow to its default maximum (16 MiB semi-spaces,
 * all of it resident after a long run) or to the process's `--max-semi-space-size` (`npm start`
 * gives the main thread 4, for its HTTP work).
 *
 * Set as the V8 flag, not as a worker's `resourceLimits.maxYoungGenerationSizeMb`: V8 lets the flag
 * override that limit, and the service's main thread runs with the flag. V8 reads the flag when it
 * creates an isolate, so threads already running (the main thread) keep theirs; every worker started
 * afterwards, by arcparse or by the embedding app, gets 2 MiB.
 * Measured on Node 24 with the English bundle (4 workers each parsing EWT dev's raw text 3 times,
 * main thread at 4 MiB): a worker's V8 heap 22.9 MiB against 27.0 with the workers at 4.
 */
export const WORKER_SEMI_SPACE_MB = 2;

/** Call before starting parsing workers (see WORKER_SEMI_SPACE_MB). */
export function limitWorkerYoungGeneration(): void {
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
}
