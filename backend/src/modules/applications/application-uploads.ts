import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { objectKeys } from '@patravali/storage';
import { AppError, fieldError } from '../../shared/app-error.js';
import { t, type Locale } from '../../shared/i18n.js';
import type { Deps } from '../../shared/scope.js';
import { consumeOrRefuse, limiterOf } from '../../shared/rate-limit.js';
import { runStatements, type Statement } from '../../shared/persistence.js';
import { inspectScan, refusalParams, scanLimits, ScanRejected } from '../../infra/images/scan-file.js';
import { cleanFilename, type SpooledFile } from '../../http/upload-storage.js';
import type { ServiceDefinition } from '../services/index.js';
import { ApplicationUploadSchema } from './applications.entity.js';

/** Who an upload belongs to: a signed-in applicant, or the post of a staff member or counter operator. */
export interface UploadOwner {
  applicantId: string | null;
  postId: string | null;
}

const MB = 1048576;
/** Uploads per uploader a day (APPLICATION_UPLOADS_PER_DAY): object storage is not a free drive for anyone with a mobile number. */
const uploadLimiter = (deps: Deps) =>
  limiterOf(deps.pool, { keyPrefix: 'application_upload', points: deps.env.APPLICATION_UPLOADS_PER_DAY, durationSeconds: 86_400 });

/**
 * Takes one document for an application form: checked by its bytes as dak scans are (its real type, not
 * its name; empty, damaged, encrypted, too large, too many pages or pixels refused with the reason), then
 * kept in object storage. Nothing is stored for a refused file. The upload is the owner's until a filed
 * application takes it.
 */
export async function uploadApplicationDocument(
  deps: Deps,
  em: EntityManager,
  owner: UploadOwner,
  file: SpooledFile | undefined,
  locale: Locale,
) {
  if (!file)
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['file'], code: 'required', message: t(locale, 'fields.required') }] });
  await consumeOrRefuse(
    uploadLimiter(deps),
    owner.applicantId ? `applicant:${owner.applicantId}` : `post:${owner.postId}`,
    'RATE_LIMITED',
    locale,
  );
  const name = cleanFilename(file.originalname).slice(0, 300);
  const limits = scanLimits(deps.env);
  const refuse = (reason: string, detail: Record<string, unknown> = {}) =>
    new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: ['file'], code: reason, message: t(locale, `scan.${reason}`, { file: name, ...detail }) }] },
    );
  if (file.tooLarge || !file.path) throw refuse('too_large', refusalParams(file.size, limits));
  const bytes = await readFile(file.path);
  let inspected;
  try {
    inspected = await inspectScan(bytes, limits);
  } catch (err) {
    if (!(err instanceof ScanRejected)) throw err;
    throw refuse(err.reason, refusalParams(bytes.length, limits, err));
  }
  const id = randomUUID();
  const key = objectKeys.applicationUpload(id, file.sha256!);
  await deps.store.put(key, bytes, bytes.length, inspected.mime);
  const row = em.create(ApplicationUploadSchema, {
    id,
    applicant: owner.applicantId,
    post: owner.postId,
    application: null,
    field: null,
    name,
    mime: inspected.mime,
    size: bytes.length,
    pages: inspected.pageCount,
    sha256: file.sha256!,
    objectKey: key,
    createdAt: new Date(),
  });
  await em.flush();
  return { id: row.id, name, mime: row.mime, size: row.size, pages: row.pages };
}

/**
 * The upload fields of a form name uploads of this owner not yet attached to an application, of a kind
 * and size the field accepts; else VALIDATION_FAILED at the field. Answers the uploads by field.
 */
export async function checkUploads(
  em: EntityManager,
  def: Pick<ServiceDefinition, 'form'>,
  data: Record<string, unknown>,
  owner: UploadOwner,
) {
  const out = new Map<string, string>();
  for (const f of def.form) {
    if (f.type !== 'upload' || typeof data[f.key] !== 'string') continue;
    const up = await em.findOne(ApplicationUploadSchema, { id: data[f.key] as string });
    const mine = up && (owner.applicantId ? up.applicant?.id === owner.applicantId : up.post?.id === owner.postId && !up.applicant);
    if (!up || !mine || up.application) throw fieldError(['data', f.key], 'unknown_upload', 'fields.unknownUpload');
    const kind = up.mime === 'application/pdf' ? 'pdf' : 'image';
    if (!f.accept.includes(kind)) throw fieldError(['data', f.key], 'wrong_kind', 'fields.uploadKind', { accept: f.accept.join(', ') });
    if (up.size > f.maxSizeMb * MB)
      throw fieldError(['data', f.key], 'too_large', 'fields.uploadSize', { sizeMb: (up.size / MB).toFixed(1), limitMb: f.maxSizeMb });
    out.set(f.key, up.id);
  }
  return out;
}

/** The statements attaching the checked uploads to the filed application (in its transaction). */
export function attachUploadsSql(applicationId: string, uploads: Map<string, string>): Statement[] {
  return [...uploads].map(([field, id]) => ({
    sql: 'update application_upload set application_id = ?, field = ? where id = ? and application_id is null',
    params: [applicationId, field, id],
  }));
}

/** Attaches the checked uploads to the application (in its transaction). */
export async function attachUploads(em: EntityManager, applicationId: string, uploads: Map<string, string>) {
  await runStatements(em, attachUploadsSql(applicationId, uploads));
}
