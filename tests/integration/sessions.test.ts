import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';

/**
 * Sessions under attack: the login lockout against parallel guesses (per account and per client
 * address); the CSRF token bound to the session; Origin/Referer checked on state-changing requests
 * and on the Socket.IO handshake; HSTS over https. The system trusts a proxy here, so each lockout
 * test speaks from its own X-Forwarded-For address.
 */
let system: TestSystem;
let base: string;

beforeAll(async () => {
  system = await bootSystem({
    env: { LOGIN_MAX_FAILURES: '5', LOGIN_IP_MAX_FAILURES: '10', LOGIN_LOCK_MINUTES: '15', TRUST_PROXY: 'true' },
  });
  base = system.url!;
});
afterAll(async () => system?.stop());

const q = async (sql: string, params: unknown[] = []) => (await system.deps.pool.query(sql, params)).rows;
const failedChecks = async (usernames: string[]) =>
  Number(
    (await q(`select count(*)::int as n from audit_event where action = 'auth.login-failed' and object_id = any($1)`, [usernames]))[0].n,
  );
/** Ends a lock as if its time had passed. */
const expireLock = (key: string) => q(`update rate_limit set expire = $2 where key = $1`, [key, Date.now() - 1]);

function loginFrom(client: ApiClient, ip: string, username: string, password: string) {
  return client.request('POST', '/api/auth/login', { username, password }, { 'x-forwarded-for': ip });
}

describe('login lockout under parallel requests', () => {
  it('30 wrong passwords in parallel test at most 5; the right one inside the locked burst is refused; after the lock it works', async () => {
    const client = new ApiClient(base);
    await client.fetchCsrf();
    const ip = '203.0.113.10';
    const wrong = Array.from({ length: 30 }, (_, i) => loginFrom(client, ip, 'co.city', `guess-${i}`));
    // the right password goes in while the burst is still being answered, once the account says it is locked
    const right = Promise.race(wrong.map((p) => p.then((r) => (r.status === 429 ? r : new Promise<never>(() => undefined))))).then(() =>
      loginFrom(client, ip, 'co.city', 'patravali-demo'),
    );
    const statuses = (await Promise.all(wrong)).map((r) => r.status);
    const refused = await right;
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('TOO_MANY_ATTEMPTS');
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(26);
    expect(await failedChecks(['co.city'])).toBe(5);

    // attempts refused unchecked do not count against the address: 5 checks, 5 counted
    expect((await q(`select points from rate_limit where key = 'login_ip:${ip}'`))[0].points).toBe(5);

    await expireLock('login_user:co.city');
    const after = await loginFrom(new ApiClient(base), ip, 'co.city', 'patravali-demo');
    expect(after.status).toBe(200);
    // a success starts the account's count over and gives the address its attempt back
    expect(await q(`select * from rate_limit where key = 'login_user:co.city'`)).toEqual([]);
    expect((await q(`select points from rate_limit where key = 'login_ip:${ip}'`))[0].points).toBe(5);
  });

  it('20 wrong and the right one all at once never check more than 5 passwords', async () => {
    const client = new ApiClient(base);
    await client.fetchCsrf();
    const ip = '203.0.113.11';
    const all = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => loginFrom(client, ip, 'co.bisalpur', `guess-${i}`)),
      loginFrom(client, ip, 'co.bisalpur', 'patravali-demo'),
    ]);
    const right = all[20]!;
    const checked = await failedChecks(['co.bisalpur']);
    // the right password is checked only if it came among the first five attempts; then it resets the
    // count and up to five more wrong ones may be checked after it, never more
    if (right.status === 200) expect(checked).toBeLessThanOrEqual(9);
    else {
      expect(right.status).toBe(429);
      expect(checked).toBe(5);
    }
  });

  it('an unknown account is counted and locked the same way, without telling it apart', async () => {
    const client = new ApiClient(base);
    await client.fetchCsrf();
    const ip = '203.0.113.12';
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => loginFrom(client, ip, 'no.such.user', `guess-${i}`))))
      .map((r) => r.status)
      .sort();
    expect(statuses).toEqual([...Array(4).fill(401), ...Array(8).fill(429)]);
    expect(await failedChecks(['no.such.user'])).toBe(5);
  });

  it('guesses spread over many accounts from one address test at most the address limit (10); others are not affected', async () => {
    const client = new ApiClient(base);
    await client.fetchCsrf();
    const ip = '203.0.113.13';
    const names = Array.from({ length: 25 }, (_, i) => `spray.${i}`);
    const statuses = (await Promise.all(names.map((n) => loginFrom(client, ip, n, 'Password@123')))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(9);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
    expect(await failedChecks(names)).toBe(10);
    // the address is locked even for a right password; another address is not
    expect((await loginFrom(client, ip, 'sho.kotwali', 'patravali-demo')).status).toBe(429);
    expect((await loginFrom(new ApiClient(base), '203.0.113.14', 'sho.kotwali', 'patravali-demo')).status).toBe(200);
  });
});

