import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import sharp from 'sharp';
import { systemActor } from '../../shared/actor.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { readerOf, type Reader } from '../../shared/persistence.js';
import { sqlTransaction } from '../../shared/sql-transaction.js';
import type { Deps, Tx } from '../../shared/scope.js';
import { filedVersion } from '../applications/index.js';
import { sealPdf } from '../signing/index.js';
import { documentFacts, FINDING } from './document-facts.js';
import { documentSigner } from './document-signer.js';
import { renderPassPdf } from './pass-pdf.js';

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

/** What rendering a document reads: the document with its application, office and issuing post, in one query. */
async function documentSource(read: Reader, documentId: string) {
  const [row] = await read(
    `select d.id, d.kind, d.reference_number, d.holder_name, d.claims->>'m' as masked_id, d.valid_from, d.valid_until, d.signer,
            d.status, d.token, d.issued_at, a.id as application_id, a.service_version_id, a.data, a.applicant_name,
            a.valid_from::text as app_valid_from, a.valid_until::text as app_valid_until,
            o.code as office_code, o.name_en, o.name_hi, p.designation_en, p.designation_hi
       from issued_document d
       join application a on a.id = d.application_id
       join office o on o.id = d.office_id
       join post p on p.id = d.issued_by_post_id
      where d.id = ?`,
    [documentId],
  );
  return row ?? null;
}
type DocumentSource = NonNullable<Awaited<ReturnType<typeof documentSource>>>;

/** The document's PDF, unsigned, from its application as approved (the facts are read again: an approved application no longer changes). */
export async function renderDocument(em: EntityManager, deps: Deps, documentId: string) {
  const read = readerOf(em);
  const src = await documentSource(read, documentId);
  if (!src) throw new Error(`issued document ${documentId} is gone`);
  return renderSource(em, read, deps, src);
}

async function renderSource(em: EntityManager, read: Reader, deps: Deps, row: DocumentSource) {
  // plain reads (the version from the process's cache): a worker renders tens of these a second
  const app = {
    id: row.application_id,
    data: row.data,
    applicantName: row.applicant_name,
    validFrom: row.app_valid_from,
    validUntil: row.app_valid_until,
  };
  const def = (await filedVersion(em, read, row.service_version_id)).definition;
  const office = { code: row.office_code as string, nameEn: row.name_en as string, nameHi: row.name_hi as string };
  const validFrom = row.valid_from as string;
  const facts = (await documentFacts(read, app, def, office, validFrom.slice(0, 10)))!;
  const officeName = { hi: office.nameHi, en: office.nameEn };
  const rendered = await renderPassPdf({
    kind: row.kind,
    service: def.name,
    office: officeName,
    referenceNumber: row.reference_number,
    holderName: row.holder_name,
    maskedId: row.masked_id ?? null,
    validFrom,
    validUntil: row.valid_until ?? null,
    lines: facts.lines,
    finding: facts.finding ? FINDING[facts.finding] : null,
    authority: { designation: { hi: row.designation_hi, en: row.designation_en }, office: officeName },
    signer: row.signer,
    token: row.token,
    verifyUrl: `${publicBase(deps.env)}/verify`,
    photo: facts.photo ? await photoJpeg(deps, facts.photo.objectKey) : null,
    issuedOn: formatDmy(istDate(new Date(row.issued_at))),
  });
  return { ...rendered, officeNameEn: office.nameEn };
}

/** The signature dictionary's names: the office's document signer, for the office. */
const signatureInfo = (referenceNumber: string, officeNameEn: string) => ({
  reason: `Issued ${referenceNumber}`,
  location: officeNameEn,
  contactInfo: `Document signer, ${officeNameEn}`,
});

/**
 * Marks a document signed and stored, under its row lock (a cancellation meanwhile wins: answers false),
 * and emits `pass.signed` — whose listener queues the approval SMS with the short link. One statement.
 */
export async function markSigned(
  tx: Pick<Tx, 'emit'>,
  read: Reader,
  em: EntityManager,
  deps: Deps,
  id: string,
  stored: { key: string; sha: string },
): Promise<boolean> {
  const [row] = await read(
    `update issued_document d set status = 'issued', object_key = ?, sha256 = ?, signed_at = ?, version = d.version + 1
       from application a
      where d.id = ? and d.status = 'pending' and a.id = d.application_id
      returning d.id, d.reference_number, d.office_id, d.kind, d.signer, d.link_id, d.issued_by_post_id,
                a.id as application_id, a.applicant_mobile, a.applicant_locale, a.holder_post_id, a.service_version_id`,
    [stored.key, stored.sha, new Date(), id],
  );
  if (!row) return false;
  const def = (await filedVersion(em, read, row.service_version_id)).definition;
  tx.emit({
    type: 'pass.signed',
    documentId: row.id,
    applicationId: row.application_id,
    referenceNumber: row.reference_number,
    officeId: row.office_id,
    kind: row.kind,
    signer: row.signer,
    sha256: stored.sha,
    link: shortLink(deps.env, row.link_id),
    mobile: row.applicant_mobile,
    locale: row.applicant_locale,
    serviceName: def.name,
    postIds: [row.issued_by_post_id, row.holder_post_id],
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
  const read = readerOf(em);
  const src = await documentSource(read, id);
  if (!src || src.status !== 'pending' || src.signer !== 'office') return 'skipped';
  const signer = await documentSigner(deps);
  const { pdf, officeNameEn } = await renderSource(em, read, deps, src);
  const signed = await sealPdf(
    pdf,
    {
      name: /CN=([^,]*)/.exec(signer.subject)?.[1] ?? signer.subject,
      signingTime: new Date(),
      ...signatureInfo(src.reference_number, officeNameEn),
    },
    signer,
  );
  const sha = createHash('sha256').update(signed).digest('hex');
  const key = documentKey(id, sha);
  await deps.store.put(key, signed, signed.length, 'application/pdf');
  // a plain-SQL transaction: the mark with BEGIN, the SMS with the short link and the audit rows with COMMIT
  const done = await sqlTransaction({ actor: systemActor(), em, deps }, async (tx) => {
    const marked = await markSigned(tx, tx.read, em, deps, id, { key, sha });
    await tx.commit('select 1', []);
    return marked;
  });
  if (!done) await deps.store.remove(key).catch(() => undefined);
  return done ? 'signed' : 'skipped';
}
