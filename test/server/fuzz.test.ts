/**
 * HTTP fuzz: ≥ 10,000 generated malformed requests through app.inject() (no socket). Every answer
 * must be a 4xx with the JSON error body: random JSON, wrong types, huge strings, deep nesting,
 * invalid UTF-8, wrong content types. A failure prints fast-check's seed and the shrunk request.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { ErrorSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, testApp } from './helpers.ts';

interface Req { contentType: string | undefined; body: string | Buffer; method?: 'POST' | 'PUT' | 'GET' | 'DELETE' }

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON'];
const jsonType = fc.constantFrom(...JSON_TYPES);
const asJson = (v: unknown): fc.Arbitrary<Req> => jsonType.map((contentType) => ({ contentType, body: JSON.stringify(v) }));

const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const notArray = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));
const word = fc.stringMatching(/^[a-z]{1,8}$/);
const input = fc.oneof(
  word.map((t) => ({ text: t })),
  fc.array(word, { minLength: 1, maxLength: 3 }).map((sentences) => ({ sentences })),
  fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((tokens) => ({ tokens })),
);

/** Bodies that are JSON but violate the schema in one known way. */
const wrongShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
  fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => !['text', 'sentences', 'tokens'].includes(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  notString.map((text) => ({ text })),
  notArray.map((sentences) => ({ sentences })),
  fc.array(notString, { minLength: 1, maxLength: 3 }).map((sentences) => ({ sentences })),
  notArray.map((tokens) => ({ tokens })),
  fc.array(notArray, { minLength: 1, maxLength: 3 }).map((tokens) => ({ tokens })),
  fc.array(fc.array(notString, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }).map((tokens) => ({ tokens })),
  fc.constantFrom([[]], [['']], [['a b']], [['a\tb']], [['\u00a0']], [['x', '']]).map((tokens) => ({ tokens })),
  fc.constantFrom([''], [' '], ['\n\t'], ['a', '   ']).map((sentences) => ({ sentences })),
  fc.tuple(input, input).map(([a, b]) => ({ ...a, ...b })).filter((v) => Object.keys(v).length > 1),
  fc.constant({}),
  fc.tuple(input, fc.oneof(fc.string({ maxLength: 5 }), fc.integer())).map(([i, format]) => ({ ...i, format })),
  fc.tuple(input, fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null))).map(([i, probabilities]) => ({ ...i, probabilities })),
  fc.tuple(input, fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !['text', 'sentences', 'tokens', 'format', 'probabilities'].includes(k)), fc.jsonValue({ maxDepth: 1 }))
    .map(([i, k, v]) => ({ ...i, [k]: v })),
);

/** Over a configured limit (but under the body limit, so the schema answers). */
const overLimit: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: TEST_LIMITS.maxChars + 1, max: TEST_LIMITS.maxChars * 4 }).map((n) => ({ text: 'x'.repeat(n) })),
  fc.integer({ min: TEST_LIMITS.maxSentences + 1, max: 200 }).map((n) => ({ sentences: Array.from({ length: n }, () => 'a') })),
  fc.integer({ min: TEST_LIMITS.maxTokensPerSentence + 1, max: 500 }).map((n) => ({ tokens: [Array.from({ length: n }, () => 'a')] })),
  fc.integer({ min: TEST_LIMITS.maxChars + 1, max: 10_000 }).map((n) => ({ tokens: [['x'.repeat(Math.min(n, 1001))]] })),
);

const deepNesting = fc.tuple(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom('[', '{"a":', '{"text":['))
  .map(([depth, open]) => {
    const close = open === '[' ? ']' : open === '{"a":' ? '}' : ']}';
    const body = open === '{"text":[' ? `${open}${'['.repeat(depth)}${']'.repeat(depth)}${close}` : `${open.repeat(depth)}1${close.repeat(depth)}`;
    return body;
  });

const brokenJson = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  fc.jsonValue().map((v) => JSON.stringify(v)).chain((s) => fc.integer({ min: 0, max: Math.max(0, s.length - 1) }).map((n) => s.slice(0, n))).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  fc.constantFrom('{"text":"a"}}', "{'text':'a'}", '{"text":"a",}', 'NaN', '{"text":"\\x41"}', '\u0000', '{"text":"a"}\u0000', '[', '{"text"'),
);

