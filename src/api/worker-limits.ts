/**
 * V8 limits for the worker threads that parse (the service's pool and `arcparse parse --threads N`).
 *
 * A worker's young generation otherwise grows to V8's default maximum (16 MiB semi-spaces) in any long
 * run, although what a parse leaves behind per sentence is small and short-lived. Measured on the
 * service with the English bundle (10,000 raw-text requests, 16 connections, 2-core machine): RSS with
 * 2 threads 294 MiB against 342, with 3 threads 332 against 400, so a thread costs +38 MiB instead of
 * +57; requests/s over 6 alternating pairs of bench:server runs: median ratio 1.05 (no slowdown).
 * This is for library users' processes: a `--max-semi-space-size` flag (the CLI's shebang, `npm
 * start`'s) takes precedence over it, since V8's flags override an isolate's resource constraints.
 */
export const WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;
