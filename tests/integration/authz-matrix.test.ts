import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
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
let clients: Record<'anonymous' | 'dak' | 'officer' | 'supervisor' | 'admin' | 'checkpoint', ApiClient>;
let ids: {
  office: string;
  section: string;
  post: string;
  user: string;
  charge: string;
  receipt: string;
  file: string;
  head: string;
  note: string;
  corr: string;
  draft: string;
  other: string;
};

beforeAll(async () => {
  png = await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
  system = await bootSystem();
  base = system.url!;
  clients = {
    anonymous: new ApiClient(base),
    dak: await loggedIn(base, 'dak.sp'),
    officer: await loggedIn(base, 'reader.sp'),
    supervisor: await loggedIn(base, 'sp'),
    admin: await loggedIn(base, 'admin'),
    checkpoint: await loggedIn(base, 'gate.sp'),
  };
  await clients.anonymous.fetchCsrf();
  const a = clients.admin;
  const office = (await a.get('/api/org/offices')).body.items.find((o: any) => o.code === 'PBT-PS-KOTWALI');
  const section = (await a.get('/api/org/sections')).body.items[0];
  const post = (await a.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0];
  const user = (await a.get('/api/org/users?q=sho.kotwali')).body.items[0];
  const receipt = (
    await clients.dak.post('/api/receipts', {
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'Matrix sender',
      subject: 'Matrix receipt',
    })
  ).body.receipt;
  // a confidential file of the Reader, with a note, a receipt in it and a draft: outsiders must get 404 on all of it
  const head = (await clients.officer.get('/api/file-heads')).body.items[0];
  const forFile = (
    await clients.dak.post('/api/receipts', {
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'Matrix sender',
      subject: 'Matrix file receipt',
    })
  ).body.receipt;
  const sent = (
    await clients.dak.post(`/api/receipts/${forFile.id}/send`, {
      version: forFile.version,
      toPostId: (await a.get('/api/org/posts?q=PBT-SP-READER')).body.items[0].id,
    })
  ).body;
  let file = (
    await clients.officer.post('/api/files', {
      headId: head.id,
      subject: 'Matrix file',
      grading: 'confidential',
      receiptId: forFile.id,
      receiptVersion: sent.version,
    })
  ).body;
  file = (await clients.officer.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Matrix note</p>' })).body;
  const draft = (
    await clients.officer.post(`/api/files/${file.id}/drafts`, { version: file.version, subject: 'Matrix reply', body: '<p>Reply</p>' })
  ).body;
  const other = (await clients.officer.post('/api/files', { headId: head.id, subject: 'Matrix other file' })).body;
  ids = {
    office: office.id,
    section: section.id,
    post: post.id,
    user: user.id,
    charge: user.charges[0].id,
    receipt: receipt.id,
    file: file.id,
    head: head.id,
    note: file.notes[0].id,
    corr: file.correspondence[0].id,
    draft: draft.id,
    other: other.id,
  };
});
afterAll(async () => system?.stop());

/** A body that passes validation, so the answer is about authorization, not input. */
function validRequest(method: string, path: string): { path: string; body?: unknown } {
  if (path.startsWith('/api/pendency') || path.startsWith('/api/notifications')) return pendencyRequest(method, path);
  if (path.startsWith('/api/files') || path.includes('file-heads')) return fileRequest(method, path);
  if (path.startsWith('/api/receipts') || path.startsWith('/api/search') || path.startsWith('/api/inbox') || path.startsWith('/api/dak'))
    return dakRequest(method, path);
  if (path.startsWith('/api/signing') || path.startsWith('/api/admin/signing') || path.startsWith('/api/dispatch'))
    return signingRequest(method, path);
  if (path.startsWith('/api/services')) return servicesRequest(method, path);
  if (path.startsWith('/api/passes') || path.startsWith('/api/public/p/') || path.endsWith('/document') || path.endsWith('/document/pdf'))
    return passesRequest(method, path);
  if (path.startsWith('/api/applications')) return applicationRequest(method, path);
  if (path.includes('/areas')) return areaRequest(method, path);
  if (path.startsWith('/api/check/')) return checkpointRequest(method, path);
  if (path.startsWith('/api/rts/appeals') || /\/appeals?$/.test(path)) return appealRequest(method, path);
  // the RTS dashboard: the supervisor (SP) sees its offices, the others get 404; an application that exists for nobody; exports as CSV
  if (path.startsWith('/api/rts/dashboard'))
    return { path: path.replace(':id', '00000000-0000-4000-8000-000000000000') + (path.endsWith('/export') ? '?format=csv' : '') };
  const p = path.replace(
    ':id',
    path.includes('/offices')
      ? ids.office
      : path.includes('/sections')
        ? ids.section
        : path.includes('/posts')
          ? ids.post
          : path.includes('/users')
            ? ids.user
            : ids.charge,
  );
  const bodies: Record<string, unknown> = {
    'POST /api/org/offices': { code: 'MATRIX-OFFICE', name: { en: 'Matrix', hi: 'मैट्रिक्स' }, kind: 'other', parentId: null },
    'PATCH /api/org/offices/:id': { version: 1, name: { en: 'PS Kotwali', hi: 'थाना कोतवाली' } },
    'POST /api/org/sections': { officeId: ids.office, code: 'MATRIX', name: { en: 'Matrix', hi: 'मैट्रिक्स' } },
    'PATCH /api/org/sections/:id': { version: 1, name: { en: 'Dak', hi: 'डाक' } },
    'POST /api/org/posts': {
      code: 'MATRIX-POST',
      designation: { en: 'Matrix', hi: 'मैट्रिक्स' },
      officeId: ids.office,
      sectionId: null,
      capabilities: [],
    },
    'PATCH /api/org/posts/:id': { version: 1, designation: { en: 'SHO Kotwali', hi: 'थानाध्यक्ष, कोतवाली' } },
    'POST /api/org/users': { username: 'matrix.user', name: { en: 'Matrix', hi: 'मैट्रिक्स' }, password: 'long-enough-password' },
    'PATCH /api/org/users/:id': { version: 1, mobile: null },
    'POST /api/org/charges': { userId: ids.user, postId: ids.post, type: 'additional', from: '2030-01-01' },
    'POST /api/org/charges/:id/end': { to: '2099-01-01' },
    'POST /api/auth/login': { username: 'nobody', password: 'wrong-password' },
    'PUT /api/me/acting-post': { postId: ids.post },
    'PUT /api/me/locale': { locale: 'en' },
    // the Reader's confidential file at a stale version: CONFLICT for the Reader, NOT_FOUND for everyone else (per item, in a 200)
    'POST /api/items/bulk': { action: 'park', items: [{ kind: 'file', id: ids.file, version: 1 }] },
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
    'POST /api/receipts/:id/return': { version: 1 },
    'POST /api/receipts/:id/park': { version: 1 },
    'POST /api/receipts/:id/unpark': { version: 1 },
    'POST /api/receipts/:id/close': { version: 1 },
    'POST /api/receipts/:id/reopen': { version: 1 },
  };
  if (path === '/api/search' || path === '/api/search/suggest') return { path: `${p}?q=matrix` };
  if (path === '/api/inbox/changes') return { path: `${p}?since=2026-01-01T00:00:00Z` };
  return { path: p, body: method === 'GET' ? undefined : bodies[`${method} ${path}`] };
}

/** Signing and dispatch: well-formed bodies naming records that do not exist for anyone (404/422 for users, 403 for non-admins on admin routes). */
function signingRequest(method: string, path: string): { path: string; body?: unknown } {
  const none = '00000000-0000-4000-8000-000000000000';
  const bodies: Record<string, unknown> = {
    'POST /api/signing/certificates': { challengeId: none, certificate: 'AAAA', chain: [], signature: 'AAAA' },
    'POST /api/admin/signing/certificates/:id/revoke': { reason: 'matrix test' },
    'POST /api/signing/requests': { certificateId: none, items: [{ type: 'note', fileId: ids.file, noteId: ids.note }] },
    'POST /api/signing/requests/:id/complete': { certificate: 'AAAA', chain: [], signatures: ['AAAA'] },
    'POST /api/dispatch/:id/dispatch': { version: 1 },
  };
  return {
    path: path.replace(':id', none),
    body: method === 'GET' || method === 'DELETE' ? undefined : (bodies[`${method} ${path}`] ?? {}),
  };
}

/** The catalogue: a seeded service, its live version (publishing it again is INVALID_STATE), an unchanged import. */
function servicesRequest(method: string, path: string): { path: string; body?: unknown } {
  const definition = JSON.parse(readFileSync('backend/src/modules/services/data/loudspeaker.json', 'utf8')) as unknown;
  return {
    path: path.replace(':code', 'LOUDSPEAKER').replace(':number', '1'),
    body: method === 'GET' ? undefined : path.endsWith('/import') ? { definitions: [definition] } : {},
  };
}

/**
 * Applications: one that exists for nobody here (404 for staff; the move and action routes and a document
 * alike), an upload that is accepted, a filing for an unknown service (404), a bulk decision reporting 404 per item.
 */
function applicationRequest(method: string, path: string): { path: string; body?: unknown } {
  const none = '00000000-0000-4000-8000-000000000000';
  const p = path.replace(':id', none).replace(':action', 'approve').replace(':uploadId', none);
  if (path === '/api/applications/uploads') {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'matrix.png');
    return { path: p, body: form };
  }
  const bodies: Record<string, unknown> = {
    'POST /api/applications': { service: 'NOPE', data: {}, applicant: { name: 'Matrix', mobile: '9876543210' } },
    'POST /api/applications/bulk': { action: 'approve', items: [{ id: none, version: 1 }] },
    'POST /api/applications/:id/send': { version: 1, toPostId: ids.post },
  };
  return { path: p, body: method === 'GET' ? undefined : (bodies[`${method} ${path}`] ?? { version: 1 }) };
}

