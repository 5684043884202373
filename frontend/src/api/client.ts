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
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat 401 as "session gone" (used by the login request and the initial /me probe). */
  skipAuthRedirect?: boolean;
}

export interface UploadOptions {
  query?: Record<string, QueryValue>;
  /** Bytes sent so far and the total (total is 0 when the browser does not know it). */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Creates the XMLHttpRequest used for uploads (fetch has no upload progress). */
  xhr?: () => XMLHttpRequest;
  getLocale?: () => Locale;
  onUnauthenticated?: () => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = path.startsWith('/api') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
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

/** The one HTTP client of the app: same-origin cookies, CSRF header on unsafe methods, Accept-Language, typed errors. */
export function createApiClient(options: ApiClientOptions = {}) {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const getLocale = options.getLocale ?? currentLocale;
  let onUnauthenticated = options.onUnauthenticated;
  let csrfToken: string | null = null;
  let csrfPending: Promise<string> | null = null;

  function baseHeaders(): Record<string, string> {
    return { Accept: 'application/json', 'Accept-Language': getLocale() };
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
    pending.then(
      () => {
        if (csrfPending === pending) csrfPending = null;
      },
      () => {
        if (csrfPending === pending) csrfPending = null;
      },
    );
    return pending;
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
    const headers = baseHeaders();
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.has(method)) headers['X-CSRF-Token'] = await fetchCsrf();
    const init: RequestInit = { headers };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    if (opts.signal) init.signal = opts.signal;
    const res = await send(method, buildUrl(path, opts.query), init);
    const body = await readBody(res);
    if (res.ok) return body as T;
    const err = toApiError(res.status, body);
    if (err.code === 'CSRF_FAILED' && !retried) {
      await fetchCsrf(true);
      return request<T>(method, path, opts, true);
    }
    if (res.status === 401 && !opts.skipAuthRedirect) onUnauthenticated?.();
    throw err;
  }

  /** One XHR round trip; resolves with the status and parsed body, rejects only when the server is unreachable. */
  function sendXhr(url: string, form: FormData, csrf: string, opts: UploadOptions): Promise<{ status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const xhr = options.xhr ? options.xhr() : new XMLHttpRequest();
      xhr.open('POST', url, true);
      xhr.withCredentials = true;
      for (const [k, v] of Object.entries(baseHeaders())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      if (opts.onProgress) {
        const onProgress = opts.onProgress;
        xhr.upload.onprogress = (e: ProgressEvent) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
      }
      xhr.onload = () => {
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

  /** Multipart POST with upload progress (XMLHttpRequest); same headers, cookies and error mapping as `request`. */
  async function upload<T>(path: string, form: FormData, opts: UploadOptions = {}, retried = false): Promise<T> {
    const csrf = await fetchCsrf();
    const { status, body } = await sendXhr(buildUrl(path, opts.query), form, csrf, opts);
    if (status >= 200 && status < 300) return body as T;
    const err = toApiError(status, body);
    if (err.code === 'CSRF_FAILED' && !retried) {
      await fetchCsrf(true);
      return upload<T>(path, form, opts, true);
    }
    if (status === 401) onUnauthenticated?.();
    throw err;
  }

  return {
    upload,
    get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
    post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
    put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
    patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
    delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
    /** Called at start-up so the first unsafe request does not wait for the token. */
    initCsrf: () => fetchCsrf(true),
    /** Forget the token (e.g. after login/logout, when the server may rotate it); fetched again on demand. */
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

export const api: ApiClient = createApiClient();
