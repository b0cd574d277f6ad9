import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type App, buildApp } from '../../src/server/app.ts';
import { ServiceError } from '../../src/server/parse-service.ts';
import { formatFromAccept } from '../../src/server/content.ts';
import { ParseResponseSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, errorOf, json, post, testApp } from './helpers.ts';

describe('POST /v1/parse', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService(); app = await testApp(service); });
  afterAll(async () => { await app.close(); });

  test('raw text: 200 with sentences of tokens and words that match the response schema', async () => {
    const res = await post(app, { text: 'The cat sat. It slept!' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = ParseResponseSchema.strict().parse(res.json());
    expect(body.sentences.map((s) => s.text)).toEqual(['The cat sat.', 'It slept!']);
    const [, second] = body.sentences;
    expect(second?.start_char).toBe(13);
    expect(second?.words[0]).toEqual({ id: 1, text: 'It', lemma: 'it', upos: 'X', head: 0, deprel: 'root', start_char: 13, end_char: 15 });
    expect(second?.tokens[1]).toEqual({ id: [2], text: 'slept!', start_char: 16, end_char: 22, space_after: true });
    expect(service.calls.at(-1)?.input).toEqual({ kind: 'text', text: 'The cat sat. It slept!' });
  });

  test('sentences and pre-tokenized tokens reach the service unchanged', async () => {
    expect((await post(app, { sentences: ['One two.', 'Three'] })).statusCode).toBe(200);
    expect(service.calls.at(-1)?.input).toEqual({ kind: 'sentences', sentences: ['One two.', 'Three'] });
    const res = await post(app, { tokens: [["can't", 'stop'], ['New-York']] });
    expect(res.statusCode).toBe(200);
    expect(service.calls.at(-1)?.input).toEqual({ kind: 'tokens', tokens: [["can't", 'stop'], ['New-York']] });
    expect(ParseResponseSchema.parse(res.json()).sentences[0]?.words.map((w) => w.text)).toEqual(["can't", 'stop']);
  });

  test('probabilities only when asked, each in [0, 1]', async () => {
    const plain = ParseResponseSchema.parse((await post(app, { text: 'a b c' })).json());
    expect(plain.sentences[0]?.words.every((w) => w.probability === undefined)).toBe(true);
    const withP = ParseResponseSchema.parse((await post(app, { text: 'a b c', probabilities: true })).json());
    expect(withP.sentences[0]?.words.map((w) => w.probability)).toEqual([0.5, 0.5, 0.5]);
  });

  test('format=conllu and Accept: text/x-conllu return CoNLL-U', async () => {
    for (const res of [
      await post(app, { tokens: [['a', 'b', '.']], format: 'conllu' }),
      await post(app, { tokens: [['a', 'b', '.']] }, { ...json, accept: 'text/x-conllu' }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/x-conllu; charset=utf-8');
      const lines = res.body.split('\n');
      expect(lines.slice(0, 2)).toEqual(['# sent_id = 1', '# text = a b .']);
      expect(lines[2]?.split('\t')).toEqual(['1', 'a', 'a', 'X', '_', '_', '0', 'root', '_', '_']);
      expect(lines[4]?.split('\t')).toEqual(['3', '.', '.', 'PUNCT', '_', '_', '1', 'punct', '_', '_']);
      expect(res.body.endsWith('\n\n')).toBe(true);
    }
    const explicit = await post(app, { text: 'a', format: 'json' }, { ...json, accept: 'text/x-conllu' });
    expect(explicit.headers['content-type']).toMatch(/^application\/json/);
  });

  test('Accept negotiation honours q-values, prefers JSON on ties, and has no preference for */* (the input kind decides)', () => {
    expect(formatFromAccept(undefined)).toBeUndefined();
    expect(formatFromAccept('*/*')).toBeUndefined();
    expect(formatFromAccept('text/html')).toBeUndefined();
    expect(formatFromAccept('text/x-conllu')).toBe('conllu');
    expect(formatFromAccept('application/x-ndjson')).toBe('ndjson');
    expect(formatFromAccept('application/json, text/x-conllu;q=0.5')).toBe('json');
    expect(formatFromAccept('application/json;q=0.2, text/x-conllu')).toBe('conllu');
    expect(formatFromAccept('text/x-conllu, application/json')).toBe('json');
  });

  test('empty text gives no sentences', async () => {
    const res = await post(app, { text: '' });
    expect(res.json()).toEqual({ model: { name: 'fake', version: 'test-1' }, sentences: [] });
  });

  test('request ids: a sane x-request-id is echoed, anything else is replaced', async () => {
    const mine = await post(app, { text: 'a' }, { ...json, 'x-request-id': 'abc-123' });
    expect(mine.headers['x-request-id']).toBe('abc-123');
    const evil = await post(app, { text: 'a' }, { ...json, 'x-request-id': 'x'.repeat(500) });
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('400: malformed JSON and schema violations name the field and why', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  test.each([
    ['broken JSON', '{"text": "abc"', 'FST_ERR_CTP_INVALID_JSON_BODY'],
    ['empty body', '', 'FST_ERR_CTP_EMPTY_JSON_BODY'],
  ])('%s', async (_name, payload, code) => {
    expect(errorOf(await post(app, payload), 400).code).toBe(code);
  });

  test.each([
    ['no input', {}, '', /exactly one of text, sentences, tokens or conllu \(got none\)/],
    ['two inputs', { text: 'a', tokens: [['a']] }, '/tokens', /exactly one .*got text, tokens/],
    ['not an object', [1, 2], '', /expected object/],
    ['wrong type', { text: 42 }, '/text', /expected string/],
    ['token not a string', { tokens: [['a', 1]] }, '/tokens/0/1', /expected string/],
    ['token with a space', { tokens: [['New York']] }, '/tokens/0/0', /white space/],
    ['token with a zero-width space', { tokens: [['New\u200bYork']] }, '/tokens/0/0', /U\+200B/],
    ['empty token', { tokens: [['']] }, '/tokens/0/0', /must not be empty/],
    ['sentence without tokens', { tokens: [[]] }, '/tokens/0', /at least one token/],
    ['blank sentence', { sentences: ['  '] }, '/sentences/0', /non-space/],
    ['unknown key', { text: 'a', txt: 'b' }, '', /txt/],
    ['bad format', { text: 'a', format: 'xml' }, '/format', /json.*conllu|conllu.*json/],
    ['bad probabilities', { text: 'a', probabilities: 'yes' }, '/probabilities', /expected boolean/],
  ])('%s', async (_name, payload, path, message) => {
    const body = errorOf(await post(app, payload), 400);
    expect(body.code).toBe('HTTP_ERR_VALIDATION');
    expect(body.issues?.[0]?.path).toBe(path);
    expect(body.message).toMatch(message);
    expect(body.message.startsWith(`body${path}:`)).toBe(true);
  });

  test('invalid UTF-8 is refused, not replaced', async () => {
    const bytes = Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const body = errorOf(await post(app, bytes), 400);
    expect(body.code).toBe('HTTP_ERR_ENCODING');
  });
});

describe('415, 413 and 422', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  test.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'text=hello'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/xml', '<text/>'],
  ])('%s → 415', async (type, payload) => {
    const body = errorOf(await post(app, payload, { 'content-type': type }), 415);
    expect(body.code).toBe('FST_ERR_CTP_INVALID_MEDIA_TYPE');
    expect(body.field).toBe('headers/content-type');
  });

  test('body over the byte limit → 413', async () => {
    const body = errorOf(await post(app, { text: 'a'.repeat(TEST_LIMITS.bodyLimit) }), 413);
    expect(body).toMatchObject({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', limit: TEST_LIMITS.bodyLimit, field: 'body' });
    expect(body.message).toMatch(/ARCPARSE_BODY_LIMIT/);
  });

  test.each([
    ['characters of text', { text: 'a '.repeat(1001) }, TEST_LIMITS.maxChars, /at most 2000 characters/],
    ['characters over all sentences', { sentences: Array.from({ length: 15 }, () => 'word '.repeat(30)) }, TEST_LIMITS.maxChars, /2250 characters; at most 2000/],
    ['characters over all tokens', { tokens: Array.from({ length: 19 }, () => Array.from({ length: 40 }, () => 'abc')) }, TEST_LIMITS.maxChars, /at most 2000 characters/],
    ['sentences', { sentences: Array.from({ length: 21 }, () => 'a') }, TEST_LIMITS.maxSentences, /at most 20 sentences \(ARCPARSE_MAX_SENTENCES\)/],
    ['token lists', { tokens: Array.from({ length: 21 }, () => ['a']) }, TEST_LIMITS.maxSentences, /at most 20 sentences/],
    ['tokens per sentence', { tokens: [Array.from({ length: 51 }, () => 'a')] }, TEST_LIMITS.maxTokensPerSentence, /at most 50 tokens per sentence \(ARCPARSE_MAX_TOKENS\)/],
    ['characters in a token', { tokens: [['a', 'b'.repeat(41)]] }, TEST_LIMITS.maxTokenChars, /at most 40 characters per token \(ARCPARSE_MAX_TOKEN_CHARS\)/],
  ])('too many %s → 413 with the limit', async (_name, payload, limit, message) => {
    const body = errorOf(await post(app, payload), 413);
    expect(body.code).toBe('HTTP_ERR_LIMIT');
    expect(body.limit).toBe(limit);
    expect(body.message).toMatch(message);
  });

  test('raw text that splits into too many sentences → 413 from the service', async () => {
    const body = errorOf(await post(app, { text: 'A. '.repeat(21) }), 413);
    expect(body).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: 20, field: 'body/text' });
    expect(body.message).toMatch(/21 sentences; the limit is 20 \(ARCPARSE_MAX_SENTENCES\)/);
  });

  test('input the library refuses → 422 with its message', async () => {
    const app422 = await testApp(new FakeService({ error: new ServiceError('HTTP_ERR_INPUT', 'sentence 0 has no tokens') }));
    const body = errorOf(await post(app422, { sentences: ['\u200b'] }), 422);
    expect(body).toMatchObject({ code: 'HTTP_ERR_INPUT', message: 'sentence 0 has no tokens' });
    await app422.close();
  });
});

describe('503 and 500', () => {
  test('overload: 503 with Retry-After', async () => {
    const app = await testApp(new FakeService({ error: new ServiceError('HTTP_ERR_OVERLOADED', 'the server is busy', { retryAfter: 3 }) }));
    const res = await post(app, { text: 'a' });
    expect(errorOf(res, 503).code).toBe('HTTP_ERR_OVERLOADED');
    expect(res.headers['retry-after']).toBe('3');
    await app.close();
  });

  test('admission control refuses before the body is read or validated', async () => {
    const service = new FakeService({ refusal: new ServiceError('HTTP_ERR_OVERLOADED', 'the server is busy', { retryAfter: 2 }) });
    const app = await testApp(service);
    const res = await post(app, '{ not even json');
    expect(errorOf(res, 503).code).toBe('HTTP_ERR_OVERLOADED');
    expect(res.headers['retry-after']).toBe('2');
    expect(service.calls).toHaveLength(0);
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    await app.close();
  });

  test('a blocked event loop (under-pressure backstop): parse answers 503, health checks stay 200', async () => {
    const app = await buildApp({ service: new FakeService(), limits: TEST_LIMITS, logger: false });
    await app.ready();
    const until = Date.now() + 1500;
    while (Date.now() < until) { /* block the event loop past maxEventLoopDelay (1 s) */ }
    await new Promise((r) => setTimeout(r, 50));
    const res = await post(app, { text: 'a' });
    expect(errorOf(res, 503).code).toBe('HTTP_ERR_OVERLOADED');
    expect(res.headers['retry-after']).toBe('1');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    await app.close();
  });

  test('a model without tokenizer and tagger: 503 that says so, without calling the service', async () => {
    const service = new FakeService({ pipeline: false });
    const app = await testApp(service);
    const body = errorOf(await post(app, { tokens: [['a']] }), 503);
    expect(body.code).toBe('HTTP_ERR_NO_PIPELINE');
    expect(body.message).toMatch(/no tokenizer and tagger/);
    expect(service.calls).toHaveLength(0);
    await app.close();
  });

  test('a bug inside the service: 500 with a generic message', async () => {
    const app = await testApp(new FakeService({ error: new Error('secret internals') }));
    const body = errorOf(await post(app, { text: 'a' }), 500);
    expect(body).toMatchObject({ code: 'HTTP_ERR_INTERNAL', message: 'internal error' });
    await app.close();
  });

  test('a tree that breaks the response schema is a 500, never sent', async () => {
    const service = new FakeService({ sentences: [{ text: 'a', start: 0, end: 1, tokens: [], words: [{ id: 0, form: 'a', lemma: 'a', upos: 'X', xpos: '_', feats: '_', head: -1, deprel: 'root', prob: 1, start: 0, end: 1 }] }] });
    const app = await testApp(service);
    expect(errorOf(await post(app, { text: 'a' }), 500).code).toBe('HTTP_ERR_INTERNAL');
    await app.close();
  });
});

describe('operations, docs and viewer', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService(); app = await testApp(service); });
  afterAll(async () => { await app.close(); });

  test('healthz and readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ ready: true, pipeline: true });
  });

  test('404 is JSON too', async () => {
    expect(errorOf(await app.inject('/nope'), 404).code).toBe('HTTP_ERR_NOT_FOUND');
  });

  test('metrics: requests by route and status, latency histogram, words parsed, queue depth', async () => {
    await post(app, { text: 'one two three' });
    await post(app, { text: 7 });
    const text = (await app.inject('/metrics')).body;
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/parse",status_code="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/v1\/parse",status_code="400"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0\.05"/);
    expect(text).toMatch(/arcparse_words_parsed_total [1-9]/);
    expect(text).toMatch(/arcparse_queue_depth 0/);
    expect(text).toMatch(/arcparse_errors_total\{code="HTTP_ERR_VALIDATION"\} [1-9]/);
    expect(text).toMatch(/process_resident_memory_bytes \d+/);
  });

  test('OpenAPI document from the zod schemas, docs page at /docs', async () => {
    const doc = (await app.inject('/docs/json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const op = doc.paths['/v1/parse'].post;
    const req = op.requestBody.content['application/json'].schema;
    expect(Object.keys(req.properties)).toEqual(['text', 'sentences', 'tokens', 'conllu', 'format', 'probabilities', 'keepTags', 'beam', 'kbest', 'model']);
    expect(req.properties.text.maxLength).toBe(TEST_LIMITS.maxChars);
    expect(req.properties.tokens.items.maxItems).toBe(TEST_LIMITS.maxTokensPerSentence);
    expect(Object.keys(op.responses)).toEqual(['200', '400', '413', '415', '422', '503']);
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'application/x-ndjson', 'text/x-conllu']);
    const word = op.responses['200'].content['application/json'].schema.properties.sentences.items.properties.words.items;
    expect(word.required).toEqual(['id', 'text', 'upos', 'head', 'deprel', 'start_char', 'end_char']);
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
    const page = await app.inject('/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
  });

  test('viewer page and script are served locally with a strict CSP', async () => {
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).not.toMatch(/https?:\/\//);
    const js = await app.inject('/viewer.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toContain('/v1/parse');
  });

  test('readyz turns 503 once the service stops being ready', async () => {
    await service.close();
    expect((await app.inject('/readyz')).statusCode).toBe(503);
  });
});

describe('logs', () => {
  test('pino JSON lines with the request id; request text never logged, not even from a JSON syntax error', async () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => { lines.push(s); } };
    const app = await buildApp({ service: new FakeService(), limits: TEST_LIMITS, logger: { level: 'trace', stream }, underPressure: false });
    const secret = 'Sekr3tPatientName';
    const ok = await post(app, { text: `${secret} is ill.` }, { ...json, 'x-request-id': 'req-42' });
    expect(ok.statusCode).toBe(200);
    expect((await post(app, `{"text": "${secret}`)).statusCode).toBe(400);
    expect((await post(app, { tokens: [[`${secret} x`]] })).statusCode).toBe(400);
    await app.close();
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.reqId === 'req-42').map((e) => e.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(lines.join('\n')).not.toContain(secret);
  });
});
