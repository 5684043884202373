import type Koa from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { route } from '../../http/route.js';
import { discardSpooled, scanUploadParser, type SpooledFile } from '../../http/upload-storage.js';
import { AppError } from '../../shared/app-error.js';
import { consumeOrRefuse, limiterOf } from '../../shared/rate-limit.js';
import type { Deps, Scope } from '../../shared/scope.js';
import { applicantActor, requireApplicant } from '../applicants/index.js';
import * as s from './applications.schemas.js';
import { fileApplication } from './submit-application.js';
import { fileForWalkIn } from './file-at-counter.js';
import { rateApplication, resubmitApplication, takeAction } from './act-on-application.js';
import { bulkActOnApplications } from './bulk-act.js';
import { loadVisibleApplication } from './applications.policy.js';
import { presentApplication } from './applications.presenter.js';
import { myApplication, myApplications, publicStatus } from './public-view.js';
import { uploadApplicationDocument } from './application-uploads.js';
import { ApplicationSchema, ApplicationUploadSchema } from './applications.entity.js';

const tags = ['applications'];
/** The public status lookup answers anyone: 120 lookups a minute per client address (reference numbers run in series). */
const statusLimiter = (deps: Deps) => limiterOf(deps.pool, { keyPrefix: 'status_ip', points: 120, durationSeconds: 60 });
const spooled = (koa: Koa.Context) =>
  (koa.request as unknown as { files?: SpooledFile[] }).files ?? (koa as unknown as { files?: SpooledFile[] }).files ?? [];
const oneFile = (deps: Deps) => scanUploadParser({ maxBytes: deps.env.SCAN_MAX_BYTES, maxFiles: 1, field: 'file' });

/** Streams an upload the caller may see (the checks are the caller's). */
async function streamUpload(deps: Deps, em: EntityManager, koa: Koa.Context, applicationId: string, uploadId: string) {
  const up = await em.findOne(ApplicationUploadSchema, { id: uploadId, application: applicationId });
  if (!up) throw new AppError('NOT_FOUND');
  koa.type = up.mime;
  koa.length = up.size;
  koa.set('Cache-Control', 'private, max-age=3600');
  koa.set('Content-Disposition', 'inline');
  koa.body = await deps.store.get(up.objectKey);
}

/** An applicant's request: who they are (their session), recorded as the applicant in the audit chain. */
async function applicantOf(scope: Pick<Scope, 'em'>, koa: Koa.Context) {
  const applicant = await requireApplicant(scope.em, koa);
  return { applicant, actor: applicantActor(applicant.id, applicant.mobile, { ip: koa.ip, locale: koa.state.locale }) };
}

/**
 * Applications: citizens file and follow their own (public routes, applicant session); staff apply for
 * themselves or their office, or at a counter for a walk-in applicant; the authority acts on them by the
 * workflow of the version they were filed under. Their moves are the items core's (moveRoutes).
 */
