/**
 * Content negotiation: which bodies the service reads (JSON and CoNLL-U, UTF-8 only, optionally
 * compressed) and which answer format the Accept header asks for.
 *
 * - Content-Encoding: gzip (x-gzip), deflate and br are decoded as the body streams in; the decoded size
 *   counts against ARCPARSE_BODY_LIMIT, so a decompression bomb is stopped at the limit (413) and never
 *   inflated further. identity or none is read as is; anything else, or more than one coding, is 415,
 *   decided from the headers before any of the body is read.
 * - Bodies must be UTF-8: invalid bytes are 400, another declared charset is 415. Nothing is replaced.
 * - A JSON body with a `__proto__` or `constructor.prototype` key is refused with its own code (such a key
 *   is never a field of this API, and refusing it rules out prototype pollution).
 */
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ServiceError } from './parse-service.ts';
import type { Format } from './schemas.ts';

export const JSON_TYPE = 'application/json';
export const CONLLU_TYPE = 'text/x-conllu';
export const NDJSON_TYPE = 'application/x-ndjson';

export type Coding = 'identity' | 'gzip' | 'deflate' | 'br';
const CODINGS: Record<string, Coding> = { identity: 'identity', gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', br: 'br' };

/** The body's content coding, or the 415 its Content-Encoding header gets. */
export function codingOf(header: string | string[] | undefined): Coding | ServiceError {
  const value = (Array.isArray(header) ? header.join(',') : header ?? '').trim().toLowerCase();
  if (value === '') return 'identity';
  const codings = value.split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
  const field = 'headers/content-encoding';
  if (codings.length > 1) {
    return new ServiceError('HTTP_ERR_UNSUPPORTED_ENCODING', `Content-Encoding "${value.slice(0, 100)}": at most one content coding (gzip, deflate or br)`, { field });
  }
  const coding = codings.length === 0 ? 'identity' : CODINGS[codings[0] ?? ''];
  if (!coding) {
    return new ServiceError('HTTP_ERR_UNSUPPORTED_ENCODING', `Content-Encoding "${value.slice(0, 100)}" is not supported: use gzip, deflate, br or none`, { field });
  }
  return coding;
}

/** Counts the decoded bytes and stops the stream (413) past the limit, before more is inflated. */
class DecodedLimit extends Transform {
  private seen = 0;
  private readonly limit: number;
  constructor(limit: number) {
    super();
    this.limit = limit;
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      done(new ServiceError('HTTP_ERR_LIMIT', `the decoded body has more than ${this.limit} bytes (ARCPARSE_BODY_LIMIT)`, { limit: this.limit, field: 'body' }));
      return;
    }
    done(null, chunk);
  }
}

const decoder = (coding: Exclude<Coding, 'identity'>): Transform =>
  coding === 'gzip' ? zlib.createGunzip() : coding === 'deflate' ? zlib.createInflate() : zlib.createBrotliDecompress();

/**
 * The decoded body as a stream. `receivedEncodedLength` tells Fastify how many bytes came over the wire,
 * which it compares with Content-Length; the decoded bytes count against the body limit.
 */
export function decodedBody(raw: NodeJS.ReadableStream, coding: Exclude<Coding, 'identity'>, limit: number): Transform & { receivedEncodedLength: number } {
  const out = Object.assign(new DecodedLimit(limit), { receivedEncodedLength: 0 });
  raw.on('data', (chunk: Buffer) => { out.receivedEncodedLength += chunk.length; });
  const inflate = decoder(coding);
  const fail = (err: unknown): void => {
    // zlib's own errors (bad header, truncated data) say little to a client: name the coding instead.
    if (!out.destroyed) out.destroy(err instanceof ServiceError ? err : new ServiceError('HTTP_ERR_ENCODING', `the body is not valid ${coding} data (Content-Encoding: ${coding})`, { field: 'body' }));
  };
  raw.on('error', fail);
  inflate.on('error', fail);
  raw.pipe(inflate).pipe(out);
  // Past the limit (or on any error), stop inflating at once: a bomb would otherwise be inflated to its end.
  out.on('error', () => {
    raw.unpipe(inflate);
    inflate.destroy();
  });
  return out;
}

/** The charset parameter of a Content-Type, lower-cased, or undefined. */
function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m?.[1]?.toLowerCase();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text: UTF-8 only, invalid bytes refused (never replaced by U+FFFD). */
function bodyText(req: FastifyRequest, raw: Buffer): string | ServiceError {
  const charset = charsetOf(req.headers['content-type']);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new ServiceError('HTTP_ERR_UNSUPPORTED_CHARSET', `charset "${charset.slice(0, 40)}" is not supported: send UTF-8`, { field: 'headers/content-type' });
  }
  try {
    return utf8.decode(raw);
  } catch {
    return new ServiceError('HTTP_ERR_ENCODING', 'the request body is not valid UTF-8', { field: 'body' });
  }
}

const FORBIDDEN_KEY = /"(__proto__|constructor)"\s*:/;

/** application/json (strict UTF-8, forbidden keys named) and text/x-conllu (read as `{ conllu }`). */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (req, raw, done) => {
    const text = bodyText(req, raw as Buffer);
    if (text instanceof ServiceError) {
      done(text, undefined);
      return;
    }
    void parseJson(req, text, (err, value) => {
      if (err && isPlainJson(text)) {
        const key = FORBIDDEN_KEY.exec(text)?.[1] ?? '__proto__';
        done(new ServiceError('HTTP_ERR_FORBIDDEN_KEY',
          `the key "${key}"${key === 'constructor' ? ' (with "prototype")' : ''} is not allowed in the body: it is no field of this API, and such keys are refused to rule out prototype pollution`,
          { field: 'body' }), undefined);
        return;
      }
      done(err, value);
    });
  });
  app.addContentTypeParser(CONLLU_TYPE, { parseAs: 'buffer' }, (req, raw, done) => {
    const text = bodyText(req, raw as Buffer);
    if (text instanceof ServiceError) done(text, undefined);
    else done(null, { conllu: text });
  });
}

function isPlainJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The answer format the Accept header prefers (by q-value; ties go to JSON, then NDJSON), or undefined
 * when it expresses no preference among ours (absent, `*\/*` only, or only other types).
 */
export function formatFromAccept(accept: string | undefined): Format | undefined {
  if (!accept) return undefined;
  const q: Record<Format, number> = { json: 0, ndjson: 0, conllu: 0 };
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(weight)) continue;
    const t = type.trim();
    if (t === CONLLU_TYPE) q.conllu = Math.max(q.conllu, weight);
    else if (t === NDJSON_TYPE) q.ndjson = Math.max(q.ndjson, weight);
    else if (t === JSON_TYPE || t === 'application/*') q.json = Math.max(q.json, weight);
  }
  const best = Math.max(q.json, q.ndjson, q.conllu);
  if (best <= 0) return undefined;
  return q.json === best ? 'json' : q.ndjson === best ? 'ndjson' : 'conllu';
}
