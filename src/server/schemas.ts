/**
 * Request and response schemas of the HTTP API (zod; fastify-type-provider-zod turns them into the
 * validator, the response serializer and the OpenAPI document). Limits come from the configuration,
 * so the schemas are built per app. The character policy is input-policy.ts.
 *
 * Field names of words follow Stanza's `Document.to_dict()` (id, text, lemma, upos, xpos, feats,
 * head, deprel, start_char, end_char), so code written against Stanza output reads ours unchanged.
 */
import { z } from 'zod';
import { MAX_BEAM, MAX_KBEST } from '../api/parser.ts';
import type { Limits } from './config.ts';
import { type PolicyCode, type StringKind, TOKEN_SEPARATOR, findViolation, limitPhrase } from './input-policy.ts';

export const Format = z.enum(['json', 'ndjson', 'conllu']);
export type Format = z.infer<typeof Format>;

/** The issue code the error handler turns into 413 (a configured limit was exceeded), as opposed to 400. */
const LIMIT = 'too_big';

/** A custom issue that carries its own error code (HTTP_ERR_UNICODE, ...) for the error handler. */
export interface CodedParams { code: PolicyCode }

/** A string checked against the input policy (lone surrogates, control characters). */
function policyString(kind: StringKind) {
  return z.string().superRefine((s, ctx) => {
    const v = findViolation(s, kind);
    if (v) ctx.addIssue({ code: 'custom', message: v.message, params: { code: v.code } satisfies CodedParams });
  });
}

const bool = (description: string) => ({
  body: z.boolean().optional().describe(description),
  // Query values are strings; anything but `true`/`false` (or a repeated parameter) is a 400.
  query: z.enum(['true', 'false']).transform((v) => v === 'true').optional().describe(description),
});

/**
 * A whole number in [1, max], in the body or (as decimal digits) in the query string. Out of range is a
 * 400 naming the field, not a 413: these are the decoder's fixed bounds (checkDecodeOptions), not
 * configured limits (a `too_big` issue would make it a 413). minimum/maximum still reach the OpenAPI document.
 */
const decodeInt = (max: number, description: string) => {
  const range = { message: `must be a whole number from 1 to ${max}` };
  const inRange = (v: number): boolean => Number.isInteger(v) && v >= 1 && v <= max;
  return {
    body: z.number().refine(inRange, range).meta({ type: 'integer', minimum: 1, maximum: max }).optional().describe(description),
    query: z.string().regex(/^[0-9]{1,9}$/u, range).transform(Number).refine(inRange, range).optional().describe(description),
  };
};

/**
 * Options a request gives in its JSON body or in the query string (a CoNLL-U body has only the query).
 * A new option (k-best trees, a model choice) is one more entry here and one more field of ParseOptions.
 */
const OPTIONS = {
  format: {
    body: Format.optional().describe('`json` (default), `ndjson` (one JSON sentence per line, streamed) or `conllu` (CoNLL-U, streamed). Without it, the Accept header decides; CoNLL-U input answers CoNLL-U by default.'),
    query: Format.optional().describe('Same as the body field `format`; the only way to choose for a CoNLL-U body.'),
  },
  probabilities: bool('Add `probability` to every word: the softmax probability of the transition that attached it (JSON and NDJSON).'),
  keepTags: bool('CoNLL-U input only: keep its UPOS, XPOS, FEATS and LEMMA instead of predicting them (every word then needs a UPOS).'),
  beam: decodeInt(MAX_BEAM, `Beam width of the parser's decoder, 1 to ${MAX_BEAM} (default 1: greedy). Wider is slower and usually a little more accurate.`),
  kbest: decodeInt(MAX_KBEST, `Return each sentence's k best distinct trees, 1 to ${MAX_KBEST} (default 1), best first, as \`kbest\` (JSON, NDJSON) or as k copies of the sentence with \`# kbest_rank\` and \`# log_prob\` comments (CoNLL-U); decodes with a beam of width max(beam, 2k). Not for CoNLL-U input.`),
  model: {
    body: z.string().optional().describe('Name of the model to parse with, one of those `GET /v1/models` lists (default: the server\'s default model, the first of ARCPARSE_MODEL). An unknown name is a 400 `HTTP_ERR_UNKNOWN_MODEL` that lists the loaded ones.'),
    query: z.string().optional().describe('Same as the body field `model`; the only way to choose for a CoNLL-U body.'),
  },
} as const;
type OptionName = keyof typeof OPTIONS;

export type ParseOptions = {
  format?: Format | undefined; probabilities?: boolean | undefined; keepTags?: boolean | undefined; beam?: number | undefined; kbest?: number | undefined;
  model?: string | undefined;
};

export const QuerySchema = z.strictObject(Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, o.query])) as { [K in OptionName]: (typeof OPTIONS)[K]['query'] })
  .describe('Options, as in the body; unknown parameters are refused.');