/**
 * Issued passes and certificates: a document, an application and a short link that exist for nobody (404 for
 * staff and the public alike), the register of the caller's office, a cancellation that must find nothing.
 */
function passesRequest(method: string, path: string): { path: string; body?: unknown } {
  const none = '00000000-0000-4000-8000-000000000000';
  const p = path
    .replace(':id', none)
    .replace(':linkId', 'AAAAAAAAAAAAAAAAAAAAAA')
    .replace(':ref', encodeURIComponent('EPASS/PBT/X/2026/000000'));
  const bodies: Record<string, unknown> = { 'POST /api/passes/:id/cancel': { reason: 'Matrix reason', version: 1 } };
  return { path: p, body: method === 'GET' ? undefined : bodies[`${method} ${path}`] };
}

/**
 * Checkpoints and gates: a well-formed check of a token that is no pass (a valid record, a "forged"
 * verdict), a reference number and a document that do not exist (404), the gate's own office.
 */
function checkpointRequest(method: string, path: string): { path: string; body?: unknown } {
  const none = '00000000-0000-4000-8000-000000000000';
  if (path === '/api/check/lookup') return { path: `${path}?ref=VPSP/PBT/SP/2026/000000` };
  if (path === '/api/check/records')
    return {
      path,
      body: { records: [{ id: randomUUID(), checkedAt: new Date().toISOString(), kind: 'scan', token: 'a.b.c', verdict: 'forged' }] },
    };
  if (path === '/api/check/verify') return { path, body: { token: 'a.b.c' } };
  return { path: path.replace(':id', none) };
}

