/**
 * startServer: workers (model loaded in each) → app → listen. Used by main.ts, the tests that need a
 * real socket and the load benchmark, which may substitute the worker module.
 */
import closeWithGrace from 'close-with-grace';
import type { FastifyServerOptions } from 'fastify';
import { loadParserSync } from '../api/parser.ts';
import { type StoreImage, defaultStore } from '../model/weight-store.ts';
import { type App, buildApp } from './app.ts';
import { ConfigError, type ServerConfig, configHelp, loadConfig } from './config.ts';
import { WorkerPoolService } from './worker-pool.ts';

export interface StartOverrides {
  /** Worker module to run instead of ./worker.ts (tests, benchmarks). */
  workerUrl?: URL;
  logger?: FastifyServerOptions['logger'];
}

export interface RunningServer {
  app: App;
  service: WorkerPoolService;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
}

/** pino JSON on stdout; nothing from the request body is ever logged. */
export function loggerOptions(config: ServerConfig): FastifyServerOptions['logger'] {
  return { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] };
}

/**
 * One model per process: the whole bundle (every component, every precomputed table) is loaded
 * once, here, into the shared weight store; the workers attach to it and only build their own
 * vocabularies and scratch. A model that does not load stops start-up with one line.
 */
export function loadSharedModel(modelDir: string): StoreImage {
  try {
    loadParserSync(modelDir, { eager: true });
  } catch (err) {
    throw new ConfigError(`cannot load the model from ${modelDir} (ARCPARSE_MODEL): ${err instanceof Error ? err.message : String(err)}`);
  }
  return defaultStore().image();
}

export async function startServer(config: ServerConfig, overrides: StartOverrides = {}): Promise<RunningServer> {
  const internal: { log?: (err: unknown) => void } = {}; // bound once the app (and its logger) exists
  // A substitute worker (benchmarks, tests) loads what it needs itself.
  const store = overrides.workerUrl ? undefined : loadSharedModel(config.modelDir);
  const service = await WorkerPoolService.start({
    ...(store ? { store } : {}),
    modelDir: config.modelDir, threads: config.threads, maxQueue: config.maxQueue, timeoutMs: config.timeoutMs,
    maxChars: config.maxChars, maxWordsPerSentence: config.maxTokensPerSentence,
    onInternalError: (err) => internal.log?.(err),
    ...(overrides.workerUrl ? { workerUrl: overrides.workerUrl } : {}),
  });
  let app: App;
  try {
    app = await buildApp({
      service, logger: overrides.logger ?? loggerOptions(config),
      limits: { bodyLimit: config.bodyLimit, maxChars: config.maxChars, maxSentences: config.maxSentences, maxTokensPerSentence: config.maxTokensPerSentence },
    });
  } catch (err) {
    await service.close();
    throw err;
  }
  internal.log = (err) => app.log.error({ err }, 'parser worker failed');
  app.addHook('onClose', async () => { await service.close(); });
  if (!service.model.pipeline) {
    app.log.warn({ modelDir: service.model.modelDir }, 'the model has no tokenizer and tagger: POST /v1/parse will answer 503');
  }
  const url = await app.listen({ host: config.host, port: config.port });
  app.log.info({ url, threads: config.threads, modelDir: service.model.modelDir }, 'arcparse server ready');
  return { app, service, url };
}

/**
 * The whole of `npm start`: configuration → workers → listen, then SIGTERM/SIGINT handling (stop
 * accepting, finish in-flight requests, stop the workers, exit 0). A bad setting or an unloadable
 * model ends start-up with one line on stderr and exit code 1.
 */
export async function runMain(argv: readonly string[], env: NodeJS.ProcessEnv, overrides: StartOverrides = {}): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${configHelp()}\n`);
    return;
  }
  try {
    const config = loadConfig(env, argv);
    const { app } = await startServer(config, overrides);
    closeWithGrace({ delay: config.shutdownTimeoutMs, logger: { error: (msg: unknown) => app.log.error(msg) } }, async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'fatal error, closing');
      else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      await app.close();
      app.log.info('stopped');
    });
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : `start-up failed: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`arcparse server: ${message.split('\n')[0] ?? ''}\n`);
    process.exit(1);
  }
}
