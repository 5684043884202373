import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/actor.js';
import type { DomainEvents } from '../../shared/events.js';
import { istDate } from '../../shared/dates.js';
import type { Tx } from '../../shared/scope.js';
import { queueSms } from '../../infra/notifier.js';
import { filedVersion } from '../applications/index.js';
import { activeQrKey } from '../signing/index.js';
import { claimsOf, documentFacts, signerOf } from './document-facts.js';
import { signPassToken } from './pass-token.js';
import { documentSigning } from './sign-document.job.js';

/**
 * On an approval that issues a document: in the approval's own transaction, the issued document
 * (pending) with its claims and signed QR token, and — when the office's document signer signs
 * it — the job that renders and signs the PDF, enqueued in the same transaction (so it survives a
 * restart and never runs for an approval rolled back). A document the approving officer signs
 * waits, pending, for their batch signature. A service that issues no document gets its approval SMS here.
 */
export async function issueOnApproval(tx: Tx, actor: Actor, e: DomainEvents['application.acted']): Promise<void> {
  // plain reads and one insert: this runs inside every approval (an SDM's queue at a hundred a second)
  const postId = actor.postId ?? e.from;
  const [row] = await tx.em.getConnection().execute<Array<Record<string, any>>>(
    `select a.id, a.service_version_id, a.data, a.applicant_name, a.valid_from::text as valid_from, a.valid_until::text as valid_until,
            o.id as office_id, o.code as office_code, o.name_en, o.name_hi
       from application a, post p join office o on o.id = p.office_id
      where a.id = ? and p.id = ?`,
    [e.applicationId, postId],
    'all',
    tx.em.getTransactionContext(),
  );
  const app = { id: row!.id, data: row!.data, applicantName: row!.applicant_name, validFrom: row!.valid_from, validUntil: row!.valid_until };
  const def = (await filedVersion(tx.em, row!.service_version_id)).definition;
  const office = { id: row!.office_id as string, code: row!.office_code as string, nameEn: row!.name_en as string, nameHi: row!.name_hi as string };
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
  const claims = claimsOf(facts, { id, referenceNumber: e.referenceNumber, service: def.code, officeCode: office.code });
  const key = await activeQrKey(tx.em);
  const token = await signPassToken(claims, { kid: key.kid, privateKey: key.privateKey });
  const signer = signerOf(def);
  await tx.em.getConnection().execute(
    `insert into issued_document (id, application_id, office_id, kind, reference_number, holder_name, claims, token, link_id, valid_from, valid_until,
        signer, status, issued_by_post_id, issued_by_user_id, issued_at)
      values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    [
      id,
      e.applicationId,
      office.id,
      facts.kind,
      e.referenceNumber,
      facts.holderName.slice(0, 200),
      JSON.stringify(claims),
      token,
      randomBytes(16).toString('base64url'),
      facts.validFrom,
      facts.validUntil,
      signer,
      postId,
      actor.userId === 'system' ? null : actor.userId,
      new Date(),
    ],
    'run',
    tx.em.getTransactionContext(),
  );
  if (signer === 'office') await documentSigning.use.queued(tx.em, id);
  tx.emit({
    type: 'pass.created',
    documentId: id,
    applicationId: e.applicationId,
    referenceNumber: e.referenceNumber,
    officeId: office.id,
    kind: facts.kind,
    signer,
    postIds: [postId, e.to],
  });
}
