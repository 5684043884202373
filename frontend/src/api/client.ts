import createClient from 'openapi-fetch';
import type { paths } from './schema';
import type { ErrorBody, Locale, ValidationIssue } from './types';
import { currentLocale } from '../i18n';

/** An error answer of the API (or a failure to reach it), typed after `{ error, message, details }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code, e.g. VALIDATION_FAILED; NETWORK_ERROR / UNEXPECTED_RESPONSE for failures outside the API. */
    readonly code: string,
    message: string,
    readonly details: ErrorBody['details'] = undefined,
  ) {
    super(message);
  }

  get issues(): ValidationIssue[] {
    return Array.isArray(this.details?.issues) ? this.details.issues : [];
  }

  get retryAfterSeconds(): number | undefined {
    const v = this.details?.retryAfterSeconds;
    return typeof v === 'number' ? v : undefined;
  }

  get isConflict(): boolean {
    return this.code === 'CONFLICT';
  }

  /** The server is up but one of its parts is not (SERVICE_UNAVAILABLE, STORAGE_UNAVAILABLE): worth trying again later. */
  get isUnavailable(): boolean {
    return this.status === 503;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Paths that take a multipart upload (XMLHttpRequest, for the progress events fetch does not give). */
export type UploadPath = '/api/receipts/scans' | '/api/verify' | '/api/applications/uploads' | '/api/public/uploads';
type UploadAnswer<P extends UploadPath> = paths[P]['post'] extends { responses: infer R }
  ? R extends { 200: { content: { 'application/json': infer A } } }
    ? A
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

export interface UploadOptions {
  query?: Record<string, QueryValue>;
  /** Bytes sent so far and the total (total is 0 when the browser does not know it). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
  /** Do not treat 401 as "session gone" (the public verifier). */
  skipAuthRedirect?: boolean;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Creates the XMLHttpRequest used for uploads (fetch has no upload progress). */
  xhr?: () => XMLHttpRequest;
  getLocale?: () => Locale;
  onUnauthenticated?: () => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const CSRF_HEADER = 'X-CSRF-Token';

/** `?a=1&b=x`, leaving out what is unset (undefined, null or ''). */
function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  return params.toString();
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return text;
}

function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'error' in body && typeof (body as ErrorBody).error === 'string') {
    const b = body as ErrorBody;
    return new ApiError(status, b.error, typeof b.message === 'string' ? b.message : '', b.details);
  }
  return new ApiError(status, 'UNEXPECTED_RESPONSE', '');
}

/** Same-origin addresses as paths ("/api/me"), as the app and its tests know them. */
function localPath(url: string): string {
  const origin = globalThis.location?.origin;
  return origin && origin !== 'null' && url.startsWith(origin) ? url.slice(origin.length) : url;
}

