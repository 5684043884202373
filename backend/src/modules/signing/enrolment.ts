import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, invalidState, notFound } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { lockRow } from '../../shared/persistence.js';
import { t } from '../../shared/i18n.js';
import { UserSchema, assertCan } from '../org/index.js';
import { parseCertificate, sha256, signedBy } from './crypto/cms.js';
import { certificateFacts } from './crypto/certificates.js';
import { isDemoIssuer, trustStoreFor } from './trust.js';
import { EnrolmentChallengeSchema, SigningCertificateSchema, type SigningCertificate } from './signing.entity.js';

const CHALLENGE_MINUTES = 5;

export type RejectReason = 'untrusted' | 'expired' | 'notYetValid' | 'keyUsage' | 'policy' | 'revoked' | 'badProof' | 'unreadable';

async function presentCertificate(em: EntityManager, c: SigningCertificate) {
  const user = await em.findOneOrFail(UserSchema, { id: c.user.id });
  const expired = c.notAfter.getTime() < Date.now();
  return {
    id: c.id,
    commonName: c.commonName,
    subject: c.subject,
    issuer: c.issuer,
    serialNumber: c.serialNumber,
    fingerprint: c.fingerprint,
    notBefore: c.notBefore.toISOString(),
    notAfter: c.notAfter.toISOString(),
    certificateClass: c.certificateClass,
    ...(isDemoIssuer(c.issuer) ? { demoCertificate: true as const } : {}),
    status: c.status === 'revoked' ? ('revoked' as const) : expired ? ('expired' as const) : ('active' as const),
    enrolledAt: c.enrolledAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedReason: c.revokedReason ?? null,
    user: { id: user.id, name: user.nameEn, nameHi: user.nameHi, username: user.username },
  };
}

/** The enrolled certificate a user may sign with now: theirs, not revoked, valid today. */
export async function usableCertificate(em: EntityManager, scope: Scope, id: string): Promise<SigningCertificate> {
  const c = await em.findOne(SigningCertificateSchema, { id, user: scope.actor.userId });
  if (!c) throw new AppError('NOT_FOUND');
  if (c.status === 'revoked') throw invalidState('certificateRevoked');
  const now = Date.now();
  if (c.notAfter.getTime() < now) throw invalidState('certificateExpired');
  if (c.notBefore.getTime() > now) throw invalidState('certificateNotYetValid');
  return c;
}

export async function createChallenge(scope: Scope) {
  return transact(scope, async (tx) => {
    const challenge = Buffer.concat([Buffer.from(`patravali-enrolment:${scope.actor.userId}:`), randomBytes(32)]);
    const digest = sha256(challenge);
    const c = tx.em.create(EnrolmentChallengeSchema, {
      id: randomUUID(),
      user: scope.actor.userId,
      challenge,
      expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
      usedAt: null,
    });
    await tx.em.flush();
    return {
      challengeId: c.id,
      title: t(scope.actor.locale, 'signing.enrolmentTitle'),
      digest: digest.toString('base64'),
      expiresAt: c.expiresAt.toISOString(),
    };
  });
}

/**
 * Checks a DSC the way a relying party must before trusting its signatures — chain to the
 * configured anchors, validity today, key usage, the required policy (Class 3), revocation —
 * and that the user holds its key (a signature over the one-time challenge), then binds it.
 */
