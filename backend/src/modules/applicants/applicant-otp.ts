import { randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { queueSms } from '../../infra/notifier.js';
import { AppError } from '../../shared/app-error.js';
import { type Locale } from '../../shared/i18n.js';
import { hashPassword, verifyPassword, DUMMY_HASH } from '../../shared/password.js';
import { transact, type Deps, type Tx } from '../../shared/scope.js';
import type { Actor } from '../../shared/actor.js';
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
    tx.em.create(ApplicantOtpSchema, {
      id,
      mobile: input.mobile,
      codeHash,
      expiresAt: new Date(now.getTime() + OTP_TTL_SECONDS * 1000),
      triesLeft: OTP_TRIES,
      spentAt: null,
      clientIp: req.ip,
    });
    const params = { code, minutes: OTP_TTL_SECONDS / 60 };
    await queueSms(tx.em, { to: input.mobile, key: 'applicants.otpSms', params, locale, related: { type: 'applicant_otp', id } }, deps.log);
    tx.emit({ type: 'applicant.otp-sent', otpId: id, mobile: maskMobile(input.mobile) });
  });
  return { sentTo: maskMobile(input.mobile), expiresInSeconds: OTP_TTL_SECONDS };
}

/**
 * Checks a code and opens the applicant's session (creating the applicant on first sign-in). The
 * number's live code is locked while it is checked, so parallel guesses take one try each; a wrong
 * code uses a try, the last wrong one ends the code, an expired or spent one is refused alike.
 */
type OtpCheck = { ok: true } | { ok: false; triesLeft: number };

/**
 * Checks a code against the number's live one, under its row lock (parallel guesses take one try each):
 * right — the code is spent; wrong — a try is used (the last wrong one ends it); expired or none — refused.
 */
async function spendOtp(tx: Tx, mobile: string, code: string, now: Date): Promise<OtpCheck> {
  const [otp] = await tx.em
    .getConnection()
    .execute<Array<{ id: string; code_hash: string; tries_left: number; expires_at: Date }>>(
      `select id, code_hash, tries_left, expires_at from applicant_otp where mobile = ? and spent_at is null order by created_at desc limit 1 for update`,
      [mobile],
      'all',
      tx.em.getTransactionContext(),
    );
  const ok = await verifyPassword(code, otp?.code_hash ?? DUMMY_HASH);
  if (!otp || new Date(otp.expires_at) <= now) return { ok: false, triesLeft: 0 };
  if (!ok) {
    const triesLeft = otp.tries_left - 1;
    await tx.em.nativeUpdate(ApplicantOtpSchema, { id: otp.id }, { triesLeft, ...(triesLeft <= 0 ? { spentAt: now } : {}) });
    tx.emit({ type: 'applicant.otp-failed', otpId: otp.id, mobile: maskMobile(mobile), triesLeft });
    return { ok: false, triesLeft };
  }
  await tx.em.nativeUpdate(ApplicantOtpSchema, { id: otp.id }, { spentAt: now });
  return { ok: true };
}

/**
 * Checks a code and opens the applicant's session (creating the applicant on first sign-in). A wrong
 * code's used try commits; then OTP_INVALID with the tries left.
 */
export async function signInWithOtp(
  deps: Deps,
  em: EntityManager,
  input: { mobile: string; code: string },
  req: PublicRequest & { ttlHours: number },
) {
  const now = new Date();
  const token = newApplicantToken();
  const outcome = await transact({ actor: applicantActor(null, input.mobile, req), em, deps }, async (tx) => {
    const check = await spendOtp(tx, input.mobile, input.code, now);
    if (!check.ok) return check;
    const applicant = await applicantFor(tx, input.mobile, req.locale, now);
    tx.em.create(ApplicantSessionSchema, {
      id: hashToken(token),
      applicant: applicant.id,
      expiresAt: new Date(now.getTime() + req.ttlHours * 3600_000),
      clientIp: req.ip,
    });
    await tx.em.flush();
    tx.emit({ type: 'applicant.signed-in', applicantId: applicant.id, mobile: maskMobile(input.mobile) });
    return { ok: true as const, applicant };
  });
  if (!outcome.ok) throw new AppError('OTP_INVALID', {}, { triesLeft: outcome.triesLeft });
  return { token, applicant: outcome.applicant };
}

/** The applicant of a number, made on first use. */
async function applicantFor(tx: Tx, mobile: string, locale: Locale, now: Date, name?: string): Promise<Applicant> {
  let applicant: Applicant | null = await tx.em.findOne(ApplicantSchema, { mobile });
  if (applicant) applicant.lastSignInAt = now;
  else applicant = tx.em.create(ApplicantSchema, { id: randomUUID(), mobile, name: name ?? null, locale, lastSignInAt: now });
  await tx.em.flush();
  return applicant;
}

/**
 * A walk-in applicant's mobile confirmed at a counter or CSC by the code they read out (sent by
 * `requestOtp`): the same checks as a sign-in, but no session — the operator files for them, and the
 * application is theirs (it shows under "My applications" when they sign in). Answers the applicant.
 */
export async function confirmWalkIn(deps: Deps, em: EntityManager, actor: Actor, input: { mobile: string; code: string; name: string }) {
  const now = new Date();
  const outcome = await transact({ actor, em, deps }, async (tx) => {
    const check = await spendOtp(tx, input.mobile, input.code, now);
    if (!check.ok) return check;
    const applicant = await applicantFor(tx, input.mobile, actor.locale, now, input.name);
    tx.emit({ type: 'applicant.confirmed-at-counter', applicantId: applicant.id, mobile: maskMobile(input.mobile) });
    return { ok: true as const, applicant };
  });
  if (!outcome.ok) throw new AppError('OTP_INVALID', {}, { triesLeft: outcome.triesLeft });
  return outcome.applicant;
}
