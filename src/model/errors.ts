export type ModelErrorCode =
  | 'MODEL_ERR_NOT_FOUND'
  | 'MODEL_ERR_MANIFEST'
  | 'MODEL_ERR_UNSUPPORTED_VERSION'
  | 'MODEL_ERR_CHECKSUM'
  | 'MODEL_ERR_TRUNCATED'
  | 'MODEL_ERR_SHAPE'
  /** Files that parse and validate but describe a model this code cannot build (feature, label set, duplicate entries, architecture). */
  | 'MODEL_ERR_INVALID';

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
