import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PDFDocument } from 'pdf-lib';
import { AppError, fieldError, invalidState, notFound, refuse } from '../../shared/app-error.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { formatDmy, istDate } from '../../shared/dates.js';
import { nextNumber } from '../../shared/counter.js';
import { lockRow, lockRowOrFail } from '../../shared/persistence.js';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import {
  CorrespondenceSchema,
  DraftSchema,
  DraftVersionSchema,
  EFileSchema,
  NoteSchema,
  holderRefusal,
  loadVisibleFile,
  noteSignRefusal,
  noteVisible,
  touch,
  correspondenceEnd,
} from '../files/index.js';
import { canSee } from '../movement/index.js';
import { countersignRefusal } from './signing.policy.js';
import {
  assembleSignedData,
  parseCertificate,
  prepareSignedAttributes,
  sha256,
  signatureMatches,
  type PreparedSignature,
} from './crypto/cms.js';
import { embedCms, preparePdf } from './crypto/pades.js';
import { signToken } from './crypto/qr-token.js';
import { renderLetter } from './letter-pdf.js';
import { activeQrKey } from './verification-keys.js';
import { usableCertificate } from './enrolment.js';
import { canonicalNoteBytes } from './note-signatures.js';
import {
  DispatchEntrySchema,
  NoteSignatureSchema,
  SigningRequestItemSchema,
  SigningRequestSchema,
  type DispatchEntry,
  type DispatchMode,
  type Recipient,
  type SignItemType,
} from './signing.entity.js';
import { presentDispatch, type DispatchOut } from './dispatch.js';
import { passSigning } from './pass-signing.js';

export type SignItemIn =
  | { type: 'note'; fileId: string; noteId: string }
  | { type: 'letter'; fileId: string; draftId: string; dispatch: { mode: DispatchMode; recipients: Recipient[] } }
  | { type: 'countersign'; dispatchId: string }
  | { type: 'pass'; documentId: string };

const REQUEST_MINUTES = 15;
const letterKey = (dispatchId: string, sha: string) => `letters/${dispatchId}/${sha}.pdf`;

/** The public URL a letter's QR code opens. */
export const verifyUrl = (scope: Scope, token: string) =>
  `${(scope.deps.env.PUBLIC_URL ?? `http://127.0.0.1:${scope.deps.env.PORT}`).replace(/\/$/, '')}/verify/${token}`;

interface Prepared {
  type: SignItemType;
  title: string;
  fileId: string | null;
  noteId: string | null;
  dispatchId: string | null;
  subjectId?: string;
  content: Buffer;
  byteRange: number[] | null;
  baseHash: string | null;
  attrs: PreparedSignature;
  signingTime: Date;
}

async function userName(em: EntityManager, userId: string) {
  const u = await em.findOneOrFail(UserSchema, { id: userId });
  return { hi: u.nameHi, en: u.nameEn, label: u.nameHi && u.nameHi !== u.nameEn ? `${u.nameHi} (${u.nameEn})` : u.nameEn };
}

async function prepareNote(
  tx: Tx,
  scope: Scope,
  item: Extract<SignItemIn, { type: 'note' }>,
  cert: ReturnType<typeof parseCertificate>,
): Promise<Prepared> {
  const file = await loadVisibleFile(tx.em, scope.actor, item.fileId);
  const note = await lockRow(tx.em, NoteSchema, { id: item.noteId, file: file.id });
  if (!note || !noteVisible(scope.actor, file, note)) throw notFound();
  refuse(noteSignRefusal(scope.actor, note, (await tx.em.count(NoteSignatureSchema, { note: note.id })) > 0));
  const content = canonicalNoteBytes(file, note);
  const signingTime = new Date();
  return {
    type: 'note',
    title: `${file.fileNumber} — note ${note.seq ?? '(draft)'}`,
    fileId: file.id,
    noteId: note.id,
    dispatchId: null,
    content,
    byteRange: null,
    baseHash: null,
    attrs: prepareSignedAttributes(sha256(content), cert, signingTime),
    signingTime,
  };
}

