import { randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueMessage } from '../../infra/notifier.js';
import { AppError } from '../../shared/app-error.js';
import { t, type Locale } from '../../shared/i18n.js';
import { hashPassword, verifyPassword, DUMMY_HASH } from '../../shared/password.js';
import { transact, type Deps } from '../../shared/scope.js';
import { ApplicantOtpSchema, ApplicantSchema, ApplicantSessionSchema, type Applicant } from './applicants.entity.js';
import { applicantActor, maskMobile, newApplicantToken, hashToken } from './applicant-sessions.js';

/** How long a code is valid, and how many wrong codes end it. */
export const OTP_TTL_SECONDS = 5 * 60;
export const OTP_TRIES = 3;

export interface PublicRequest {
  ip: string;
  locale: Locale;
}

/**
 * Sends a one-time password to a mobile number (SMS through the outbox, in the applicant's language).
 * Counted per number and per address before anything is made (parallel requests cannot beat the
 * limit); a new code replaces the number's earlier ones; only its slow hash is kept.
 */
export async function requestOtp(deps: Deps, em: EntityManager, input: { mobile: string; lang?: Locale | undefined }, req: PublicRequest) {
  const locale = input.lang ?? req.locale;
  await deps.otpThrottle.consume(input.mobile, req.ip, locale);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeHash = await hashPassword(code);
  const now = new Date();
  await transact({ actor: applicantActor(null, input.mobile, req), em, deps }, async (tx) => {
    await tx.em.nativeUpdate(ApplicantOtpSchema, { mobile: input.mobile, spentAt: null }, { spentAt: now });
    const id = randomUUID();
    tx.em.create(ApplicantOtpSchema, { id, mobile: input.mobile, codeHash, expiresAt: new Date(now.getTime() + OTP_TTL_SECONDS * 1000), triesLeft: OTP_TRIES, spentAt: null, clientIp: req.ip });
    const params = { code, minutes: OTP_TTL_SECONDS / 60 };
    await queueMessage(tx.em, { channel: 'sms', recipient: input.mobile, body: t(locale, 'applicants.otpSms', params), relatedType: 'applicant_otp', relatedId: id, template: { key: 'applicants.otpSms', params, locale } }, deps.log);
    tx.emit({ type: 'applicant.otp-sent', otpId: id, mobile: maskMobile(input.mobile) });
  });
  return { sentTo: maskMobile(input.mobile), expiresInSeconds: OTP_TTL_SECONDS };
}

/**
 * Checks a code and opens the applicant's session (creating the applicant on first sign-in). The
 * number's live code is locked while it is checked, so parallel guesses take one try each; a wrong
 * code uses a try, the last wrong one ends the code, an expired or spent one is refused alike.
 */
export async function signInWithOtp(deps: Deps, em: EntityManager, input: { mobile: string; code: string }, req: PublicRequest & { ttlHours: number }) {
  const now = new Date();
  const token = newApplicantToken();
  const outcome = await transact({ actor: applicantActor(null, input.mobile, req), em, deps }, async (tx) => {
    const [otp] = await tx.em.getConnection().execute<Array<{ id: string; code_hash: string; tries_left: number; expires_at: Date }>>(
      `select id, code_hash, tries_left, expires_at from applicant_otp where mobile = ? and spent_at is null order by created_at desc limit 1 for update`,
      [input.mobile], 'all', tx.em.getTransactionContext(),
    );
    const ok = await verifyPassword(input.code, otp?.code_hash ?? DUMMY_HASH);
    if (!otp || new Date(otp.expires_at) <= now) return { ok: false as const, triesLeft: 0 };
    if (!ok) {
      const triesLeft = otp.tries_left - 1;
      await tx.em.nativeUpdate(ApplicantOtpSchema, { id: otp.id }, { triesLeft, ...(triesLeft <= 0 ? { spentAt: now } : {}) });
      tx.emit({ type: 'applicant.otp-failed', otpId: otp.id, mobile: maskMobile(input.mobile), triesLeft });
      return { ok: false as const, triesLeft };
    }
    await tx.em.nativeUpdate(ApplicantOtpSchema, { id: otp.id }, { spentAt: now });
    let applicant: Applicant | null = await tx.em.findOne(ApplicantSchema, { mobile: input.mobile });
    if (applicant) applicant.lastSignInAt = now;
    else applicant = tx.em.create(ApplicantSchema, { id: randomUUID(), mobile: input.mobile, name: null, locale: req.locale, lastSignInAt: now });
    tx.em.create(ApplicantSessionSchema, { id: hashToken(token), applicant: applicant.id, expiresAt: new Date(now.getTime() + req.ttlHours * 3600_000), clientIp: req.ip });
    await tx.em.flush();
    tx.emit({ type: 'applicant.signed-in', applicantId: applicant.id, mobile: maskMobile(input.mobile) });
    return { ok: true as const, applicant };
  });
  if (!outcome.ok) throw new AppError('OTP_INVALID', {}, { triesLeft: outcome.triesLeft });
  return { token, applicant: outcome.applicant };
}