/** Right to Service appeals: an appeal and an application that exist for nobody (404), valid bodies. */
function appealRequest(method: string, path: string): { path: string; body?: unknown } {
  const none = '00000000-0000-4000-8000-000000000000';
  const p = path.replace(':id', none).replace(':ref', encodeURIComponent('EPASS/PBT/X/2026/000000'));
  const bodies: Record<string, unknown> = {
    'POST /api/rts/appeals/:id/decide': { version: 1, decision: 'dismissed', remarks: 'Matrix remarks' },
    'POST /api/rts/appeals/:id/reply': { version: 1, reply: 'Matrix reply' },
    'POST /api/public/applications/:ref/appeal': { grievance: 'Matrix grievance text' },
  };
  return { path: p, body: method === 'GET' ? undefined : bodies[`${method} ${path}`] };
}

/** The gazetteer: an area that does not exist (404 for staff), a CSV with problems (422 for admins, 403 for others), a public search. */
function areaRequest(method: string, path: string): { path: string; body?: unknown } {
  if (path === '/api/public/areas') return { path: `${path}?q=262001` };
  const body =
    method === 'POST'
      ? { csv: 'kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post\ndistrict,MATRIX,,,,,,,,,' }
      : undefined;
  return { path: path.replace(':id', '00000000-0000-4000-8000-000000000000'), body };
}

function pendencyRequest(method: string, path: string): { path: string; body?: unknown } {
  // the dak clerk holds the matrix receipt: its pendency is theirs to act on, and does not exist for the others
  const p = path
    .replace(':type', 'receipt')
    .replace(':id', path.includes('/items/') ? ids.receipt : '00000000-0000-4000-8000-000000000000')
    .replace(':register', 'rti');
  const inFive = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
  const bodies: Record<string, unknown> = {
    'POST /api/pendency/items/:type/:id/delay-reason': { reason: 'Matrix reason', expectedBy: inFive },
    'PUT /api/pendency/items/:type/:id/register': { register: 'rti', reference: 'RTI/MATRIX' },
    'PUT /api/pendency/rules': { rules: [{ days: 7 }] },
    'PUT /api/pendency/escalation': { levels: [{ afterDays: 0 }, { afterDays: 3 }] },
    'PUT /api/pendency/work-week': { officeId: null, weeklyOff: [7], saturdaysOff: [2, 4] },
    'POST /api/pendency/holidays': { officeId: null, date: '2031-01-01', name: { en: 'Matrix', hi: 'मैट्रिक्स' } },
  };
  return {
    path: p + (path.endsWith('/export') ? '?format=csv' : ''),
    body: method === 'GET' || method === 'DELETE' ? undefined : (bodies[`${method} ${path}`] ?? {}),
  };
}

