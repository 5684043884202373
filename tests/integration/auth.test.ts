import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';

let system: System;
let base: string;

beforeAll(async () => {
  system = await bootSystem({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_IP_MAX_FAILURES: '50' } });
  base = system.url!;
});
afterAll(async () => system?.stop());

describe('login', () => {
  it('sets an httpOnly SameSite session cookie and answers with the user, posts and acting post', async () => {
    const client = new ApiClient(base);
    const res = await client.post('/api/auth/login', { username: 'Reader.SP', password: 'patravali-demo' });
    expect(res.status).toBe(200);
    const cookie = client.lastSetCookie.find((c) => c.startsWith('pv_session='))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(res.body.user.username).toBe('reader.sp');
    expect(res.body.user.name).toEqual({ en: 'Suresh Chandra Verma', hi: 'सुरेश चंद्र वर्मा' });
    expect(res.body.posts.map((p: any) => [p.code, p.chargeType])).toEqual([
      ['PBT-SP-READER', 'regular'],
      ['PBT-SP-PRO', 'additional'],
    ]);
    expect(res.body.actingPostId).toBe(res.body.posts[0].id);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('reader.sp');
  });

  it('refuses a wrong password with the same answer as an unknown user, in the asked language', async () => {
    const hi = new ApiClient(base, 'hi');
    const wrong = await hi.post('/api/auth/login', { username: 'sp', password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.message).toBe('उपयोगकर्ता नाम या पासवर्ड सही नहीं है।');
    const en = new ApiClient(base, 'en');
    const unknown = await en.post('/api/auth/login', { username: 'nobody.here', password: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toBe('The username or password is not correct.');
    expect(en.hasCookie('pv_session')).toBe(false);
  });

  it('locks the account after repeated failures and says when to retry; the right password is refused meanwhile', async () => {
    const client = new ApiClient(base, 'en');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.post('/api/auth/login', { username: 'co.city', password: `bad-${i}` })).status);
    expect(statuses).toEqual([401, 401, 429]);
    const locked = await client.post('/api/auth/login', { username: 'co.city', password: 'patravali-demo' });
    expect(locked.status).toBe(429);
    expect(locked.body.error).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.body.details.retryAfterSeconds).toBeGreaterThan(800);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(locked.body.message).toMatch(/try again after .* \(in 15 minutes\)/);
    // other accounts are not affected
    expect((await new ApiClient(base).post('/api/auth/login', { username: 'co.bisalpur', password: 'patravali-demo' })).status).toBe(200);
  });

  it('needs the CSRF token on every state-changing request, login included', async () => {
    const client = new ApiClient(base);
    await client.fetchCsrf();
    const noHeader = await client.request(
      'POST',
      '/api/auth/login',
      { username: 'sp', password: 'patravali-demo' },
      { 'x-csrf-token': '' },
    );
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toBe('CSRF_FAILED');
    await client.login('sp');
    const forged = await client.request('PUT', '/api/me/locale', { locale: 'hi' }, { 'x-csrf-token': 'A'.repeat(32) });
    expect(forged.status).toBe(403);
    expect((await client.put('/api/me/locale', { locale: 'hi' })).status).toBe(200);
  });

  it('logs out: the session is gone on the server, not only in the browser', async () => {
    const client = await loggedIn(base, 'sho.kotwali');
    const stolen = client.cookieHeader();
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(401);
    const replay = await fetch(`${base}/api/me`, { headers: { cookie: stolen } });
    expect(replay.status).toBe(401);
  });

  it('refuses a disabled account', async () => {
    const admin = await loggedIn(base, 'admin');
    const users = await admin.get('/api/org/users?q=munshi.amariya');
    const user = users.body.items[0];
    expect((await admin.patch(`/api/org/users/${user.id}`, { version: user.version, active: false })).status).toBe(200);
    const res = await new ApiClient(base).post('/api/auth/login', { username: 'munshi.amariya', password: 'patravali-demo' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('ACCOUNT_DISABLED');
  });
});

describe('acting post and language', () => {
  it('switches the acting post among the posts the user holds', async () => {
    const client = await loggedIn(base, 'reader.sp');
    const me = (await client.get('/api/me')).body;
    const pro = me.posts.find((p: any) => p.code === 'PBT-SP-PRO');
    const switched = await client.put('/api/me/acting-post', { postId: pro.id });
    expect(switched.status).toBe(200);
    expect(switched.body.actingPostId).toBe(pro.id);
    expect((await client.get('/api/me')).body.actingPostId).toBe(pro.id);
  });

  it('refuses to act as a post the user does not hold', async () => {
    const client = await loggedIn(base, 'reader.sp');
    const posts = (await client.get('/api/org/posts?q=PBT-SP-SP')).body.items;
    const spPost = posts.find((p: any) => p.code === 'PBT-SP-SP');
    const res = await client.put('/api/me/acting-post', { postId: spPost.id });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('NOT_HOLDER');
  });

  it('remembers the language and answers errors in it even if the browser asks otherwise', async () => {
    const client = await loggedIn(base, 'dak.sp', 'en');
    expect((await client.put('/api/me/locale', { locale: 'hi' })).body.user.locale).toBe('hi');
    const bad = await client.put('/api/me/acting-post', { postId: 'not-a-uuid' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('कुछ प्रविष्टियाँ सही नहीं हैं। कृपया उन्हें ठीक करके पुनः प्रयास करें।');
    expect(bad.body.details.issues[0].path).toEqual(['postId']);
  });
});

describe('system routes', () => {
  it('reports health of database and storage', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', storage: 'ok' });
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/org/posts'].post.requestBody.content['application/json'].schema.properties.designation).toBeDefined();
    expect(doc.paths['/api/org/posts/{id}'].patch).toBeDefined();
  });

  it('answers unknown API paths with a 404 error body', async () => {
    const res = await new ApiClient(base, 'hi').get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('NOT_FOUND');
  });
});
