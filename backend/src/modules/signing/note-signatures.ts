import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../shared/app-error.js';
import type { Scope } from '../../shared/scope.js';
import { NoteSchema, loadVisibleFile, noteVisible, type EFile, type Note } from '../files/index.js';
import { sha256 } from './crypto/cms.js';
import { checkCms } from './crypto/verify-pdf.js';
import { isDemoIssuer, trustStoreFor } from './trust.js';
import { NoteSignatureSchema, SigningCertificateSchema } from './signing.entity.js';

/**
 * The exact bytes a note's signature covers: the note's identity, its file, its author and its
 * text as shown (sanitised HTML). Numbering and colour change when the file moves on; the words
 * do not — any change to them breaks the signature.
 */
export function canonicalNoteBytes(
  file: Pick<EFile, 'id' | 'fileNumber'>,
  note: Pick<Note, 'id' | 'body'> & { authorUser: { id: string } },
): Buffer {
  return Buffer.from(
    JSON.stringify({
      type: 'patravali.note.v1',
      fileId: file.id,
      fileNumber: file.fileNumber,
      noteId: note.id,
      authorUserId: note.authorUser.id,
      body: note.body,
    }),
    'utf8',
  );
}

export interface NoteSignatureSummary {
  signer: string;
  signedAt: string;
  serialNumber: string;
  /** The note reads exactly as signed. */
  integrity: boolean;
  /** The certificate was enrolled (trusted chain) and is not revoked here. */
  trusted: boolean;
  revoked: boolean;
  /** Signed with a demo certificate (issued by the Patravali Demo CA, not under the CCA India). */
  demoCertificate?: true;
}

/** Signature badges for the notes of a file (cheap: a hash per note, no CMS parsing). */
export async function noteSignatureSummaries(
  em: EntityManager,
  file: Pick<EFile, 'id' | 'fileNumber'>,
  notes: Note[],
): Promise<Map<string, NoteSignatureSummary>> {
  const out = new Map<string, NoteSignatureSummary>();
  if (!notes.length) return out;
  const sigs = await em.find(NoteSignatureSchema, { note: { $in: notes.map((n) => n.id) } });
  if (!sigs.length) return out;
  const certs = new Map(
    (await em.find(SigningCertificateSchema, { id: { $in: [...new Set(sigs.map((s) => s.certificate.id))] } })).map((c) => [c.id, c]),
  );
  const byId = new Map(notes.map((n) => [n.id, n]));
  for (const s of sigs) {
    const note = byId.get(s.note.id)!;
    const cert = certs.get(s.certificate.id)!;
    out.set(note.id, {
      signer: cert.commonName,
      signedAt: s.signedAt.toISOString(),
      serialNumber: cert.serialNumber,
      integrity: sha256(canonicalNoteBytes(file, note)).equals(Buffer.from(s.contentDigest)),
      trusted: cert.status === 'active' || (cert.revokedAt !== null && cert.revokedAt! > s.signedAt),
      revoked: cert.status === 'revoked',
      ...(isDemoIssuer(cert.issuer) ? { demoCertificate: true as const } : {}),
    });
  }
  return out;
}

/** A note's signature in full, for independent checks (`openssl cms -verify -binary -content …`). */
export async function getNoteSignature(scope: Scope, fileId: string, noteId: string) {
  const file = await loadVisibleFile(scope.em, scope.actor, fileId);
  const note = await scope.em.findOne(NoteSchema, { id: noteId, file: file.id });
  if (!note || !noteVisible(scope.actor, file, note)) throw notFound();
  const sig = await scope.em.findOne(NoteSignatureSchema, { note: note.id });
  if (!sig) throw notFound();
  const content = canonicalNoteBytes(file, note);
  const checked = await checkCms(trustStoreFor(scope.deps), Buffer.from(sig.cms), [content], sig.signedAt, { cades: true });
  const f = checked?.facts;
  return {
    cms: Buffer.from(sig.cms).toString('base64'),
    content: content.toString('base64'),
    verification: {
      signer: f?.commonName ?? '?',
      integrity: checked?.integrity ?? false,
      trusted: checked?.trusted ?? false,
      certificateValidAtSigning: checked?.validAtSigning ?? false,
      keyUsageOk: f?.keyUsageOk ?? false,
      certificateClass: f?.certificateClass ?? null,
      ...(isDemoIssuer(f?.issuer) ? { demoCertificate: true as const } : {}),
      signingTime: checked?.signingTime?.toISOString() ?? sig.signedAt.toISOString(),
      revocation: checked?.revocation.status ?? 'unknown',
      revocationNote: checked?.revocation.note ?? '',
      problems: checked?.problems ?? ['badCms'],
    },
  };
}
