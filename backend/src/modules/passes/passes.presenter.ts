import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { OfficeSchema, PostSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';
import { istMinute } from './pass-token.js';
import { cancelRefusal } from './passes.policy.js';
import type { IssuedDocument } from './passes.entity.js';
import type { IssuedDocumentOut } from './passes.schemas.js';

export type DocumentState = 'pending' | 'valid' | 'notYetValid' | 'expired' | 'cancelled';

/** The state of a document now, by the rule the token's verifier applies (pass-token.ts): India time, a date-only bound covers the whole day. */
export function documentState(doc: Pick<IssuedDocument, 'status' | 'validFrom' | 'validUntil'>, now = new Date()): DocumentState {
  if (doc.status === 'cancelled') return 'cancelled';
  const at = (bound: string) => (bound.length === 10 ? istMinute(now).slice(0, 10) : istMinute(now));
  if (at(doc.validFrom) < doc.validFrom) return doc.status === 'pending' ? 'pending' : 'notYetValid';
  if (doc.validUntil && at(doc.validUntil) > doc.validUntil) return 'expired';
  return doc.status === 'pending' ? 'pending' : 'valid';
}

export interface DocumentContext {
  service: { hi: string; en: string };
  office: { hi: string; en: string };
  authority: { designation: { hi: string; en: string }; office: { hi: string; en: string } };
}

/** The service's name, the issuing office and the authority (designation and office) of a document. */
export async function documentContext(em: EntityManager, doc: IssuedDocument): Promise<DocumentContext> {
  const app = await em.findOneOrFail(ApplicationSchema, { id: doc.application.id }, { populate: ['serviceVersion'] });
  const def = app.serviceVersion.getEntity().definition;
  const office = await em.findOneOrFail(OfficeSchema, { id: doc.office.id });
  const post = await em.findOneOrFail(PostSchema, { id: doc.issuedByPost.id });
  const officeName = { hi: office.nameHi, en: office.nameEn };
  return {
    service: def.name,
    office: officeName,
    authority: { designation: { hi: post.designationHi, en: post.designationEn }, office: officeName },
  };
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** An issued document for its applicant (`pdfBase` their route) or staff (with `actor`: the cancel ability). */
export async function presentDocument(
  em: EntityManager,
  doc: IssuedDocument,
  o: { actor: Actor | null; pdfUrl: string },
): Promise<IssuedDocumentOut> {
  const ctx = await documentContext(em, doc);
  return {
    id: doc.id,
    kind: doc.kind,
    referenceNumber: doc.referenceNumber,
    service: ctx.service,
    holderName: doc.holderName,
    maskedId: doc.claims.m ?? null,
    status: doc.status,
    state: documentState(doc),
    signer: doc.signer,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil ?? null,
    permitted: doc.claims.d ?? null,
    vehicle: doc.claims.vh ?? null,
    office: ctx.office,
    authority: ctx.authority,
    token: doc.token,
    linkPath: `/p/${doc.linkId}`,
    pdfUrl: doc.status !== 'pending' && doc.objectKey ? o.pdfUrl : null,
    issuedAt: doc.issuedAt.toISOString(),
    signedAt: iso(doc.signedAt),
    cancelledAt: iso(doc.cancelledAt),
    cancelReason: doc.cancelReason ?? null,
    version: doc.version,
    abilities: { cancel: o.actor ? !cancelRefusal(o.actor, doc) : false },
  };
}