async function prepareLetter(
  tx: Tx,
  scope: Scope,
  item: Extract<SignItemIn, { type: 'letter' }>,
  cert: ReturnType<typeof parseCertificate>,
): Promise<Prepared> {
  await loadVisibleFile(tx.em, scope.actor, item.fileId);
  // checked under the row lock, so the file cannot leave its holder meanwhile
  const file = await lockRowOrFail(tx.em, EFileSchema, { id: item.fileId });
  const refusal = holderRefusal(scope.actor, file);
  if (refusal) throw refusal;
  const draft = await tx.em.findOne(DraftSchema, { id: item.draftId, file: file.id });
  if (!draft) throw notFound();
  if (draft.status !== 'approved' || draft.approvedVersion == null) throw invalidState('draftNotApproved');
  if (await tx.em.count(DispatchEntrySchema, { draft: draft.id, status: { $ne: 'cancelled' } })) throw invalidState('draftAlreadyIssued');
  const version = await tx.em.findOneOrFail(DraftVersionSchema, { draft: draft.id, no: draft.approvedVersion });
  const office = await tx.em.findOneOrFail(OfficeSchema, { id: file.office.id });
  const post = await tx.em.findOneOrFail(PostSchema, { id: scope.actor.postId! });
  const signer = await userName(tx.em, scope.actor.userId);
  const now = new Date();
  const letterDate = istDate(now);
  const year = Number(letterDate.slice(0, 4));
  const serial = await nextNumber(tx.em, 'issue', office.id, year);
  const issueNumber = `${office.numberPrefix}/D-${serial}/${year}`;
  const addressee =
    draft.addressee?.trim() || item.dispatch.recipients.map((r) => [r.name, r.address].filter(Boolean).join('\n')).join('\n\n');
  const content = {
    office: { nameHi: office.nameHi, nameEn: office.nameEn },
    issueNumber,
    date: formatDmy(letterDate),
    fileNumber: file.fileNumber,
    subject: draft.subject,
    addressee,
    body: version.bodyText,
    signatory: { name: signer.label, designation: `${post.designationHi} / ${post.designationEn}` },
  };
  const contentHash = sha256(JSON.stringify(content)).toString('hex');
  const token = signToken(await activeQrKey(tx.em), { iss: 'patravali', n: issueNumber, d: letterDate, o: office.code, h: contentHash });
  const entry = tx.em.create(DispatchEntrySchema, {
    id: randomUUID(),
    office: office.id,
    year,
    serial,
    issueNumber,
    file: file.id,
    draft: draft.id,
    subject: draft.subject,
    addressee,
    mode: item.dispatch.mode,
    recipients: item.dispatch.recipients,
    status: 'awaiting_signature',
    letterDate,
    createdByPost: scope.actor.postId!,
    createdByUser: scope.actor.userId,
    createdAt: now,
    issuedAt: null,
    signers: [],
    objectKey: null,
    documentHashes: [],
    contentHash,
    qrToken: token,
    correspondence: null,
    dispatchedAt: null,
    dispatchedBy: null,
    dispatchReference: null,
    remarks: null,
  });
  const pdf = await renderLetter({ ...content, verifyUrl: verifyUrl(scope, token) });
  const prepared = preparePdf(pdf, {
    name: signer.en,
    reason: `Issued as ${issueNumber}`,
    location: office.nameEn,
    contactInfo: post.designationEn,
    signingTime: now,
  });
  tx.emit({ type: 'dispatch.numbered', fileId: file.id, dispatchId: entry.id, officeId: office.id, issueNumber, draftId: draft.id });
  return {
    type: 'letter',
    title: `${issueNumber} — ${draft.subject}`,
    fileId: file.id,
    noteId: null,
    dispatchId: entry.id,
    content: prepared.pdf,
    byteRange: prepared.byteRange,
    baseHash: null,
    attrs: prepareSignedAttributes(prepared.digest, cert),
    signingTime: now,
  };
}

async function prepareCountersign(
  tx: Tx,
  scope: Scope,
  item: Extract<SignItemIn, { type: 'countersign' }>,
  cert: ReturnType<typeof parseCertificate>,
): Promise<Prepared> {
  const entry = await tx.em.findOne(DispatchEntrySchema, { id: item.dispatchId });
  if (!entry) throw notFound();
  refuse(countersignRefusal(scope.actor, entry, await canSee(tx.em, scope.actor, 'file', { id: entry.file.id })));
  const current = await scope.deps.store.getBuffer(entry.objectKey!); // an issued letter is stored (countersignRefusal)
  const signer = await userName(tx.em, scope.actor.userId);
  const post = await tx.em.findOneOrFail(PostSchema, { id: scope.actor.postId! });
  const now = new Date();
  const prepared = preparePdf(current, {
    name: signer.en,
    reason: `Countersigned ${entry.issueNumber}`,
    location: '',
    contactInfo: post.designationEn,
    signingTime: now,
  });
  return {
    type: 'countersign',
    title: `${entry.issueNumber} — countersignature`,
    fileId: entry.file.id,
    noteId: null,
    dispatchId: entry.id,
    content: prepared.pdf,
    byteRange: prepared.byteRange,
    baseHash: entry.documentHashes.at(-1) ?? null,
    attrs: prepareSignedAttributes(prepared.digest, cert),
    signingTime: now,
  };
}

