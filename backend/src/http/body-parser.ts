import type Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { AppError } from '../shared/app-error.js';

/**
 * JSON request bodies. Any JSON value is parsed (the route's validation says that a body must be
 * an object, naming the problem); what cannot be parsed at all — malformed JSON, an unknown
 * charset or content encoding, a broken gzip stream — is the client's mistake: 400
 * VALIDATION_FAILED (413 when too large), never a server error.
 */
export function jsonBodyParser(): Koa.Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: '1mb',
    encoding: 'utf-8',
    jsonStrict: false,
    onError: (err) => {
      throw bodyError(err);
    },
  }) as Koa.Middleware;
}

export function bodyError(err: unknown): AppError {
  const e = err as { status?: number; statusCode?: number; type?: string };
  const status = e.status ?? e.statusCode;
  if (status === 413 || e.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE');
  const tKey = status === 415 ? 'fields.unsupportedEncoding' : 'fields.invalidJson';
  return new AppError('VALIDATION_FAILED', {}, { issues: [{ path: [], code: 'invalid_body', message: null, tKey }] });
}