/**
 * The one HTTP client of the app: typed calls over the generated OpenAPI paths (openapi-fetch), same-origin
 * cookies, the CSRF token on unsafe methods (refreshed from the `X-CSRF-Token` answer header after login and
 * logout, re-fetched once on CSRF_FAILED), Accept-Language, typed errors, and 401 → "session gone".
 * Every call resolves with the answer's body or rejects with an ApiError.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const getLocale = options.getLocale ?? currentLocale;
  let onUnauthenticated = options.onUnauthenticated;
  let csrfToken: string | null = null;
  let csrfPending: Promise<string> | null = null;

  function baseHeaders(): Record<string, string> {
    return { Accept: 'application/json', 'Accept-Language': getLocale() };
  }

  /** The server hands out a new token with login and logout (it is bound to the session cookie). */
  function takeCsrf(token: string | null | undefined): void {
    if (token) {
      csrfToken = token;
      csrfPending = null;
    }
  }

  async function send(method: string, url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, method, credentials: 'same-origin' });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'NETWORK_ERROR', '');
    }
  }

  /** Fetches (or re-fetches) the CSRF token; concurrent callers share one request. */
  function fetchCsrf(force = false): Promise<string> {
    if (!force && csrfToken) return Promise.resolve(csrfToken);
    if (!force && csrfPending) return csrfPending;
    const pending = (async () => {
      const res = await send('GET', '/api/auth/csrf', { headers: baseHeaders() });
      const body = await readBody(res);
      if (!res.ok) throw toApiError(res.status, body);
      const token = (body as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string') throw new ApiError(res.status, 'UNEXPECTED_RESPONSE', '');
      csrfToken = token;
      return token;
    })();
    csrfPending = pending;
    const settle = () => {
      if (csrfPending === pending) csrfPending = null;
    };
    pending.then(settle, settle);
    return pending;
  }

  /**
   * What openapi-fetch calls instead of `fetch`: adds the headers, sends, and turns every answer that is
   * not a success into an ApiError, so a typed call resolves only with the body its schema promises.
   */
  function transport(redirectOn401: boolean) {
    return async (request: Request): Promise<Response> => {
      const method = request.method.toUpperCase();
      const url = localPath(request.url);
      const body = SAFE_METHODS.has(method) ? undefined : (await request.text()) || undefined;
      const headers: Record<string, string> = {};
      request.headers.forEach((v, k) => (headers[k] = v));
      delete headers['content-type'];
      Object.assign(headers, baseHeaders());
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      for (let attempt = 0; ; attempt++) {
        if (!SAFE_METHODS.has(method)) headers[CSRF_HEADER] = await fetchCsrf();
        const init: RequestInit = { headers: { ...headers } };
        if (body !== undefined) init.body = body;
        if (request.signal) init.signal = request.signal;
        const res = await send(method, url, init);
        takeCsrf(res.headers.get(CSRF_HEADER));
        if (res.ok) return res;
        const err = toApiError(res.status, await readBody(res));
        if (err.code === 'CSRF_FAILED' && attempt === 0) {
          await fetchCsrf(true);
          continue;
        }
        if (res.status === 401 && redirectOn401) onUnauthenticated?.();
        throw err;
      }
    };
  }

  const http = createClient<paths>({
    fetch: transport(true),
    querySerializer: (q) => queryString(q as Record<string, unknown>),
  });
  /** Pass as `fetch` of one call that handles 401 itself (login, the first /me probe, the public pages). */
  const quiet = transport(false);

  /** One XHR round trip; resolves with the status and parsed body, rejects only when the server is unreachable. */
  function sendXhr(url: string, form: FormData, csrf: string, opts: UploadOptions): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const xhr = options.xhr ? options.xhr() : new XMLHttpRequest();
      xhr.open('POST', url, true);
      xhr.withCredentials = true;
      for (const [k, v] of Object.entries(baseHeaders())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader(CSRF_HEADER, csrf);
      if (opts.onProgress) {
        const onProgress = opts.onProgress;
        xhr.upload.onprogress = (e: ProgressEvent) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
      }
      xhr.onload = () => {
        takeCsrf(xhr.getResponseHeader(CSRF_HEADER));
        const type = xhr.getResponseHeader('content-type') ?? '';
        const text = typeof xhr.responseText === 'string' ? xhr.responseText : '';
        let body: unknown = text || undefined;
        if (text && type.includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        resolve({ status: xhr.status, body });
      };
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', ''));
      xhr.ontimeout = () => reject(new ApiError(0, 'NETWORK_ERROR', ''));
      xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'));
      if (opts.signal) {
        if (opts.signal.aborted) {
          reject(new DOMException('Upload aborted', 'AbortError'));
          return;
        }
        opts.signal.addEventListener('abort', () => xhr.abort(), { once: true });
      }
      xhr.send(form);
    });
  }

  /** Multipart POST with upload progress (XMLHttpRequest); same headers, cookies and error mapping as the typed calls. */
  async function upload<P extends UploadPath>(path: P, form: FormData, opts: UploadOptions = {}): Promise<UploadAnswer<P>> {
    const qs = queryString(opts.query);
    const url = qs ? `${path}?${qs}` : path;
    for (let attempt = 0; ; attempt++) {
      const csrf = await fetchCsrf();
      const { status, body } = await sendXhr(url, form, csrf, opts);
      if (status >= 200 && status < 300) return body as UploadAnswer<P>;
      const err = toApiError(status, body);
      if (err.code === 'CSRF_FAILED' && attempt === 0) {
        await fetchCsrf(true);
        continue;
      }
      if (status === 401 && !opts.skipAuthRedirect) onUnauthenticated?.();
      throw err;
    }
  }

  return {
    /** Typed calls: `api.GET('/api/inbox', { params: { query } })` → `{ data }`; see `ok()`. */
    GET: http.GET,
    POST: http.POST,
    PUT: http.PUT,
    PATCH: http.PATCH,
    DELETE: http.DELETE,
    quiet,
    upload,
    /** Called at start-up so the first unsafe request does not wait for the token. */
    initCsrf: () => fetchCsrf(true),
    /** Forget the token; fetched again on demand (a login or logout answer normally carries the new one). */
    resetCsrf: () => {
      csrfToken = null;
      csrfPending = null;
    },
    setUnauthenticatedHandler(handler: (() => void) | undefined) {
      onUnauthenticated = handler;
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The body of a typed call that succeeded (the transport has already turned every failure into an ApiError).
 * `const inbox = await ok(api.GET('/api/inbox', { params: { query } }))`.
 */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  return (await call).data as T;
}

export const api: ApiClient = createApiClient();
