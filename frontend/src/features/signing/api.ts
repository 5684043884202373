import { api, type UploadOptions } from '../../api/client';
import type {
  CodeCheck,
  CompleteInput,
  CompletedItem,
  DispatchEntry,
  DispatchPage,
  DispatchQuery,
  EnrolInput,
  EnrolledCertificate,
  EnrolmentChallenge,
  MarkDispatchedInput,
  PendingSignatures,
  RevokeInput,
  SignItem,
  SigningConfig,
  SigningRequest,
  VerifyReport,
} from './types';

const enc = encodeURIComponent;

/** The signing, dispatch and verification routes of the API (backend/src/modules/signing/API.md). */
export const signingApi = {
  config: () => api.get<SigningConfig>('/signing/config'),

  // --- enrolment of the user's own DSC
  challenge: () => api.post<EnrolmentChallenge>('/signing/enrolment-challenge', {}),
  enrol: (input: EnrolInput) => api.post<{ certificate: EnrolledCertificate }>('/signing/certificates', input),
  myCertificates: () => api.get<{ certificates: EnrolledCertificate[] }>('/signing/certificates'),

  // --- administration
  allCertificates: () => api.get<{ certificates: EnrolledCertificate[] }>('/admin/signing/certificates'),
  revoke: (id: string, reason: string) => api.post<{ certificate: EnrolledCertificate }>(`/admin/signing/certificates/${enc(id)}/revoke`, { reason } satisfies RevokeInput),

  // --- signing: what waits for the user's signature; prepare → (agent signs the digests) → complete, or cancel
  pending: () => api.get<PendingSignatures>('/signing/pending'),
  createRequest: (certificateId: string, items: SignItem[]) => api.post<SigningRequest>('/signing/requests', { certificateId, items }),
  completeRequest: (id: string, input: CompleteInput) =>
    api.post<{ items: CompletedItem[] }>(`/signing/requests/${enc(id)}/complete`, input),
  cancelRequest: (id: string) => api.delete<void>(`/signing/requests/${enc(id)}`),

  // --- dispatch register
  dispatchList: (q: DispatchQuery) =>
    api.get<DispatchPage>('/dispatch', { query: { status: q.status, from: q.from, to: q.to, q: q.q, page: q.page, pageSize: q.pageSize } }),
  markDispatched: (id: string, input: MarkDispatchedInput) =>
    api.post<{ entry: DispatchEntry }>(`/dispatch/${enc(id)}/dispatch`, input),

  // --- public verification (no login)
  verify: (file: File, opts: UploadOptions = {}) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload<VerifyReport>('/verify', form, opts);
  },
  verifyCode: (token: string) => api.get<CodeCheck>(`/verify/code/${enc(token)}`, { skipAuthRedirect: true }),
};

/** Where the signed PDF of a dispatch entry is served (opened in a new tab; the browser sends the session cookie). */
export const dispatchDocumentUrl = (id: string) => `/api/dispatch/${enc(id)}/document`;