describe('the CSRF token is bound to the session', () => {
  it('a client-chosen token does not work, before login or after; the real one does', async () => {
    const client = new ApiClient(base);
    const anonymous = await client.fetchCsrf();
    // before login the token is bound to an httpOnly pre-session cookie; no readable token cookie any more
    const preCookie = client.lastSetCookie.find((c) => c.startsWith('pv_presession='))!;
    expect(preCookie).toMatch(/httponly/i);
    expect(client.lastSetCookie.some((c) => c.startsWith('pv_csrf='))).toBe(false);
    const chosen = 'A'.repeat(43);
    const forgedLogin = await client.request(
      'POST',
      '/api/auth/login',
      { username: 'sp', password: 'patravali-demo' },
      { 'x-csrf-token': chosen, cookie: `${client.cookieHeader()}; pv_csrf=${chosen}` },
    );
    expect(forgedLogin.status).toBe(403);
    expect(forgedLogin.body.error).toBe('CSRF_FAILED');
    // another visitor's token is no good with this visitor's cookie
    const other = await new ApiClient(base).fetchCsrf();
    expect(
      (await client.request('POST', '/api/auth/login', { username: 'sp', password: 'patravali-demo' }, { 'x-csrf-token': other })).status,
    ).toBe(403);

    const login = await client.post('/api/auth/login', { username: 'sp', password: 'patravali-demo' });
    expect(login.status).toBe(200);
    // login starts a new token, answered in the header and by GET /api/auth/csrf; the pre-session ends
    const bound = login.headers.get('x-csrf-token')!;
    expect(bound).not.toBe(anonymous);
    expect(client.hasCookie('pv_presession')).toBe(false);
    expect((await client.get('/api/auth/csrf')).body.token).toBe(bound);

    // with the valid session cookie: a forged pv_csrf cookie + matching header, the pre-login token, another session's token
    const someoneElse = await loggedIn(base, 'asp');
    for (const [header, cookie] of [
      [chosen, `${client.cookieHeader()}; pv_csrf=${chosen}`],
      [anonymous, undefined],
      [someoneElse.csrf!, undefined],
    ] as const) {
      const res = await client.request(
        'PUT',
        '/api/me/locale',
        { locale: 'hi' },
        { 'x-csrf-token': header, ...(cookie ? { cookie } : {}) },
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('CSRF_FAILED');
    }
    expect((await client.request('PUT', '/api/me/locale', { locale: 'en' }, { 'x-csrf-token': bound })).status).toBe(200);

    // logout rotates again: a new pre-session; the session's token is dead with the session
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const fresh = out.headers.get('x-csrf-token')!;
    expect(fresh).not.toBe(bound);
    expect(client.hasCookie('pv_presession')).toBe(true);
    expect(
      (await client.request('POST', '/api/auth/login', { username: 'sp', password: 'patravali-demo' }, { 'x-csrf-token': bound })).status,
    ).toBe(403);
    expect((await client.post('/api/auth/login', { username: 'sp', password: 'patravali-demo' })).status).toBe(200);
  });
});

describe('Origin and Referer', () => {
  it('a state-changing request from another site is refused (ORIGIN_REFUSED, in the user’s language) even with the session cookie and the right token', async () => {
    const client = await loggedIn(base, 'reader.sp');
    const own = new URL(base).origin;
    const evil = await client.request('PUT', '/api/me/locale', { locale: 'hi' }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatchObject({ error: 'ORIGIN_REFUSED', details: { origin: 'https://evil.example' } });
    expect(evil.body.message).toBe(
      'This request came from a page outside Patravali and was refused. Open Patravali at its own address and try again.',
    );
    const hi = await client.request('PUT', '/api/me/locale', { locale: 'hi' }, { origin: 'https://evil.example', 'accept-language': 'hi' });
    expect(hi.body.message).toMatch(/पत्रावली के बाहर/);
    const refused: Array<Record<string, string>> = [
      { origin: 'null' },
      { origin: own.replace('127.0.0.1', 'localhost') },
      { origin: own.replace('http:', 'https:') },
      { origin: '', referer: 'https://evil.example/page' },
    ];
    for (const headers of refused) {
      expect((await client.request('PUT', '/api/me/locale', { locale: 'hi' }, headers)).status, JSON.stringify(headers)).toBe(403);
    }
    // logging someone in from another site is refused too
    const anon = new ApiClient(base);
    expect(
      (await anon.request('POST', '/api/auth/login', { username: 'sp', password: 'patravali-demo' }, { origin: 'https://evil.example' }))
        .body.error,
    ).toBe('ORIGIN_REFUSED');

    // our own origin, our own page as Referer, and a client that sends neither (not a browser) pass
    expect((await client.request('PUT', '/api/me/locale', { locale: 'en' }, { origin: own })).status).toBe(200);
    expect((await client.request('PUT', '/api/me/locale', { locale: 'en' }, { origin: '', referer: `${own}/inbox` })).status).toBe(200);
    const bare = await fetch(`${base}/api/me/locale`, {
      method: 'PUT',
      headers: { cookie: client.cookieHeader(), 'x-csrf-token': client.csrf!, 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'en' }),
    });
    expect(bare.status).toBe(200);
    // reads are not judged
    expect((await fetch(`${base}/api/me`, { headers: { cookie: client.cookieHeader(), origin: 'https://evil.example' } })).status).toBe(
      200,
    );
  });

  it('behind the trusted proxy, the forwarded host and scheme are the request’s own origin', async () => {
    const client = await loggedIn(base, 'reader.sp');
    const proxied = { 'x-forwarded-host': 'eoffice.pilibhit.example', 'x-forwarded-proto': 'https' };
    expect(
      (await client.request('PUT', '/api/me/locale', { locale: 'en' }, { ...proxied, origin: 'https://eoffice.pilibhit.example' })).status,
    ).toBe(200);
    expect((await client.request('PUT', '/api/me/locale', { locale: 'en' }, { ...proxied, origin: new URL(base).origin })).status).toBe(
      403,
    );
  });

  it('a Socket.IO handshake from another site is refused even with a valid session cookie; our own origin and non-browsers connect', async () => {
    const client = await loggedIn(base, 'reader.sp');
    const attempt = (headers: Record<string, string>) =>
      new Promise<'connected' | 'refused'>((resolve) => {
        const socket = connect(base, {
          transports: ['websocket'],
          extraHeaders: { cookie: client.cookieHeader(), ...headers },
          reconnection: false,
        });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    expect(await attempt({ origin: 'https://evil.example' })).toBe('refused');
    expect(await attempt({ origin: 'null' })).toBe('refused');
    expect(await attempt({ origin: new URL(base).origin })).toBe('connected');
    expect(await attempt({})).toBe('connected');
  });
});

describe('HSTS', () => {
  it('is sent over https (a trusted proxy says so), not over plain http', async () => {
    expect((await fetch(`${base}/api/health`)).headers.get('strict-transport-security')).toBeNull();
    const res = await fetch(`${base}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('is sent whenever PUBLIC_URL is https, whose origin is then also accepted', async () => {
    // plain http to the node itself, as a TLS-terminating proxy in front of it would speak
    const pub = await bootSystem({ db: system.db, env: { PUBLIC_URL: 'https://eoffice.pilibhit.example' } });
    try {
      const local = `http://127.0.0.1:${(pub.httpServer!.address() as AddressInfo).port}`;
      expect((await fetch(`${local}/`)).headers.get('strict-transport-security')).toBe('max-age=31536000');
      const client = new ApiClient(local);
      await client.fetchCsrf();
      const login = await client.request(
        'POST',
        '/api/auth/login',
        { username: 'sho.kotwali', password: 'patravali-demo' },
        { origin: 'https://eoffice.pilibhit.example' },
      );
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      // the cookies are Secure (the browser reaches us over https through the proxy), and setting them over the proxy's plain http is no error
      expect(client.lastSetCookie.find((c) => c.startsWith('pv_session='))).toMatch(/;\s*secure/i);
      expect((await client.request('PUT', '/api/me/locale', { locale: 'en' }, { origin: 'https://evil.example' })).status).toBe(403);
    } finally {
      await pub.stop();
    }
  });
});

describe('keep-alive', () => {
  it('keeps an idle connection open longer than a client or proxy waits before reusing it (no reset on reuse)', async () => {
    // Node closes an idle keep-alive connection after about 6 s by default; a client that reuses it at that moment
    // gets ECONNRESET (CI saw exactly this). The server now waits longer than clients and proxies (nginx: 60 s) do.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.get(`${base}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.socket!.localPort!));
        });
        req.on('error', reject);
      });
    try {
      const first = await get();
      await new Promise((r) => setTimeout(r, 7_000));
      expect(await get(), 'the second request went out on the same connection').toBe(first);
    } finally {
      agent.destroy();
    }
  }, 15_000);
});
