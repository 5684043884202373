import { api, isApiError, ok } from '../../api/client';
import type { Ok } from '../../api/types';

export type CheckBundle = Ok<'/api/check/bundle', 'get'>;
export type VerifyAnswer = Ok<'/api/check/verify', 'post'>;
export type InsideNow = Ok<'/api/check/inside', 'get'>;
export type CheckRecordIn = Parameters<typeof checkApi.records>[0][number];

/** The checkpoint app's API (GET/POST /api/check/…). */
export const checkApi = {
  /** The bundle, or `null` when the copy with this ETag is still current (304). */
  async bundle(etag: string | null): Promise<{ bundle: CheckBundle; etag: string | null } | null> {
    try {
      const res = await api.GET('/api/check/bundle', { headers: etag ? { 'If-None-Match': etag } : {} });
      return { bundle: res.data as CheckBundle, etag: res.response.headers.get('etag') };
    } catch (e) {
      if (isApiError(e) && e.status === 304) return null;
      throw e;
    }
  },
  records: (
    records: Array<{
      id: string;
      postId?: string;
      checkedAt: string;
      kind: 'scan' | 'manual';
      token?: string;
      reference?: string;
      verdict: VerifyAnswer['verdict'];
      direction?: 'in' | 'out';
      offline: boolean;
    }>,
  ) => ok(api.POST('/api/check/records', { body: { records } })),
  verify: (token: string) => ok(api.POST('/api/check/verify', { body: { token } })),
  lookup: (ref: string) => ok(api.GET('/api/check/lookup', { params: { query: { ref } } })),
  inside: (office: string | undefined, signal?: AbortSignal) =>
    ok(api.GET('/api/check/inside', { params: { query: office ? { office } : {} }, signal })),
};
