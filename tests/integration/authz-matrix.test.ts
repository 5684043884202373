import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';
import { allRoutes } from '../../backend/src/routes.js';
import sharp from 'sharp';

/**
 * Every API route × a caller from each role. A route without a declared access level, or one
 * whose use case forgets its policy, makes this file fail.
 */
let system: System;
let base: string;
let clients: Record<'anonymous' | 'dak' | 'officer' | 'supervisor' | 'admin', ApiClient>;
let ids: { office: string; section: string; post: string; user: string; charge: string; receipt: string };

beforeAll(async () => {
  png = await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffffff' } }).png().toBuffer();
  system = await bootSystem();
  base = system.url!;
  clients = {
    anonymous: new ApiClient(base),
    dak: await loggedIn(base, 'dak.sp'),
    officer: await loggedIn(base, 'reader.sp'),
    supervisor: await loggedIn(base, 'sp'),
    admin: await loggedIn(base, 'admin'),
  };
  await clients.anonymous.fetchCsrf();
  const a = clients.admin;
  const office = (await a.get('/api/org/offices')).body.items.find((o: any) => o.code === 'PBT-PS-KOTWALI');
  const section = (await a.get('/api/org/sections')).body.items[0];
  const post = (await a.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0];
  const user = (await a.get('/api/org/users?q=sho.kotwali')).body.items[0];
  const receipt = (await clients.dak.post('/api/receipts', { receivedDate: '2026-11-20', mode: 'post', sender: 'Matrix sender', subject: 'Matrix receipt' })).body.receipt;
  ids = { office: office.id, section: section.id, post: post.id, user: user.id, charge: user.charges[0].id, receipt: receipt.id };
});
afterAll(async () => system?.stop());

/** A body that passes validation, so the answer is about authorization, not input. */
function validRequest(method: string, path: string): { path: string; body?: unknown } {
  if (path.startsWith('/api/receipts') || path.startsWith('/api/search') || path.startsWith('/api/inbox') || path.startsWith('/api/dak')) return dakRequest(method, path);
  const p = path.replace(':id', path.includes('/offices') ? ids.office : path.includes('/sections') ? ids.section : path.includes('/posts') ? ids.post : path.includes('/users') ? ids.user : ids.charge);
  const bodies: Record<string, unknown> = {
    'POST /api/org/offices': { code: 'MATRIX-OFFICE', name: { en: 'Matrix', hi: 'मैट्रिक्स' }, kind: 'other', parentId: null },
    'PATCH /api/org/offices/:id': { version: 1, name: { en: 'PS Kotwali', hi: 'थाना कोतवाली' } },
    'POST /api/org/sections': { officeId: ids.office, code: 'MATRIX', name: { en: 'Matrix', hi: 'मैट्रिक्स' } },
    'PATCH /api/org/sections/:id': { version: 1, name: { en: 'Dak', hi: 'डाक' } },
    'POST /api/org/posts': { code: 'MATRIX-POST', designation: { en: 'Matrix', hi: 'मैट्रिक्स' }, officeId: ids.office, sectionId: null, capabilities: [] },
    'PATCH /api/org/posts/:id': { version: 1, designation: { en: 'SHO Kotwali', hi: 'थानाध्यक्ष, कोतवाली' } },
    'POST /api/org/users': { username: 'matrix.user', name: { en: 'Matrix', hi: 'मैट्रिक्स' }, password: 'long-enough-password' },
    'PATCH /api/org/users/:id': { version: 1, mobile: null },
    'POST /api/org/charges': { userId: ids.user, postId: ids.post, type: 'additional', from: '2030-01-01' },
    'POST /api/org/charges/:id/end': { to: '2099-01-01' },
    'POST /api/auth/login': { username: 'nobody', password: 'wrong-password' },
    'PUT /api/me/acting-post': { postId: ids.post },
    'PUT /api/me/locale': { locale: 'en' },
  };
  return { path: p, body: method === 'GET' ? undefined : (bodies[`${method} ${path}`] ?? {}) };
}

function dakRequest(method: string, path: string): { path: string; body?: unknown } {
  const p = path.replace(':id', ids.receipt).replace(':pageId', '00000000-0000-4000-8000-000000000000').replace(':variant', 'thumb');
  const receipt = { receivedDate: '2026-11-20', mode: 'post', sender: 'Matrix sender', subject: 'Matrix receipt' };
  const bodies: Record<string, unknown> = {
    'POST /api/receipts/scans': scanForm(),
    'POST /api/receipts': receipt,
    'POST /api/receipts/:id/diarise': { version: 1, ...receipt },
    'POST /api/receipts/:id/send': { version: 1, toPostId: ids.post },
    'POST /api/receipts/:id/pull-back': { version: 1 },
  };
  if (path === '/api/search') return { path: `${p}?q=matrix` };
  return { path: p, body: method === 'GET' ? undefined : bodies[`${method} ${path}`] };
}

let png: Buffer;
function scanForm(): FormData {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'matrix.png');
  return form;
}

describe('authorization matrix', () => {
  it('every mounted route is declared with an access level', () => {
    const mounted = system.app!.api.router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`));
    const declared = new Set(allRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const undeclared = mounted.filter((r) => !declared.has(r) && r !== 'GET /api/openapi.json');
    expect(undeclared).toEqual([]);
    for (const r of allRoutes) expect(['public', 'user', 'dak', 'admin']).toContain(r.access);
    expect(allRoutes.length).toBeGreaterThanOrEqual(20);
  });

  for (const route of allRoutes) {
    const method = route.method.toUpperCase();
    it(`${method} ${route.path} (${route.access})`, async () => {
      for (const [role, client] of Object.entries(clients)) {
        if (route.path === '/api/auth/logout') continue; // checked below without ending the shared sessions
        const { path, body } = validRequest(method, route.path);
        const res = await client.request(method, path, body);
        if (route.access === 'public') {
          expect(res.status, `${role}`).not.toBe(403);
          expect(res.status, `${role}`).not.toBe(500);
        } else if (role === 'anonymous') {
          expect(res.status, `${role} must log in`).toBe(401);
          expect(res.body.error).toBe('UNAUTHENTICATED');
        } else if (route.access === 'admin' && role !== 'admin') {
          expect(res.status, `${role} is not an admin`).toBe(403);
          expect(res.body.error).toBe('FORBIDDEN');
        } else if (route.access === 'dak' && role !== 'dak') {
          expect(res.status, `${role} has no dak post`).toBe(403);
          expect(res.body.error).toBe('FORBIDDEN');
        } else {
          expect([200, 201, 204, 404, 409, 422], `${role}: ${JSON.stringify(res.body)}`).toContain(res.status);
        }
      }
    });
  }

  it('logout needs a session', async () => {
    expect((await clients.anonymous.post('/api/auth/logout')).status).toBe(401);
    const c = await loggedIn(base, 'sho.sungarhi');
    expect((await c.post('/api/auth/logout')).status).toBe(204);
  });

  it('hides users’ contact details from non-admins', async () => {
    const res = await clients.officer.get('/api/org/users');
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('sho.kotwali');
  });
});
