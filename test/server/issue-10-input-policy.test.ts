/**
 * Issue 10, input policy (src/server/input-policy.ts): every finding of the attack run gets a deliberate
 * answer — a 4xx with code, requestId and the field, or exact preservation. Nothing is dropped or
 * rewritten silently, and no control character or odd separator reaches a CoNLL-U line.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { ErrorSchema, ParseResponseSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, json, testApp } from './helpers.ts';

const post = (app: App, payload: unknown, headers: Record<string, string> = json, url = '/v1/parse'): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url, headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

function errorOf(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  const body = ErrorSchema.parse(res.json());
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

/** Characters Python's str.splitlines() and similar readers treat as line ends, besides LF. */
// eslint-disable-next-line no-control-regex -- these are the characters the test looks for
const LINE_BREAKERS = /[\r\v\f\u001C-\u001E\u0085\u2028\u2029]/u;

describe('issue 10: characters', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  // JSON escapes: the body is plain ASCII, the decoded string holds the lone surrogate.
  test.each([
    ['text', '{"text":"ab\\ud800c"}', 'body/text', 2],
    ['a low surrogate alone', '{"text":"\\udc00"}', 'body/text', 0],
    ['a sentence', '{"sentences":["ok","x\\udbff"]}', 'body/sentences/1', 1],
    ['a token', '{"tokens":[["a","\\ud83d"]]}', 'body/tokens/0/1', 0],
    ['CoNLL-U', '{"conllu":"1\\tx\\ud800\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\t_\\n"}', 'body/conllu', 3],
  ])('a lone surrogate in %s → 400 HTTP_ERR_UNICODE naming field and offset', async (_name, payload, field, offset) => {
    const body = errorOf(await post(app, payload), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_UNICODE', field });
    expect(body.message).toMatch(new RegExp(`lone UTF-16 surrogate U\\+D[89A-F][0-9A-F]{2} at offset ${offset}`));
  });

  test('a surrogate pair (an emoji) is fine and comes back unchanged in JSON and CoNLL-U', async () => {
    const res = await post(app, { tokens: [['I', '\u{1F600}', 'it']], format: 'conllu' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('\t\u{1F600}\t');
    expect(res.body).not.toContain('\uFFFD');
  });

  test.each([
    ['NUL', '\u0000'], ['SOH', '\u0001'], ['BEL', '\u0007'], ['ESC', '\u001B'], ['backspace', '\u0008'], ['NEL', '\u0085'],
    ['file separator', '\u001C'], ['DEL', '\u007F'], ['C1 control', '\u0090'],
  ])('%s in text, a sentence or a token → 400 HTTP_ERR_CONTROL_CHAR naming field and offset', async (_name, ch) => {
    const cp = `U\\+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    for (const [payload, field] of [
      [{ text: `ab${ch}cd` }, 'body/text'],
      [{ sentences: [`ab${ch}cd`] }, 'body/sentences/0'],
      [{ tokens: [['ok', `ab${ch}cd`]] }, 'body/tokens/0/1'],
    ] as const) {
      const body = errorOf(await post(app, payload), 400);
      expect(body).toMatchObject({ code: 'HTTP_ERR_CONTROL_CHAR', field });
      expect(body.message).toMatch(new RegExp(`control character ${cp} at offset 2`));
    }
  });

  test('tab, line feed, vertical tab, form feed, carriage return and Unicode spaces separate tokens in text: kept exactly in JSON offsets', async () => {
    const text = 'a\tb\nc\u000Bd\u000Ce\rf\u2028g\u2029h\u00A0i\u200Bj.';
    const res = await post(app, { text });
    expect(res.statusCode, res.body).toBe(200);
    const [s] = ParseResponseSchema.parse(res.json()).sentences;
    expect(s?.text).toBe(text);
    for (const t of s?.tokens ?? []) expect(text.slice(t.start_char, t.end_char)).toBe(t.text);
  });

  test('no control character or odd separator ever reaches a CoNLL-U line: # text gets one space per run of white space', async () => {
    const res = await post(app, { text: 'a\u2028b\u000Bc\u000Cd\re\u0085f' });
    expect(errorOf(res, 400).code).toBe('HTTP_ERR_CONTROL_CHAR'); // NEL
    const ok = await post(app, { text: 'a\u2028b\u000Bc\u000Cd\r\ne\u2029f.', format: 'conllu' });
    expect(ok.statusCode, ok.body).toBe(200);
    for (const line of ok.body.split('\n')) expect(line).not.toMatch(LINE_BREAKERS);
    expect(ok.body).toContain('# text = a b c d e f.\n');
  });

  test('a token may not hold a separator (white space, U+2028, U+200B): 400 naming the token', async () => {
    for (const t of ['a b', 'a\u2028b', 'a\u200Bb', 'a\u00A0b', 'a\u3000b']) {
      const body = errorOf(await post(app, { tokens: [['ok', t]] }), 400);
      expect(body).toMatchObject({ code: 'HTTP_ERR_VALIDATION', field: 'body/tokens/0/1' });
    }
  });

  test('CoNLL-U input: vertical tab, form feed, U+2028/9 and a lone CR are refused (line-splitting readers would break there); CRLF line ends are fine', async () => {
    const line = (form: string): string => `1\t${form}\t_\t_\t_\t_\t_\t_\t_\t_\n\n`;
    for (const bad of ['a\u000Bb', 'a\u000Cb', 'a\u2028b', 'a\u2029b', 'a\rb', 'a\u0085b']) {
      const body = errorOf(await post(app, line(bad), { 'content-type': 'text/x-conllu' }), 400);
      expect(body).toMatchObject({ code: 'HTTP_ERR_CONTROL_CHAR', field: 'body/conllu' });
      expect(body.message).toMatch(/at offset 3 \(line 1\)/);
    }
    const crlf = await post(app, '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\r\n2\tbark\t_\t_\t_\t_\t_\t_\t_\t_\r\n\r\n', { 'content-type': 'text/x-conllu' });
    expect(crlf.statusCode, crlf.body).toBe(200);
    expect(crlf.body).toBe('1\tDogs\tdogs\tX\t_\t_\t0\troot\t_\t_\n2\tbark\tbark\tX\t_\t_\t1\tdep\t_\t_\n\n');
  });
});

describe('issue 10: misleading errors', () => {
  let app: App;
  beforeAll(async () => { app = await testApp(); });
  afterAll(async () => { await app.close(); });

  test.each([
    ['__proto__', '{"text":"a","__proto__":{"x":1}}'],
    ['nested __proto__', '{"tokens":[["a"]],"x":{"__proto__":{"polluted":true}}}'],
    ['constructor.prototype', '{"text":"a","constructor":{"prototype":{"x":1}}}'],
  ])('a %s key is a 400 that says so (not "Body is not valid JSON")', async (key, payload) => {
    const body = errorOf(await post(app, payload), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_FORBIDDEN_KEY', field: 'body' });
    expect(body.message).toContain(`"${key.includes('constructor') ? 'constructor' : '__proto__'}"`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('broken JSON is still "not valid JSON"', async () => {
    expect(errorOf(await post(app, '{"text": "a"'), 400).code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
  });

  test('a token over the token limit: 413 naming the configurable limit and its variable (not an undocumented 1000)', async () => {
    const body = errorOf(await post(app, { tokens: [['a', 'x'.repeat(TEST_LIMITS.maxTokenChars + 1)]] }), 413);
    expect(body).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: TEST_LIMITS.maxTokenChars, field: 'body/tokens/0/1' });
    expect(body.message).toMatch(/ARCPARSE_MAX_TOKEN_CHARS/);
  });

  test('a word of raw text over the token limit is refused with 413, never cut into pieces', async () => {
    const body = errorOf(await post(app, { text: `Look: ${'x'.repeat(TEST_LIMITS.maxTokenChars + 1)} here.` }), 413);
    expect(body).toMatchObject({ code: 'HTTP_ERR_LIMIT', limit: TEST_LIMITS.maxTokenChars, field: 'body/text' });
    expect(body.message).toMatch(/sentence 0, token 1 \(offset 6\) has 41 characters; the limit is 40 \(ARCPARSE_MAX_TOKEN_CHARS\)/);
  });

  test('every limit error names its variable', async () => {
    const cases: unknown[] = [
      { text: 'a'.repeat(TEST_LIMITS.maxChars + 1) },
      { sentences: Array.from({ length: TEST_LIMITS.maxSentences + 1 }, () => 'a') },
      { tokens: [Array.from({ length: TEST_LIMITS.maxTokensPerSentence + 1 }, () => 'a')] },
      { tokens: [['x'.repeat(TEST_LIMITS.maxTokenChars + 1)]] },
      { text: 'A. '.repeat(TEST_LIMITS.maxSentences + 1) },
    ];
    for (const c of cases) expect(errorOf(await post(app, c), 413).message).toMatch(/\(ARCPARSE_MAX_[A-Z_]+\)/);
  });
});

describe('issue 10: the limits fit each other', () => {
  test('defaults: ordinary prose (86-character sentences) reaches the character limit before the sentence limit, and its CoNLL-U fits the body limit', () => {
    const c = loadConfig({}, []);
    expect(Math.floor(c.maxChars / 86)).toBeLessThanOrEqual(c.maxSentences);
    expect(c.maxChars / c.maxSentences).toBeLessThanOrEqual(10); // even 10-character sentences
    // EWT dev as CoNLL-U is 14.4 bytes per character of text (1,805,545 bytes for 125,391 characters).
    expect(c.maxChars * 14.4).toBeLessThanOrEqual(c.bodyLimit);
    // A JSON body of maxChars characters, each escaped as \uXXXX, fits too.
    expect(c.maxChars * 6 + 100).toBeLessThanOrEqual(c.bodyLimit);
    expect(c.maxTokenChars).toBeGreaterThanOrEqual(140); // the longest token of EWT train (a URL)
  });

  test('100,000 characters of 86-character sentences are accepted with the default limits', async () => {
    const c = loadConfig({}, []);
    const app = await testApp(new FakeService(), { bodyLimit: c.bodyLimit, maxChars: c.maxChars, maxSentences: c.maxSentences, maxTokensPerSentence: c.maxTokensPerSentence, maxTokenChars: c.maxTokenChars });
    const sentence = 'The committee approved the new budget for the coming year after a long debate in May. ';
    expect(sentence.length).toBe(86);
    const text = sentence.repeat(Math.floor(c.maxChars / 86)).trimEnd();
    const res = await post(app, { text });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(ParseResponseSchema.parse(res.json()).sentences).toHaveLength(Math.floor(c.maxChars / 86));
    await app.close();
  });
});
