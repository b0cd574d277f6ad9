/**
 * `beam` and `kbest` on POST /v1/parse, against the fake service: validation (the library's bounds,
 * MAX_BEAM and MAX_KBEST, as 400s that name the field), body and query string, what reaches the job,
 * and where the options appear in the OpenAPI document. The trees themselves (real k-best decoding in
 * the workers) are checked against the shipped model in library-agreement.test.ts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BEAM, MAX_KBEST } from '../../src/api/parser.ts';
import type { App } from '../../src/server/app.ts';
import { ErrorSchema, ParseResponseSchema } from '../../src/server/schemas.ts';
import { FakeService } from './fixtures/fake-service.ts';
import { json, testApp } from './helpers.ts';

const post = (app: App, payload: unknown, query = ''): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: `/v1/parse${query}`, headers: json, payload: JSON.stringify(payload) });

function badRequest(res: LightMyRequestResponse, field: string) {
  expect(res.statusCode, res.body).toBe(400);
  const body = ErrorSchema.parse(res.json());
  expect(body.code).toBe('HTTP_ERR_VALIDATION');
  expect(body.field).toBe(field);
  return body;
}

describe('beam and kbest options', () => {
  let app: App;
  let service: FakeService;
  beforeAll(async () => { service = new FakeService(); app = await testApp(service); });
  afterAll(async () => { await app.close(); });

  test('beam 0 and kbest 33 are 400s naming the field (body and query string)', async () => {
    expect(badRequest(await post(app, { text: 'a b.', beam: 0 }), 'body/beam').message).toContain(`1 to ${MAX_BEAM}`);
    expect(badRequest(await post(app, { text: 'a b.', kbest: 33 }), 'body/kbest').message).toContain(`1 to ${MAX_KBEST}`);
    badRequest(await post(app, { text: 'a b.' }, '?beam=0'), 'query/beam');
    badRequest(await post(app, { text: 'a b.' }, '?kbest=33'), 'query/kbest');
  });

  test('every value outside the library bounds is refused, every one inside accepted', async () => {
    for (const beam of [-1, 0, 1.5, MAX_BEAM + 1, 1e9]) badRequest(await post(app, { text: 'a b.', beam }), 'body/beam');
    for (const kbest of [0, 2.5, MAX_KBEST + 1]) badRequest(await post(app, { text: 'a b.', kbest }), 'body/kbest');
    badRequest(await post(app, { text: 'a b.', beam: '4' }), 'body/beam');
    for (const q of ['beam=x', 'beam=-1', 'beam=1.5', 'beam=', 'kbest=1e1']) badRequest(await post(app, { text: 'a b.' }, `?${q}`), `query/${q.split('=')[0]}`);
    for (const [beam, kbest] of [[1, 1], [MAX_BEAM, MAX_KBEST], [8, 3]]) expect((await post(app, { text: 'a b.', beam, kbest })).statusCode).toBe(200);
  });

  test('the options reach the job, from the body or the query string; the two must agree', async () => {
    expect((await post(app, { text: 'a b.' })).statusCode).toBe(200);
    expect(service.calls.at(-1)?.decode).toEqual({});
    expect((await post(app, { sentences: ['a b.'], beam: 8, kbest: 3 })).statusCode).toBe(200);
    expect(service.calls.at(-1)?.decode).toEqual({ beam: 8, kbest: 3 });
    expect((await post(app, { tokens: [['a', 'b']] }, '?beam=4&kbest=2')).statusCode).toBe(200);
    expect(service.calls.at(-1)?.decode).toEqual({ beam: 4, kbest: 2 });
    expect((await post(app, { text: 'a b.', kbest: 2 }, '?kbest=2')).statusCode).toBe(200);
    badRequest(await post(app, { text: 'a b.', kbest: 2 }, '?kbest=3'), 'query/kbest');
  });

  test('CoNLL-U input takes a beam but not k-best copies', async () => {
    const conllu = '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\n2\tbark\t_\t_\t_\t_\t_\t_\t_\t_\n\n';
    expect((await post(app, { conllu, beam: 4 })).statusCode).toBe(200);
    expect(service.calls.at(-1)?.decode).toEqual({ beam: 4 });
    badRequest(await post(app, { conllu, kbest: 2 }), 'body/kbest');
    const raw = await app.inject({ method: 'POST', url: '/v1/parse?kbest=2', headers: { 'content-type': 'text/x-conllu' }, payload: conllu });
    badRequest(raw, 'query/kbest');
    expect((await post(app, { conllu, kbest: 1 })).statusCode).toBe(200);
  });

  test('every JSON sentence has logProb', async () => {
    const res = ParseResponseSchema.parse((await post(app, { text: 'The cat sat. It slept!' })).json());
    expect(res.sentences).toHaveLength(2);
    for (const s of res.sentences) {
      expect(s.logProb).toBeLessThanOrEqual(0);
      expect(s.kbest).toBeUndefined();
    }
  });

  test('the OpenAPI document gives both options with their bounds, and logProb and kbest in the answer', async () => {
    type Op = { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; parameters: { name: string; in: string }[] };
    const doc = (await app.inject({ url: '/docs/json' })).json<{ paths: Record<string, { post: Op }> }>();
    const op = doc.paths['/v1/parse']?.post;
    const props = op?.requestBody.content['application/json']?.schema.properties;
    expect(props?.beam).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_BEAM });
    expect(props?.kbest).toMatchObject({ type: 'integer', minimum: 1, maximum: MAX_KBEST });
    expect(op?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(expect.arrayContaining(['beam', 'kbest']));
    const answer = JSON.stringify(doc.paths['/v1/parse']?.post);
    expect(answer).toContain('"logProb"');
    expect(answer).toContain('"deprels"');
  });
});
