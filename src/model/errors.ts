export type ModelErrorCode =
  | 'MODEL_ERR_NOT_FOUND'
  | 'MODEL_ERR_MANIFEST'
  | 'MODEL_ERR_UNSUPPORTED_VERSION'
  | 'MODEL_ERR_CHECKSUM'
  | 'MODEL_ERR_TRUNCATED'
  | 'MODEL_ERR_SHAPE';

/** A model that cannot be loaded or saved; the message names the file. */
export class ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ModelErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
    this.details = details;
  }
}
