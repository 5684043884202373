import { api, ok } from '../../api/client';
import type { SubmitInput } from './types';

/** The path of an application by its reference number (which has slashes: EPASS/PBT/2026/000123). */
const refPath = (ref: string) => ({ ref });

/** The public-services routes a member of the public uses (no staff session; 401 is theirs to handle). */
export const publicServicesApi = {
  catalogue: (signal?: AbortSignal) => ok(api.GET('/api/public/services', { signal, fetch: api.quiet })),
  me: (signal?: AbortSignal) => ok(api.GET('/api/public/me', { signal, fetch: api.quiet })),
  requestOtp: (mobile: string, lang: 'hi' | 'en') => ok(api.POST('/api/public/otp', { body: { mobile, lang }, fetch: api.quiet })),
  signIn: (mobile: string, code: string) => ok(api.POST('/api/public/session', { body: { mobile, code }, fetch: api.quiet })),
  signOut: () => ok(api.DELETE('/api/public/session', { fetch: api.quiet })),

  /** Localities of the gazetteer for an address field, by name (Hindi or English) or PIN. */
  areas: (q: string, signal?: AbortSignal) =>
    ok(api.GET('/api/public/areas', { params: { query: { q, kind: 'locality', limit: 10 } }, signal, fetch: api.quiet })),
  /** One area by its id (an address filed before). */
  area: async (id: string, signal?: AbortSignal) =>
    (await ok(api.GET('/api/public/areas', { params: { query: { id } }, signal, fetch: api.quiet }))).items[0] ?? null,
  upload: (file: File, signal?: AbortSignal) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return api.upload('/api/public/uploads', form, { skipAuthRedirect: true, ...(signal ? { signal } : {}) });
  },
  submit: (input: SubmitInput) => ok(api.POST('/api/public/applications', { body: input, fetch: api.quiet })),
  mine: (page: number, signal?: AbortSignal) =>
    ok(api.GET('/api/public/applications', { params: { query: { page, pageSize: 50 } }, signal, fetch: api.quiet })),
  one: (ref: string, signal?: AbortSignal) =>
    ok(api.GET('/api/public/applications/{ref}', { params: { path: refPath(ref) }, signal, fetch: api.quiet })),
  resubmit: (ref: string, version: number, data: Record<string, unknown>) =>
    ok(api.POST('/api/public/applications/{ref}/resubmit', { params: { path: refPath(ref) }, body: { version, data }, fetch: api.quiet })),
  feedback: (ref: string, rating: number, comment?: string) =>
    ok(
      api.POST('/api/public/applications/{ref}/feedback', {
        params: { path: refPath(ref) },
        body: comment ? { rating, comment } : { rating },
        fetch: api.quiet,
      }),
    ),
  /** Where a document of the applicant's own application opens (a plain link: the browser shows it). */
  documentUrl: (ref: string, uploadId: string) =>
    `/api/public/applications/${encodeURIComponent(ref)}/documents/${encodeURIComponent(uploadId)}`,
};
