import { api, ok, type UploadOptions } from '../../api/client';
import type { CompleteInput, DispatchQuery, EnrolInput, MarkDispatchedInput, SignItem } from './types';

const enc = encodeURIComponent;
const at = (id: string) => ({ params: { path: { id } } });

/** The signing, dispatch and verification routes of the API (backend/src/modules/signing/API.md). */
export const signingApi = {
  config: (signal?: AbortSignal) => ok(api.GET('/api/signing/config', { signal })),
  /** The agent installers this server publishes, per OS, the one to offer marked. */
  agentDownloads: (signal?: AbortSignal) => ok(api.GET('/api/signing/agent/downloads', { signal })),

  // --- enrolment of the user's own DSC
  challenge: () => ok(api.POST('/api/signing/enrolment-challenge')),
  enrol: (body: EnrolInput) => ok(api.POST('/api/signing/certificates', { body })),
  myCertificates: (signal?: AbortSignal) => ok(api.GET('/api/signing/certificates', { signal })),

  // --- administration
  allCertificates: (signal?: AbortSignal) => ok(api.GET('/api/admin/signing/certificates', { signal })),
  revoke: (id: string, reason: string) => ok(api.POST('/api/admin/signing/certificates/{id}/revoke', { ...at(id), body: { reason } })),

  // --- signing: what waits for the user's signature; prepare → (agent signs the digests) → complete, or cancel
  pending: (signal?: AbortSignal) => ok(api.GET('/api/signing/pending', { signal })),
  createRequest: (certificateId: string, items: SignItem[]) => ok(api.POST('/api/signing/requests', { body: { certificateId, items } })),
  completeRequest: (id: string, body: CompleteInput) => ok(api.POST('/api/signing/requests/{id}/complete', { ...at(id), body })),
  cancelRequest: (id: string) => ok(api.DELETE('/api/signing/requests/{id}', at(id))),

  // --- dispatch register
  dispatchList: (query: DispatchQuery, signal?: AbortSignal) => ok(api.GET('/api/dispatch', { params: { query }, signal })),
  markDispatched: (id: string, body: MarkDispatchedInput) => ok(api.POST('/api/dispatch/{id}/dispatch', { ...at(id), body })),

  // --- public verification (no login)
  verify: (file: File, opts: UploadOptions = {}) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload('/api/verify', form, opts);
  },
  verifyCode: (token: string) => ok(api.GET('/api/verify/code/{token}', { params: { path: { token } }, fetch: api.quiet })),
};

/** Where the signed PDF of a dispatch entry is served (opened in a new tab; the browser sends the session cookie). */
export const dispatchDocumentUrl = (id: string) => `/api/dispatch/${enc(id)}/document`;
