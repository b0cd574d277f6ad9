/**
 * Server configuration: environment variables (and a few command-line flags), validated by zod once
 * at start-up. Every error names the variable or flag, the value and what was expected, on one line.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_MODEL_DIR } from '../api/parser.ts';

const int = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`));

/** One entry per setting: its environment variable, optional flag, schema of the raw string and default. */
const SETTINGS = {
  host: { env: 'HOST', flag: 'host', schema: z.string().trim().min(1, 'expected a host name or address'), default: '127.0.0.1',
    help: 'address to listen on (the Docker image sets 0.0.0.0)' },
  port: { env: 'PORT', flag: 'port', schema: int(0, 65535), default: '3000', help: 'TCP port (0 = any free port)' },
  modelDir: { env: 'ARCPARSE_MODEL', flag: 'model', schema: z.string().trim().min(1, 'expected a directory'), default: DEFAULT_MODEL_DIR,
    help: 'model bundle directory (parser/, tagger/, tokenizer/)' },
  threads: { env: 'ARCPARSE_THREADS', flag: 'threads', schema: int(1, 256), default: String(availableParallelism()),
    help: 'parser worker threads (default: one per core)' },
  maxQueue: { env: 'ARCPARSE_MAX_QUEUE', flag: 'max-queue', schema: int(0, 100_000), default: '64',
    help: 'requests waiting for a worker before the server answers 503' },
  timeoutMs: { env: 'ARCPARSE_TIMEOUT_MS', flag: 'timeout-ms', schema: int(1, 3_600_000), default: '10000',
    help: 'per-request time limit, queueing included (503 when exceeded)' },
  bodyLimit: { env: 'ARCPARSE_BODY_LIMIT', flag: 'body-limit', schema: int(16, 1 << 30), default: String(1 << 20),
    help: 'largest request body in bytes (413 above)' },
  maxChars: { env: 'ARCPARSE_MAX_CHARS', flag: 'max-chars', schema: int(1, 100_000_000), default: '100000',
    help: 'most characters (UTF-16 code units) of input per request' },
  maxSentences: { env: 'ARCPARSE_MAX_SENTENCES', flag: 'max-sentences', schema: int(1, 1_000_000), default: '1000',
    help: 'most sentences per request' },
  maxTokensPerSentence: { env: 'ARCPARSE_MAX_TOKENS', flag: 'max-tokens', schema: int(1, 10_000), default: '250',
    help: 'most tokens (words) per sentence; raw text is cut into pieces of this size' },
  shutdownTimeoutMs: { env: 'ARCPARSE_SHUTDOWN_TIMEOUT_MS', flag: 'shutdown-timeout-ms', schema: int(0, 3_600_000), default: '30000',
    help: 'how long SIGTERM/SIGINT waits for in-flight requests before exiting anyway' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info',
    help: 'pino log level' },
} as const;

type Settings = typeof SETTINGS;
export type ServerConfig = { -readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };

/** Request limits the HTTP layer enforces (part of ServerConfig). */
export type Limits = Pick<ServerConfig, 'bodyLimit' | 'maxChars' | 'maxSentences' | 'maxTokensPerSentence'>;

/** A start-up problem: the message is one line that says what is wrong and where it came from. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Usage text for `--help`. */
export function configHelp(): string {
  const lines = Object.values(SETTINGS).map((s) => `  --${s.flag.padEnd(20)} ${s.env.padEnd(29)} ${s.help} (default ${s.env === 'ARCPARSE_MODEL' ? 'models/en_ewt' : s.env === 'ARCPARSE_THREADS' ? 'cores' : s.default})`);
  return ['Usage: node dist/server/main.js [flags]   (or npm start -- [flags]; every flag has an environment variable; flags win)', ...lines].join('\n');
}

/**
 * Reads the configuration from flags (`--port 8080`, `--port=8080`) and environment variables
 * (flags win, then the environment, then defaults). Throws ConfigError on the first bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): ServerConfig {
  const options = Object.fromEntries(Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' as const }]));
  let flags: Record<string, string | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (err) {
    throw new ConfigError(`invalid command line: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS)) {
    const fromFlag = flags[s.flag];
    const fromEnv = env[s.env];
    const [raw, where] = fromFlag !== undefined ? [fromFlag, `flag --${s.flag}`]
      : fromEnv !== undefined && fromEnv !== '' ? [fromEnv, `environment variable ${s.env}`]
        : [s.default, `default of ${s.env}`];
    const r = (s.schema as z.ZodType).safeParse(raw);
    if (!r.success) {
      throw new ConfigError(`invalid ${where}=${JSON.stringify(raw)}: ${r.error.issues[0]?.message ?? 'invalid value'}`);
    }
    out[key] = r.data;
  }
  return out as ServerConfig;
}
