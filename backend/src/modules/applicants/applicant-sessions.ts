import { createHash, randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { APPLICANT_COOKIE } from '../../http/middlewares/csrf.js';
import { AppError } from '../../shared/app-error.js';
import type { Locale } from '../../shared/i18n.js';
import type { Applicant } from './applicants.entity.js';
import type { ApplicantOut } from './applicants.schemas.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newApplicantToken = () => randomBytes(32).toString('base64url');

/** ******3210: a number as it may be shown or logged. */
export const maskMobile = (mobile: string) => `${'*'.repeat(Math.max(0, mobile.length - 4))}${mobile.slice(-4)}`;

/**
 * The actor recorded in the audit chain for what an applicant does: no user, no post; the label names
 * the applicant (or, before sign-in, the masked number) and the address.
 */
export function applicantActor(applicantId: string | null, mobile: string, req: { ip: string; locale: Locale }): Actor {
  return {
    userId: 'applicant',
    username: `applicant:${applicantId ?? maskMobile(mobile)}`,
    sessionId: '',
    postId: null,
    officeId: null,
    capabilities: [],
    heldPostIds: [],
    locale: req.locale,
    ip: req.ip,
  };
}

/** The applicant behind a session cookie, or null when it is unknown or expired. */
export async function resolveApplicant(em: EntityManager, token: string | undefined, now = new Date()): Promise<SignedInApplicant | null> {
  if (!token || token.length < 20 || token.length > 100) return null;
  // one plain query: every request of a signed-in applicant (filing, tracking) runs this
  const [row] = await em
    .getConnection()
    .execute<Array<SignedInApplicant>>(
      `select a.id, a.mobile, a.name, a.locale from applicant_session s join applicant a on a.id = s.applicant_id where s.id = ? and s.expires_at > ?`,
      [hashToken(token), now],
    );
  return row ? { id: row.id, mobile: row.mobile, name: row.name ?? null, locale: row.locale } : null;
}

/** The applicant a session belongs to, as requests need them. */
export type SignedInApplicant = Pick<Applicant, 'id' | 'mobile' | 'name' | 'locale'>;

/** The signed-in applicant of a request, or UNAUTHENTICATED. */
export async function requireApplicant(em: EntityManager, koa: Koa.Context): Promise<SignedInApplicant> {
  const applicant = await resolveApplicant(em, koa.cookies.get(APPLICANT_COOKIE));
  if (!applicant) throw new AppError('UNAUTHENTICATED');
  return applicant;
}

export function presentApplicant(a: SignedInApplicant): ApplicantOut {
  return { id: a.id, mobile: maskMobile(a.mobile), name: a.name ?? null, locale: a.locale };
}
