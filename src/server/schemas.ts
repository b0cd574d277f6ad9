/**
 * Request and response schemas of the HTTP API (zod; fastify-type-provider-zod turns them into the
 * validator, the response serializer and the OpenAPI document). Limits come from the configuration,
 * so the schemas are built per app.
 *
 * Field names of words follow Stanza's `Document.to_dict()` (id, text, lemma, upos, xpos, feats,
 * head, deprel, start_char, end_char), so code written against Stanza output reads ours unchanged.
 */
import { z } from 'zod';
import type { Limits } from './config.ts';

/** Longest single token of pre-tokenized input (the library's own cap on a word form). */
export const MAX_TOKEN_CHARS = 1000;

export const Format = z.enum(['json', 'conllu']);
export type Format = z.infer<typeof Format>;

/** The issue code the error handler turns into 413 (a configured limit was exceeded), as opposed to 400. */
const LIMIT = 'too_big';

export function buildRequestSchema(limits: Limits) {
  const chars = `at most ${limits.maxChars} characters in total (ARCPARSE_MAX_CHARS)`;
  const sentences = `at most ${limits.maxSentences} sentences (ARCPARSE_MAX_SENTENCES)`;
  const perSentence = `at most ${limits.maxTokensPerSentence} tokens per sentence (ARCPARSE_MAX_TOKENS)`;
  const token = z.string()
    .min(1, 'a token must not be empty')
    .max(MAX_TOKEN_CHARS, `a token has at most ${MAX_TOKEN_CHARS} characters`)
    .regex(/^\S+$/u, 'a token must not contain white space');

  return z.strictObject({
    text: z.string().max(limits.maxChars, chars).optional()
      .describe('Raw text: split into sentences and tokens by the model. Overlong sentences are cut into pieces of the tokens-per-sentence limit.'),
    sentences: z.array(z.string().regex(/\S/u, 'a sentence must contain a non-space character')).max(limits.maxSentences, sentences).optional()
      .describe('One string per sentence: each is tokenized, never split further.'),
    tokens: z.array(z.array(token).min(1, 'a sentence needs at least one token').max(limits.maxTokensPerSentence, perSentence))
      .max(limits.maxSentences, sentences).optional()
      .describe('Pre-tokenized sentences: each string is one word, never re-split. Tags and lemmas are predicted.'),
    format: Format.optional()
      .describe('`json` (default) or `conllu` (CoNLL-U text). Without it, `Accept: text/x-conllu` selects CoNLL-U.'),
    probabilities: z.boolean().default(false)
      .describe('Add `probability` to every word: the softmax probability of the transition that attached it (JSON only).'),
  }).superRefine((body, ctx) => {
    const given = (['text', 'sentences', 'tokens'] as const).filter((k) => body[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', path: given.length === 0 ? [] : [given[1] ?? ''],
        message: `give exactly one of text, sentences or tokens (got ${given.length === 0 ? 'none' : given.join(', ')})` });
    }
    const total = body.sentences?.reduce((a, s) => a + s.length, 0)
      ?? body.tokens?.reduce((a, s) => a + s.reduce((b, t) => b + t.length + 1, 0), 0) ?? 0;
    if (total > limits.maxChars) {
      ctx.addIssue({ code: LIMIT, origin: 'string', maximum: limits.maxChars, inclusive: true, input: undefined,
        path: [body.sentences ? 'sentences' : 'tokens'], message: `${total} characters; ${chars}` });
    }
  }).describe('Exactly one of `text`, `sentences` or `tokens`, plus options.');
}
export type ParseRequest = z.infer<ReturnType<typeof buildRequestSchema>>;

export const WordSchema = z.object({
  id: z.number().int().min(1).describe('1-based index of the word in its sentence (CoNLL-U ID)'),
  text: z.string().describe('word form (CoNLL-U FORM)'),
  lemma: z.string().optional().describe('lemma; absent when unknown'),
  upos: z.string().describe('universal part of speech'),
  xpos: z.string().optional().describe('language-specific part of speech (Penn Treebank for English); absent when none'),
  feats: z.string().optional().describe('morphological features, `Name=Value|...`; absent when none'),
  head: z.number().int().min(0).describe('id of the head word; 0 for the root'),
  deprel: z.string().describe('universal dependency relation to the head'),
  start_char: z.number().int().min(0).describe('offset of the token in the input text (UTF-16 code units); words of one multiword token share it'),
  end_char: z.number().int().min(0).describe('end offset (exclusive) of the token'),
  probability: z.number().min(0).max(1).optional().describe('probability of the transition that attached this word (only with `probabilities: true`)'),
});

export const TokenSchema = z.object({
  id: z.array(z.number().int().min(1)).min(1).describe('ids of the words this token is made of: [3] for an ordinary token, [3, 4] for a multiword token such as "don\'t"'),
  text: z.string().describe('surface form'),
  start_char: z.number().int().min(0),
  end_char: z.number().int().min(0),
  space_after: z.boolean().describe('whether white space follows the token in the input'),
});

export const SentenceSchema = z.object({
  text: z.string().describe('the sentence as it appears in the input (pre-tokenized input: tokens joined by spaces)'),
  start_char: z.number().int().min(0),
  end_char: z.number().int().min(0),
  tokens: z.array(TokenSchema).describe('surface tokens'),
  words: z.array(WordSchema).describe('syntactic words with their analysis, in order'),
});

export const ParseResponseSchema = z.object({
  sentences: z.array(SentenceSchema),
}).describe('One entry per sentence.');
export type ParseResponse = z.infer<typeof ParseResponseSchema>;
export type SentenceDto = z.infer<typeof SentenceSchema>;

export const ErrorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string().describe('HTTP reason phrase'),
  code: z.string().describe('stable machine-readable code, e.g. HTTP_ERR_VALIDATION, HTTP_ERR_LIMIT, HTTP_ERR_OVERLOADED'),
  message: z.string(),
  requestId: z.string(),
  issues: z.array(z.object({
    path: z.string().describe('JSON pointer to the offending field, e.g. /tokens/0/3'),
    message: z.string(),
    code: z.string(),
  })).optional().describe('one entry per schema violation'),
  limit: z.number().optional().describe('the configured limit that was exceeded'),
});
export type ErrorBody = z.infer<typeof ErrorSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({
  ready: z.boolean(),
  pipeline: z.boolean().describe('whether the model can parse raw text and untagged tokens'),
  threads: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
});
