/**
 * POST /v1/parse: a thin layer over the ParseService. Before the body is read: the Content-Encoding
 * check (415) and admission control (503); then the body is decoded, parsed and validated, the options
 * of body and query string are merged, and the answer is sent whole (JSON) or streamed sentence by
 * sentence (NDJSON, CoNLL-U).
 */
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Limits } from '../config.ts';
import { CONLLU_TYPE, type Coding, JSON_TYPE, NDJSON_TYPE, codingOf, decodedBody, formatFromAccept } from '../content.ts';
import { policyText } from '../input-policy.ts';
import type { ServerMetrics } from '../metrics.ts';
import { type ParseInput, type ParseJob, type ParseService, type RenderedSentence, type RequestCost, ServiceError, outputKind } from '../parse-service.ts';
import {
  ErrorSchema, type Format, type ParseOptions, type ParseQuery, type ParseRequest, QuerySchema, type SentenceDto, buildRequestSchema, buildResponseSchemas,
} from '../schemas.ts';
import { toErrorBody } from '../error-handler.ts';
import { MODEL_HEADER, chooseModel, modelTag } from '../model-choice.ts';

export interface ParseRouteOptions {
  service: ParseService;
  limits: Limits;
  metrics: ServerMetrics;
}

/** Body and query options merged; the same option given twice must agree. */
export function resolveOptions(body: ParseRequest, query: ParseQuery): ParseOptions {
  for (const key of Object.keys(query) as (keyof ParseQuery)[]) {
    const q = query[key], b = body[key];
    if (q !== undefined && b !== undefined && q !== b) {
      throw new ServiceError('HTTP_ERR_VALIDATION', `${key} is given in the query string (${String(q)}) and in the body (${String(b)}) with different values`, { field: `query/${key}` });
    }
  }
  const options: ParseOptions = {
    format: body.format ?? query.format, probabilities: body.probabilities ?? query.probabilities, keepTags: body.keepTags ?? query.keepTags,
    beam: body.beam ?? query.beam, kbest: body.kbest ?? query.kbest, model: body.model ?? query.model,
  };
  if (options.keepTags !== undefined && body.conllu === undefined) {
    throw new ServiceError('HTTP_ERR_VALIDATION', 'keepTags applies only to CoNLL-U input', { field: body.keepTags !== undefined ? 'body/keepTags' : 'query/keepTags' });
  }
  // A CoNLL-U answer keeps the input's sentences as they are; k-best copies of them are not offered.
  if (options.kbest !== undefined && options.kbest > 1 && body.conllu !== undefined) {
    throw new ServiceError('HTTP_ERR_VALIDATION', 'kbest > 1 applies only to text, sentences and tokens input', { field: body.kbest !== undefined ? 'body/kbest' : 'query/kbest' });
  }
  return options;
}

function toInput(body: ParseRequest, keepTags: boolean): ParseInput {
  if (body.text !== undefined) return { kind: 'text', text: body.text };
  if (body.sentences !== undefined) return { kind: 'sentences', sentences: body.sentences };
  if (body.conllu !== undefined) return { kind: 'conllu', conllu: body.conllu, keepTags };
  return { kind: 'tokens', tokens: body.tokens ?? [] };
}

/** What admission control can know from the headers: the body size and its kind (costs per byte differ). */
function costOf(req: FastifyRequest, coding: Coding): RequestCost {
  const length = Number(req.headers['content-length']);
  const type = (req.headers['content-type'] ?? '').toLowerCase().startsWith(CONLLU_TYPE) ? 'conllu' : 'json';
  return { bytes: Number.isFinite(length) && length >= 0 ? length : undefined, kind: coding === 'identity' ? type : `${type}+${coding}` };
}

/** Aborts the job if the client closes the connection before the answer is written. */
function clientGone(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => { if (!reply.raw.writableFinished) ac.abort(); });
  return ac.signal;
}

const errors = (description: string) => ({ description, content: { [JSON_TYPE]: { schema: ErrorSchema } } });

