import type Koa from 'koa';
import { route } from '../../http/route.js';
import { sendDownload } from '../../http/download.js';
import type { Deps } from '../../shared/scope.js';
import { requireApplicant } from '../applicants/index.js';
import * as s from './passes.schemas.js';
import type { IssuedDocument } from './passes.entity.js';
import {
  applicantDocument,
  applicationDocument,
  issuedRegister,
  presentApplicantDocument,
  presentStaffDocument,
  publicPass,
  publicPassPdf,
  revokedDocuments,
  visibleDocument,
} from './read-documents.js';
import { cancelDocument } from './cancel-document.js';
import { AppError } from '../../shared/app-error.js';

const tags = ['passes'];
const fileName = (doc: IssuedDocument) => `${doc.referenceNumber.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`;

async function sendPdf(deps: Deps, koa: Koa.Context, doc: IssuedDocument) {
  if (!doc.objectKey) throw new AppError('NOT_FOUND');
  sendDownload(koa, { contentType: 'application/pdf', filename: fileName(doc), body: await deps.store.getBuffer(doc.objectKey) });
}

/**
 * Passes and certificates issued on approval: the short link (public), the applicant's and staff's
 * views with the signed PDF, the office's register, cancellation, and the public revocation list
 * checkpoints cache.
 */
export const passesRoutes = [
  route({
    method: 'get',
    path: '/api/public/p/:linkId',
    summary: 'The pass behind a short link (no login): its QR and details while usable; only its state once expired or cancelled',
    tags: ['public'],
    access: 'public',
    params: s.linkParams,
    response: s.publicPassOut,
    handler: async (scope, { params, koa }) => {
      koa.set('Cache-Control', 'private, no-store');
      return publicPass(scope.em, params.linkId);
    },
  }),
  route({
    method: 'get',
    path: '/api/public/p/:linkId/pdf',
    summary: 'The signed PDF behind a short link, while the pass is usable',
    tags: ['public'],
    access: 'public',
    params: s.linkParams,
    raw: { contentType: 'application/pdf' },
    handler: async (scope, { params, koa }) => sendPdf(scope.deps, koa, await publicPassPdf(scope.em, params.linkId)),
  }),
  route({
    method: 'get',
    path: '/api/public/passes/revoked',
    summary: 'The revocation list: ids of every cancelled pass and certificate (what checkpoints cache)',
    tags: ['public'],
    access: 'public',
    response: s.revokedOut,
    handler: async (scope, { koa }) => {
      koa.set('Cache-Control', 'public, max-age=60');
      return revokedDocuments(scope.em);
    },
  }),
  route({
    method: 'get',
    path: '/api/public/applications/:ref/document',
    summary: "The pass or certificate issued on the applicant's own application",
    tags: ['public'],
    access: 'public',
    params: s.refParams,
    response: s.issuedDocumentOut,
    handler: async (scope, { params, koa }) => presentApplicantDocument(scope.em, (await requireApplicant(scope.em, koa)).id, params.ref),
  }),
  route({
    method: 'get',
    path: '/api/public/applications/:ref/document/pdf',
    summary: "The signed PDF of the applicant's own pass or certificate",
    tags: ['public'],
    access: 'public',
    params: s.refParams,
    raw: { contentType: 'application/pdf' },
    handler: async (scope, { params, koa }) =>
      sendPdf(scope.deps, koa, await applicantDocument(scope.em, (await requireApplicant(scope.em, koa)).id, params.ref)),
  }),
  route({
    method: 'get',
    path: '/api/applications/:id/document',
    summary: 'The pass or certificate issued on an application you may see',
    tags,
    access: 'user',
    params: s.idParams,
    response: s.issuedDocumentOut,
    handler: (scope, { params }) => applicationDocument(scope, params.id),
  }),
  route({
    method: 'get',
    path: '/api/passes',
    summary: "Your office's register of issued passes and certificates (by date of issue, kind, status)",
    tags,
    access: 'user',
    query: s.registerQuery,
    response: s.registerOut,
    handler: (scope, { query }) => issuedRegister(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/passes/:id',
    summary: 'An issued pass or certificate whose application you may see',
    tags,
    access: 'user',
    params: s.idParams,
    response: s.issuedDocumentOut,
    handler: async (scope, { params }) => presentStaffDocument(scope, await visibleDocument(scope, params.id)),
  }),
  route({
    method: 'get',
    path: '/api/passes/:id/pdf',
    summary: 'The signed PDF of an issued pass or certificate whose application you may see',
    tags,
    access: 'user',
    params: s.idParams,
    raw: { contentType: 'application/pdf' },
    handler: async (scope, { params, koa }) => sendPdf(scope.deps, koa, await visibleDocument(scope, params.id)),
  }),
  route({
    method: 'post',
    path: '/api/passes/:id/cancel',
    summary: 'Cancel an issued pass or certificate with a reason (the issuing office’s authority); the applicant is told by SMS',
    tags,
    access: 'user',
    params: s.idParams,
    body: s.cancelIn,
    response: s.issuedDocumentOut,
    handler: (scope, { params, body }) => cancelDocument(scope, params.id, body),
  }),
];
