import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type pg from 'pg';
import { AppError } from './app-error.js';
import { formatIstDateTime } from './dates.js';
import type { Locale } from './i18n.js';

/**
 * Counters that limit what one key (an account, an address, a mobile number, an uploader) may do in a
 * window, kept in PostgreSQL's `rate_limit` table so every API node shares them; each point is taken in
 * one atomic statement, so parallel requests cannot beat a limit (rate-limiter-flexible).
 */
export function pgLimiter(
  pool: pg.Pool,
  o: { keyPrefix: string; points: number; durationSeconds: number; blockSeconds?: number },
): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limit',
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix: o.keyPrefix,
    points: o.points,
    duration: o.durationSeconds,
    ...(o.blockSeconds ? { blockDuration: o.blockSeconds } : {}),
  });
}

const made = new WeakMap<pg.Pool, Map<string, RateLimiterPostgres>>();
/** `pgLimiter`, made once per pool and key prefix (a route's limiter, built on first use). */
export function limiterOf(pool: pg.Pool, o: Parameters<typeof pgLimiter>[1]): RateLimiterPostgres {
  let byPrefix = made.get(pool);
  if (!byPrefix) made.set(pool, (byPrefix = new Map()));
  let limiter = byPrefix.get(o.keyPrefix);
  if (!limiter) byPrefix.set(o.keyPrefix, (limiter = pgLimiter(pool, o)));
  return limiter;
}

export type LimitCode = 'RATE_LIMITED' | 'OTP_LIMITED' | 'TOO_MANY_ATTEMPTS';

/** The refusal of a limited request: when to try again, in the user's language and for clients (Retry-After). */
export function limitRefusal(code: LimitCode, res: RateLimiterRes, locale: Locale): AppError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  const retryAt = new Date(Date.now() + seconds * 1000);
  return new AppError(
    code,
    { retryAt: formatIstDateTime(retryAt, locale), minutes: Math.ceil(seconds / 60) },
    { retryAfterSeconds: seconds, retryAt: retryAt.toISOString() },
  );
}

/** A limiter's rejection as the refusal; anything else (the database away) as it is. */
export const refusalOf = (code: LimitCode, err: unknown, locale: Locale): unknown =>
  err instanceof RateLimiterRes ? limitRefusal(code, err, locale) : err;

/** Takes one point for `key`, or throws the refusal `code`. */
export async function consumeOrRefuse(limiter: RateLimiterPostgres, key: string, code: LimitCode, locale: Locale): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (err) {
    throw refusalOf(code, err, locale);
  }
}
