import { refuse } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { transact, type Scope } from '../../shared/scope.js';
import { PostSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';
import { canSee } from '../movement/index.js';
import { IssuedDocumentSchema } from './passes.entity.js';
import { cancelRefusal } from './passes.policy.js';
import { presentStaffDocument } from './read-documents.js';

/**
 * Cancels an issued pass or certificate with a reason: the issuing office's authority only (invisible ⇒
 * NOT_FOUND, stale version ⇒ CONFLICT). It joins the public revocation list at once; the short link and
 * the verifier say "cancelled"; the applicant is told by SMS; the audit chain records who and why.
 */
export async function cancelDocument(scope: Scope, id: string, input: { reason: string; version: number }) {
  await transact(scope, async (tx) => {
    const doc = await loadForUpdate(
      tx.em,
      IssuedDocumentSchema,
      id,
      input.version,
      (d) => presentStaffDocument({ ...scope, em: tx.em }, d),
      (d) => canSee(tx.em, scope.actor, 'appln', { id: d.application.id }),
    );
    refuse(cancelRefusal(scope.actor, doc));
    doc.status = 'cancelled';
    doc.cancelledAt = new Date();
    doc.cancelledByPost = scope.actor.postId ? tx.em.getReference(PostSchema, scope.actor.postId, { wrapped: true }) : null;
    doc.cancelReason = input.reason;
    await tx.em.flush();
    const app = await tx.em.findOneOrFail(ApplicationSchema, { id: doc.application.id }, { populate: ['serviceVersion'] });
    const def = app.serviceVersion.getEntity().definition;
    tx.emit({
      type: 'pass.cancelled',
      documentId: doc.id,
      applicationId: app.id,
      referenceNumber: doc.referenceNumber,
      officeId: doc.office.id,
      reason: input.reason,
      mobile: app.applicantMobile,
      locale: app.applicantLocale,
      serviceName: def.name,
      postIds: [doc.issuedByPost.id, app.holderPost.id, scope.actor.postId!],
    });
  });
  const em = scope.em.fork();
  return presentStaffDocument({ ...scope, em }, (await em.findOne(IssuedDocumentSchema, { id }))!);
}
