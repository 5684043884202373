import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/actor.js';
import type { DomainEvents } from '../../shared/events.js';
import { istDate } from '../../shared/dates.js';
import type { Tx } from '../../shared/scope.js';
import { queueSms } from '../../infra/notifier.js';
import { OfficeSchema, PostSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';
import { activeQrKey } from '../signing/index.js';
import { claimsOf, documentFacts, signerOf } from './document-facts.js';
import { signPassToken } from './pass-token.js';
import { IssuedDocumentSchema } from './passes.entity.js';
import { documentSigning } from './sign-document.job.js';

/**
 * On an approval that issues a document: in the approval's own transaction, the issued document
 * (pending) with its claims and signed QR token, and — when the office's document signer signs
 * it — the job that renders and signs the PDF, enqueued in the same transaction (so it survives a
 * restart and never runs for an approval rolled back). A document the approving officer signs
 * waits, pending, for their batch signature. A service that issues no document gets its approval SMS here.
 */
export async function issueOnApproval(tx: Tx, actor: Actor, e: DomainEvents['application.acted']): Promise<void> {
  const app = await tx.em.findOneOrFail(ApplicationSchema, { id: e.applicationId }, { populate: ['serviceVersion'] });
  const def = app.serviceVersion.getEntity().definition;
  const postId = actor.postId ?? e.from;
  const post = await tx.em.findOneOrFail(PostSchema, { id: postId });
  const office = await tx.em.findOneOrFail(OfficeSchema, { id: post.office.id });
  const facts = await documentFacts(tx.em, app, def, office, istDate());
  if (!facts) {
    const params = { ref: e.referenceNumber, service: e.serviceName[e.locale], reason: '' };
    await queueSms(tx.em, {
      to: e.mobile,
      key: 'applications.smsApproved',
      params,
      locale: e.locale,
      related: { type: 'application', id: e.applicationId },
    });
    return;
  }
  const id = randomUUID();
  const claims = claimsOf(facts, { id, referenceNumber: app.referenceNumber, service: def.code, officeCode: office.code });
  const key = await activeQrKey(tx.em);
  const token = await signPassToken(claims, { kid: key.kid, privateKey: key.privateKey });
  const signer = signerOf(def);
  tx.em.create(IssuedDocumentSchema, {
    id,
    application: app.id,
    office: office.id,
    kind: facts.kind,
    referenceNumber: app.referenceNumber,
    holderName: facts.holderName.slice(0, 200),
    claims,
    token,
    linkId: randomBytes(16).toString('base64url'),
    validFrom: facts.validFrom,
    validUntil: facts.validUntil,
    signer,
    status: 'pending',
    objectKey: null,
    sha256: null,
    issuedByPost: post.id,
    issuedByUser: actor.userId === 'system' ? null : actor.userId,
    issuedAt: new Date(),
    signedAt: null,
    cancelledAt: null,
    cancelledByPost: null,
    cancelReason: null,
  });
  await tx.em.flush();
  if (signer === 'office') await documentSigning.use.queued(tx.em, id);
  tx.emit({
    type: 'pass.created',
    documentId: id,
    applicationId: app.id,
    referenceNumber: app.referenceNumber,
    officeId: office.id,
    kind: facts.kind,
    signer,
    postIds: [post.id, e.to],
  });
}
