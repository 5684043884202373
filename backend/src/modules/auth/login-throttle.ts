import { limitRefusal, pgLimiter, refusalOf } from '../../shared/rate-limit.js';
import type pg from 'pg';
import type { Locale } from '../../shared/i18n.js';

declare module '../../shared/scope.js' {
  interface Deps {
    /** Login attempts, counted per account and per client address (built once by the composition root). */
    throttle: LoginThrottle;
  }
}

/** One login attempt, counted before its password is checked; settle it once the check is done. */
export interface LoginAttempt {
  /** The password was wrong: the attempt stays counted. Throws TOO_MANY_ATTEMPTS when it used the last one. */
  failed(): void;
  /** The password was right: the account's count starts over and the address gets this attempt back. */
  succeeded(): Promise<void>;
}

export interface LoginThrottle {
  /**
   * Counts an attempt against the account and the client address (one atomic upsert each) before
   * any password is checked; throws TOO_MANY_ATTEMPTS, checking nothing, when either has none left.
   */
  begin(username: string, ip: string, locale: Locale): Promise<LoginAttempt>;
}

/**
 * Login attempts are counted per account and per client address in PostgreSQL (shared by every API
 * node); past the limit the account/address is locked for a while. An attempt is counted before its
 * password is checked, so parallel guesses cannot outrun the count: at most `maxFailures` passwords
 * are ever checked per account (and `ipMaxFailures` per address) in a lock period, and a right
 * password that arrives once they are used up is refused like any other.
 */
export function createLoginThrottle(
  pool: pg.Pool,
  opts: { maxFailures: number; ipMaxFailures: number; lockMinutes: number },
): LoginThrottle {
  const duration = opts.lockMinutes * 60;
  const byUser = pgLimiter(pool, { keyPrefix: 'login_user', points: opts.maxFailures, durationSeconds: duration, blockSeconds: duration });
  const byIp = pgLimiter(pool, { keyPrefix: 'login_ip', points: opts.ipMaxFailures, durationSeconds: duration, blockSeconds: duration });

  return {
    async begin(username, ip, locale) {
      const refused = (err: unknown) => refusalOf('TOO_MANY_ATTEMPTS', err, locale);
      // The account first: a burst against one account then never reaches the address's count.
      const user = await byUser.consume(username).catch((err: unknown) => {
        throw refused(err);
      });
      const addr = await byIp.consume(ip).catch(async (err: unknown) => {
        // no password is checked, so the account gets this attempt back
        await byUser.reward(username, 1).catch(() => undefined);
        throw refused(err);
      });
      // the attempt that uses the last allowed one locks at once when it fails, and says so
      const last = [user, addr].find((r) => r.remainingPoints === 0);
      return {
        failed() {
          if (last) throw limitRefusal('TOO_MANY_ATTEMPTS', last, locale);
        },
        async succeeded() {
          await Promise.all([byUser.delete(username), byIp.reward(ip, 1)]);
        },
      };
    },
  };
}
