/** Stable machine-readable codes, so callers (CLI, server, tests) can branch without parsing messages. */
export type ParserErrorCode =
  | 'PARSER_ERR_CONLLU_COLUMNS'
  | 'PARSER_ERR_CONLLU_ID'
  | 'PARSER_ERR_CONLLU_HEAD'
  | 'PARSER_ERR_CONLLU_CYCLE'
  | 'PARSER_ERR_CONLLU_DUPLICATE_ID'
  | 'PARSER_ERR_CONLLU_EMPTY_FIELD'
  | 'PARSER_ERR_CONLLU_COMMENT'
  | 'PARSER_ERR_CONLLU_EMPTY_SENTENCE'
  | 'PARSER_ERR_NO_VALID_TRANSITION'
  | 'PARSER_ERR_ORACLE_STUCK'
  | 'PARSER_ERR_INPUT';

export class ParserError extends Error {
  readonly code: ParserErrorCode;
  /** Structured context (source, line, ids...) for logs and API responses. */
  readonly details: Record<string, unknown>;

  constructor(code: ParserErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ParserError';
    this.code = code;
    this.details = details;
  }
}