/** A pass or certificate its approving officer signs: rendered by the passes module, signed like a letter (PAdES B). */
async function preparePass(
  tx: Tx,
  scope: Scope,
  item: Extract<SignItemIn, { type: 'pass' }>,
  cert: ReturnType<typeof parseCertificate>,
): Promise<Prepared> {
  const doc = await passSigning.use.render(tx, scope, item.documentId);
  const signer = await userName(tx.em, scope.actor.userId);
  const post = await tx.em.findOneOrFail(PostSchema, { id: scope.actor.postId! });
  const now = new Date();
  const prepared = preparePdf(doc.pdf, {
    name: signer.en,
    reason: doc.reason,
    location: doc.location,
    contactInfo: post.designationEn,
    signingTime: now,
  });
  return {
    type: 'pass',
    title: doc.title,
    fileId: null,
    noteId: null,
    dispatchId: null,
    subjectId: item.documentId,
    content: prepared.pdf,
    byteRange: prepared.byteRange,
    baseHash: null,
    attrs: prepareSignedAttributes(prepared.digest, cert),
    signingTime: now,
  };
}

/** Step 1 of signing: prepares every item and answers the digests the agent must sign. */
export async function createSigningRequest(scope: Scope, input: { certificateId: string; items: SignItemIn[] }) {
  if (!scope.actor.postId) throw new AppError('FORBIDDEN');
  return transact(scope, async (tx) => {
    const enrolled = await usableCertificate(tx.em, scope, input.certificateId);
    const cert = parseCertificate(enrolled.certificate);
    const seen = new Set<string>();
    const prepared: Prepared[] = [];
    for (const item of input.items) {
      const key =
        item.type === 'note'
          ? `n:${item.noteId}`
          : item.type === 'letter'
            ? `l:${item.draftId}`
            : item.type === 'pass'
              ? `p:${item.documentId}`
              : `c:${item.dispatchId}`;
      if (seen.has(key)) throw fieldError(['items'], 'invalid', 'issues.duplicateItem');
      seen.add(key);
      if (item.type === 'note') prepared.push(await prepareNote(tx, scope, item, cert));
      else if (item.type === 'letter') prepared.push(await prepareLetter(tx, scope, item, cert));
      else if (item.type === 'pass') prepared.push(await preparePass(tx, scope, item, cert));
      else prepared.push(await prepareCountersign(tx, scope, item, cert));
    }
    const now = new Date();
    const request = tx.em.create(SigningRequestSchema, {
      id: randomUUID(),
      user: scope.actor.userId,
      post: scope.actor.postId!,
      certificate: enrolled.id,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + REQUEST_MINUTES * 60_000),
      completedAt: null,
    });
    prepared.forEach((p, index) =>
      tx.em.create(SigningRequestItemSchema, {
        request: request.id,
        index,
        type: p.type,
        title: p.title,
        file: p.fileId,
        note: p.noteId,
        dispatch: p.dispatchId,
        subjectId: p.subjectId ?? null,
        digest: p.attrs.digest,
        signedAttrs: p.attrs.signedAttrsDer,
        content: p.content,
        byteRange: p.byteRange,
        baseHash: p.baseHash,
        signingTime: p.signingTime,
      }),
    );
    await tx.em.flush();
    tx.emit({
      type: 'signing.prepared',
      requestId: request.id,
      certificateId: enrolled.id,
      items: prepared.map((p) => ({ type: p.type, title: p.title, digest: p.attrs.digest.toString('hex') })),
    });
    return {
      id: request.id,
      expiresAt: request.expiresAt.toISOString(),
      items: prepared.map((p, index) => ({ index, type: p.type, title: p.title, digest: p.attrs.digest.toString('base64') })),
    };
  });
}

