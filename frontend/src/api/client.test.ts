import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient, ok } from './client';
import type { Locale } from './types';

function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A fake server: hands out CSRF tokens in order, then answers other calls from `answers`. */
function fakeFetch(answers: Response[], tokens = ['tok-1', 'tok-2']) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, init, headers: new Headers(init.headers) });
    if (url === '/api/auth/csrf') return json(200, { token: tokens.shift() });
    const next = answers.shift();
    if (!next) throw new Error(`unexpected call ${url}`);
    return next;
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls };
}

afterEach(() => vi.restoreAllMocks());

describe('api client', () => {
  it('sends the CSRF token, the language and same-origin credentials on unsafe requests', async () => {
    let locale: Locale = 'hi';
    const { fetch, calls } = fakeFetch([json(200, { ok: 1 }), json(200, { ok: 2 })]);
    const api = createApiClient({ fetch, getLocale: () => locale });

    await expect(ok(api.POST('/api/org/posts', { body: { code: 'SHO-KTW' } as never }))).resolves.toEqual({ ok: 1 });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/csrf', '/api/org/posts']);
    const post = calls[1]!;
    expect(post.init.method).toBe('POST');
    expect(post.init.credentials).toBe('same-origin');
    expect(post.headers.get('X-CSRF-Token')).toBe('tok-1');
    expect(post.headers.get('Accept-Language')).toBe('hi');
    expect(post.headers.get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(post.init.body))).toEqual({ code: 'SHO-KTW' });

    locale = 'en';
    await ok(api.GET('/api/org/posts', { params: { query: { page: 2, q: 'sho', officeId: undefined, sectionId: '' } } }));
    const get = calls[2]!;
    expect(get.url).toBe('/api/org/posts?page=2&q=sho');
    expect(get.headers.get('Accept-Language')).toBe('en');
    expect(get.headers.has('X-CSRF-Token')).toBe(false);
    expect(get.init.credentials).toBe('same-origin');
  });

  it('turns an error body into a typed ApiError with validation issues', async () => {
    const { fetch } = fakeFetch([
      json(400, {
        error: 'VALIDATION_FAILED',
        message: 'जाँच में त्रुटि',
        details: { issues: [{ path: ['designation', 'hi'], message: 'आवश्यक है' }] },
      }),
    ]);
    const api = createApiClient({ fetch, getLocale: () => 'hi' });
    const err = await ok(api.POST('/api/org/posts', { body: {} as never })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toBe('जाँच में त्रुटि');
    expect(e.issues).toEqual([{ path: ['designation', 'hi'], message: 'आवश्यक है' }]);
  });

  it('exposes retryAfterSeconds of a 429 and the current record of a 409', async () => {
    const { fetch } = fakeFetch([
      json(429, { error: 'TOO_MANY_ATTEMPTS', message: 'Try again in 60 seconds', details: { retryAfterSeconds: 60 } }),
      json(409, { error: 'CONFLICT', message: 'Changed by someone else', details: { current: { id: 'p1', version: 4 } } }),
      json(409, { error: 'DUPLICATE', message: 'Post code "X" already exists.' }),
    ]);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    const tooMany = (await ok(api.POST('/api/auth/login', { body: {} as never })).catch((e: unknown) => e)) as ApiError;
    expect(tooMany.code).toBe('TOO_MANY_ATTEMPTS');
    expect(tooMany.retryAfterSeconds).toBe(60);
    const conflict = (await ok(api.PATCH('/api/org/posts/{id}', { params: { path: { id: 'p1' } }, body: { version: 3 } })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(conflict.isConflict).toBe(true);
    expect(conflict.details?.current).toEqual({ id: 'p1', version: 4 });
    const duplicate = (await ok(api.POST('/api/org/posts', { body: {} as never })).catch((e: unknown) => e)) as ApiError;
    expect(duplicate.status).toBe(409);
    expect(duplicate.isConflict).toBe(false);
  });

  it('re-fetches the CSRF token once and retries on CSRF_FAILED', async () => {
    const { fetch, calls } = fakeFetch([json(403, { error: 'CSRF_FAILED', message: 'bad token' }), json(201, { id: 'x' })]);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    await expect(ok(api.POST('/api/org/sections', { body: { code: 'CRU' } as never }))).resolves.toEqual({ id: 'x' });
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/csrf', '/api/org/sections', '/api/auth/csrf', '/api/org/sections']);
    expect(calls[3]!.headers.get('X-CSRF-Token')).toBe('tok-2');
  });

  it('gives up after one CSRF retry', async () => {
    const { fetch } = fakeFetch([
      json(403, { error: 'CSRF_FAILED', message: 'bad token' }),
      json(403, { error: 'CSRF_FAILED', message: 'still bad' }),
    ]);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    await expect(ok(api.POST('/api/org/sections', { body: {} as never }))).rejects.toMatchObject({
      code: 'CSRF_FAILED',
      message: 'still bad',
    });
  });

  it('reports 401 to the session handler unless the caller handles it', async () => {
    const onUnauthenticated = vi.fn();
    const body = { error: 'UNAUTHENTICATED', message: 'Please sign in' };
    const { fetch } = fakeFetch([json(401, body), json(401, body)]);
    const api = createApiClient({ fetch, getLocale: () => 'en', onUnauthenticated });
    await expect(ok(api.GET('/api/org/users'))).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
    await expect(ok(api.GET('/api/me', { fetch: api.quiet }))).rejects.toMatchObject({ status: 401 });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('maps an unreachable server and a non-JSON answer to typed errors', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    await expect(ok(api.GET('/api/health'))).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' });

    const html = vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const api2 = createApiClient({ fetch: html as unknown as typeof globalThis.fetch, getLocale: () => 'en' });
    await expect(ok(api2.GET('/api/health'))).rejects.toMatchObject({ status: 502, code: 'UNEXPECTED_RESPONSE' });
  });

  it('takes the new CSRF token that a login or logout answer carries, without asking for one', async () => {
    const answers = [
      new Response(JSON.stringify({ user: {} }), {
        status: 200,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'after-login' },
      }),
      json(201, { id: 's1' }),
    ];
    const { fetch, calls } = fakeFetch(answers, ['before-login']);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    await ok(api.POST('/api/auth/login', { body: { username: 'a', password: 'b' }, fetch: api.quiet }));
    await ok(api.POST('/api/org/sections', { body: { code: 'CRU' } as never }));
    expect(calls.map((c) => c.url)).toEqual(['/api/auth/csrf', '/api/auth/login', '/api/org/sections']);
    expect(calls[1]!.headers.get('X-CSRF-Token')).toBe('before-login');
    expect(calls[2]!.headers.get('X-CSRF-Token')).toBe('after-login');
  });

  it('says when a part of the server is unavailable (503), with its message', async () => {
    const { fetch } = fakeFetch([json(503, { error: 'STORAGE_UNAVAILABLE', message: 'The document store is not reachable' })]);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    const err = (await ok(api.GET('/api/org/offices')).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({
      status: 503,
      code: 'STORAGE_UNAVAILABLE',
      message: 'The document store is not reachable',
      isUnavailable: true,
    });
  });

  it('returns undefined for 204', async () => {
    const { fetch } = fakeFetch([new Response(null, { status: 204 })]);
    const api = createApiClient({ fetch, getLocale: () => 'en' });
    await expect(ok(api.POST('/api/auth/logout'))).resolves.toBeUndefined();
  });
});

/** A stand-in XMLHttpRequest that records what was sent and answers when told to. */
class FakeXhr {
  static last: FakeXhr[] = [];
  method = '';
  url = '';
  withCredentials = false;
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseText = '';
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders['content-type'] = 'application/json; charset=utf-8';
    this.onload?.();
  }
}

describe('api client upload', () => {
  it('posts the form with progress, the CSRF token and the language, and maps errors', async () => {
    FakeXhr.last = [];
    const { fetch } = fakeFetch([]);
    const api = createApiClient({ fetch, getLocale: () => 'en', xhr: () => new FakeXhr() as unknown as XMLHttpRequest });
    const form = new FormData();
    form.append('files', new Blob(['x']), 'a.png');
    const progress: number[] = [];
    const done = api.upload('/api/receipts/scans', form, { query: { receiptId: 'r1' }, onProgress: (l, t) => progress.push(l / t) });
    await vi.waitFor(() => expect(FakeXhr.last).toHaveLength(1));
    const xhr = FakeXhr.last[0]!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/receipts/scans?receiptId=r1');
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers['X-CSRF-Token']).toBe('tok-1');
    expect(xhr.headers['Accept-Language']).toBe('en');
    expect(xhr.headers['Content-Type']).toBeUndefined();
    expect(xhr.body).toBe(form);
    xhr.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true } as ProgressEvent);
    xhr.respond(201, { ok: true });
    await expect(done).resolves.toEqual({ ok: true });
    expect(progress).toEqual([0.5]);

    const failing = api.upload('/api/receipts/scans', form);
    await vi.waitFor(() => expect(FakeXhr.last).toHaveLength(2));
    FakeXhr.last[1]!.respond(413, { error: 'PAYLOAD_TOO_LARGE', message: 'Too large' });
    await expect(failing).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Too large' });
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    FakeXhr.last = [];
    const { fetch } = fakeFetch([]);
    const api = createApiClient({ fetch, xhr: () => new FakeXhr() as unknown as XMLHttpRequest });
    const p = api.upload('/api/receipts/scans', new FormData());
    await vi.waitFor(() => expect(FakeXhr.last).toHaveLength(1));
    FakeXhr.last[0]!.onerror?.();
    await expect(p).rejects.toBeInstanceOf(ApiError);
    await expect(p).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });
});
