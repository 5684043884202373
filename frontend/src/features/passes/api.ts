import { api, ok } from '../../api/client';
import type { Ok } from '../../api/types';
import type { paths } from '../../api/schema';

export type IssuedDocument = Ok<'/api/passes/{id}', 'get'>;
export type PublicPass = Ok<'/api/public/p/{linkId}', 'get'>;
export type RegisterPage = Ok<'/api/passes', 'get'>;
export type RegisterQuery = NonNullable<paths['/api/passes']['get']['parameters']['query']>;

/** Issued passes and certificates: the short link (public), the applicant's and staff's views, the register, cancellation. */
export const passesApi = {
  publicPass: (linkId: string, signal?: AbortSignal) =>
    ok(api.GET('/api/public/p/{linkId}', { params: { path: { linkId } }, signal, fetch: api.quiet })),
  mine: (ref: string, signal?: AbortSignal) =>
    ok(api.GET('/api/public/applications/{ref}/document', { params: { path: { ref } }, signal, fetch: api.quiet })),
  ofApplication: (id: string, signal?: AbortSignal) =>
    ok(api.GET('/api/applications/{id}/document', { params: { path: { id } }, signal, fetch: api.quiet })),
  register: (query: RegisterQuery, signal?: AbortSignal) => ok(api.GET('/api/passes', { params: { query }, signal })),
  cancel: (id: string, body: { reason: string; version: number }) =>
    ok(api.POST('/api/passes/{id}/cancel', { params: { path: { id } }, body })),
};
