/**
 * Issue 10, content negotiation: Content-Encoding decoded with a decompressed-size limit (others 415),
 * `format` in the query string honoured (or 400, never ignored), CoNLL-U bodies, and a /docs page whose
 * examples work.
 */
import { gzipSync, brotliCompressSync, deflateSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { ParseResponseSchema, buildRequestSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, errorOf, json, testApp } from './helpers.ts';

const inject = (app: App, payload: string | Buffer, headers: Record<string, string> = json, url = '/v1/parse'): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url, headers, payload });

const BODY = JSON.stringify({ tokens: [['Dogs', 'bark', '.']] });
const words = (res: LightMyRequestResponse): string[] => ParseResponseSchema.parse(res.json()).sentences.flatMap((s) => s.words.map((w) => w.text));

describe('issue 10: Content-Encoding', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService(); app = await testApp(service); });
  afterAll(async () => { await app.close(); });

  test.each([
    ['gzip', gzipSync], ['x-gzip', gzipSync], ['GZIP', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync],
  ])('%s bodies are decoded', async (coding, compress) => {
    const res = await inject(app, compress(Buffer.from(BODY)), { ...json, 'content-encoding': coding });
    expect(res.statusCode, res.body).toBe(200);
    expect(words(res)).toEqual(['Dogs', 'bark', '.']);
  });

  test('identity (or none) is read as is', async () => {
    expect((await inject(app, BODY, { ...json, 'content-encoding': 'identity' })).statusCode).toBe(200);
  });

  test('a body that is not what its Content-Encoding says → 400 naming the coding (a plain body sent as br is not accepted as plain)', async () => {
    for (const coding of ['br', 'gzip', 'deflate']) {
      const body = errorOf(await inject(app, BODY, { ...json, 'content-encoding': coding }), 400);
      expect(body).toMatchObject({ code: 'HTTP_ERR_ENCODING', field: 'body' });
      expect(body.message).toContain(`not valid ${coding === 'br' ? 'br' : coding} data`);
    }
    const truncated = gzipSync(Buffer.from(BODY)).subarray(0, 20);
    expect(errorOf(await inject(app, truncated, { ...json, 'content-encoding': 'gzip' }), 400).code).toBe('HTTP_ERR_ENCODING');
  });

  test('a gzip body without Content-Encoding is refused as invalid UTF-8, never parsed as something else', async () => {
    expect(errorOf(await inject(app, gzipSync(Buffer.from(BODY))), 400).code).toBe('HTTP_ERR_ENCODING');
  });

  test.each(['compress', 'zstd', 'gzip, br', 'br;q=1', 'x'])('Content-Encoding %s → 415 before the body is read', async (coding) => {
    const before = service.calls.length;
    const body = errorOf(await inject(app, BODY, { ...json, 'content-encoding': coding }), 415);
    expect(body).toMatchObject({ code: 'HTTP_ERR_UNSUPPORTED_ENCODING', field: 'headers/content-encoding' });
    expect(service.calls.length).toBe(before);
  });

  test('a decompression bomb stops at the body limit with 413, after inflating no more than the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * TEST_LIMITS.bodyLimit, 0x20)); // 12.8 MB of spaces in ~13 KB
    expect(bomb.length).toBeLessThan(TEST_LIMITS.bodyLimit);
    const body = errorOf(await inject(app, bomb, { ...json, 'content-encoding': 'gzip' }), 413);
    expect(body).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: TEST_LIMITS.bodyLimit, field: 'body' });
    expect(body.message).toMatch(/decoded body has more than 65536 bytes \(ARCPARSE_BODY_LIMIT\)/);
  });

  test('a charset other than UTF-8 → 415; utf-8 in any spelling is fine', async () => {
    expect(errorOf(await inject(app, BODY, { 'content-type': 'application/json; charset=iso-8859-1' }), 415).code).toBe('HTTP_ERR_UNSUPPORTED_CHARSET');
    expect((await inject(app, BODY, { 'content-type': 'application/json; charset="UTF-8"' })).statusCode).toBe(200);
    expect((await inject(app, BODY, { 'content-type': 'application/json;charset=utf8' })).statusCode).toBe(200);
  });
});

