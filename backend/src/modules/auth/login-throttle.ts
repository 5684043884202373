import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type pg from 'pg';
import { AppError } from '../../shared/app-error.js';
import { formatIstDateTime } from '../../shared/dates.js';
import type { Locale } from '../../shared/i18n.js';

export interface LoginThrottle {
  /** Throws TOO_MANY_ATTEMPTS while the account or the client address is locked. */
  assertOpen(username: string, ip: string, locale: Locale): Promise<void>;
  recordFailure(username: string, ip: string, locale: Locale): Promise<void>;
  recordSuccess(username: string): Promise<void>;
}

/**
 * Failed logins are counted per account and per client address in PostgreSQL (shared by every API
 * node); past the limit the account/address is locked for a while.
 */
export function createLoginThrottle(pool: pg.Pool, opts: { maxFailures: number; ipMaxFailures: number; lockMinutes: number }): LoginThrottle {
  const common = { storeClient: pool, storeType: 'pool' as const, tableName: 'rate_limit', tableCreated: true, clearExpiredByTimeout: false };
  const duration = opts.lockMinutes * 60;
  const byUser = new RateLimiterPostgres({ ...common, keyPrefix: 'login_user', points: opts.maxFailures, duration, blockDuration: duration });
  const byIp = new RateLimiterPostgres({ ...common, keyPrefix: 'login_ip', points: opts.ipMaxFailures, duration, blockDuration: duration });

  const locked = (res: RateLimiterRes, locale: Locale) => {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    const retryAt = new Date(Date.now() + seconds * 1000);
    return new AppError(
      'TOO_MANY_ATTEMPTS',
      { retryAt: formatIstDateTime(retryAt, locale), minutes: Math.ceil(seconds / 60) },
      { retryAfterSeconds: seconds, retryAt: retryAt.toISOString() },
    );
  };
  const check = async (limiter: RateLimiterPostgres, key: string, points: number, locale: Locale) => {
    const res = await limiter.get(key);
    if (res && res.consumedPoints >= points && res.msBeforeNext > 0) throw locked(res, locale);
  };

  return {
    async assertOpen(username, ip, locale) {
      await check(byUser, username, opts.maxFailures, locale);
      await check(byIp, ip, opts.ipMaxFailures, locale);
    },
    async recordFailure(username, ip, locale) {
      const results = await Promise.allSettled([byUser.consume(username), byIp.consume(ip)]);
      for (const r of results) {
        if (r.status === 'rejected') throw r.reason instanceof RateLimiterRes ? locked(r.reason, locale) : r.reason;
      }
      // The failure that uses the last allowed attempt locks at once, and says so.
      const exhausted = results.find((r) => r.status === 'fulfilled' && r.value.remainingPoints === 0);
      if (exhausted?.status === 'fulfilled') throw locked(exhausted.value, locale);
    },
    async recordSuccess(username) {
      await byUser.delete(username);
    },
  };
}
