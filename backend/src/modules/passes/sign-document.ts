import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { systemActor } from '../../shared/actor.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { lockRow, readerOf } from '../../shared/persistence.js';
import { transact, type Deps, type Tx } from '../../shared/scope.js';
import { OfficeSchema, PostSchema } from '../org/index.js';
import { ApplicationSchema } from '../applications/index.js';
import { sealPdf } from '../signing/index.js';
import { documentFacts, FINDING } from './document-facts.js';
import { documentSigner } from './document-signer.js';
import { renderPassPdf } from './pass-pdf.js';
import { IssuedDocumentSchema, type IssuedDocument } from './passes.entity.js';

/** This installation's public address (PUBLIC_URL, else the API's own). */
export const publicBase = (env: Deps['env']) => (env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, '');
/** The short link an applicant gets by SMS. */
export const shortLink = (env: Deps['env'], linkId: string) => `${publicBase(env)}/p/${linkId}`;
export const documentKey = (id: string, sha: string) => `passes/${id}/${sha}.pdf`;

async function photoJpeg(deps: Deps, objectKey: string): Promise<Buffer | null> {
  try {
    const raw = await deps.store.getBuffer(objectKey);
    return await sharp(raw).rotate().resize(300, 375, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer();
  } catch (err) {
    deps.log.warn({ err, objectKey }, 'the holder’s photo could not be read: the document is issued without it');
    return null;
  }
}

/** The document's PDF, unsigned, from its application as approved (the facts are read again: an approved application no longer changes). */
export async function renderDocument(em: EntityManager, deps: Deps, doc: IssuedDocument) {
  const app = await em.findOneOrFail(ApplicationSchema, { id: doc.application.id }, { populate: ['serviceVersion'] });
  const def = app.serviceVersion.getEntity().definition;
  const office = await em.findOneOrFail(OfficeSchema, { id: doc.office.id });
  const post = await em.findOneOrFail(PostSchema, { id: doc.issuedByPost.id });
  const facts = (await documentFacts(readerOf(em), app, def, office, doc.validFrom.slice(0, 10)))!;
  const officeName = { hi: office.nameHi, en: office.nameEn };
  return renderPassPdf({
    kind: doc.kind,
    service: def.name,
    office: officeName,
    referenceNumber: doc.referenceNumber,
    holderName: doc.holderName,
    maskedId: doc.claims.m ?? null,
    validFrom: doc.validFrom,
    validUntil: doc.validUntil ?? null,
    lines: facts.lines,
    finding: facts.finding ? FINDING[facts.finding] : null,
    authority: { designation: { hi: post.designationHi, en: post.designationEn }, office: officeName },
    signer: doc.signer,
    token: doc.token,
    verifyUrl: `${publicBase(deps.env)}/verify`,
    photo: facts.photo ? await photoJpeg(deps, facts.photo.objectKey) : null,
    issuedOn: formatDmy(istDate(doc.issuedAt)),
  });
}

/** The signature dictionary's names: the office's document signer, for the office. */
async function signatureInfo(em: EntityManager, doc: IssuedDocument) {
  const office = await em.findOneOrFail(OfficeSchema, { id: doc.office.id });
  return {
    reason: `Issued ${doc.referenceNumber}`,
    location: office.nameEn,
    contactInfo: `Document signer, ${office.nameEn}`,
  };
}

/**
 * Marks a document signed and stored, under its row lock (a cancellation meanwhile wins: answers false),
 * and emits `pass.signed` — whose listener queues the approval SMS with the short link.
 */
export async function markSigned(tx: Tx, deps: Deps, id: string, stored: { key: string; sha: string }): Promise<boolean> {
  const doc = await lockRow(tx.em, IssuedDocumentSchema, { id });
  if (!doc || doc.status !== 'pending') return false;
  doc.status = 'issued';
  doc.objectKey = stored.key;
  doc.sha256 = stored.sha;
  doc.signedAt = new Date();
  await tx.em.flush();
  const app = await tx.em.findOneOrFail(ApplicationSchema, { id: doc.application.id }, { populate: ['serviceVersion'] });
  const def = app.serviceVersion.getEntity().definition;
  tx.emit({
    type: 'pass.signed',
    documentId: doc.id,
    applicationId: app.id,
    referenceNumber: doc.referenceNumber,
    officeId: doc.office.id,
    kind: doc.kind,
    signer: doc.signer,
    sha256: stored.sha,
    link: shortLink(deps.env, doc.linkId),
    mobile: app.applicantMobile,
    locale: app.applicantLocale,
    serviceName: def.name,
    postIds: [doc.issuedByPost.id, app.holderPost.id],
  });
  return true;
}

/**
 * Renders a pending document signed by the office and signs it with the office's document signer
 * (the key stays in the HSM: only the 32-byte digest of the signed attributes goes in), stores the
 * PAdES PDF and marks it issued. Idempotent; a document no longer pending is left alone.
 */
export async function signWithDocumentSigner(deps: Deps, id: string): Promise<'signed' | 'skipped'> {
  const em = deps.orm.em.fork();
  const doc = await em.findOne(IssuedDocumentSchema, { id });
  if (!doc || doc.status !== 'pending' || doc.signer !== 'office') return 'skipped';
  const signer = await documentSigner(deps);
  const { pdf } = await renderDocument(em, deps, doc);
  const signed = await sealPdf(
    pdf,
    { name: /CN=([^,]*)/.exec(signer.subject)?.[1] ?? signer.subject, signingTime: new Date(), ...(await signatureInfo(em, doc)) },
    signer,
  );
  const sha = createHash('sha256').update(signed).digest('hex');
  const key = documentKey(doc.id, sha);
  await deps.store.put(key, signed, signed.length, 'application/pdf');
  const done = await transact({ actor: systemActor(), em: deps.orm.em.fork(), deps }, (tx) => markSigned(tx, deps, id, { key, sha }));
  if (!done) await deps.store.remove(key).catch(() => undefined);
  return done ? 'signed' : 'skipped';
}