describe('issue 10: format in the query string', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  test('?format=conllu (or ndjson, json) is honoured', async () => {
    const conllu = await inject(app, BODY, json, '/v1/parse?format=conllu');
    expect(conllu.headers['content-type']).toBe('text/x-conllu; charset=utf-8');
    expect(conllu.body.split('\n')[2]).toBe('1\tDogs\tdogs\tX\t_\t_\t0\troot\t_\t_');
    const ndjson = await inject(app, BODY, { ...json, accept: 'text/x-conllu' }, '/v1/parse?format=ndjson');
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const asJson = await inject(app, BODY, { ...json, accept: 'text/x-conllu' }, '/v1/parse?format=json');
    expect(words(asJson)).toEqual(['Dogs', 'bark', '.']);
    const probs = ParseResponseSchema.parse((await inject(app, BODY, json, '/v1/parse?probabilities=true')).json());
    expect(probs.sentences[0]?.words[0]?.probability).toBe(0.5);
  });

  test.each([
    ['?format=xml', 'query/format'],
    ['?format=', 'query/format'],
    ['?format=json&format=conllu', 'query/format'],
    ['?probabilities=yes', 'query/probabilities'],
    ['?fromat=conllu', 'query'],
  ])('%s → 400 naming the parameter', async (query, field) => {
    const body = errorOf(await inject(app, BODY, json, `/v1/parse${query}`), 400);
    expect(body.code).toBe('HTTP_ERR_VALIDATION');
    expect(body.field).toBe(field);
  });

  test('the same option in body and query must agree', async () => {
    const body = errorOf(await inject(app, JSON.stringify({ text: 'a', format: 'json' }), json, '/v1/parse?format=conllu'), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_VALIDATION', field: 'query/format' });
    expect((await inject(app, JSON.stringify({ text: 'a', format: 'conllu' }), json, '/v1/parse?format=conllu')).statusCode).toBe(200);
  });
});

