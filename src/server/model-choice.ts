/**
 * Which loaded model a request parses with, and how an answer names it. Requests choose only among
 * the models the server loaded at start-up (by name, never by path: a client must not make the
 * server read files); no choice means the first configured model.
 */
import { type ModelSummary, ServiceError } from './parse-service.ts';

/** Response header naming the model of every parse answer: `name@version` (CoNLL-U and NDJSON have no room for it in the body). */
export const MODEL_HEADER = 'X-Arcparse-Model';

export function defaultModel(models: readonly ModelSummary[]): ModelSummary {
  const first = models[0];
  if (!first) throw new Error('the parse service has no model');
  return first;
}

/** The model named `requested` (the default when undefined), or a 400 that names the field and lists the choices. */
export function chooseModel(models: readonly ModelSummary[], requested: string | undefined, field: string): ModelSummary {
  if (requested === undefined) return defaultModel(models);
  const found = models.find((m) => m.name === requested);
  if (found) return found;
  const available = models.map((m, i) => (i === 0 ? `${m.name} (default)` : m.name)).join(', ');
  const shown = requested.length > 100 ? `${requested.slice(0, 100)}…` : requested;
  throw new ServiceError('HTTP_ERR_UNKNOWN_MODEL', `no model named ${JSON.stringify(shown)} is loaded; available: ${available} (GET /v1/models)`, { field });
}

/** `fr_sequoia@sha-ab5ae3ba2092`: the value of MODEL_HEADER. */
export const modelTag = (m: Pick<ModelSummary, 'name' | 'version'>): string => `${m.name}@${m.version}`;
