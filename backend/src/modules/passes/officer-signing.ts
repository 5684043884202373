import { AppError, invalidState } from '../../shared/app-error.js';
import { lockRow } from '../../shared/persistence.js';
import type { PassSigning } from '../signing/index.js';
import { canSee } from '../movement/index.js';
import { IssuedDocumentSchema, type IssuedDocument } from './passes.entity.js';
import { documentKey, markSigned, renderDocument } from './sign-document.js';
import { readerOf } from '../../shared/persistence.js';

/** The approving officer signs their pending document: it must be theirs to see, pending, of a service the officer signs, approved by their post. */
function officerSignRefusal(actor: { postId: string | null }, doc: IssuedDocument): AppError | null {
  if (doc.signer !== 'officer') return invalidState('documentSignedByOffice');
  if (doc.status !== 'pending') return invalidState('documentNotPending');
  if (doc.issuedByPost.id !== actor.postId) return new AppError('NOT_WITH_YOU');
  return null;
}

/**
 * Passes and certificates of services whose documents the approving officer signs: rendered here,
 * signed in the officer's batch through the signing agent (signing/sign-requests.ts), stored and
 * delivered here.
 */
export const officerPassSigning: PassSigning = {
  async render(tx, scope, documentId) {
    const doc = await tx.em.findOne(IssuedDocumentSchema, { id: documentId });
    if (!doc || !(await canSee(tx.em, scope.actor, 'appln', { id: doc.application.id }))) throw new AppError('NOT_FOUND');
    const refusal = officerSignRefusal(scope.actor, doc);
    if (refusal) throw refusal;
    const { pdf, officeNameEn } = await renderDocument(tx.em, scope.deps, doc.id);
    return { title: `${doc.referenceNumber} — ${doc.holderName}`, pdf, reason: `Issued ${doc.referenceNumber}`, location: officeNameEn };
  },
  async signed(tx, scope, documentId, pdf, sha) {
    const doc = await lockRow(tx.em, IssuedDocumentSchema, { id: documentId });
    if (!doc) throw new AppError('NOT_FOUND');
    const refusal = officerSignRefusal(scope.actor, doc);
    if (refusal) throw refusal;
    const key = documentKey(doc.id, sha);
    await scope.deps.store.put(key, pdf, pdf.length, 'application/pdf');
    await markSigned(tx, readerOf(tx.em), tx.em, scope.deps, documentId, { key, sha });
    return key;
  },
  async pending(em, actor) {
    if (!actor.postId) return [];
    const docs = await em.find(
      IssuedDocumentSchema,
      { signer: 'officer', status: 'pending', issuedByPost: actor.postId },
      { orderBy: { issuedAt: 'asc' }, limit: 500 },
    );
    return docs.map((d) => ({
      documentId: d.id,
      referenceNumber: d.referenceNumber,
      holderName: d.holderName,
      kind: d.kind,
      issuedAt: d.issuedAt.toISOString(),
    }));
  },
};