function fileRequest(method: string, path: string): { path: string; body?: unknown } {
  const p = path
    .replace(':id', path.includes('file-heads') ? ids.head : ids.file)
    .replace(':noteId', ids.note)
    .replace(':corrId', ids.corr)
    .replace(':draftId', ids.draft)
    .replace(':otherId', ids.other);
  const bodies: Record<string, unknown> = {
    'POST /api/admin/file-heads': { officeId: ids.office, code: 'MATRIX', name: { en: 'Matrix', hi: 'मैट्रिक्स' } },
    'PATCH /api/admin/file-heads/:id': { version: 1, active: true },
    'POST /api/files': { headId: ids.head, subject: 'Matrix opened file' },
    'POST /api/files/:id/parts': { kind: 'part' },
    'POST /api/files/:id/notes': { version: 1, body: '<p>x</p>' },
    'PATCH /api/files/:id/notes/:noteId': { version: 1, body: '<p>x</p>' },
    'POST /api/files/:id/correspondence': { version: 1, receiptId: ids.receipt, receiptVersion: 1 },
    'PATCH /api/files/:id/correspondence/:corrId': { version: 1, flag: 'puc' },
    'POST /api/files/:id/links': { version: 1, fileId: ids.other },
    'POST /api/files/:id/drafts': { version: 1, subject: 'Matrix draft', body: '<p>x</p>' },
    'POST /api/files/:id/drafts/:draftId/versions': { version: 1, body: '<p>y</p>' },
    'POST /api/files/:id/drafts/:draftId/comments': { text: 'ok' },
    'POST /api/files/:id/drafts/:draftId/approve': { version: 1 },
    'POST /api/files/:id/send': { version: 1, toPostId: ids.post },
  };
  const query = method === 'DELETE' ? '?version=1' : path.endsWith('/diff') ? '?from=1&to=1' : '';
  return { path: p + query, body: method === 'GET' || method === 'DELETE' ? undefined : (bodies[`${method} ${path}`] ?? { version: 1 }) };
}

let png: Buffer;
function scanForm(): FormData {
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'matrix.png');
  return form;
}

describe('authorization matrix', () => {
  it('every mounted route is declared with an access level', () => {
    const mounted = system.app!.api.router.stack.flatMap((layer) =>
      layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`),
    );
    const declared = new Set(allRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    const undeclared = mounted.filter((r) => !declared.has(r) && r !== 'GET /api/openapi.json');
    expect(undeclared).toEqual([]);
    for (const r of allRoutes) expect(['public', 'user', 'dak', 'noting', 'admin', 'checkpoint', 'metrics']).toContain(r.access);
    expect(allRoutes.length).toBeGreaterThanOrEqual(20);
  });

  for (const route of allRoutes) {
    const method = route.method.toUpperCase();
    it(`${method} ${route.path} (${route.access})`, async () => {
      for (const [role, client] of Object.entries(clients)) {
        if (route.path === '/api/auth/logout') continue; // checked below without ending the shared sessions
        const { path, body } = validRequest(method, route.path);
        const res = await client.request(method, path, body);
        if (route.access === 'metrics') {
          // no session opens it, and without METRICS_TOKEN (as here) it does not exist
          expect(res.status, `${role}`).toBe(404);
        } else if (route.access === 'public') {
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
        } else if (route.access === 'checkpoint' && role !== 'checkpoint') {
          expect(res.status, `${role} has no checkpoint post`).toBe(403);
          expect(res.body.error).toBe('FORBIDDEN');
        } else if (route.access === 'noting' && (role === 'dak' || role === 'admin' || role === 'checkpoint')) {
          expect(res.status, `${role} does not note on files`).toBe(403);
          expect(res.body.error).toBe('FORBIDDEN');
        } else if (route.path.startsWith('/api/files/:id') && (role === 'dak' || role === 'admin' || role === 'checkpoint')) {
          // the confidential file, its notes, drafts, links and history do not exist for outsiders
          expect(res.status, `${role} is an outsider of the confidential file`).toBe(404);
          expect(res.body.error).toBe('NOT_FOUND');
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