export async function enrolCertificate(
  scope: Scope,
  input: { challengeId: string; certificate: string; chain: string[]; signature: string },
) {
  const reject = (reasons: RejectReason[]) =>
    new AppError('CERT_REJECTED', { reasons: reasons.map((r) => t(scope.actor.locale, `signing.reject.${r}`)).join('; ') }, { reasons });
  let cert;
  let chain;
  try {
    cert = parseCertificate(Buffer.from(input.certificate, 'base64'));
    chain = input.chain.map((c) => parseCertificate(Buffer.from(c, 'base64')));
  } catch {
    throw reject(['unreadable']);
  }
  const facts = certificateFacts(cert);
  const store = trustStoreFor(scope.deps);
  const now = new Date();
  const reasons: RejectReason[] = [];
  const path = await store.validateChain(cert, chain, now);
  if (!path.trusted) {
    // Untrusted, or trusted but outside its validity: say which.
    if (facts.notAfter < now) reasons.push('expired');
    else if (facts.notBefore > now) reasons.push('notYetValid');
    else reasons.push('untrusted');
  }
  if (path.trusted && facts.notAfter < now) reasons.push('expired');
  if (!facts.keyUsageOk) reasons.push('keyUsage');
  const policy = scope.deps.env.SIGNING_POLICY_OID;
  if (policy && !facts.policies.includes(policy)) reasons.push('policy');
  const issuer = path.path[1] ?? chain.find((c) => c.subject.isEqual(cert.issuer));
  const revocation = await store.revocation(cert, issuer);
  if (revocation.status === 'revoked') reasons.push('revoked');

  return transact(scope, async (tx) => {
    const challenge = await lockRow(tx.em, EnrolmentChallengeSchema, { id: input.challengeId, user: scope.actor.userId });
    if (!challenge || challenge.usedAt || challenge.expiresAt < now) throw invalidState('challengeExpired');
    challenge.usedAt = now;
    // The agent signed SHA-256 of the challenge bytes, so the signature verifies over them.
    const proof = signedBy(Buffer.from(challenge.challenge), Buffer.from(input.signature, 'base64'), cert);
    if (!proof) reasons.push('badProof');
    if (reasons.length) {
      await tx.em.flush();
      tx.emit({
        type: 'certificate.rejected',
        userId: scope.actor.userId,
        fingerprint: facts.fingerprint,
        subject: facts.subject,
        reasons,
      });
      return { rejected: reasons, certificate: null };
    }
    const existing = await tx.em.findOne(SigningCertificateSchema, { user: scope.actor.userId, fingerprint: facts.fingerprint });
    if (existing && existing.status === 'active')
      throw new AppError('DUPLICATE', { what: { tKey: 'what.certificate' }, value: facts.serialNumber });
    // A revocation here is an administrator's decision: the user cannot undo it by enrolling again.
    if (existing) throw invalidState('certificateRevoked');
    const row = tx.em.create(SigningCertificateSchema, {
      id: randomUUID(),
      user: scope.actor.userId,
      certificate: Buffer.from(input.certificate, 'base64'),
      chain: input.chain,
      fingerprint: facts.fingerprint,
      commonName: facts.commonName,
      subject: facts.subject,
      issuer: facts.issuer,
      serialNumber: facts.serialNumber,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      certificateClass: facts.certificateClass,
      status: 'active',
      enrolledAt: now,
      revokedAt: null,
      revokedBy: null,
      revokedReason: null,
    });
    await tx.em.flush();
    tx.emit({
      type: 'certificate.enrolled',
      userId: scope.actor.userId,
      certificateId: row.id,
      fingerprint: facts.fingerprint,
      subject: facts.subject,
      serial: facts.serialNumber,
      revocation: revocation.status,
    });
    return { rejected: null, certificate: await presentCertificate(tx.em, row) };
  }).then((r) => {
    // The rejection is recorded (challenge used, audit row) before it is answered.
    if (r.rejected) throw reject(r.rejected);
    return { certificate: r.certificate };
  });
}

export async function listMyCertificates(scope: Scope) {
  const rows = await scope.em.find(SigningCertificateSchema, { user: scope.actor.userId }, { orderBy: { enrolledAt: 'desc' } });
  return { certificates: await Promise.all(rows.map((r) => presentCertificate(scope.em, r))) };
}

export async function listAllCertificates(scope: Scope) {
  assertCan(scope.actor, 'user.manage');
  const rows = await scope.em.find(SigningCertificateSchema, {}, { orderBy: { enrolledAt: 'desc' }, limit: 1000 });
  return { certificates: await Promise.all(rows.map((r) => presentCertificate(scope.em, r))) };
}

export async function revokeCertificate(scope: Scope, id: string, input: { reason: string }) {
  assertCan(scope.actor, 'user.manage');
  return transact(scope, async (tx) => {
    const c = await lockRow(tx.em, SigningCertificateSchema, { id });
    if (!c) throw notFound();
    if (c.status === 'revoked') throw invalidState('certificateRevoked');
    Object.assign(c, { status: 'revoked', revokedAt: new Date(), revokedBy: scope.actor.userId, revokedReason: input.reason });
    await tx.em.flush();
    tx.emit({ type: 'certificate.revoked', userId: c.user.id, certificateId: c.id, serial: c.serialNumber, reason: input.reason });
    return { certificate: await presentCertificate(tx.em, c) };
  });
}