export type ParseQuery = z.infer<typeof QuerySchema>;

const INPUTS = ['text', 'sentences', 'tokens', 'conllu'] as const;

const EXAMPLE_TEXT = 'I saw her. She did not see me!';
export const CONLLU_EXAMPLE = '1\tDogs\t_\t_\t_\t_\t_\t_\t_\t_\n2\tbark\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n';

export function buildRequestSchema(limits: Limits) {
  const chars = limitPhrase(limits, 'maxChars');
  const sentences = limitPhrase(limits, 'maxSentences');
  const perSentence = limitPhrase(limits, 'maxTokensPerSentence');
  const tokenChars = limitPhrase(limits, 'maxTokenChars');
  const token = policyString('token')
    .min(1, 'a token must not be empty')
    .max(limits.maxTokenChars, tokenChars)
    .refine((t) => !TOKEN_SEPARATOR.test(t), 'a token must not contain white space or U+200B (they separate tokens)');

  return z.strictObject({
    text: policyString('text').max(limits.maxChars, chars).optional()
      .describe('Raw text: split into sentences and tokens by the model. A sentence longer than the tokens-per-sentence limit is cut into consecutive sentences.'),
    sentences: z.array(policyString('text').regex(/\S/u, 'a sentence must contain a non-space character')).max(limits.maxSentences, sentences).optional()
      .describe('One string per sentence: each is tokenized, never split further.'),
    tokens: z.array(z.array(token).min(1, 'a sentence needs at least one token').max(limits.maxTokensPerSentence, perSentence))
      .max(limits.maxSentences, sentences).optional()
      .describe('Pre-tokenized sentences: each string is one word, never re-split. Tags and lemmas are predicted.'),
    conllu: policyString('conllu').optional()
      .describe('A CoNLL-U document (as a `text/x-conllu` body would be): its tokens are kept, tags predicted unless `keepTags`; the answer keeps its comments and other columns.'),
    ...(Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, o.body])) as { [K in OptionName]: (typeof OPTIONS)[K]['body'] }),
  }).superRefine((body, ctx) => {
    const given = INPUTS.filter((k) => body[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', path: given.length === 0 ? [] : [given[1] ?? ''],
        message: `give exactly one of text, sentences, tokens or conllu (got ${given.length === 0 ? 'none' : given.join(', ')})` });
    }
    const total = body.sentences?.reduce((a, s) => a + s.length, 0)
      ?? body.tokens?.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0) ?? 0;
    if (total > limits.maxChars) {
      ctx.addIssue({ code: LIMIT, origin: 'string', maximum: limits.maxChars, inclusive: true, input: undefined,
        path: [body.sentences ? 'sentences' : 'tokens'], message: `${total} characters; ${chars}` });
    }
  }).describe('Exactly one of `text`, `sentences`, `tokens` or `conllu`, plus options.').meta({
    'x-examples': {
      text: { summary: 'raw text', value: { text: EXAMPLE_TEXT } },
      sentences: { summary: 'one string per sentence', value: { sentences: ['I saw her.', 'She left'] } },
      tokens: { summary: 'pre-tokenized, with probabilities', value: { tokens: [['Dogs', 'bark', '.']], probabilities: true } },
      conllu: { summary: 'CoNLL-U in, CoNLL-U out', value: { conllu: CONLLU_EXAMPLE, format: 'conllu' } },
      kbest: { summary: 'the 3 best trees of each sentence', value: { sentences: ['I saw the man with the telescope.'], kbest: 3 } },
    },
  });
}
export type ParseRequest = z.infer<ReturnType<typeof buildRequestSchema>>;

/** The model that produced an answer (also in the X-Arcparse-Model header, as `name@version`). */
const ModelTag = z.object({
  name: z.string().describe('the model\'s name, as `model` in a request chooses it'),
  version: z.string().describe('the bundle\'s version, or `sha-` and the first 12 hex digits of its parser weights\' SHA-256 when the bundle names none'),
}).describe('the model that produced this answer');

