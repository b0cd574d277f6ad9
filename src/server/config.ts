/**
 * Server configuration: environment variables (and a few command-line flags), validated by zod once
 * at start-up. Every error names the variable or flag, the value and what was expected, on one line.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_MODEL } from '../api/models.ts';
import { MAX_TOKEN_LENGTH } from '../tokenizer/types.ts';

/**
 * The tokenizer cuts a run of more than MAX_TOKEN_LENGTH code units into pieces of MAX_TOKEN_LENGTH (or one
 * less, never inside a surrogate pair). With the token limit below that, every cut piece is over the limit,
 * so an over-long run is refused with 413 instead of coming back silently cut.
 */
export const MAX_TOKEN_CHARS_CEILING = MAX_TOKEN_LENGTH - 2;

/**
 * `en_ewt,fr_sequoia`: model choices as the library takes them (a bundle name under models/, or a path
 * with a `/`; api/models.ts resolves them at start-up). The first is the default; a repeat is refused.
 */
const modelList = z.string().transform((raw, ctx) => {
  const choices = raw.split(',').map((c) => c.trim());
  const expected = 'expected a comma-separated list of bundle names or paths';
  if (choices.some((c) => c === '')) ctx.addIssue({ code: 'custom', message: `${expected}, without empty entries` });
  const repeated = choices.find((c, i) => c !== '' && choices.indexOf(c) !== i);
  if (repeated !== undefined) ctx.addIssue({ code: 'custom', message: `${expected}: ${repeated} is given twice` });
  return choices;
});

