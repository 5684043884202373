import { pgLimiter, refusalOf } from '../../shared/rate-limit.js';
import type pg from 'pg';
import type { Locale } from '../../shared/i18n.js';

declare module '../../shared/scope.js' {
  interface Deps {
    /** One-time passwords sent, counted per mobile number and per client address (built by the composition root). */
    otpThrottle: OtpThrottle;
  }
}

export interface OtpThrottle {
  /** Counts one OTP to send, per number and per address (one atomic upsert each); throws OTP_LIMITED (the number) or RATE_LIMITED (the address), counting nothing more, when either has none left. */
  consume(mobile: string, ip: string, locale: Locale): Promise<void>;
}

/**
 * OTPs are counted in PostgreSQL (shared by every API node) before one is made, so parallel requests
 * cannot send more than `perMobile` codes to a number (or `perIp` from one address) in a window: each
 * request takes its point in one atomic statement, and the one that finds none left is refused.
 */
export function createOtpThrottle(pool: pg.Pool, opts: { perMobile: number; perIp: number; windowMinutes: number }): OtpThrottle {
  const durationSeconds = opts.windowMinutes * 60;
  const byMobile = pgLimiter(pool, { keyPrefix: 'otp_mobile', points: opts.perMobile, durationSeconds });
  const byIp = pgLimiter(pool, { keyPrefix: 'otp_ip', points: opts.perIp, durationSeconds });
  return {
    async consume(mobile, ip, locale) {
      const refused = (code: 'OTP_LIMITED' | 'RATE_LIMITED', err: unknown) => refusalOf(code, err, locale);
      await byIp.consume(ip).catch((err: unknown) => {
        throw refused('RATE_LIMITED', err);
      });
      await byMobile.consume(mobile).catch(async (err: unknown) => {
        await byIp.reward(ip, 1).catch(() => undefined); // nothing was sent: the address gets its point back
        throw refused('OTP_LIMITED', err);
      });
    },
  };
}