describe('issue 10: CoNLL-U in', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService(); app = await testApp(service); });
  afterAll(async () => { await app.close(); });

  const DOC = [
    '# sent_id = s1', '# text = Dogs don\'t bark.',
    '1\tDogs\tdog\tNOUN\tNNS\tNumber=Plur\t_\t_\t_\t_',
    '2-3\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_',
    '2\tdo\tdo\tAUX\tVBP\t_\t_\t_\t_\t_',
    '3\tn\'t\tnot\tPART\tRB\t_\t_\t_\t_\t_',
    '4\tbark\tbark\tVERB\tVB\t_\t_\t_\t_\tSpaceAfter=No',
    '5\t.\t.\tPUNCT\t.\t_\t_\t_\t_\tFoo=bar',
    '', '',
  ].join('\n');
  const conllu = { 'content-type': 'text/x-conllu' };

  test('a text/x-conllu body answers CoNLL-U by default: tokens, comments and other columns kept, tags predicted', async () => {
    const res = await inject(app, DOC, conllu);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/x-conllu; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines.slice(0, 4)).toEqual(['# sent_id = s1', '# text = Dogs don\'t bark.', '1\tDogs\tdogs\tX\tNNS\tNumber=Plur\t0\troot\t_\t_', '2-3\tdon\'t\t_\t_\t_\t_\t_\t_\t_\t_']);
    expect(lines[7]).toBe('5\t.\t.\tPUNCT\t.\t_\t1\tdep\t_\tFoo=bar');
    expect(service.calls.at(-1)?.input).toEqual({ kind: 'conllu', conllu: DOC, keepTags: false });
  });

  test('?keepTags=true keeps the tags; JSON output rebuilds the text from forms and SpaceAfter=No', async () => {
    const res = await inject(app, DOC, { ...conllu, accept: 'application/json' }, '/v1/parse?keepTags=true&probabilities=true');
    expect(res.statusCode, res.body).toBe(200);
    const [s] = ParseResponseSchema.parse(res.json()).sentences;
    expect(s?.text).toBe('Dogs don\'t bark.');
    expect(s?.tokens.map((t) => [t.text, t.id, t.start_char, t.end_char, t.space_after])).toEqual([
      ['Dogs', [1], 0, 4, true], ['don\'t', [2, 3], 5, 10, true], ['bark', [4], 11, 15, false], ['.', [5], 15, 16, true]]);
    expect(s?.words.map((w) => [w.text, w.upos, w.lemma])).toEqual([['Dogs', 'NOUN', 'dog'], ['do', 'AUX', 'do'], ['n\'t', 'PART', 'not'], ['bark', 'VERB', 'bark'], ['.', 'PUNCT', '.']]);
    expect(s?.words[0]?.probability).toBe(0.5);
  });

  test('CoNLL-U inside JSON (the `conllu` field) works the same', async () => {
    const res = await inject(app, JSON.stringify({ conllu: DOC, keepTags: true, format: 'conllu' }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body.split('\n')[2]).toBe('1\tDogs\tdog\tNOUN\tNNS\tNumber=Plur\t0\troot\t_\t_');
  });

  test('malformed CoNLL-U → 400 HTTP_ERR_CONLLU with the line; keepTags without UPOS → 400; keepTags with other input → 400', async () => {
    const bad = errorOf(await inject(app, '1\tDogs\t_\n\n', conllu), 400);
    expect(bad).toMatchObject({ code: 'HTTP_ERR_CONLLU', field: 'body/conllu' });
    expect(bad.message).toBe('conllu:1: expected 10 tab-separated columns, found 3');
    const noUpos = errorOf(await inject(app, '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\n\n', conllu, '/v1/parse?keepTags=true'), 400);
    expect(noUpos.message).toMatch(/keepTags: sentence 0, word 1 has no UPOS/);
    expect(errorOf(await inject(app, BODY, json, '/v1/parse?keepTags=true'), 400)).toMatchObject({ field: 'query/keepTags' });
  });

  test('the same limits: sentences, words per sentence, characters per form; invalid UTF-8 and other charsets', async () => {
    const sentence = (n: number, form = 'w'): string => `${Array.from({ length: n }, (_, i) => `${i + 1}\t${form}\t_\t_\t_\t_\t_\t_\t_\t_`).join('\n')}\n\n`;
    const cases: [string, number, RegExp][] = [
      [sentence(1).repeat(TEST_LIMITS.maxSentences + 1), TEST_LIMITS.maxSentences, /21 sentences; the limit is 20 \(ARCPARSE_MAX_SENTENCES\)/],
      [sentence(TEST_LIMITS.maxTokensPerSentence + 1), TEST_LIMITS.maxTokensPerSentence, /51 words; the limit is 50 \(ARCPARSE_MAX_TOKENS\)/],
      [sentence(1, 'x'.repeat(TEST_LIMITS.maxTokenChars + 1)), TEST_LIMITS.maxTokenChars, /ARCPARSE_MAX_TOKEN_CHARS/],
      [sentence(40, 'x'.repeat(39)).repeat(2), TEST_LIMITS.maxChars, /3200 characters of forms; the limit is 2000 \(ARCPARSE_MAX_CHARS\)/],
    ];
    for (const [doc, limit, message] of cases) {
      const body = errorOf(await inject(app, doc, conllu), 413);
      expect(body).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit, field: 'body/conllu' });
      expect(body.message).toMatch(message);
    }
    expect(errorOf(await inject(app, Buffer.from([0x31, 0x09, 0xff]), conllu), 400).code).toBe('HTTP_ERR_ENCODING');
    expect(errorOf(await inject(app, sentence(1), { 'content-type': 'text/x-conllu; charset=latin1' }), 415).code).toBe('HTTP_ERR_UNSUPPORTED_CHARSET');
  });

  test('a model without tokenizer and tagger parses CoNLL-U with keepTags, and refuses the rest with 503', async () => {
    const parserOnly = await testApp(new FakeService({ pipeline: false }));
    const doc = '1\tDogs\t_\tNOUN\t_\t_\t_\t_\t_\t_\n2\tbark\t_\tVERB\t_\t_\t_\t_\t_\t_\n\n';
    expect((await inject(parserOnly, doc, conllu, '/v1/parse?keepTags=true')).statusCode).toBe(200);
    expect(errorOf(await inject(parserOnly, doc, conllu), 503).code).toBe('HTTP_ERR_NO_PIPELINE');
    await parserOnly.close();
  });
});

describe('issue 10: /docs', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  test('every request example in the OpenAPI document is a valid request (one input each), and the CoNLL-U body is documented', async () => {
    const doc = (await app.inject('/docs/json')).json();
    const content = doc.paths['/v1/parse'].post.requestBody.content;
    const examples = Object.values(content['application/json'].examples as Record<string, { value: unknown }>).map((e) => e.value);
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const schema = buildRequestSchema(TEST_LIMITS);
    for (const value of examples) {
      expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(true);
      const res = await app.inject({ method: 'POST', url: '/v1/parse', headers: json, payload: JSON.stringify(value) });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(content['text/x-conllu'].example).toMatch(/^1\tDogs/);
    const params = doc.paths['/v1/parse'].post.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`);
    expect(params).toEqual(['query:format', 'query:probabilities', 'query:keepTags', 'query:beam', 'query:kbest', 'query:model']);
  });

  test('no number in the document is ±2^53 (zod\'s default integer range)', async () => {
    const text = (await app.inject('/docs/json')).body;
    expect(text).not.toMatch(/9007199254740991/);
  });
});
