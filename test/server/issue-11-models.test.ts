/**
 * Issue 11, point 4: the HTTP service serves several models. ARCPARSE_MODEL lists them (the first is
 * the default), GET /v1/models lists what was loaded, a request chooses with `model` (body or query
 * string), an unknown name is a 400 naming the field and the choices, and every answer names its model
 * (`model` in JSON, the X-Arcparse-Model header everywhere).
 */
import { once } from 'node:events';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MODELS_DIR, describeModel } from '../../src/api/models.ts';
import { type Parser, loadParser } from '../../src/api/parser.ts';
import type { App } from '../../src/server/app.ts';
import { ConfigError, loadConfig } from '../../src/server/config.ts';
import { toDto } from '../../src/server/convert.ts';
import { type StreamMessage, newJobFlags, runTask } from '../../src/server/run-job.ts';
import { ModelsSchema, ParseResponseSchema } from '../../src/server/schemas.ts';
import { type RunningServer, loadSharedModels, startServer } from '../../src/server/server.ts';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import { bundleAt, describeWhen } from '../helpers/needs.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { TEST_LIMITS, errorOf, json, post, testApp } from './helpers.ts';

const DOGS = { tokens: [['Dogs', 'bark', '.']] };
const CONLLU = '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\n2\tbark\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n';
const conlluBody = { 'content-type': 'text/x-conllu' };

describe('model choice over HTTP (stand-in service with models "fake" and "other")', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService({ models: ['fake', 'other'] }); app = await testApp(service); });
  afterAll(async () => { await app.close(); });
  const lastModel = (): string | undefined => service.calls.at(-1)?.model;

  test('GET /v1/models lists the loaded models, the default first and marked', async () => {
    const res = await app.inject('/v1/models');
    expect(res.statusCode).toBe(200);
    expect(ModelsSchema.parse(res.json())).toEqual({
      default: 'fake',
      models: [
        { name: 'fake', language: 'und', version: 'test-1', default: true, pipeline: true },
        { name: 'other', language: 'und', version: 'test-1', default: false, pipeline: true },
      ],
    });
  });

  test('no model: the default parses, and the answer names it in the body and the header', async () => {
    const res = await post(app, DOGS);
    expect(res.statusCode, res.body).toBe(200);
    expect(lastModel()).toBe('fake');
    expect(ParseResponseSchema.parse(res.json()).model).toEqual({ name: 'fake', version: 'test-1' });
    expect(res.headers['x-arcparse-model']).toBe('fake@test-1');
  });

  test('model in the body, or in the query string (the only way for a CoNLL-U body)', async () => {
    const res = await post(app, { ...DOGS, model: 'other' });
    expect(res.statusCode, res.body).toBe(200);
    expect(lastModel()).toBe('other');
    expect(res.json<{ model: unknown }>().model).toEqual({ name: 'other', version: 'test-1' });
    const conllu = await post(app, CONLLU, conlluBody, '/v1/parse?model=other');
    expect(conllu.statusCode, conllu.body).toBe(200);
    expect(lastModel()).toBe('other');
    expect(conllu.headers['x-arcparse-model']).toBe('other@test-1');
  });

  test('streamed answers (NDJSON, CoNLL-U) name the model in the header and leave the body as it was', async () => {
    const ndjson = await post(app, { ...DOGS, model: 'other', format: 'ndjson' });
    expect(ndjson.headers['x-arcparse-model']).toBe('other@test-1');
    expect(ndjson.body.trimEnd().split('\n')).toHaveLength(1);
    expect(Object.keys(JSON.parse(ndjson.body) as object)).not.toContain('model');
    const conllu = await post(app, CONLLU, conlluBody);
    expect(conllu.headers['x-arcparse-model']).toBe('fake@test-1');
    // No `# model` comment: it would become part of the first sentence when the answer is read back.
    expect(conllu.body.startsWith('1\tDogs\t')).toBe(true);
    expect(readConllu(conllu.body, 'conllu')).toHaveLength(1);
  });

  test.each([
    ['the body', () => post(app, { ...DOGS, model: 'fr_nothing' }), 'body/model'],
    ['the query string', () => post(app, DOGS, json, '/v1/parse?model=fr_nothing'), 'query/model'],
    ['a CoNLL-U body\'s query string', () => post(app, CONLLU, conlluBody, '/v1/parse?model=fr_nothing'), 'query/model'],
  ])('an unknown model in %s is a 400 HTTP_ERR_UNKNOWN_MODEL naming the field and the loaded models', async (_where, send, field) => {
    const before = service.calls.length;
    const body = errorOf(await send(), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_UNKNOWN_MODEL', field });
    expect(body.message).toBe('no model named "fr_nothing" is loaded; available: fake (default), other (GET /v1/models)');
    expect(service.calls.length).toBe(before); // refused before any parsing
  });

  test('odd names are refused the same way, never looked up on disk; a long one is shortened in the message', async () => {
    for (const model of ['', '../models/en_ewt', '/etc', 'FAKE', 'x'.repeat(5000)]) {
      const body = errorOf(await post(app, { ...DOGS, model }), 400);
      expect(body.code).toBe('HTTP_ERR_UNKNOWN_MODEL');
      expect(body.message.length).toBeLessThan(200);
    }
    expect(errorOf(await post(app, { ...DOGS, model: 7 }), 400)).toMatchObject({ code: 'HTTP_ERR_VALIDATION', field: 'body/model' });
  });

  test('body and query string must agree on the model', async () => {
    const body = errorOf(await post(app, { ...DOGS, model: 'other' }, json, '/v1/parse?model=fake'), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_VALIDATION', field: 'query/model' });
  });

  test('the OpenAPI document describes `model` (body and query) and GET /v1/models', async () => {
    const doc = (await app.inject('/docs/json')).json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>();
    const op = doc.paths['/v1/parse']?.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, { description?: string }> } }> }; parameters: { name: string; in: string }[] };
    expect(op.requestBody.content['application/json']?.schema.properties.model?.description).toMatch(/GET \/v1\/models/);
    expect(op.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toContain('model');
    const list = doc.paths['/v1/models']?.get as { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> };
    expect(Object.keys(list.responses['200']?.content['application/json']?.schema.properties ?? {})).toEqual(['default', 'models']);
  });
});