export const parseRoutes: FastifyPluginAsyncZod<ParseRouteOptions> = async (app, { service, limits, metrics }) => {
  const { Sentence, ParseResponse } = buildResponseSchemas(limits);
  const encodingOf = (req: FastifyRequest): Coding => {
    const coding = codingOf(req.headers['content-encoding']);
    if (coding instanceof ServiceError) throw coding;
    return coding;
  };

  /** Streams the sentences; a failure after the answer started ends it with an error record (the status is already sent). */
  async function* encode(req: FastifyRequest, format: Exclude<Format, 'json'>, first: IteratorResult<RenderedSentence>, rest: AsyncIterator<RenderedSentence>) {
    try {
      for (let next = first; !next.done; next = await rest.next()) {
        const s = next.value;
        metrics.sentencesParsed.inc();
        if (s.kind === 'conllu') {
          metrics.wordsParsed.inc(s.words);
          yield s.text;
        } else {
          metrics.wordsParsed.inc(s.sentence.words.length);
          yield `${JSON.stringify(Sentence.parse(s.sentence))}\n`;
        }
      }
    } catch (err) {
      const { body, log } = toErrorBody(err, req, limits);
      if (log === 'error') req.log.error({ err }, 'streamed answer failed');
      else req.log.info({ code: body.code }, 'streamed answer stopped');
      metrics.errors.inc({ code: body.code });
      yield format === 'ndjson' ? `${JSON.stringify({ error: body })}\n` : `# error = ${body.code}: ${body.message} (request ${body.requestId})\n\n`;
    } finally {
      await rest.return?.();
    }
  }

  app.post('/v1/parse', {
    // Before the body is read: an unsupported encoding is 415 and an overloaded server answers 503, for the price of the headers.
    onRequest: async (req) => {
      encodingOf(req);
      const refused = service.refusal();
      if (refused) throw refused;
    },
    preParsing: async (req, _reply, payload) => {
      const coding = encodingOf(req);
      return coding === 'identity' ? payload : decodedBody(payload, coding, limits.bodyLimit);
    },
    schema: {
      tags: ['parse'],
      summary: 'Parse text into Universal Dependencies trees',
      description: [
        'Give exactly one of `text` (raw text), `sentences` (one string per sentence), `tokens` (pre-tokenized sentences) or `conllu`',
        `(a CoNLL-U document; or send the document itself as a \`${CONLLU_TYPE}\` body, with options in the query string).`,
        'The answer is JSON (`sentences[].tokens` and `sentences[].words`, Stanza-style field names), NDJSON (one sentence per line, streamed as',
        'each is parsed) or CoNLL-U (streamed the same way), chosen by `format` (body or query string) or the Accept header.',
        'Every sentence has `logProb`, the log-probability of its tree; `beam` widens the decoder\'s beam and `kbest` adds the k best trees',
        '(`kbest[]`, best first; in CoNLL-U, k copies of the sentence with `# kbest_rank` and `# log_prob`).',
        '`model` chooses one of the loaded models (`GET /v1/models`; default: the first configured). Every answer names the model that parsed it',
        `in the \`${MODEL_HEADER}\` header (\`name@version\`); a JSON answer also in \`model\`.`,
        'Bodies may be compressed (Content-Encoding gzip, deflate or br). A streamed answer that fails after it started ends with an error record.',
        policyText(limits),
      ].join(' '),
      body: buildRequestSchema(limits),
      querystring: QuerySchema,
      response: {
        200: {
          description: `The parse. The \`${MODEL_HEADER}\` header names the model that made it (\`name@version\`).`,
          content: {
            [JSON_TYPE]: { schema: ParseResponse },
            [NDJSON_TYPE]: { schema: z.string().describe('one JSON sentence (as in `sentences[]`) per line; a last line `{"error": …}` if the parse failed after the answer started') },
            [CONLLU_TYPE]: { schema: z.string().describe('CoNLL-U, one block per sentence') },
          },
        },
        400: errors('Malformed JSON or CoNLL-U, invalid UTF-8, a character the input policy refuses, a forbidden key, a schema violation (e.g. `beam` or `kbest` out of range; `field` and `issues` say where and why) or a `model` that is not loaded (HTTP_ERR_UNKNOWN_MODEL; the message lists the loaded ones).'),
        413: errors('Body (decoded), text, sentence count, sentence length or token length over a configured limit; `limit` gives it and the message names its variable.'),
        415: errors('Content type other than application/json or text/x-conllu, a charset other than UTF-8, or an unsupported Content-Encoding.'),
        422: errors('Well-formed input the model cannot parse.'),
        503: errors('Overloaded (refused before the body was read), timed out, shutting down, or the model cannot parse untagged input. See Retry-After.'),
      },
    },
  }, async (req, reply) => {
    const options = resolveOptions(req.body, req.query);
    const model = chooseModel(service.models, options.model, req.body.model !== undefined ? 'body/model' : 'query/model');
    const input = toInput(req.body, options.keepTags ?? false);
    if (!model.pipeline && !(input.kind === 'conllu' && input.keepTags)) {
      throw new ServiceError('HTTP_ERR_NO_PIPELINE', `the model ${model.name} has no tokenizer and tagger, so it parses only CoNLL-U input with keepTags`);
    }
    const format = options.format ?? formatFromAccept(req.headers.accept) ?? (input.kind === 'conllu' ? 'conllu' : 'json');
    const decode = { ...(options.beam !== undefined ? { beam: options.beam } : {}), ...(options.kbest !== undefined ? { kbest: options.kbest } : {}) };
    const job: ParseJob = { model: model.name, input, output: outputKind(format), probabilities: options.probabilities ?? false, decode, limits };
    const run = { signal: clientGone(reply), cost: costOf(req, encodingOf(req)) };
    if (format === 'json') {
      const sentences = (await service.parse(job, run)).flatMap((s): SentenceDto[] => (s.kind === 'json' ? [s.sentence] : []));
      metrics.sentencesParsed.inc(sentences.length);
      metrics.wordsParsed.inc(sentences.reduce((a, s) => a + s.words.length, 0));
      return reply.type(`${JSON_TYPE}; charset=utf-8`).header(MODEL_HEADER, modelTag(model)).send({ model: { name: model.name, version: model.version }, sentences });
    }
    const it = service.stream(job, run)[Symbol.asyncIterator]();
    // Input errors (limits, bad CoNLL-U) reject before the first sentence: they still get their 4xx.
    const first = await it.next();
    // Streamed answers name the model in the header only: a leading `# model` comment would become part of the first CoNLL-U sentence.
    reply.type(`${format === 'conllu' ? CONLLU_TYPE : NDJSON_TYPE}; charset=utf-8`).header(MODEL_HEADER, modelTag(model));
    // A stream bypasses the serializer (the type provider only knows the JSON shape, hence the cast).
    return reply.send(Readable.from(encode(req, format, first, it), { objectMode: false }) as never);
  });
};
