/** POST /v1/parse: a thin layer over the library (through the ParseService). */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Limits } from '../config.ts';
import { toSentences } from '../../ud/to-conllu.ts';
import { writeConllu } from '../../ud/conllu.ts';
import { countWords, toDto } from '../convert.ts';
import type { ServerMetrics } from '../metrics.ts';
import { type ParseInput, type ParseService, ServiceError } from '../parse-service.ts';
import { ErrorSchema, type Format, ParseResponseSchema, type ParseRequest, buildRequestSchema } from '../schemas.ts';

export const CONLLU_TYPE = 'text/x-conllu';

export interface ParseRouteOptions {
  service: ParseService;
  limits: Limits;
  metrics: ServerMetrics;
}

/** `json` unless the Accept header prefers text/x-conllu (by q-value; ties go to JSON). */
export function formatFromAccept(accept: string | undefined): Format {
  if (!accept) return 'json';
  let json = 0, conllu = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type.trim() === CONLLU_TYPE) conllu = Math.max(conllu, q);
    else if (type.trim() === 'application/json' || type.trim() === '*/*' || type.trim() === 'application/*') json = Math.max(json, q);
  }
  return conllu > json ? 'conllu' : 'json';
}

function toInput(body: ParseRequest): ParseInput {
  if (body.text !== undefined) return { kind: 'text', text: body.text };
  if (body.sentences !== undefined) return { kind: 'sentences', sentences: body.sentences };
  return { kind: 'tokens', tokens: body.tokens ?? [] };
}

/** Cancels the job if the client closes the connection before the answer is written. */
function clientGone(reply: FastifyReply): AbortSignal {
  const ac = new AbortController();
  reply.raw.once('close', () => { if (!reply.raw.writableFinished) ac.abort(); });
  return ac.signal;
}

const errors = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

export const parseRoutes: FastifyPluginAsyncZod<ParseRouteOptions> = async (app, { service, limits, metrics }) => {
  app.post('/v1/parse', {
    // Admission control before the body is read: an overloaded server answers 503 for the price of the headers.
    onRequest: async () => {
      const refused = service.refusal();
      if (refused) throw refused;
    },
    schema: {
      tags: ['parse'],
      summary: 'Parse text into Universal Dependencies trees',
      description: [
        'Give exactly one of `text` (raw text), `sentences` (one string per sentence) or `tokens` (pre-tokenized sentences).',
        'The answer is JSON (`sentences[].tokens` and `sentences[].words`, Stanza-style field names) or, with `format: "conllu"`',
        'or `Accept: text/x-conllu`, CoNLL-U text.',
        `Limits: ${limits.maxChars} characters, ${limits.maxSentences} sentences, ${limits.maxTokensPerSentence} tokens per sentence, ${limits.bodyLimit} bytes of body.`,
      ].join(' '),
      body: buildRequestSchema(limits),
      response: {
        200: {
          description: 'The parse.',
          content: { 'application/json': { schema: ParseResponseSchema }, [CONLLU_TYPE]: { schema: z.string().describe('CoNLL-U, one block per sentence') } },
        },
        400: errors('Malformed JSON, invalid UTF-8 or a schema violation; `issues` names each field and why.'),
        413: errors('Body, text, sentence count or sentence length over a configured limit; `limit` gives it.'),
        415: errors('Content type is not application/json.'),
        422: errors('Well-formed input the model cannot parse.'),
        503: errors('Overloaded (queue full), timed out, shutting down, or the model cannot parse untagged input. See Retry-After.'),
      },
    },
  }, async (req, reply) => {
    if (!service.model.pipeline) {
      throw new ServiceError('HTTP_ERR_NO_PIPELINE', 'the loaded model has no tokenizer and tagger, so it cannot parse raw text or untagged tokens');
    }
    const format = req.body.format ?? formatFromAccept(req.headers.accept);
    const sentences = await service.parse({ input: toInput(req.body), maxSentences: limits.maxSentences }, clientGone(reply));
    metrics.sentencesParsed.inc(sentences.length);
    metrics.wordsParsed.inc(countWords(sentences));
    req.log.debug({ sentences: sentences.length, words: countWords(sentences) }, 'parsed');
    if (format === 'conllu') return reply.type(`${CONLLU_TYPE}; charset=utf-8`).send(writeConllu(toSentences(sentences)));
    return reply.type('application/json; charset=utf-8').send({ sentences: toDto(sentences, req.body.probabilities) });
  });
};
