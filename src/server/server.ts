/**
 * startServer: models (loaded once, in the main thread) → workers (attached to them) → app → listen. Used by main.ts, the tests that need a
 * real socket and the load benchmark, which may substitute the worker module.
 */
import closeWithGrace from 'close-with-grace';
import type { FastifyServerOptions } from 'fastify';
import { isBundleName } from '../api/models.ts';
import { type ParserInfo, loadParserSync } from '../api/parser.ts';
import { type StoreImage, defaultStore } from '../model/weight-store.ts';
import { type App, buildApp } from './app.ts';
import { ConfigError, type ServerConfig, configHelp, loadConfig } from './config.ts';
import { createMetrics } from './metrics.ts';
import { MODEL_HEADER } from './model-choice.ts';
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

/** Visible ASCII: what a header value can carry without escaping. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

function loadForWorkers(choice: string): ParserInfo {
  try {
    return loadParserSync(choice, { eager: true }).info;
  } catch (err) {
    throw new ConfigError(`cannot load the model from ${choice} (ARCPARSE_MODEL): ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The configured models, loaded: their directories (default first) and the weight store the workers attach to. */
export interface SharedModels {
  dirs: string[];
  store: StoreImage;
}

/**
 * Each model once per process: every bundle (every component, every precomputed table) is loaded
 * once, here, into the shared weight store; the workers attach to it and only build their own
 * vocabularies and scratch. `choices` are ARCPARSE_MODEL's entries, resolved as the library
 * resolves a model name or path. A model that does not load, a name requests could not use, or
 * two bundles with one name stop start-up with one line.
 */
export function loadSharedModels(choices: readonly string[]): SharedModels {
  const byName = new Map<string, string>();
  const dirs = choices.map((choice) => {
    const info = loadForWorkers(choice);
    const { name, version } = info.model;
    if (!isBundleName(name)) {
      throw new ConfigError(`the model from ${choice} (ARCPARSE_MODEL) is named ${JSON.stringify(name)}: requests choose models by name, so a name has only letters, digits, _ . and -`);
    }
    if (!HEADER_SAFE.test(version)) {
      throw new ConfigError(`the model from ${choice} (ARCPARSE_MODEL) has version ${JSON.stringify(version)}: every answer names it in the ${MODEL_HEADER} header, so a version is visible ASCII without spaces`);
    }
    const other = byName.get(name);
    if (other !== undefined) throw new ConfigError(`ARCPARSE_MODEL names two models called ${name} (${other} and ${choice}): requests could not choose between them`);
    byName.set(name, choice);
    return info.modelDir;
  });
  return { dirs, store: defaultStore().image() };
}

export async function startServer(config: ServerConfig, overrides: StartOverrides = {}): Promise<RunningServer> {
  // Bound once the app (its logger and metrics) exists; the workers start first because the app needs the model summaries.
  const late: { log?: (err: unknown) => void; abortDone?: (ms: number, after: number) => void; waited?: (ms: number) => void } = {};
  // A substitute worker (benchmarks, tests) loads what it needs itself.
  const shared = overrides.workerUrl ? undefined : loadSharedModels(config.models);
  const service = await WorkerPoolService.start({
    ...(shared ? { store: shared.store } : {}),
    modelDirs: shared?.dirs ?? config.models, threads: config.threads, maxQueue: config.maxQueue, queueTargetMs: config.queueTargetMs, timeoutMs: config.timeoutMs,
    maxChars: config.maxChars, maxWordsPerSentence: config.maxTokensPerSentence,
    onInternalError: (err) => late.log?.(err),
    onAbortDone: (ms, after) => late.abortDone?.(ms, after),
    onWaited: (ms) => late.waited?.(ms),
    ...(overrides.workerUrl ? { workerUrl: overrides.workerUrl } : {}),
  });
  const metrics = createMetrics(service);
  late.abortDone = (ms, after) => {
    metrics.abortToFree.observe(ms / 1000);
    metrics.sentencesAfterAbort.observe(after);
  };
  late.waited = (ms) => metrics.queueWait.observe(ms / 1000);
  let app: App;
  try {
    app = await buildApp({
      service, metrics, logger: overrides.logger ?? loggerOptions(config),
      limits: { bodyLimit: config.bodyLimit, maxChars: config.maxChars, maxSentences: config.maxSentences, maxTokensPerSentence: config.maxTokensPerSentence, maxTokenChars: config.maxTokenChars },
      connection: { headersTimeoutMs: config.headersTimeoutMs, receiveTimeoutMs: config.receiveTimeoutMs, idleTimeoutMs: config.idleTimeoutMs,
        keepAliveTimeoutMs: config.keepAliveTimeoutMs, maxHeaderBytes: config.maxHeaderBytes },
    });
  } catch (err) {
    await service.close();
    throw err;
  }
  late.log = (err) => app.log.error({ err }, 'parser worker failed');
  app.addHook('onClose', async () => { await service.close(); });
  for (const m of service.models) {
    if (!m.pipeline) app.log.warn({ model: m.name, modelDir: m.modelDir }, 'the model has no tokenizer and tagger: POST /v1/parse with it will answer 503');
  }
  const url = await app.listen({ host: config.host, port: config.port });
  const models = service.models.map((m) => ({ name: m.name, language: m.language, version: m.version, modelDir: m.modelDir }));
  app.log.info({ url, threads: config.threads, models }, 'arcparse server ready');
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