const INVALID_UTF8 = [[0x80], [0xbf], [0xc0, 0xaf], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0xfe], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];
const invalidUtf8 = fc.tuple(input, fc.constantFrom(...INVALID_UTF8), fc.nat()).map(([v, bad, at]) => {
  const text = Buffer.from(JSON.stringify(v));
  const quote = text.indexOf(0x22, text.indexOf(0x3a)) + 1; // inside the first string value
  const pos = quote > 0 ? quote + (at % 2) : at % text.length;
  return Buffer.concat([text.subarray(0, pos), Buffer.from(bad), text.subarray(pos)]);
});

const wrongContentType = fc.tuple(
  fc.oneof(
    fc.constantFrom('text/plain', 'text/plain; charset=utf-8', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
      'application/octet-stream', 'application/jsonx', 'application/json-patch+json', 'text/json', 'image/png', 'application/ld+json', 'text/html', '*/*'),
    fc.stringMatching(/^[a-z]{1,10}\/[a-z0-9.+-]{1,12}$/).filter((t) => t !== 'application/json'),
  ),
  fc.oneof(input.map((v) => JSON.stringify(v)), fc.string({ maxLength: 50 })),
).map(([contentType, body]): Req => ({ contentType, body }));

const requests: fc.Arbitrary<Req> = fc.oneof(
  { arbitrary: wrongShape.chain(asJson), weight: 6 },
  { arbitrary: overLimit.chain(asJson), weight: 1 },
  { arbitrary: fc.tuple(jsonType, deepNesting).map(([contentType, body]) => ({ contentType, body })), weight: 1 },
  { arbitrary: fc.tuple(jsonType, brokenJson).map(([contentType, body]) => ({ contentType, body })), weight: 2 },
  { arbitrary: fc.tuple(jsonType, invalidUtf8).map(([contentType, body]) => ({ contentType, body })), weight: 2 },
  { arbitrary: wrongContentType, weight: 2 },
  { arbitrary: fc.oneof(input.map((v) => JSON.stringify(v)), fc.string({ maxLength: 20 })).map((body): Req => ({ contentType: undefined, body })), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)).chain((body) => jsonType.map((contentType) => ({ contentType, body }))), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom('PUT' as const, 'GET' as const, 'DELETE' as const), input).map(([method, v]) => ({ method, contentType: 'application/json', body: JSON.stringify(v) })), weight: 1 },
  { arbitrary: fc.integer({ min: TEST_LIMITS.bodyLimit + 1, max: TEST_LIMITS.bodyLimit * 3 }).map((n) => ({ contentType: 'application/json', body: JSON.stringify({ text: 'y'.repeat(n) }) })), weight: 1 },
);

describe('HTTP fuzz', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(new FakeService()); });
  afterAll(async () => { await app.close(); });

  test('10,000 malformed requests: every answer is a 4xx with the JSON error body', async () => {
    const seen = new Map<number, number>();
    await fc.assert(fc.asyncProperty(requests, async (req) => {
      const headers: Record<string, string> = req.contentType === undefined ? {} : { 'content-type': req.contentType };
      const res = await app.inject({ method: req.method ?? 'POST', url: '/v1/parse', headers, payload: req.body });
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      expect(res.statusCode, `${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
      expect(ErrorSchema.safeParse(res.json()).success, res.body.slice(0, 300)).toBe(true);
    }), { numRuns: 10_000 });
    console.log('fuzz status codes:', Object.fromEntries([...seen].sort(([a], [b]) => a - b)));
    for (const status of [400, 404, 413, 415]) expect(seen.get(status) ?? 0).toBeGreaterThan(0);
  }, 120_000);

  test('well-formed requests with arbitrary Unicode (lone surrogates included) never get a 5xx', async () => {
    const unicode = fc.string({ unit: 'binary', maxLength: 100 });
    const valid = fc.oneof(
      unicode.map((text) => ({ text })),
      fc.array(unicode.filter((s) => /\S/u.test(s)), { minLength: 1, maxLength: 3 }).map((sentences) => ({ sentences })),
      fc.array(fc.array(unicode.filter((s) => /^\S+$/u.test(s) && s.length <= 1000), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }).map((tokens) => ({ tokens })),
    );
    await fc.assert(fc.asyncProperty(valid, fc.boolean(), fc.constantFrom('json' as const, 'conllu' as const), async (body, probabilities, format) => {
      const res = await app.inject({ method: 'POST', url: '/v1/parse', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ ...body, probabilities, format }) });
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
    }), { numRuns: 1000 });
  });
});
