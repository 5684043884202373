/**
 * A tiny HTTP client for tests that behaves like the browser app: keeps cookies, fetches the CSRF
 * token and sends it (and Accept-Language, and its Origin as a browser does) on every state-changing
 * request; takes the new token login and logout answer with.
 */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrf: string | null = null;

  constructor(
    readonly baseUrl: string,
    public lang: 'hi' | 'en' = 'en',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The raw Set-Cookie lines of the last response (to check flags). */
  lastSetCookie: string[] = [];

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    if (method !== 'GET' && this.csrf === null && !('x-csrf-token' in headers)) await this.fetchCsrf();
    const res = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        'accept-language': this.lang,
        ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(method !== 'GET' ? { origin: new URL(this.baseUrl).origin } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body),
    });
    this.lastSetCookie = res.headers.getSetCookie();
    const rotated = res.headers.get('x-csrf-token');
    if (rotated) this.csrf = rotated;
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async fetchCsrf(): Promise<string> {
    const res = await this.request('GET', '/api/auth/csrf');
    this.csrf = res.body.token;
    return this.csrf!;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  put = (path: string, body?: unknown) => this.request('PUT', path, body ?? {});
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body ?? {});
  delete = (path: string) => this.request('DELETE', path);

  async login(username: string, password = 'patravali-demo'): Promise<any> {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}

/** Logs in a user and returns their client. */
export async function loggedIn(baseUrl: string, username: string, lang: 'hi' | 'en' = 'en'): Promise<ApiClient> {
  const client = new ApiClient(baseUrl, lang);
  await client.login(username);
  return client;
}
