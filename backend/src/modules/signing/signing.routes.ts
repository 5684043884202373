import multer from '@koa/multer';
import { consumeOrRefuse, limiterOf } from '../../shared/rate-limit.js';
import type { Locale } from '../../shared/i18n.js';
import type { Deps } from '../../shared/scope.js';
import { route } from '../../http/route.js';
import { guardMultipart } from '../../http/upload-storage.js';
import * as s from './signing.schemas.js';
import { createChallenge, enrolCertificate, listAllCertificates, listMyCertificates, revokeCertificate } from './enrolment.js';
import { cancelSigningRequest, completeSigningRequest, createSigningRequest } from './sign-requests.js';
import { dispatchDocument, listDispatch, markDispatched, pendingSignatures } from './dispatch.js';
import { getNoteSignature } from './note-signatures.js';
import { verificationKeys, verifyCode, verifyUpload } from './verify.js';
import { demoCaOn } from './trust.js';
import { agentDownloadRoutes } from './agent-downloads.js';
import { dispatchRegisterFile } from './print-dispatch-register.js';
import { sendDownload } from '../../http/download.js';

const VERIFY_MAX_BYTES = 20 * 1024 * 1024;
/** Public verification is CPU work for anyone on the internet: 60 checks a minute per client address, shared by every API node. */
const VERIFY_PER_MINUTE = 60;
async function throttleVerify(deps: Deps, ip: string, locale: Locale) {
  await consumeOrRefuse(
    limiterOf(deps.pool, { keyPrefix: 'verify_ip', points: VERIFY_PER_MINUTE, durationSeconds: 60 }),
    ip,
    'RATE_LIMITED',
    locale,
  );
}
const tags = ['signing'];
const verifyUploadParser = () =>
  multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: VERIFY_MAX_BYTES, files: 1, fields: 5 },
    defParamCharset: 'utf8',
  } as never).single('file');

