import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';
import { ApplicationSchema } from '../applications/index.js';
import { canSee } from '../movement/index.js';
import { IssuedDocumentSchema, type IssuedDocument } from './passes.entity.js';
import { documentContext, documentState, presentDocument } from './passes.presenter.js';
import { registerRows } from './passes.queries.js';

const latestOf = (em: EntityManager, applicationId: string) =>
  em.findOne(IssuedDocumentSchema, { application: applicationId }, { orderBy: { issuedAt: 'desc' } });

/** The document issued on an application the applicant filed (their session), or NOT_FOUND. */
export async function applicantDocument(em: EntityManager, applicantId: string, ref: string): Promise<IssuedDocument> {
  const app = await em.findOne(ApplicationSchema, { referenceNumber: ref, applicant: applicantId });
  const doc = app ? await latestOf(em, app.id) : null;
  if (!doc) throw new AppError('NOT_FOUND');
  return doc;
}

export async function presentApplicantDocument(em: EntityManager, applicantId: string, ref: string) {
  const doc = await applicantDocument(em, applicantId, ref);
  return presentDocument(em, doc, { actor: null, pdfUrl: `/api/public/applications/${encodeURIComponent(ref)}/document/pdf` });
}

/** A document staff may see: the application's access rule (movement/access.ts); NOT_FOUND otherwise. */
export async function visibleDocument(scope: Scope, id: string): Promise<IssuedDocument> {
  const doc = await scope.em.findOne(IssuedDocumentSchema, { id });
  if (!doc || !(await canSee(scope.em, scope.actor, 'appln', { id: doc.application.id }))) throw new AppError('NOT_FOUND');
  return doc;
}

export const presentStaffDocument = (scope: Scope, doc: IssuedDocument) =>
  presentDocument(scope.em, doc, { actor: scope.actor, pdfUrl: `/api/passes/${doc.id}/pdf` });

/** The document issued on an application the user may see, or NOT_FOUND (none issued, or not theirs to see). */
export async function applicationDocument(scope: Scope, applicationId: string) {
  if (!(await canSee(scope.em, scope.actor, 'appln', { id: applicationId }))) throw new AppError('NOT_FOUND');
  const doc = await latestOf(scope.em, applicationId);
  if (!doc) throw new AppError('NOT_FOUND');
  return presentStaffDocument(scope, doc);
}

/** The short link's document; unknown ids are NOT_FOUND. */
export async function linkedDocument(em: EntityManager, linkId: string): Promise<IssuedDocument> {
  const doc = await em.findOne(IssuedDocumentSchema, { linkId });
  if (!doc) throw new AppError('NOT_FOUND');
  return doc;
}

/** The short link's page: the pass while usable (valid or not yet valid); only its state once expired or cancelled. */
export async function publicPass(em: EntityManager, linkId: string) {
  const doc = await linkedDocument(em, linkId);
  const ctx = await documentContext(em, doc);
  const state = documentState(doc);
  const usable = state === 'valid' || state === 'notYetValid' || state === 'pending';
  return {
    state,
    kind: doc.kind,
    referenceNumber: doc.referenceNumber,
    service: ctx.service,
    office: ctx.office,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil ?? null,
    cancelledAt: doc.cancelledAt ? doc.cancelledAt.toISOString() : null,
    pass: usable
      ? {
          holderName: doc.holderName,
          maskedId: doc.claims.m ?? null,
          permitted: doc.claims.d ?? null,
          vehicle: doc.claims.vh ?? null,
          authority: ctx.authority,
          token: doc.token,
          pdfUrl: doc.status === 'issued' && doc.objectKey ? `/api/public/p/${doc.linkId}/pdf` : null,
        }
      : null,
  };
}

/** The signed PDF behind the short link, only while the pass is usable. */
export async function publicPassPdf(em: EntityManager, linkId: string): Promise<IssuedDocument> {
  const doc = await linkedDocument(em, linkId);
  const state = documentState(doc);
  if (!doc.objectKey || (state !== 'valid' && state !== 'notYetValid')) throw new AppError('NOT_FOUND');
  return doc;
}

/** The office's register of issued documents (the acting post's office), newest first. */
export async function issuedRegister(
  scope: Scope,
  q: {
    from?: string | undefined;
    to?: string | undefined;
    kind?: string | undefined;
    status?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  if (!scope.actor.officeId) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const rows = await registerRows(
    scope.em,
    { officeId: scope.actor.officeId, ...q },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    items: rows.map((r) => ({
      id: r.id,
      referenceNumber: r.reference_number,
      kind: r.kind as IssuedDocument['kind'],
      service: r.service_code,
      holderName: r.holder_name,
      status: r.status as IssuedDocument['status'],
      state: documentState({ status: r.status as IssuedDocument['status'], validFrom: r.valid_from, validUntil: r.valid_until }),
      signer: r.signer as IssuedDocument['signer'],
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      issuedAt: iso(r.issued_at)!,
      signedAt: iso(r.signed_at),
      cancelledAt: iso(r.cancelled_at),
      cancelReason: r.cancel_reason,
      authority: { hi: r.designation_hi, en: r.designation_en },
    })),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The public revocation list: ids of every cancelled document (what checkpoints cache). */
export async function revokedDocuments(em: EntityManager) {
  const rows = await em
    .getConnection()
    .execute<{ id: string }[]>(`select id from issued_document where status = 'cancelled' order by cancelled_at, id`);
  return { generatedAt: new Date().toISOString(), ids: rows.map((r) => r.id) };
}