/** Response schemas with real bounds (zod's default integer range would show up in the docs as ±2^53). */
export function buildResponseSchemas(limits: Pick<Limits, 'maxChars' | 'maxTokensPerSentence'>) {
  const offset = z.number().int().min(0).max(limits.maxChars + limits.maxTokensPerSentence);
  const wordId = z.number().int().min(1).max(limits.maxTokensPerSentence);
  const Word = z.object({
    id: wordId.describe('1-based index of the word in its sentence (CoNLL-U ID)'),
    text: z.string().describe('word form (CoNLL-U FORM)'),
    lemma: z.string().optional().describe('lemma; absent when unknown'),
    upos: z.string().describe('universal part of speech'),
    xpos: z.string().optional().describe('language-specific part of speech (Penn Treebank for English); absent when none'),
    feats: z.string().optional().describe('morphological features, `Name=Value|...`; absent when none'),
    head: z.number().int().min(0).max(limits.maxTokensPerSentence).describe('id of the head word; 0 for the root'),
    deprel: z.string().describe('universal dependency relation to the head'),
    start_char: offset.describe('offset of the token in the input text (UTF-16 code units); words of one multiword token share it'),
    end_char: offset.describe('end offset (exclusive) of the token'),
    probability: z.number().min(0).max(1).optional().describe('probability of the transition that attached this word (only with `probabilities: true`)'),
  });
  const Token = z.object({
    id: z.array(wordId).min(1).describe('ids of the words this token is made of: [3] for an ordinary token, [3, 4] for a multiword token such as "don\'t"'),
    text: z.string().describe('surface form'),
    start_char: offset,
    end_char: offset,
    space_after: z.boolean().describe('whether white space follows the token in the input'),
  });
  const logProb = z.number().max(0);
  const KBestTree = z.object({
    logProb: logProb.describe('natural log of this tree\'s probability under the parser'),
    heads: z.array(z.number().int().min(0).max(limits.maxTokensPerSentence)).describe('head of word i + 1 at index i (0: the root)'),
    deprels: z.array(z.string()).describe('relation of word i + 1 to its head at index i'),
  });
  const Sentence = z.object({
    text: z.string().describe('the sentence as it appears in the input (pre-tokenized and CoNLL-U input: rebuilt from the tokens)'),
    start_char: offset,
    end_char: offset,
    tokens: z.array(Token).describe('surface tokens'),
    words: z.array(Word).describe('syntactic words with their analysis, in order (the best tree)'),
    logProb: logProb.describe('natural log of the probability of the tree in `words` under the parser (greedy: of its derivation; with a beam: among the beam\'s trees)'),
    kbest: z.array(KBestTree).min(1).max(MAX_KBEST).optional()
      .describe('only with `kbest` > 1: the k best distinct trees, best first (the first is the tree in `words`), log-probabilities non-increasing; fewer when the sentence has fewer trees'),
  });
  const ParseResponse = z.object({
    model: ModelTag,
    sentences: z.array(Sentence).describe('One entry per sentence.'),
  }).describe('The model that parsed, and the sentences.');
  return { Sentence, ParseResponse };
}
type ResponseSchemas = ReturnType<typeof buildResponseSchemas>;
/** The answer schema at the largest configurable limits: for clients and tests that do not know the server's limits. */
export const { ParseResponse: ParseResponseSchema, Sentence: SentenceSchema } = buildResponseSchemas({ maxChars: 100_000_000, maxTokensPerSentence: 10_000 });
export type SentenceDto = z.infer<ResponseSchemas['Sentence']>;
export type ParseResponse = z.infer<ResponseSchemas['ParseResponse']>;

export const ErrorSchema = z.object({
  statusCode: z.number().int().min(400).max(599),
  error: z.string().describe('HTTP reason phrase'),
  code: z.string().describe('stable machine-readable code, e.g. HTTP_ERR_VALIDATION, HTTP_ERR_LIMIT, HTTP_ERR_UNICODE, HTTP_ERR_OVERLOADED'),
  message: z.string(),
  requestId: z.string(),
  field: z.string().optional().describe('where the problem is: `body/tokens/0/3`, `query/format`, `headers/content-encoding`, `body` (the body as a whole)'),
  issues: z.array(z.object({
    path: z.string().describe('JSON pointer to the offending field, e.g. /tokens/0/3'),
    message: z.string(),
    code: z.string(),
  })).optional().describe('one entry per schema violation'),
  limit: z.number().int().min(0).max(2 ** 31).optional().describe('the configured limit that was exceeded'),
});
export type ErrorBody = z.infer<typeof ErrorSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({
  ready: z.boolean(),
  pipeline: z.boolean().describe('whether the default model can parse raw text and untagged tokens (GET /v1/models tells for each model)'),
  threads: z.number().int().min(0).max(1024),
  queued: z.number().int().min(0).max(2 ** 31),
  running: z.number().int().min(0).max(2 ** 31),
});

export const ModelsSchema = z.object({
  default: z.string().describe('name of the model used when a request names none'),
  models: z.array(z.object({
    name: z.string().describe('what `model` in a request chooses it by'),
    language: z.string().describe('ISO 639 code (`und` when the bundle does not say)'),
    version: ModelTag.shape.version,
    default: z.boolean().describe('whether requests without `model` use it'),
    pipeline: z.boolean().describe('whether it can parse raw text and untagged tokens (it has a tokenizer and a tagger)'),
  })).min(1).describe('the loaded models, the default first'),
});
