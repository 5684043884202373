import type Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import { isStorageUnavailable } from '@patravali/storage';
import { AppError } from '../../shared/app-error.js';
import { isCommitInDoubt, isDatabaseUnavailable } from '../../infra/database-faults.js';
import { t, type Locale } from '../../shared/i18n.js';
import type { Logger } from '../../shared/logger.js';

/**
 * Maps every error to `{error, message, details}` with the message in the user's language.
 * Unknown errors are logged with a reference the user can quote; nothing internal leaks.
 */
export function errorMiddleware(log: Logger): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined && ctx.path.startsWith('/api/')) throw new AppError('NOT_FOUND');
    } catch (raw) {
      const locale: Locale = ctx.state.locale ?? 'en';
      let err: AppError;
      if (raw instanceof AppError) err = raw;
      else if (raw instanceof OptimisticLockError) err = new AppError('CONFLICT');
      else if (raw instanceof UniqueConstraintViolationException) err = new AppError('CONFLICT');
      else if (isStorageUnavailable(raw)) {
        log.warn({ err: (raw as Error).message, method: ctx.method, path: ctx.path }, 'object storage unavailable');
        err = new AppError('STORAGE_UNAVAILABLE');
      } else if (isDatabaseUnavailable(raw)) {
        log.warn({ err: (raw as Error).message, method: ctx.method, path: ctx.path }, 'database unavailable');
        err = isCommitInDoubt(raw) ? new AppError('SERVICE_UNAVAILABLE', {}, { outcome: 'unknown' }) : new AppError('SERVICE_UNAVAILABLE');
      } else if ((raw as { status?: number }).status === 413 || (raw as { type?: string }).type === 'entity.too.large')
        err = new AppError('PAYLOAD_TOO_LARGE');
      else if (sqlState(raw) === '23505')
        err = new AppError('CONFLICT'); // a unique index caught a race between two requests
      else if (BAD_VALUE_STATES.has(sqlState(raw) ?? '')) {
        // a value PostgreSQL cannot take got past validation: still the client's input, but validation should have said so
        const ref = randomUUID().slice(0, 8);
        log.warn({ err: raw, ref, method: ctx.method, path: ctx.path }, 'database refused a value validation let through');
        err = new AppError(
          'VALIDATION_FAILED',
          {},
          { ref, issues: [{ path: [], code: 'invalid_value', message: null, tKey: 'fields.invalidRequest' }] },
        );
      } else if (clientError(raw)) {
        // a library's own 4xx (http-errors with expose): its English text stays out of the answer
        const status = (raw as { status: number }).status;
        err =
          status === 404
            ? new AppError('NOT_FOUND')
            : new AppError(
                'VALIDATION_FAILED',
                {},
                { issues: [{ path: [], code: 'invalid_request', message: null, tKey: 'fields.invalidRequest' }] },
              );
      } else {
        const ref = randomUUID().slice(0, 8);
        log.error({ err: raw, ref, method: ctx.method, path: ctx.path }, 'unhandled error');
        err = new AppError('INTERNAL', { ref }, { ref });
      }
      ctx.status = err.status;
      ctx.body = errorAnswer(err, locale);
      if (err.code === 'TOO_MANY_ATTEMPTS' && typeof err.details?.retryAfterSeconds === 'number')
        ctx.set('Retry-After', String(err.details.retryAfterSeconds));
      if (err.status === 503) ctx.set('Retry-After', '30');
    }
  };
}

/**
 * The answer to an AppError, `{error, message, details}`, with every message in the user's language
 * (also what a bulk action reports for each item it could not do).
 */
export function errorAnswer(
  err: AppError,
  locale: Locale,
): { error: AppError['code']; message: string; details?: Record<string, unknown> } {
  // a commit that got no answer may have been saved: say so rather than "nothing was saved"
  const messageKey =
    err.code === 'SERVICE_UNAVAILABLE' && err.details?.outcome === 'unknown' ? 'errors.SERVICE_UNAVAILABLE_IN_DOUBT' : `errors.${err.code}`;
  const message = t(locale, messageKey, translateParams(err.params, locale));
  // issues without their own message carry the error's message (e.g. a duplicate code at its field)
  // issues naming a message key ({tKey, params}) get it in the user's language
  const details = err.details?.issues
    ? {
        ...err.details,
        issues: (err.details.issues as Issue[]).map(({ tKey, params, ...i }) => ({
          ...i,
          message: i.message ?? (tKey ? t(locale, tKey, translateParams(params ?? {}, locale)) : message),
        })),
      }
    : err.details;
  return { error: err.code, message, ...(details ? { details } : {}) };
}

interface Issue {
  path: string[];
  code: string;
  message: string | null;
  tKey?: string;
  params?: Record<string, unknown>;
}

/** SQLSTATEs of values PostgreSQL refuses: NUL or bad bytes in text, lone surrogates in JSON, impossible dates. */
const BAD_VALUE_STATES = new Set(['22021', '22P05', '22P02', '22007', '22008', '22009']);
const sqlState = (raw: unknown): string | undefined => {
  const code = (raw as { code?: unknown; sqlState?: unknown }).sqlState ?? (raw as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

const clientError = (raw: unknown): boolean => {
  const e = raw as { status?: unknown; expose?: unknown };
  return e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
};

/** Params may name other messages ({tKey}) so that they, too, come in the user's language. */
function translateParams(params: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      v && typeof v === 'object' && 'tKey' in v ? t(locale, String((v as { tKey: string }).tKey)) : v,
    ]),
  );
}