test('a worker asked for a model it does not hold answers HTTP_ERR_UNKNOWN_MODEL, and a stream still gets its end message', async () => {
  const { port1, port2 } = new MessageChannel();
  const job = { model: 'nope', input: { kind: 'tokens' as const, tokens: [['a']] }, output: 'json' as const, probabilities: false, decode: {}, limits: TEST_LIMITS };
  const end = once(port1, 'message');
  const reply = runTask(undefined, { op: 'parse', job, flags: newJobFlags(), port: port2 });
  expect(reply).toMatchObject({ ok: false, error: { code: 'HTTP_ERR_UNKNOWN_MODEL' } });
  expect((await end)[0] as StreamMessage).toEqual({ end: reply });
  port1.close();
});

describe('ARCPARSE_MODEL at start-up', () => {
  test('a name that is no bundle stops start-up with one line listing the bundles', () => {
    expect(() => loadSharedModels(['en_ewt', 'xx_nothing'])).toThrow(ConfigError);
    expect(() => loadSharedModels(['xx_nothing'])).toThrow(/^cannot load the model from xx_nothing \(ARCPARSE_MODEL\): no model bundle named "xx_nothing" in .*\(bundles: .*en_ewt.*fr_sequoia/);
  });
});

const BUNDLES = [bundleAt(path.join(MODELS_DIR, 'en_ewt')), bundleAt(path.join(MODELS_DIR, 'fr_sequoia'))];

describeWhen(BUNDLES, 'a server with ARCPARSE_MODEL=en_ewt,fr_sequoia (shipped bundles)', () => {
  let server: RunningServer;
  let fr: Parser;
  const en = describeModel(path.join(MODELS_DIR, 'en_ewt'));
  const frenchModel = describeModel(path.join(MODELS_DIR, 'fr_sequoia'));
  beforeAll(async () => {
    const config = loadConfig({ ARCPARSE_MODEL: 'en_ewt,fr_sequoia', ARCPARSE_THREADS: '1', PORT: '0', LOG_LEVEL: 'silent' }, []);
    server = await startServer(config, { logger: false });
    fr = await loadParser('fr_sequoia');
  }, 120_000);
  afterAll(async () => { await server?.app.close(); });

  test('GET /v1/models: both bundles with their language and version, English the default', async () => {
    const res = await server.app.inject('/v1/models');
    expect(res.json()).toEqual({
      default: 'en_ewt',
      models: [
        { name: 'en_ewt', language: 'en', version: en.version, default: true, pipeline: true },
        { name: 'fr_sequoia', language: 'fr', version: frenchModel.version, default: false, pipeline: true },
      ],
    });
  });

  test('model fr_sequoia parses French: "du" is the multiword token "de le", and the answer is the library\'s', async () => {
    const text = 'Le chat dort. Il parle du chat.';
    const res = await post(server.app, { text, model: 'fr_sequoia' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-arcparse-model']).toBe(`fr_sequoia@${frenchModel.version}`);
    const body = ParseResponseSchema.parse(res.json());
    expect(body.model).toEqual({ name: 'fr_sequoia', version: frenchModel.version });
    const [first, second] = body.sentences;
    expect(first?.words.map((w) => w.text)).toEqual(['Le', 'chat', 'dort', '.']);
    expect(first?.words[1]?.feats).toMatch(/Gender=Masc/); // French tags: English EWT nouns carry no gender
    expect(second?.words.map((w) => w.text)).toEqual(['Il', 'parle', 'de', 'le', 'chat', '.']);
    expect(second?.tokens.find((t) => t.text === 'du')?.id).toEqual([3, 4]);
    expect(body.sentences).toEqual(fr.parse(text).map((s) => toDto(s, false)));
  });

  test('no model: English, named in the answer', async () => {
    const res = await post(server.app, { text: 'The cat sleeps.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-arcparse-model']).toBe(`en_ewt@${en.version}`);
    expect(res.json<{ model: unknown }>().model).toEqual({ name: 'en_ewt', version: en.version });
  });

  test('CoNLL-U with ?model=fr_sequoia: the library\'s answer, byte for byte, the model in the header', async () => {
    const doc = '# sent_id = a\n1\tLe\t_\t_\t_\t_\t_\t_\t_\t_\n2\tchat\t_\t_\t_\t_\t_\t_\t_\t_\n3\tdort\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n';
    const res = await post(server.app, doc, conlluBody, '/v1/parse?model=fr_sequoia');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-arcparse-model']).toBe(`fr_sequoia@${frenchModel.version}`);
    expect(res.body).toBe(writeConllu(fr.parseConllu(readConllu(doc))));
  });

  test('an unknown model lists both', async () => {
    const body = errorOf(await post(server.app, { text: 'Hallo.', model: 'de_gsd' }), 400);
    expect(body).toMatchObject({ code: 'HTTP_ERR_UNKNOWN_MODEL', field: 'body/model' });
    expect(body.message).toMatch(/available: en_ewt \(default\), fr_sequoia/);
  });

  test('two entries that are the same bundle (by name and by path) stop start-up', () => {
    expect(() => loadSharedModels(['en_ewt', path.join(MODELS_DIR, 'en_ewt')]))
      .toThrow(/^ARCPARSE_MODEL names two models called en_ewt \(en_ewt and .*en_ewt\): requests could not choose between them$/);
  });
});
