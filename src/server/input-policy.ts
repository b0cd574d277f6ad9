/**
 * The input policy of the HTTP service, in one place: which characters a request may carry, what a
 * token is, and the limits. Every rule answers with a 4xx naming the field (and the offset or limit);
 * nothing is dropped or rewritten silently. The README ("Input policy") and the OpenAPI description
 * (POLICY_TEXT) say the same; a test keeps them in step.
 *
 * - Lone UTF-16 surrogates (a JSON `\ud800` escape without its pair) are refused (400
 *   HTTP_ERR_UNICODE): UTF-8 cannot carry them, so the CoNLL-U answer could only replace them.
 * - Control characters (Unicode Cc) are refused (400 HTTP_ERR_CONTROL_CHAR), except the five ASCII
 *   white-space ones (tab, line feed, vertical tab, form feed, carriage return) in text, which separate
 *   tokens like a space. U+0080–U+009F (NEL among them) are refused too: they are almost always
 *   Windows-1252 text decoded as Latin-1, and common CoNLL-U readers split lines at NEL and U+001C–U+001E.
 * - White space of any kind (including U+2028/U+2029 and no-break spaces) and U+200B separate tokens in
 *   text; the JSON answer keeps exact offsets, and CoNLL-U writes each run as one space in `# text`
 *   (a comment is one line). A token never contains one (400 HTTP_ERR_VALIDATION).
 * - CoNLL-U input is stricter: lines end with LF (or CRLF); vertical tab, form feed, U+2028 and
 *   U+2029 are refused because line-splitting readers would break the line there.
 */
import type { Limits } from './config.ts';

export type PolicyCode = 'HTTP_ERR_UNICODE' | 'HTTP_ERR_CONTROL_CHAR';

export interface PolicyViolation {
  code: PolicyCode;
  /** Offset (UTF-16 code units) of the offending character in the string. */
  offset: number;
  message: string;
}

/** What the string is: free text (raw text, a sentence), one token, or a CoNLL-U document. */
export type StringKind = 'text' | 'token' | 'conllu';

/** Lone surrogates and the control characters refused everywhere (tab, LF, VT, FF and CR are allowed in text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TEXT_FORBIDDEN = /[\p{Cs}\u0000-\u0008\u000E-\u001F\u007F-\u009F]/u;
/** In CoNLL-U, also every line break other than LF (CR only directly before LF). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONLLU_FORBIDDEN = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]|\r(?!\n)/u;
/** What separates tokens in raw text (JavaScript white space, which includes U+2028/9 and U+FEFF, and U+200B). */
export const TOKEN_SEPARATOR = /[\s\u200B]/u;

export const codePoint = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character the policy refuses in `s`, or undefined. One regular-expression test in the common case. */
export function findViolation(s: string, kind: StringKind): PolicyViolation | undefined {
  const m = (kind === 'conllu' ? CONLLU_FORBIDDEN : TEXT_FORBIDDEN).exec(s);
  if (!m) return undefined;
  const offset = m.index;
  const c = s.charCodeAt(offset);
  const where = kind === 'conllu' ? ` (line ${lineAt(s, offset)})` : '';
  if (c >= 0xd800 && c <= 0xdfff) {
    return { code: 'HTTP_ERR_UNICODE', offset,
      message: `lone UTF-16 surrogate ${codePoint(c)} at offset ${offset}${where}: text must be valid Unicode (UTF-8 cannot carry a lone surrogate)` };
  }
  const allowed = kind === 'conllu' ? 'only tab and line feed (CRLF line ends are fine)' : 'only tab, line feed, vertical tab, form feed and carriage return';
  const what = c === 0x2028 || c === 0x2029 ? 'line or paragraph separator' : 'control character';
  return { code: 'HTTP_ERR_CONTROL_CHAR', offset, message: `${what} ${codePoint(c)} at offset ${offset}${where} is not allowed (${allowed})` };
}

function lineAt(s: string, offset: number): number {
  let line = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < offset; i = s.indexOf('\n', i + 1)) line++;
  return line;
}

/** The environment variable behind each limit: every limit error names it. */
export const LIMIT_VARIABLES = {
  bodyLimit: 'ARCPARSE_BODY_LIMIT',
  maxChars: 'ARCPARSE_MAX_CHARS',
  maxSentences: 'ARCPARSE_MAX_SENTENCES',
  maxTokensPerSentence: 'ARCPARSE_MAX_TOKENS',
  maxTokenChars: 'ARCPARSE_MAX_TOKEN_CHARS',
} as const satisfies Record<keyof Limits, string>;

/** "at most 200 characters per token (ARCPARSE_MAX_TOKEN_CHARS)" and the like. */
export function limitPhrase(limits: Limits, which: keyof Limits): string {
  const n = limits[which];
  const what = {
    bodyLimit: `${n} bytes of body (after Content-Encoding)`,
    maxChars: `${n} characters in total`,
    maxSentences: `${n} sentences`,
    maxTokensPerSentence: `${n} tokens per sentence`,
    maxTokenChars: `${n} characters per token`,
  }[which];
  return `at most ${what} (${LIMIT_VARIABLES[which]})`;
}

/** The policy as a few lines of Markdown, for the OpenAPI description. */
export function policyText(limits: Limits): string {
  return [
    `Limits (each configurable, each named in its 413 error): ${(Object.keys(LIMIT_VARIABLES) as (keyof Limits)[]).map((k) => limitPhrase(limits, k)).join('; ')}.`,
    'Characters: lone UTF-16 surrogates → 400 HTTP_ERR_UNICODE; control characters other than tab, line feed, vertical tab, form feed and carriage return',
    '(and in CoNLL-U also those four line breaks other than LF/CRLF, and U+2028/U+2029) → 400 HTTP_ERR_CONTROL_CHAR; both name the field and the offset.',
    'White space and U+200B separate tokens; a token never contains one. Nothing is dropped or rewritten: JSON keeps exact offsets;',
    'CoNLL-U writes each run of white space in `# text` as one space. Raw text with a sentence over the token limit is cut into consecutive sentences.',
  ].join(' ');
}
