/**
 * Library and service agree: with the shipped model, the same input gives the same trees through
 * `loadParser().parse()` in this thread and through POST /v1/parse (worker threads, JSON or CoNLL-U).
 * Skips with a warning until models/en_ewt has parser/, tagger/ and tokenizer/.
 */
import path from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeModel } from '../../src/api/models.ts';
import { type Parser, loadParser } from '../../src/api/parser.ts';
import { type App, buildApp } from '../../src/server/app.ts';
import { toDto } from '../../src/server/convert.ts';
import { readConllu, writeConllu } from '../../src/ud/conllu.ts';
import { toSentences } from '../../src/ud/to-conllu.ts';
import { ParseResponseSchema } from '../../src/server/schemas.ts';
import { WorkerPoolService } from '../../src/server/worker-pool.ts';
import { bundleAt, describeWhen } from '../helpers/needs.ts';
import { ROOT } from './process.ts';

/** ARCPARSE_TEST_MODEL points the test at another bundle (e.g. before models/en_ewt is complete). */
const MODEL = process.env.ARCPARSE_TEST_MODEL ?? path.join(ROOT, 'models/en_ewt');

/** What every JSON answer names as its model. */
const { name, version } = describeModel(MODEL);
const model = { name, version };

const LIMITS = { bodyLimit: 2 << 20, maxChars: 100_000, maxSentences: 10_000, maxTokensPerSentence: 250, maxTokenChars: 200 };
const TEXT = "The new policy, which the board approved last week, will take effect in early January. I can't wait! Dr. Smith didn't agree.";