async function loadPendingRequest(tx: Tx, scope: Scope, id: string) {
  const request = await lockRow(tx.em, SigningRequestSchema, { id, user: scope.actor.userId });
  if (!request) throw notFound();
  if (request.status !== 'pending') throw invalidState('requestNotPending');
  return request;
}

/** Releases what a request reserved: its issue numbers stay in the register, marked cancelled. Answers those entries. */
async function releaseItems(tx: Tx, requestId: string) {
  const items = await tx.em.find(SigningRequestItemSchema, { request: requestId, type: 'letter' });
  const released: Array<{ dispatchId: string; officeId: string }> = [];
  for (const it of items) {
    const entry = await tx.em.findOne(DispatchEntrySchema, { id: it.dispatch!.id });
    if (entry && entry.status === 'awaiting_signature') {
      entry.status = 'cancelled';
      released.push({ dispatchId: entry.id, officeId: entry.office.id });
    }
  }
  return released;
}

export async function cancelSigningRequest(scope: Scope, id: string): Promise<void> {
  await transact(scope, async (tx) => {
    const request = await loadPendingRequest(tx, scope, id);
    request.status = 'cancelled';
    const released = await releaseItems(tx, id);
    await tx.em.flush();
    tx.emit({ type: 'signing.cancelled', requestId: id, released });
  });
}

