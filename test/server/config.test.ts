import { availableParallelism } from 'node:os';
import { describe, expect, test } from 'vitest';
import { ConfigError, configHelp, loadConfig } from '../../src/server/config.ts';

describe('loadConfig', () => {
  test('defaults: 127.0.0.1:3000, the shipped English bundle, one thread per core', () => {
    expect(loadConfig({}, [])).toEqual({
      host: '127.0.0.1', port: 3000, models: ['en_ewt'], threads: availableParallelism(), maxQueue: 64, queueTargetMs: 50, timeoutMs: 10_000,
      bodyLimit: 2 << 20, maxChars: 100_000, maxSentences: 10_000, maxTokensPerSentence: 250, maxTokenChars: 200,
      headersTimeoutMs: 10_000, receiveTimeoutMs: 30_000, idleTimeoutMs: 30_000, keepAliveTimeoutMs: 72_000, maxHeaderBytes: 16 << 10,
      shutdownTimeoutMs: 30_000, logLevel: 'info',
    });
  });

  test('environment, then flags (flags win); empty variables count as unset', () => {
    const c = loadConfig({ HOST: '0.0.0.0', PORT: '8080', ARCPARSE_THREADS: '3', ARCPARSE_MAX_TOKENS: '', LOG_LEVEL: 'warn' }, ['--port', '9090', '--model=/m', '--max-queue', '0']);
    expect(c).toMatchObject({ host: '0.0.0.0', port: 9090, threads: 3, models: ['/m'], maxQueue: 0, maxTokensPerSentence: 250, logLevel: 'warn' });
  });

  test('ARCPARSE_MODEL and --model take a comma-separated list, default first; spaces around entries are dropped', () => {
    expect(loadConfig({ ARCPARSE_MODEL: 'en_ewt, fr_sequoia' }, []).models).toEqual(['en_ewt', 'fr_sequoia']);
    expect(loadConfig({ ARCPARSE_MODEL: 'en_ewt' }, ['--model', 'fr_sequoia,./runs/mine']).models).toEqual(['fr_sequoia', './runs/mine']);
  });

  test.each([
    [{ ARCPARSE_MODEL: 'en_ewt,,fr_sequoia' }, [],
      'invalid environment variable ARCPARSE_MODEL="en_ewt,,fr_sequoia": expected a comma-separated list of bundle names or paths, without empty entries'],
    [{}, ['--model', 'fr_sequoia,en_ewt,fr_sequoia'],
      'invalid flag --model="fr_sequoia,en_ewt,fr_sequoia": expected a comma-separated list of bundle names or paths: fr_sequoia is given twice'],
    [{ PORT: 'abc' }, [], 'invalid environment variable PORT="abc": expected an integer from 0 to 65535'],
    [{ PORT: '70000' }, [], 'invalid environment variable PORT="70000": expected an integer from 0 to 65535'],
    [{ ARCPARSE_THREADS: '0' }, [], 'invalid environment variable ARCPARSE_THREADS="0": expected an integer from 1 to 256'],
    [{ ARCPARSE_TIMEOUT_MS: '1.5' }, [], 'invalid environment variable ARCPARSE_TIMEOUT_MS="1.5": expected an integer from 1 to 3600000'],
    [{ LOG_LEVEL: 'loud' }, [], /^invalid environment variable LOG_LEVEL="loud": /],
    [{}, ['--max-chars=-5'], 'invalid flag --max-chars="-5": expected an integer from 1 to 100000000'],
    [{}, ['--prot', '1'], /^invalid command line: Unknown option '--prot'/],
    [{}, ['serve'], /^invalid command line: Unexpected argument 'serve'/],
    [{ ARCPARSE_MAX_TOKEN_CHARS: '300' }, [], 'invalid environment variable ARCPARSE_MAX_TOKEN_CHARS="300": expected an integer from 1 to 254'],
    [{ ARCPARSE_HEADERS_TIMEOUT_MS: '5000', ARCPARSE_RECEIVE_TIMEOUT_MS: '1000' }, [],
      'ARCPARSE_HEADERS_TIMEOUT_MS=5000 must not exceed ARCPARSE_RECEIVE_TIMEOUT_MS=1000 (the headers are part of the request)'],
    [{ ARCPARSE_IDLE_TIMEOUT_MS: '5000' }, [], 'ARCPARSE_IDLE_TIMEOUT_MS=5000 must exceed ARCPARSE_TIMEOUT_MS=10000 (a parse sends nothing until it ends)'],
  ])('%j %j → one-line error', (env, argv, message) => {
    let error: unknown;
    try { loadConfig(env, argv); } catch (err) { error = err; }
    expect(error).toBeInstanceOf(ConfigError);
    const msg = (error as Error).message;
    expect(msg).not.toContain('\n');
    if (typeof message === 'string') expect(msg).toBe(message);
    else expect(msg).toMatch(message);
  });

  test('help lists every variable', () => {
    for (const v of ['HOST', 'PORT', 'ARCPARSE_MODEL', 'ARCPARSE_THREADS', 'ARCPARSE_MAX_QUEUE', 'ARCPARSE_TIMEOUT_MS', 'ARCPARSE_BODY_LIMIT',
      'ARCPARSE_MAX_CHARS', 'ARCPARSE_MAX_SENTENCES', 'ARCPARSE_MAX_TOKENS', 'ARCPARSE_MAX_TOKEN_CHARS', 'ARCPARSE_QUEUE_TARGET_MS',
      'ARCPARSE_HEADERS_TIMEOUT_MS', 'ARCPARSE_RECEIVE_TIMEOUT_MS', 'ARCPARSE_IDLE_TIMEOUT_MS', 'ARCPARSE_KEEP_ALIVE_TIMEOUT_MS', 'ARCPARSE_MAX_HEADER_BYTES',
      'ARCPARSE_SHUTDOWN_TIMEOUT_MS', 'LOG_LEVEL']) {
      expect(configHelp()).toContain(v);
    }
  });
});