const int = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`));

/** One entry per setting: its environment variable, optional flag, schema of the raw string and default. */
const SETTINGS = {
  host: { env: 'HOST', flag: 'host', schema: z.string().trim().min(1, 'expected a host name or address'), default: '127.0.0.1',
    help: 'address to listen on (the Docker image sets 0.0.0.0)' },
  port: { env: 'PORT', flag: 'port', schema: int(0, 65535), default: '3000', help: 'TCP port (0 = any free port)' },
  models: { env: 'ARCPARSE_MODEL', flag: 'model', schema: modelList, default: DEFAULT_MODEL,
    help: 'model bundles to serve, comma-separated: names under models/ or paths (with a /); the first is the default' },
  threads: { env: 'ARCPARSE_THREADS', flag: 'threads', schema: int(1, 256), default: String(availableParallelism()),
    help: 'parser worker threads (default: one per core)' },
  maxQueue: { env: 'ARCPARSE_MAX_QUEUE', flag: 'max-queue', schema: int(0, 100_000), default: '64',
    help: 'hard cap on requests waiting for a worker (503 above; ARCPARSE_QUEUE_TARGET_MS usually refuses first)' },
  queueTargetMs: { env: 'ARCPARSE_QUEUE_TARGET_MS', flag: 'queue-target-ms', schema: int(1, 3_600_000), default: '50',
    help: 'admission: 503 at once, before the body is read, when the work queued ahead would take longer than this' },
  timeoutMs: { env: 'ARCPARSE_TIMEOUT_MS', flag: 'timeout-ms', schema: int(1, 3_600_000), default: '10000',
    help: 'per-request time limit, queueing included (503 when exceeded; the parse stops after its current sentence)' },
  bodyLimit: { env: 'ARCPARSE_BODY_LIMIT', flag: 'body-limit', schema: int(16, 1 << 30), default: String(2 << 20),
    help: 'largest request body in bytes, after Content-Encoding is decoded (413 above)' },
  maxChars: { env: 'ARCPARSE_MAX_CHARS', flag: 'max-chars', schema: int(1, 100_000_000), default: '100000',
    help: 'most characters (UTF-16 code units) of input text per request' },
  maxSentences: { env: 'ARCPARSE_MAX_SENTENCES', flag: 'max-sentences', schema: int(1, 10_000_000), default: '10000',
    help: 'most sentences per request (default: ARCPARSE_MAX_CHARS / 10, so prose reaches the character limit first)' },
  maxTokensPerSentence: { env: 'ARCPARSE_MAX_TOKENS', flag: 'max-tokens', schema: int(1, 10_000), default: '250',
    help: 'most tokens (words) per sentence; raw text is cut into pieces of this size, other input is refused' },
  maxTokenChars: { env: 'ARCPARSE_MAX_TOKEN_CHARS', flag: 'max-token-chars', schema: int(1, MAX_TOKEN_CHARS_CEILING), default: '200',
    help: `most characters per token (at most ${MAX_TOKEN_CHARS_CEILING}: the tokenizer cuts longer runs, so they are refused instead)` },
  headersTimeoutMs: { env: 'ARCPARSE_HEADERS_TIMEOUT_MS', flag: 'headers-timeout-ms', schema: int(1, 3_600_000), default: '10000',
    help: 'the request headers must arrive within this time (408 and the connection is closed)' },
  receiveTimeoutMs: { env: 'ARCPARSE_RECEIVE_TIMEOUT_MS', flag: 'receive-timeout-ms', schema: int(1, 3_600_000), default: '30000',
    help: 'the whole request, headers and body, must arrive within this time (408 and the connection is closed)' },
  idleTimeoutMs: { env: 'ARCPARSE_IDLE_TIMEOUT_MS', flag: 'idle-timeout-ms', schema: int(1, 3_600_000), default: '30000',
    help: 'a connection with a request in progress and no bytes moving either way is closed after this time (must exceed ARCPARSE_TIMEOUT_MS)' },
  keepAliveTimeoutMs: { env: 'ARCPARSE_KEEP_ALIVE_TIMEOUT_MS', flag: 'keep-alive-timeout-ms', schema: int(1, 3_600_000), default: '72000',
    help: 'an idle keep-alive connection is closed after this time (longer than the 60 s of common proxies, so they close first)' },
  maxHeaderBytes: { env: 'ARCPARSE_MAX_HEADER_BYTES', flag: 'max-header-bytes', schema: int(1024, 1 << 20), default: String(16 << 10),
    help: 'largest request head (request line and headers) in bytes (431 above)' },
  shutdownTimeoutMs: { env: 'ARCPARSE_SHUTDOWN_TIMEOUT_MS', flag: 'shutdown-timeout-ms', schema: int(0, 3_600_000), default: '30000',
    help: 'how long SIGTERM/SIGINT waits for in-flight requests before exiting anyway' },
  logLevel: { env: 'LOG_LEVEL', flag: 'log-level', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info',
    help: 'pino log level' },
} as const;

type Settings = typeof SETTINGS;
export type ServerConfig = { -readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };

/** Request limits the HTTP layer enforces (part of ServerConfig). */
export type Limits = Pick<ServerConfig, 'bodyLimit' | 'maxChars' | 'maxSentences' | 'maxTokensPerSentence' | 'maxTokenChars'>;

/** Connection timeouts and the request-head limit (part of ServerConfig); see connection.ts. */
export type ConnectionLimits = Pick<ServerConfig, 'headersTimeoutMs' | 'receiveTimeoutMs' | 'idleTimeoutMs' | 'keepAliveTimeoutMs' | 'maxHeaderBytes'>;

/** Settings that are valid alone but not together; each message names both variables. */
function checkTogether(c: ServerConfig): void {
  if (c.headersTimeoutMs > c.receiveTimeoutMs) {
    throw new ConfigError(`ARCPARSE_HEADERS_TIMEOUT_MS=${c.headersTimeoutMs} must not exceed ARCPARSE_RECEIVE_TIMEOUT_MS=${c.receiveTimeoutMs} (the headers are part of the request)`);
  }
  if (c.idleTimeoutMs <= c.timeoutMs) {
    throw new ConfigError(`ARCPARSE_IDLE_TIMEOUT_MS=${c.idleTimeoutMs} must exceed ARCPARSE_TIMEOUT_MS=${c.timeoutMs} (a parse sends nothing until it ends)`);
  }
}

/** A start-up problem: the message is one line that says what is wrong and where it came from. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Usage text for `--help`. */
export function configHelp(): string {
  const lines = Object.values(SETTINGS).map((s) => `  --${s.flag.padEnd(20)} ${s.env.padEnd(29)} ${s.help} (default ${s.env === 'ARCPARSE_THREADS' ? 'cores' : s.default})`);
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
  checkTogether(out as ServerConfig);
  return out as ServerConfig;
}