/** Step 3: checks every signature, then stores them all (or nothing). */
export async function completeSigningRequest(
  scope: Scope,
  id: string,
  input: { certificate: string; chain: string[]; signatures: string[] },
) {
  const stored: string[] = [];
  try {
    return await transact(scope, async (tx) => {
      const request = await loadPendingRequest(tx, scope, id);
      if (request.expiresAt.getTime() < Date.now()) {
        request.status = 'cancelled';
        await releaseItems(tx, id);
        await tx.em.flush();
        throw invalidState('requestExpired');
      }
      const enrolled = await usableCertificate(tx.em, scope, request.certificate.id);
      const given = Buffer.from(input.certificate, 'base64');
      if (!given.equals(Buffer.from(enrolled.certificate)))
        throw new AppError('BAD_SIGNATURE', { reason: { tKey: 'signing.wrongCertificate' } });
      const cert = parseCertificate(given);
      const chain = [...enrolled.chain, ...input.chain]
        .map((b) => Buffer.from(b, 'base64'))
        .filter((b, i, all) => all.findIndex((o) => o.equals(b)) === i)
        .map(parseCertificate);
      const items = await tx.em.find(SigningRequestItemSchema, { request: id }, { orderBy: { index: 'asc' } });
      if (input.signatures.length !== items.length)
        throw fieldError(['signatures'], 'invalid', 'issues.signatureCount', { count: items.length });
      const sigs = input.signatures.map((s) => Buffer.from(s, 'base64'));
      for (const [i, it] of items.entries()) {
        const ok = await signatureMatches({ signedAttrsDer: Buffer.from(it.signedAttrs), digest: Buffer.from(it.digest) }, sigs[i]!, cert);
        if (!ok) throw new AppError('BAD_SIGNATURE', { reason: { tKey: 'signing.signatureInvalid' } }, { index: i, title: it.title });
      }
      const signer = await userName(tx.em, scope.actor.userId);
      const results: Array<{ index: number; type: SignItemType; noteId?: string; dispatch?: DispatchOut; documentId?: string }> = [];
      for (const [i, it] of items.entries()) {
        const cms = assembleSignedData(
          { signedAttrsDer: Buffer.from(it.signedAttrs), digest: Buffer.from(it.digest) },
          sigs[i]!,
          cert,
          chain,
        );
        if (it.type === 'note') {
          const note = await tx.em.findOneOrFail(NoteSchema, { id: it.note!.id });
          const file = await tx.em.findOneOrFail(EFileSchema, { id: it.file!.id });
          // The note must still read exactly as prepared.
          if (!canonicalNoteBytes(file, note).equals(Buffer.from(it.content))) throw invalidState('noteChangedWhileSigning');
          tx.em.create(NoteSignatureSchema, {
            note: note.id,
            certificate: enrolled.id,
            user: scope.actor.userId,
            cms,
            contentDigest: sha256(Buffer.from(it.content)),
            signedAt: it.signingTime,
          });
          tx.emit({
            type: 'note.signed',
            fileId: file.id,
            holderPostId: file.holderPost.id,
            noteId: note.id,
            certificateId: enrolled.id,
            serial: enrolled.serialNumber,
            digest: sha256(Buffer.from(it.content)).toString('hex'),
          });
          results.push({ index: i, type: 'note', noteId: note.id });
          continue;
        }
        if (it.type === 'pass') {
          const signedPdf = embedCms(
            { pdf: Buffer.from(it.content), byteRange: it.byteRange as [number, number, number, number], digest: Buffer.alloc(0) },
            cms,
          );
          stored.push(await passSigning.use.signed(tx, scope, it.subjectId!, signedPdf, sha256(signedPdf).toString('hex')));
          results.push({ index: i, type: 'pass', documentId: it.subjectId! });
          continue;
        }
        const entry = await lockRowOrFail(tx.em, DispatchEntrySchema, { id: it.dispatch!.id });
        const signedPdf = embedCms(
          { pdf: Buffer.from(it.content), byteRange: it.byteRange as [number, number, number, number], digest: Buffer.alloc(0) },
          cms,
        );
        const sha = sha256(signedPdf).toString('hex');
        if (it.type === 'countersign') {
          // Prepared on the PDF as it was: a countersignature added meanwhile makes this one stale.
          if (entry.status !== 'issued' || !entry.objectKey) throw invalidState('notCountersignable');
          if (entry.documentHashes.at(-1) !== it.baseHash)
            throw new AppError('CONFLICT', {}, { current: await presentDispatch(tx.em, entry, scope.actor) });
        } else if (entry.status !== 'awaiting_signature') throw invalidState('requestNotPending');
        const key = letterKey(entry.id, sha);
        await scope.deps.store.put(key, signedPdf, signedPdf.length, 'application/pdf');
        stored.push(key);
        entry.objectKey = key;
        entry.documentHashes = [...entry.documentHashes, sha];
        entry.signers = [
          ...entry.signers,
          { userId: scope.actor.userId, name: signer.label, certificateId: enrolled.id, signedAt: it.signingTime.toISOString() },
        ];
        if (it.type === 'letter') {
          entry.status = 'issued';
          entry.issuedAt = new Date();
          entry.correspondence = tx.em.getReference(CorrespondenceSchema, await addIssuedLetter(tx, scope, entry, signedPdf), {
            wrapped: true,
          });
          const draft = await tx.em.findOneOrFail(DraftSchema, { id: entry.draft.id });
          const file = await tx.em.findOneOrFail(EFileSchema, { id: entry.file.id });
          touch(file);
          tx.emit({
            type: 'letter.issued',
            fileId: entry.file.id,
            holderPostId: file.holderPost.id,
            dispatchId: entry.id,
            officeId: entry.office.id,
            issueNumber: entry.issueNumber,
            draftId: draft.id,
            sha256: sha,
            certificateId: enrolled.id,
            serial: enrolled.serialNumber,
          });
        } else {
          tx.emit({
            type: 'letter.countersigned',
            fileId: entry.file.id,
            dispatchId: entry.id,
            officeId: entry.office.id,
            issueNumber: entry.issueNumber,
            sha256: sha,
            certificateId: enrolled.id,
            serial: enrolled.serialNumber,
          });
        }
        await tx.em.flush();
        results.push({ index: i, type: it.type, dispatch: await presentDispatch(tx.em, entry, scope.actor) });
      }
      request.status = 'completed';
      request.completedAt = new Date();
      await tx.em.flush();
      tx.emit({ type: 'signing.completed', requestId: id, certificateId: enrolled.id, count: items.length });
      return { items: results };
    });
  } catch (e) {
    await Promise.all(stored.map((k) => scope.deps.store.remove(k).catch(() => undefined)));
    throw e;
  }
}

/** An issued letter joins the file's correspondence series (CSMOP para 25), after the last page. */
async function addIssuedLetter(tx: Tx, scope: Scope, entry: DispatchEntry, pdf: Buffer) {
  const pageCount = (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
  const last = await correspondenceEnd(tx.em, entry.file.id);
  const id = randomUUID();
  tx.em.create(CorrespondenceSchema, {
    id,
    file: entry.file.id,
    seq: last.seq + 1,
    kind: 'issued',
    receipt: null,
    draft: entry.draft.id,
    firstPage: last.page + 1,
    pageCount,
    flag: null,
    addedByPost: scope.actor.postId!,
    addedByUser: scope.actor.userId,
    addedAt: new Date(),
  });
  return id;
}
