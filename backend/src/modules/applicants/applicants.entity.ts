import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A member of the public who signs in with a mobile number and a one-time password (no password of
 * their own). Their session sees only their own applications.
 */
export const ApplicantSchema = defineEntity({
  name: 'Applicant',
  tableName: 'applicant',
  properties: {
    id: p.uuid().primary(),
    /** Ten digits, as Indian mobile numbers are written without +91. */
    mobile: p.string().length(10).unique(),
    name: p.string().length(200).nullable(),
    locale: p.string().length(2).$type<'hi' | 'en'>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastSignInAt: p.datetime(),
  },
});
export type Applicant = InferEntity<typeof ApplicantSchema>;

/**
 * A one-time password sent to a mobile number: only its slow hash is kept; it expires, allows a few
 * tries, and a newer one for the same number replaces it.
 */
export const ApplicantOtpSchema = defineEntity({
  name: 'ApplicantOtp',
  tableName: 'applicant_otp',
  properties: {
    id: p.uuid().primary(),
    mobile: p.string().length(10).index(),
    codeHash: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    triesLeft: p.integer(),
    /** When it was used, replaced by a newer one or ran out of tries: it can no longer be used. */
    spentAt: p.datetime().nullable(),
    clientIp: p.string().length(64),
  },
});

/** An applicant's session. The id is sha256 of the cookie token (a database leak yields no live cookies). */
export const ApplicantSessionSchema = defineEntity({
  name: 'ApplicantSession',
  tableName: 'applicant_session',
  properties: {
    id: p.string().length(64).primary(),
    applicant: () => p.manyToOne(ApplicantSchema).ref().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
    clientIp: p.string().length(64),
  },
});

export const applicantEntities = [ApplicantSchema, ApplicantOtpSchema, ApplicantSessionSchema];
