import { randomBytes, randomUUID } from 'node:crypto';
import type { DomainEvents, StatementContext } from '../../shared/events.js';
import { istDate } from '../../shared/dates.js';
import type { Statement } from '../../shared/persistence.js';
import { smsStatements } from '../../infra/notifier.js';
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
 * Its rows are statements that travel with the approval's COMMIT (a `statements` listener): every
 * approval of an SDM's queue runs this.
 */
export async function issueOnApproval(ctx: StatementContext, e: DomainEvents['application.acted']): Promise<Statement[]> {
  const postId = ctx.actor.postId ?? e.from;
  const [row] = await ctx.read(
    `select a.id, a.service_version_id, a.data, a.applicant_name, o.id as office_id, o.code as office_code, o.name_en, o.name_hi
       from application a, post p join office o on o.id = p.office_id
      where a.id = ? and p.id = ?`,
    [e.applicationId, postId],
  );
  // the validity the approval sets (its row is written with the COMMIT this travels with)
  const app = { id: row!.id, data: row!.data, applicantName: row!.applicant_name, validFrom: e.validFrom, validUntil: e.validUntil };
  const def = (await filedVersion(ctx.em, ctx.read, row!.service_version_id)).definition;
  const office = {
    id: row!.office_id as string,
    code: row!.office_code as string,
    nameEn: row!.name_en as string,
    nameHi: row!.name_hi as string,
  };
  const facts = await documentFacts(ctx.read, app, def, office, istDate());
  if (!facts) {
    return smsStatements({
      to: e.mobile,
      key: 'applications.smsApproved',
      params: { ref: e.referenceNumber, service: e.serviceName[e.locale], reason: '' },
      locale: e.locale,
      related: { type: 'application', id: e.applicationId },
    });
  }
  const id = randomUUID();
  const claims = claimsOf(facts, { id, referenceNumber: e.referenceNumber, service: def.code, officeCode: office.code });
  const key = await activeQrKey(ctx.em);
  const token = await signPassToken(claims, { kid: key.kid, privateKey: key.privateKey });
  const signer = signerOf(def);
  ctx.emit({
    type: 'pass.created',
    documentId: id,
    applicationId: e.applicationId,
    referenceNumber: e.referenceNumber,
    officeId: office.id,
    kind: facts.kind,
    signer,
    postIds: [postId, e.to],
  });
  const document: Statement = {
    sql: `insert into issued_document (id, application_id, office_id, kind, reference_number, holder_name, claims, token, link_id, valid_from, valid_until,
        signer, status, issued_by_post_id, issued_by_user_id, issued_at)
      values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    params: [
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
      ctx.actor.userId === 'system' ? null : ctx.actor.userId,
      new Date(),
    ],
  };
  return signer === 'office' ? [document, await documentSigning.use.queuedSql(id)] : [document];
}