export const applicationRoutes = [
  route({
    method: 'post',
    path: '/api/public/uploads',
    summary: 'Upload a document for an application form (multipart field "file"; checked like dak scans)',
    tags: ['public'],
    access: 'public',
    status: 201,
    response: s.uploadOut,
    before: oneFile,
    handler: async (scope, { koa }) => {
      const files = spooled(koa);
      try {
        const { applicant } = await applicantOf(scope, koa);
        return await uploadApplicationDocument(
          scope.deps,
          scope.em,
          { applicantId: applicant.id, postId: null },
          files[0],
          koa.state.locale,
        );
      } finally {
        await discardSpooled(files);
      }
    },
  }),
  route({
    method: 'post',
    path: '/api/public/applications',
    summary: 'File an application as the signed-in applicant (their mobile); POSSIBLE_DUPLICATE until a similar pending one is confirmed',
    tags: ['public'],
    access: 'public',
    status: 201,
    body: s.publicSubmitIn,
    response: s.submitOut,
    handler: async (scope, { body, koa }) => {
      const { applicant, actor } = await applicantOf(scope, koa);
      const filed = await fileApplication(
        scope.deps,
        scope.em,
        { channel: 'citizen', actor, applicantId: applicant.id, mobile: applicant.mobile, locale: koa.state.locale },
        body,
      );
      return { ...filed, duplicates: [] };
    },
  }),
  route({
    method: 'get',
    path: '/api/public/applications',
    summary: "The signed-in applicant's own applications, newest first",
    tags: ['public'],
    access: 'public',
    query: s.publicListQuery,
    response: s.publicListOut,
    handler: async (scope, { query, koa }) => myApplications(scope.em, (await requireApplicant(scope.em, koa)).id, query),
  }),
  route({
    method: 'get',
    path: '/api/public/applications/:ref',
    summary: "One of the applicant's own applications by reference number (anyone else's: 404)",
    tags: ['public'],
    access: 'public',
    params: s.referenceParams,
    response: s.publicApplicationOut,
    handler: async (scope, { params, koa }) => myApplication(scope.em, (await requireApplicant(scope.em, koa)).id, params.ref),
  }),
  route({
    method: 'get',
    path: '/api/public/status/:ref',
    summary:
      'Where an application stands, by reference number, without signing in (no personal details: those need the OTP sent to the applicant)',
    tags: ['public'],
    access: 'public',
    params: s.referenceParams,
    response: s.publicStatusOut,
    handler: async (scope, { params, koa }) => {
      await consumeOrRefuse(statusLimiter(scope.deps), koa.ip, 'RATE_LIMITED', koa.state.locale);
      return publicStatus(scope.em, params.ref);
    },
  }),
  route({
    method: 'post',
    path: '/api/public/applications/:ref/resubmit',
    summary: "Resubmit an application returned for correction (the authority's clock resumes)",
    tags: ['public'],
    access: 'public',
    params: s.referenceParams,
    body: s.resubmitIn,
    response: s.publicApplicationOut,
    handler: async (scope, { params, body, koa }) => {
      const { applicant, actor } = await applicantOf(scope, koa);
      return resubmitApplication(scope.deps, scope.em, actor, applicant.id, params.ref, body);
    },
  }),
  route({
    method: 'post',
    path: '/api/public/applications/:ref/feedback',
    summary: 'Rate a disposed-of application (once)',
    tags: ['public'],
    access: 'public',
    status: 204,
    params: s.referenceParams,
    body: s.feedbackIn,
    response: z.undefined(),
    handler: async (scope, { params, body, koa }) => {
      const { applicant, actor } = await applicantOf(scope, koa);
      await rateApplication(scope.deps, scope.em, actor, applicant.id, params.ref, body);
    },
  }),
  route({
    method: 'get',
    path: '/api/public/applications/:ref/documents/:uploadId',
    summary: "A document of the applicant's own application",
    tags: ['public'],
    access: 'public',
    params: s.publicDocumentParams,
    raw: { contentType: 'application/pdf, image/*' },
    handler: async (scope, { params, koa }) => {
      const applicant = await requireApplicant(scope.em, koa);
      const app = await scope.em.findOne(ApplicationSchema, { referenceNumber: params.ref, applicant: applicant.id });
      if (!app) throw new AppError('NOT_FOUND');
      await streamUpload(scope.deps, scope.em, koa, app.id, params.uploadId);
    },
  }),

  route({
    method: 'post',
    path: '/api/applications/uploads',
    summary: 'Upload a document for an application filed by staff or at a counter (multipart field "file")',
    tags,
    access: 'user',
    status: 201,
    response: s.uploadOut,
    before: oneFile,
    handler: async (scope, { koa }) => {
      const files = spooled(koa);
      try {
        if (!scope.actor.postId) throw new AppError('FORBIDDEN');
        return await uploadApplicationDocument(
          scope.deps,
          scope.em,
          { applicantId: null, postId: scope.actor.postId },
          files[0],
          scope.actor.locale,
        );
      } finally {
        await discardSpooled(files);
      }
    },
  }),
  route({
    method: 'post',
    path: '/api/applications',
    summary:
      'File an application from a staff login: for the user or their office, or at a counter/CSC for a walk-in applicant (whose mobile the OTP they read out confirms)',
    tags,
    access: 'user',
    status: 201,
    body: s.staffSubmitIn,
    response: s.submitOut,
    handler: async (scope, { body }) => ({ ...(await fileForWalkIn(scope, body)), duplicates: [] }),
  }),
  route({
    method: 'get',
    path: '/api/applications/:id',
    summary: 'An application as staff on its chain see it: form, documents, steps, levels, actions allowed',
    tags,
    access: 'user',
    params: s.applicationParams,
    response: s.applicationOut,
    handler: async (scope, { params }) =>
      presentApplication(scope.em, scope.actor, await loadVisibleApplication(scope.em, scope.actor, params.id)),
  }),
  route({
    method: 'post',
    path: '/api/applications/:id/actions/:action',
    summary:
      'Take a workflow action (approve, reject, return for correction, forward, ask for a report…) from the version seen; a stale one is 409 with the current state',
    tags,
    access: 'user',
    params: s.actionParams,
    body: s.actionIn,
    response: s.actedOut,
    handler: async (scope, { params, body }) => takeAction(scope, params.id, params.action, body),
  }),
  route({
    method: 'post',
    path: '/api/applications/bulk',
    summary: `Take one workflow action on up to ${s.BULK_DECIDE_MAX} applications (an SDM's queue): each checked as by its own route; the others still done`,
    tags,
    access: 'user',
    body: s.bulkActionIn,
    response: s.bulkActionOut,
    handler: async (scope, { body }) => bulkActOnApplications(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/applications/:id/documents/:uploadId',
    summary: 'A document of an application the user may see',
    tags,
    access: 'user',
    params: s.documentParams,
    raw: { contentType: 'application/pdf, image/*' },
    handler: async (scope, { params, koa }) => {
      await loadVisibleApplication(scope.em, scope.actor, params.id);
      await streamUpload(scope.deps, scope.em, koa, params.id, params.uploadId);
    },
  }),
];