export const signingRoutes = [
  route({
    method: 'get',
    path: '/api/signing/config',
    summary: 'Where the signing agent is, and what a DSC needs',
    tags,
    access: 'user',
    response: s.signingConfigOut,
    handler: async (scope) => ({
      agentUrl: scope.deps.env.SIGNING_AGENT_URL,
      demo: demoCaOn(scope.deps),
      requiredPolicyOid: scope.deps.env.SIGNING_POLICY_OID ?? null,
    }),
  }),
  route({
    method: 'post',
    path: '/api/signing/enrolment-challenge',
    summary: 'A one-time digest for the token to sign (proof of key possession)',
    tags,
    access: 'user',
    status: 201,
    response: s.challengeOut,
    handler: (scope) => createChallenge(scope),
  }),
  route({
    method: 'post',
    path: '/api/signing/certificates',
    summary: 'Enrol your DSC: chain, validity, key usage, policy and revocation are checked',
    tags,
    access: 'user',
    status: 201,
    body: s.enrolIn,
    response: s.certificateOneOut,
    handler: (scope, { body }) => enrolCertificate(scope, body),
  }),
  route({
    method: 'get',
    path: '/api/signing/certificates',
    summary: 'Your enrolled DSCs',
    tags,
    access: 'user',
    response: s.certificatesOut,
    handler: (scope) => listMyCertificates(scope),
  }),
  route({
    method: 'get',
    path: '/api/admin/signing/certificates',
    summary: 'Every enrolled DSC',
    tags: ['admin'],
    access: 'admin',
    response: s.certificatesOut,
    handler: (scope) => listAllCertificates(scope),
  }),
  route({
    method: 'post',
    path: '/api/admin/signing/certificates/:id/revoke',
    summary: "Revoke a user's DSC here (it can no longer sign)",
    tags: ['admin'],
    access: 'admin',
    params: s.certificateParams,
    body: s.revokeIn,
    response: s.certificateOneOut,
    handler: (scope, { params, body }) => revokeCertificate(scope, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/signing/pending',
    summary: 'What you may sign now: your unsigned notes and approved, unissued drafts in files your post holds',
    tags,
    access: 'user',
    response: s.pendingOut,
    handler: (scope) => pendingSignatures(scope),
  }),
  route({
    method: 'post',
    path: '/api/signing/requests',
    summary: 'Prepare notes, letters or countersignatures for signing: answers the digests for the agent',
    tags,
    access: 'user',
    status: 201,
    body: s.createRequestIn,
    response: s.requestOut,
    handler: (scope, { body }) => createSigningRequest(scope, body),
  }),
  route({
    method: 'post',
    path: '/api/signing/requests/:id/complete',
    summary: "Store the agent's signatures (all checked first; all or nothing)",
    tags,
    access: 'user',
    params: s.requestParams,
    body: s.completeIn,
    response: s.completeOut,
    handler: (scope, { params, body }) => completeSigningRequest(scope, params.id, body),
  }),
  route({
    method: 'delete',
    path: '/api/signing/requests/:id',
    summary: 'Cancel a signing request (reserved issue numbers are marked cancelled)',
    tags,
    access: 'user',
    status: 204,
    params: s.requestParams,
    handler: (scope, { params }) => cancelSigningRequest(scope, params.id),
  }),
  route({
    method: 'get',
    path: '/api/files/:id/notes/:noteId/signature',
    summary: "A note's detached CMS, the signed bytes and their verification",
    tags,
    access: 'user',
    params: s.noteSignatureParams,
    response: s.noteSignatureDetailOut,
    handler: (scope, { params }) => getNoteSignature(scope, params.id, params.noteId),
  }),
  route({
    method: 'get',
    path: '/api/dispatch',
    summary: "The office's dispatch register",
    tags,
    access: 'user',
    query: s.dispatchQuery,
    response: s.dispatchListOut,
    handler: (scope, { query }) => listDispatch(scope, query),
  }),
  route({
    method: 'get',
    path: '/api/dispatch/export',
    summary: "The office's dispatch register for a day or a period (by letter date), to print (PDF) or as CSV",
    tags,
    access: 'user',
    description:
      'Columns: issue no., date, addressee, subject, mode, dispatch reference, status, file no., dispatched on; oldest first. The entries GET /api/dispatch lists to the acting post (its office’s letters; those of graded files only to who may see the file). `from`/`to`: IST days, default today, at most a year apart. Printing entries of graded files is recorded in the audit log (dispatch.register.print).',
    query: s.dispatchExportQuery,
    raw: {
      contentType: ['application/pdf', 'text/csv'],
      description: 'format=pdf: A4 landscape PDF to print, header row on every page; format=csv: UTF-8 CSV with BOM',
    },
    handler: async (scope, { query, koa }) => sendDownload(koa, await dispatchRegisterFile(scope, query)),
  }),
  route({
    method: 'post',
    path: '/api/dispatch/:id/dispatch',
    summary: 'Record dispatch: e-mail (Issued & Sent) or post/hand/fax (Issued & Dispatched)',
    tags,
    access: 'user',
    params: s.dispatchParams,
    body: s.markDispatchedIn,
    response: s.dispatchOneOut,
    handler: (scope, { params, body }) => markDispatched(scope, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/dispatch/:id/document',
    summary: 'The signed letter (PDF)',
    tags,
    access: 'user',
    params: s.dispatchParams,
    raw: { contentType: 'application/pdf' },
    handler: async (scope, { params, koa }) => {
      const { pdf, name } = await dispatchDocument(scope, params.id);
      koa.type = 'application/pdf';
      koa.set('Content-Disposition', `inline; filename="${name}"`);
      koa.set('Cache-Control', 'private, no-store');
      koa.body = pdf;
    },
  }),
  route({
    method: 'post',
    path: '/api/verify',
    summary: 'Verify the signatures of any PDF (multipart field "file"); public',
    tags: ['verify'],
    access: 'public',
    response: s.verifyReportOut,
    before: (deps) => async (ctx, next) => {
      await throttleVerify(deps, ctx.ip, ctx.state.locale ?? 'en');
      await guardMultipart(verifyUploadParser() as never, 'file')(ctx, next);
    },
    handler: async (scope, { koa }) => {
      const file = (koa.request as unknown as { file?: { buffer: Buffer } }).file ?? (koa as unknown as { file?: { buffer: Buffer } }).file;
      return verifyUpload(scope.em, scope.deps, koa.state.locale ?? 'en', file?.buffer ?? null);
    },
  }),
  route({
    method: 'get',
    path: '/api/verify/code/:token',
    summary: "Check a letter's QR token and find the issued document; public",
    tags: ['verify'],
    access: 'public',
    params: s.verifyCodeParams,
    response: s.verifyCodeOut,
    handler: (scope, { params }) => verifyCode(scope.em, params.token),
  }),
  route({
    method: 'get',
    path: '/api/verify/keys',
    summary: 'Public keys (JWK, Ed25519) that sign QR tokens; public',
    tags: ['verify'],
    access: 'public',
    response: s.keysOut,
    handler: (scope) => verificationKeys(scope.em),
  }),
  ...agentDownloadRoutes,
];