describeWhen([bundleAt(MODEL)], 'library and HTTP service give the same trees (shipped model)', () => {
  let parser: Parser;
  let service: WorkerPoolService;
  let app: App;
  beforeAll(async () => {
    parser = await loadParser(MODEL, { limits: { maxChars: LIMITS.maxChars, maxWordsPerSentence: LIMITS.maxTokensPerSentence } });
    service = await WorkerPoolService.start({ modelDirs: [MODEL], threads: 1, maxQueue: 64, queueTargetMs: 60_000, timeoutMs: 30_000, maxChars: LIMITS.maxChars, maxWordsPerSentence: LIMITS.maxTokensPerSentence });
    app = await buildApp({ service, limits: LIMITS, logger: false, underPressure: false });
  }, 120_000);
  afterAll(async () => { await app?.close(); await service?.close(); });

  const post = async (body: unknown, accept = 'application/json') =>
    app.inject({ method: 'POST', url: '/v1/parse', headers: { 'content-type': 'application/json', accept }, payload: JSON.stringify(body) });

  test('raw text: JSON and CoNLL-U', async () => {
    const lib = parser.parse(TEXT);
    const res = await post({ text: TEXT, probabilities: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(ParseResponseSchema.parse(res.json())).toEqual({ model, sentences: lib.map((x) => toDto(x, true)) });
    const conllu = await post({ text: TEXT }, 'text/x-conllu');
    expect(conllu.body).toBe(writeConllu(toSentences(lib)));
  });

  // Answers are checked with the schema's parse, not zod's encode (app.ts, for speed): the bytes must be
  // what encode would have written (no key the schema lacks, the schema's key order, valid values).
  test('JSON answers are byte for byte what ParseResponseSchema would serialize', async () => {
    for (const body of [{ text: TEXT, probabilities: true }, { text: TEXT, kbest: 2, beam: 4 }, { tokens: [['A', 'dog', 'barks', '.']] }]) {
      const res = await post(body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toBe(JSON.stringify(z.encode(ParseResponseSchema, res.json())));
    }
  });

  test('sentences and tokens', async () => {
    const sentences = ['I saw the man with the telescope.', 'Time flies like an arrow.'];
    expect((await post({ sentences })).json()).toEqual({ model, sentences: parser.parse(sentences).map((x) => toDto(x, false)) });
    const tokens = [['Colorless', 'green', 'ideas', 'sleep', 'furiously', '.'], ["can't", 'stop']];
    const res = ParseResponseSchema.parse((await post({ tokens })).json());
    expect(res).toEqual({ model, sentences: parser.parse(tokens).map((x) => toDto(x, false)) });
    expect(res.sentences[1]?.words.map((w) => w.text)).toEqual(["can't", 'stop']); // never re-split
  });

  test('streamed NDJSON and CoNLL-U equal the whole answers', async () => {
    const whole = await post({ text: TEXT, probabilities: true });
    const ndjson = await post({ text: TEXT, probabilities: true }, 'application/x-ndjson');
    expect(ndjson.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(whole.json<{ sentences: unknown[] }>().sentences);
    const conllu = await post({ text: TEXT, format: 'conllu' });
    expect(conllu.body).toBe(writeConllu(toSentences(parser.parse(TEXT))));
  });

  test('CoNLL-U in: the same trees as the CLI (parseConllu), with and without keepTags, comments and columns kept', async () => {
    const doc = '# sent_id = a\n# text = Dogs bark.\n1\tDogs\tdog\tNOUN\tNNS\tNumber=Plur\t_\t_\t_\t_\n2\tbark\tbark\tVERB\tVBP\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t.\tPUNCT\t.\t_\t_\t_\t_\t_\n\n';
    for (const keepTags of [false, true]) {
      const res = await app.inject({ method: 'POST', url: `/v1/parse?keepTags=${keepTags}`, headers: { 'content-type': 'text/x-conllu' }, payload: doc });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/x-conllu; charset=utf-8');
      expect(res.body).toBe(writeConllu(parser.parseConllu(readConllu(doc), { keepTags })));
    }
  });

  test('kbest 3: at most 3 distinct trees per sentence, best first, log-probabilities non-increasing; the library gives the same', async () => {
    const sentences = ['I saw the man with the telescope.', 'Time flies like an arrow.', 'Stop.'];
    const res = await post({ sentences, kbest: 3 });
    expect(res.statusCode, res.body).toBe(200);
    const body = ParseResponseSchema.parse(res.json());
    expect(body).toEqual({ model, sentences: parser.parse(sentences, { kbest: 3 }).map((x) => toDto(x, false)) });
    for (const s of body.sentences) {
      const kbest = s.kbest ?? [];
      expect(kbest.length).toBeGreaterThanOrEqual(1);
      expect(kbest.length).toBeLessThanOrEqual(3);
      expect(new Set(kbest.map((t) => JSON.stringify([t.heads, t.deprels]))).size).toBe(kbest.length);
      // Best first: the first tree is the one in `words`, with the sentence's logProb.
      expect(kbest[0]?.heads).toEqual(s.words.map((w) => w.head));
      expect(kbest[0]?.deprels).toEqual(s.words.map((w) => w.deprel));
      expect(kbest[0]?.logProb).toBe(s.logProb);
      for (let i = 1; i < kbest.length; i++) expect(kbest[i]?.logProb).toBeLessThanOrEqual(kbest[i - 1]?.logProb ?? 0);
      for (const t of kbest) {
        expect(t.heads).toHaveLength(s.words.length);
        expect(t.heads.filter((h) => h === 0)).toHaveLength(1);
      }
    }
    // The long sentence has attachment ambiguity: more than one tree comes back.
    expect(body.sentences[0]?.kbest?.length).toBe(3);
  });

  test('beam and kbest: NDJSON equals JSON, CoNLL-U writes the k-best copies as toSentences does, CoNLL-U input takes the beam', async () => {
    const whole = await post({ text: TEXT, beam: 4, kbest: 2 });
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.json()).toEqual({ model, sentences: parser.parse(TEXT, { beam: 4, kbest: 2 }).map((x) => toDto(x, false)) });
    const ndjson = await post({ text: TEXT, beam: 4, kbest: 2 }, 'application/x-ndjson');
    expect(ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(whole.json<{ sentences: unknown[] }>().sentences);
    const conllu = await post({ text: TEXT, kbest: 2, format: 'conllu' });
    expect(conllu.body).toBe(writeConllu(toSentences(parser.parse(TEXT, { kbest: 2 }))));
    expect(conllu.body).toContain('# kbest_rank = 2');
    const doc = '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\n2\tbark\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n';
    const res = await app.inject({ method: 'POST', url: '/v1/parse?beam=8', headers: { 'content-type': 'text/x-conllu' }, payload: doc });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toBe(writeConllu(parser.parseConllu(readConllu(doc), { beam: 8 })));
  });

  test('every answer is a well-formed tree; arbitrary Unicode never gives a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (text) => {
      const res = await post({ text });
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
      if (res.statusCode !== 200) return;
      for (const s of ParseResponseSchema.parse(res.json()).sentences) {
        const n = s.words.length;
        expect(s.words.filter((w) => w.head === 0)).toHaveLength(1);
        for (const w of s.words) {
          expect(w.head).toBeGreaterThanOrEqual(0);
          expect(w.head).toBeLessThanOrEqual(n);
          expect(w.head).not.toBe(w.id);
        }
      }
    }), { numRuns: 300 });
  }, 120_000);
});
