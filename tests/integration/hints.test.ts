import { privateEncrypt, constants, createPrivateKey, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256DigestInfo } from '@patravali/signing-agent/digest-info';
import { allRoutes } from '../../backend/src/routes.js';
import type { Hint, HintEntity } from '../../backend/src/shared/hints.js';
import { runPendencyChecks } from '../../backend/src/modules/pendency/run-pendency-checks.js';
import { runRtsAppeals } from '../../backend/src/modules/rts/index.js';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { signInCitizen } from '../support/citizen.js';
import { createCa, issueCertificate, type Issued } from '../support/pki.js';

/**
 * Every state-changing route tells the viewers who must refetch. The table below has one row per
 * POST/PUT/PATCH/DELETE route of the route table: how to make the request succeed, and which hints
 * (entity, and the id when there is one) which viewers must then receive — the holder post, the
 * sender, copy recipients, the supervising posts whose dashboards count it, everyone for the org
 * structure — on sockets logged in as those viewers. A route that changes nothing anyone else sees
 * says so, with the reason. A route missing from the table fails, so a new route must declare its hints.
 */
type Viewer = 'dak' | 'reader' | 'sp' | 'crime' | 'est' | 'admin' | 'sho' | 'gate';
const VIEWERS: Record<Viewer, string> = {
  dak: 'dak.sp',
  reader: 'reader.sp',
  sp: 'sp',
  crime: 'crime.sp',
  est: 'est.sp',
  admin: 'admin',
  sho: 'sho.kotwali',
  gate: 'gate.sp',
};
interface Expected {
  viewer: Viewer;
  entity: HintEntity;
  id?: string;
}
interface Outcome {
  res: { status: number; body: any };
  expect: Expected[];
}
/** Arranges what the request needs (calling `ready()` once it is arranged: hints before that do not count), then makes it. */
type Row = (ready: () => Promise<void>) => Promise<Outcome>;
type Entry = Row | { noHint: string };

let system: TestSystem;
let base: string;
let dir: string;
const c = {} as Record<Viewer, ApiClient>;
const sockets = {} as Record<Viewer, Socket>;
const seen = {} as Record<Viewer, Hint[]>;
let posts: Record<string, string>;
let offices: Record<string, string>;
let head: string;
let root: Issued;
let leaf: Issued;
let png: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hints-test-'));
  root = createCa({ commonName: 'Hint Test Root CA' });
  leaf = issueCertificate(root, { commonName: 'Anita Singh (SP)', organization: 'UP Police' });
  await writeFile(path.join(dir, 'root.pem'), root.certPem);
  png = await sharp({ create: { width: 200, height: 280, channels: 3, background: '#ffffff' } })
    .png()
    .toBuffer();
  system = await bootSystem({ env: { SIGNING_TRUST_ANCHORS: path.join(dir, 'root.pem') } });
  base = system.url!;
  for (const [v, username] of Object.entries(VIEWERS) as Array<[Viewer, string]>) {
    c[v] = await loggedIn(base, username);
    seen[v] = [];
    sockets[v] = await new Promise<Socket>((resolve, reject) => {
      const s = connect(base, {
        transports: ['websocket'],
        extraHeaders: { cookie: c[v].cookieHeader(), origin: base },
        reconnection: false,
      });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    sockets[v].on('hint', (h: Hint) => seen[v].push(h));
  }
  posts = Object.fromEntries((await c.admin.get('/api/org/posts?pageSize=100')).body.items.map((p: any) => [p.code, p.id]));
  offices = Object.fromEntries((await c.admin.get('/api/org/offices')).body.items.map((o: any) => [o.code, o.id]));
  head = (await c.reader.get('/api/file-heads')).body.items[0].id;
}, 120_000);

afterAll(async () => {
  for (const s of Object.values(sockets)) s?.close();
  await system?.stop();
});

/** Lets the hints of what was arranged arrive (they go out in batches of 20 ms), then forgets them. */
async function ready() {
  await new Promise((r) => setTimeout(r, 250));
  for (const v of Object.keys(seen) as Viewer[]) seen[v] = [];
}

const ok = (res: { status: number; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
};

// ---------------------------------------------------------------------------------------- arrangers

const physical = { receivedDate: '2026-11-20', mode: 'post', sender: 'Hint sender', subject: 'Hint receipt' };
/** A diarised receipt the dak clerk holds. */
const dakReceipt = async () => ok(await c.dak.post('/api/receipts', physical)).receipt;
/** A receipt the dak clerk sent to the Reader (with the version after the send). */
async function readerReceipt() {
  const r = await dakReceipt();
  const moved = ok(await c.dak.post(`/api/receipts/${r.id}/send`, { version: r.version, toPostId: posts['PBT-SP-READER'] }));
  return { ...r, version: moved.version };
}
/** A file the Reader holds. */
const readerFile = async (subject = 'Hint file') => ok(await c.reader.post('/api/files', { headId: head, subject }));
const getFile = async (client: ApiClient, id: string) => ok(await client.get(`/api/files/${id}`));
async function draftIn(file: any) {
  return ok(
    await c.reader.post(`/api/files/${file.id}/drafts`, {
      version: file.version,
      subject: 'Hint reply',
      body: '<p>Reply</p>',
      addressee: 'The Collector',
    }),
  );
}
/** A file the Reader holds with a draft the SP has approved (sent up and back). */
async function approvedDraft() {
  let file = await readerFile('Hint letter');
  const draft = await draftIn(file);
  file = await getFile(c.reader, file.id);
  ok(await c.reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] }));
  await getFile(c.sp, file.id);
  ok(await c.sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: draft.version }));
  return { file: await getFile(c.sp, file.id), draft };
}
/** Signs a digest the way a DSC token does (RSASSA-PKCS1-v1_5 over DigestInfo). */
const sign = (digestB64: string) =>
  privateEncrypt(
    { key: createPrivateKey(leaf.keyPem), padding: constants.RSA_PKCS1_PADDING },
    sha256DigestInfo(Buffer.from(digestB64, 'base64')),
  ).toString('base64');
let certificateId: string | null = null;
async function enrolled(): Promise<string> {
  if (certificateId) return certificateId;
  const ch = ok(await c.sp.post('/api/signing/enrolment-challenge'));
  certificateId = ok(
    await c.sp.post('/api/signing/certificates', {
      challengeId: ch.challengeId,
      certificate: Buffer.from(leaf.certDer).toString('base64'),
      chain: [],
      signature: sign(ch.digest),
    }),
  ).certificate.id;
  return certificateId!;
}
async function letterRequest() {
  const { file, draft } = await approvedDraft();
  const cert = await enrolled();
  const req = ok(
    await c.sp.post('/api/signing/requests', {
      certificateId: cert,
      items: [
        {
          type: 'letter',
          fileId: file.id,
          draftId: draft.id,
          dispatch: { mode: 'post', recipients: [{ name: 'The Collector', address: 'Pilibhit' }] },
        },
      ],
    }),
  );
  return { file, draft, req };
}
async function issuedLetter() {
  const { file, req } = await letterRequest();
  const done = ok(
    await c.sp.post(`/api/signing/requests/${req.id}/complete`, {
      certificate: Buffer.from(leaf.certDer).toString('base64'),
      chain: [],
      signatures: req.items.map((i: any) => sign(i.digest)),
    }),
  );
  return { file, dispatch: done.items[0].dispatch };
}

// -------------------------------------------------------------------------------------------- rows

const spOffice = () => offices['PBT-SP']!;
/** Dashboards of the SP office: the SP and ASP supervise it; the SP's socket stands for them. */
const dashboards = (...posts: Viewer[]): Expected[] =>
  [...posts, 'sp' as const].map((viewer) => ({ viewer, entity: 'pendency', id: spOffice() }));
const everyone = (entity: HintEntity, id?: string): Expected[] =>
  (['reader', 'sho', 'dak'] as const).map((viewer) => ({ viewer, entity, ...(id ? { id } : {}) }));

/** Moves of a receipt held by the dak clerk and of a file held by the Reader. */
function moveRows(plural: 'receipts' | 'files' | 'applications'): Record<string, Row> {
  const holder: Viewer = plural === 'receipts' ? 'dak' : plural === 'files' ? 'reader' : 'crime';
  const other: Viewer = plural === 'receipts' ? 'reader' : plural === 'files' ? 'crime' : 'reader';
  const otherPost = plural === 'receipts' ? 'PBT-SP-READER' : plural === 'files' ? 'PBT-SP-CRIME' : 'PBT-SP-READER';
  const item = async () => (plural === 'receipts' ? dakReceipt() : plural === 'files' ? readerFile() : crimeApplication());
  const state =
    (action: string, before: (x: any) => Promise<number>): Row =>
    async (ready) => {
      const x = await item();
      const version = await before(x);
      await ready();
      const res = await c[holder].post(`/api/${plural}/${x.id}/${action}`, { version });
      return { res, expect: [{ viewer: holder, entity: 'inbox', id: x.id }, ...dashboards(holder)] };
    };
  const park = async (x: any) => ok(await c[holder].post(`/api/${plural}/${x.id}/park`, { version: x.version })).version as number;
  const close = async (x: any) => ok(await c[holder].post(`/api/${plural}/${x.id}/close`, { version: x.version })).version as number;
  return {
    [`POST /api/${plural}/:id/send`]: async (ready) => {
      const x = await item();
      await ready();
      const res = await c[holder].post(`/api/${plural}/${x.id}/send`, {
        version: x.version,
        toPostId: posts[otherPost],
        copyTo: [posts['PBT-SP-EST']],
      });
      return {
        res,
        expect: [
          { viewer: other, entity: 'inbox', id: x.id },
          { viewer: 'est', entity: 'inbox', id: x.id },
          { viewer: holder, entity: 'inbox', id: x.id },
          ...dashboards(holder, other),
        ],
      };
    },
    ...(plural === 'applications'
      ? {}
      : {
          [`POST /api/${plural}/:id/pull-back`]: async (ready: () => Promise<void>) => {
            const x = await item();
            const sent = ok(await c[holder].post(`/api/${plural}/${x.id}/send`, { version: x.version, toPostId: posts[otherPost] }));
            await ready();
            const res = await c[holder].post(`/api/${plural}/${x.id}/pull-back`, { version: sent.version });
            return {
              res,
              expect: [
                { viewer: other, entity: 'inbox', id: x.id },
                { viewer: holder, entity: 'inbox', id: x.id },
                ...dashboards(holder, other),
              ],
            };
          },
        }),
    [`POST /api/${plural}/:id/return`]: async (ready) => {
      const x = await item();
      const sent = ok(await c[holder].post(`/api/${plural}/${x.id}/send`, { version: x.version, toPostId: posts[otherPost] }));
      await ready();
      const res = await c[other].post(`/api/${plural}/${x.id}/return`, { version: sent.version, remarks: 'Back to you' });
      return {
        res,
        expect: [{ viewer: other, entity: 'inbox', id: x.id }, { viewer: holder, entity: 'inbox', id: x.id }, ...dashboards(holder, other)],
      };
    },
    [`POST /api/${plural}/:id/park`]: state('park', async (x) => x.version),
    [`POST /api/${plural}/:id/unpark`]: state('unpark', park),
    // an application is closed by its workflow's decision: it has no close and reopen routes
    ...(plural === 'applications'
      ? {}
      : {
          [`POST /api/${plural}/:id/close`]: state('close', async (x) => x.version),
          [`POST /api/${plural}/:id/reopen`]: state('reopen', close),
        }),
  };
}

let nextMobile = 9_200_000_100;
/** A visitor pass for the Crime Branch, filed by its in-charge from his login: it is with him. */
const visit = (section = 'crime') => ({
  service: 'VISITOR-SP',
  applicant: { name: 'Hint Visitor', mobile: String(nextMobile++) },
  data: {
    name: 'Hint Visitor',
    mobile: String(nextMobile),
    section,
    visitDate: new Date(Date.now() + 5.5 * 3600_000 + 86_400_000).toISOString().slice(0, 10),
    purpose: 'Hint visit',
    idProof: { kind: 'voterId', number: 'HNT1234567' },
  },
});
const crimeApplication = async () => {
  const filed = ok(await c.crime.post('/api/applications', visit()));
  return ok(await c.crime.get(`/api/applications/${filed.id}`));
};
/**
 * An appeal on a visitor pass the crime branch let pass its timeline, moved up to the SP (the Second
 * Appellate Authority: the ASP is the First) by the daily run with its clock set ahead.
 */
async function appealHeldBySp() {
  const x = await crimeApplication();
  await runRtsAppeals(system.deps, { asOf: new Date(Date.now() + 10 * 86_400_000) });
  await runRtsAppeals(system.deps, { asOf: new Date(Date.now() + 80 * 86_400_000) });
  const held = ok(await c.sp.get(`/api/rts/appeals?box=held&applicationId=${x.id}`));
  return ok(await c.sp.get(`/api/rts/appeals/${held.items[0].id}`));
}
/** A citizen signed in with an OTP (no socket: applicants get SMS). */
async function citizen() {
  return signInCitizen(base, system.deps.pool, String(nextMobile++));
}
const appln = (viewer: Viewer, id: string): Expected[] => [
  { viewer, entity: 'inbox', id },
  { viewer, entity: 'appln', id },
];

const table: Record<string, Entry> = {
  // ---- sessions: each concerns only the session itself
  'POST /api/auth/login': { noHint: 'a new session: nobody else sees it' },
  'POST /api/auth/logout': { noHint: 'the session ends; its own sockets leave their rooms' },
  'POST /api/public/otp': { noHint: 'an SMS to an applicant, who has no socket; no staff view shows one-time passwords' },
  'POST /api/public/session': { noHint: "an applicant's new session: nobody else sees it" },
  'DELETE /api/public/session': { noHint: "an applicant's session ends: nobody else sees it" },
  'POST /api/services/import': { noHint: 'the catalogue is read by administrators and the public on demand; no open view lists it live' },
  'POST /api/services/:code/versions/:number/publish': {
    noHint: 'the catalogue is read by administrators and the public on demand; no open view lists it live',
  },
  'PUT /api/me/acting-post': { noHint: "the session's own sockets move to the new post's rooms; nothing others see changes" },
  'PUT /api/me/locale': { noHint: "the user's language: the answer carries it; nothing others see changes" },

  // ---- org structure: visible to all staff (the org room); who a user is, to that user
  'POST /api/org/offices': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/org/offices', {
      code: 'HINT-OFFICE',
      name: { en: 'Hint office', hi: 'संकेत कार्यालय' },
      kind: 'other',
      parentId: offices.PBT,
    });
    return { res, expect: everyone('office', res.body.id) };
  },
  'POST /api/admin/areas/import': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/admin/areas/import', {
      csv: 'kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post\ndistrict,HINT-AREA,Hint district,संकेत ज़िला,,UP,,,,,',
    });
    const area = (await c.admin.get('/api/areas?q=HINT-AREA')).body.items[0];
    return { res, expect: everyone('area', area.id) };
  },
  'PATCH /api/org/offices/:id': async (ready) => {
    const office = (await c.admin.get('/api/org/offices')).body.items.find((o: any) => o.code === 'HINT-OFFICE');
    await ready();
    const res = await c.admin.patch(`/api/org/offices/${office.id}`, {
      version: office.version,
      name: { en: 'Hint office (renamed)', hi: 'संकेत कार्यालय' },
    });
    return { res, expect: everyone('office', office.id) };
  },
  'POST /api/org/sections': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/org/sections', {
      officeId: spOffice(),
      code: 'HINT',
      name: { en: 'Hint section', hi: 'संकेत अनुभाग' },
    });
    return { res, expect: everyone('section', res.body.id) };
  },
  'PATCH /api/org/sections/:id': async (ready) => {
    const section = (await c.admin.get(`/api/org/sections?officeId=${spOffice()}`)).body.items.find((s: any) => s.code === 'HINT');
    await ready();
    const res = await c.admin.patch(`/api/org/sections/${section.id}`, {
      version: section.version,
      name: { en: 'Hint section (renamed)', hi: 'संकेत अनुभाग' },
    });
    return { res, expect: everyone('section', section.id) };
  },
  'POST /api/org/posts': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/org/posts', {
      code: 'HINT-POST',
      designation: { en: 'Hint post', hi: 'संकेत पद' },
      officeId: spOffice(),
      sectionId: null,
      capabilities: ['noting'],
    });
    return { res, expect: everyone('post', res.body.id) };
  },
  'PATCH /api/org/posts/:id': async (ready) => {
    const post = (await c.admin.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0];
    await ready();
    const res = await c.admin.patch(`/api/org/posts/${post.id}`, {
      version: post.version,
      designation: { en: 'SHO Kotwali (City)', hi: 'थानाध्यक्ष, कोतवाली' },
    });
    // whoever acts as the post refetches who they are
    return { res, expect: [...everyone('post', post.id), { viewer: 'sho', entity: 'me', id: post.id }] };
  },
  'POST /api/org/users': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/org/users', {
      username: 'hint.user',
      name: { en: 'Hint User', hi: 'संकेत' },
      password: 'long-enough-password',
    });
    return { res, expect: everyone('user', res.body.id) };
  },
  'PATCH /api/org/users/:id': async (ready) => {
    const user = (await c.admin.get('/api/org/users?q=est.sp')).body.items[0];
    await ready();
    const res = await c.admin.patch(`/api/org/users/${user.id}`, { version: user.version, mobile: '9800000001' });
    return { res, expect: [...everyone('user', user.id), { viewer: 'est', entity: 'me', id: user.id }] };
  },
  'POST /api/org/charges': async (ready) => {
    const user = (await c.admin.get('/api/org/users?q=est.sp')).body.items[0];
    await ready();
    const res = await c.admin.post('/api/org/charges', {
      userId: user.id,
      postId: posts['PBT-SP-PRO'],
      type: 'additional',
      from: '2030-01-01',
    });
    return { res, expect: [...everyone('charge', res.body.id), { viewer: 'est', entity: 'me', id: user.id }] };
  },
  'POST /api/org/charges/:id/end': async (ready) => {
    const user = (await c.admin.get('/api/org/users?q=est.sp')).body.items[0];
    const charge = ok(
      await c.admin.post('/api/org/charges', { userId: user.id, postId: posts['PBT-SP-CRIME'], type: 'additional', from: '2031-01-01' }),
    );
    await ready();
    const res = await c.admin.post(`/api/org/charges/${charge.id}/end`, { to: '2031-06-01' });
    return { res, expect: [...everyone('charge', charge.id), { viewer: 'est', entity: 'me', id: user.id }] };
  },

  // ---- dak: the holder's desk and inbox; the dashboards that count it
  'POST /api/receipts/scans': async (ready) => {
    await ready();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'hint.png');
    const res = await c.dak.request('POST', '/api/receipts/scans', form);
    const id = res.body.receipts?.[0]?.id;
    return { res, expect: [{ viewer: 'dak', entity: 'receipt', id }, { viewer: 'dak', entity: 'inbox', id }, ...dashboards('dak')] };
  },
  'POST /api/receipts': async (ready) => {
    await ready();
    const res = await c.dak.post('/api/receipts', { ...physical, register: 'rti', registerReference: 'RTI/1' });
    const id = res.body.receipt?.id;
    return { res, expect: [{ viewer: 'dak', entity: 'receipt', id }, { viewer: 'dak', entity: 'inbox', id }, ...dashboards('dak')] };
  },
  'POST /api/receipts/:id/diarise': async (ready) => {
    const form = new FormData();
    // another image than the scans row's: the same bytes would be a duplicate
    form.append(
      'files',
      new Blob([new Uint8Array(await sharp(png).rotate(90).png().toBuffer())], { type: 'image/png' }),
      'hint-diarise.png',
    );
    const draft = ok(await c.dak.request('POST', '/api/receipts/scans', form)).receipts[0];
    await ready();
    const res = await c.dak.post(`/api/receipts/${draft.id}/diarise`, {
      ...physical,
      version: draft.version,
      register: 'court',
      registerReference: 'CASE/1',
    });
    return {
      res,
      expect: [{ viewer: 'dak', entity: 'receipt', id: draft.id }, { viewer: 'dak', entity: 'inbox', id: draft.id }, ...dashboards('dak')],
    };
  },
  ...moveRows('receipts'),
  ...moveRows('files'),
  ...moveRows('applications'),

  // ---- applications: the authority's inbox and open views, the dashboards that count them; applicants get SMS
  'POST /api/public/uploads': { noHint: 'a document waiting to be attached by its uploader: nobody else sees it' },
  'POST /api/applications/uploads': { noHint: 'a document waiting to be attached by its uploader: nobody else sees it' },
  'POST /api/public/applications': async (ready) => {
    const client = await citizen();
    await ready();
    const res = await client.post('/api/public/applications', { service: 'VISITOR-SP', data: visit().data });
    return { res, expect: [...appln('crime', res.body.id), ...dashboards('crime')] };
  },
  'POST /api/applications': async (ready) => {
    await ready();
    const res = await c.crime.post('/api/applications', visit('reader'));
    return { res, expect: [...appln('reader', res.body.id), ...appln('crime', res.body.id), ...dashboards('reader')] };
  },
  'POST /api/applications/:id/actions/:action': async (ready) => {
    const x = await crimeApplication();
    await ready();
    const res = await c.crime.post(`/api/applications/${x.id}/actions/approve`, { version: x.version });
    return { res, expect: [...appln('crime', x.id), ...dashboards('crime')] };
  },
  'POST /api/applications/bulk': async (ready) => {
    const [x, y] = [await crimeApplication(), await crimeApplication()];
    await ready();
    const res = await c.crime.post('/api/applications/bulk', {
      action: 'approve',
      items: [x, y].map((a) => ({ id: a.id, version: a.version })),
    });
    expect(res.body.done).toBe(2);
    return { res, expect: [...appln('crime', x.id), ...appln('crime', y.id), ...dashboards('crime')] };
  },
  'POST /api/public/applications/:ref/resubmit': async (ready) => {
    const client = await citizen();
    const filed = ok(await client.post('/api/public/applications', { service: 'VISITOR-SP', data: visit().data }));
    const x = ok(await c.crime.get(`/api/applications/${filed.id}`));
    ok(
      await c.crime.post(`/api/applications/${x.id}/actions/returnForCorrection`, {
        version: x.version,
        remarks: 'Give the purpose in full',
      }),
    );
    const mine = ok(await client.get(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}`));
    await ready();
    const res = await client.post(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}/resubmit`, {
      version: mine.version,
      data: { ...x.data, idProof: { kind: 'voterId', number: 'HNT1234567' }, purpose: 'Hint visit about a complaint' },
    });
    return { res, expect: [...appln('crime', x.id), ...dashboards('crime')] };
  },
  'POST /api/public/applications/:ref/feedback': async (ready) => {
    const client = await citizen();
    const filed = ok(await client.post('/api/public/applications', { service: 'VISITOR-SP', data: visit().data }));
    const x = ok(await c.crime.get(`/api/applications/${filed.id}`));
    ok(await c.crime.post(`/api/applications/${x.id}/actions/approve`, { version: x.version }));
    await ready();
    const res = await client.post(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}/feedback`, { rating: 4 });
    return { res, expect: appln('crime', x.id) };
  },
  // a bulk send: each item's own move, with the same hints as a single send
  'POST /api/items/bulk': async (ready) => {
    const [x, y] = [await dakReceipt(), await dakReceipt()];
    await ready();
    const res = await c.dak.post('/api/items/bulk', {
      action: 'send',
      toPostId: posts['PBT-SP-READER'],
      items: [x, y].map((r) => ({ kind: 'receipt', id: r.id, version: r.version })),
    });
    expect(res.body.succeeded).toBe(2);
    return {
      res,
      expect: [
        ...[x, y].flatMap((r): Expected[] => [
          { viewer: 'reader', entity: 'inbox', id: r.id },
          { viewer: 'dak', entity: 'inbox', id: r.id },
        ]),
        ...dashboards('dak', 'reader'),
      ],
    };
  },

  // ---- files: the holder's views; the dashboards when what is pending changes
  'POST /api/admin/file-heads': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/admin/file-heads', { officeId: spOffice(), code: 'HINT', name: { en: 'Hint head', hi: 'संकेत' } });
    return { res, expect: everyone('office', spOffice()) };
  },
  'PATCH /api/admin/file-heads/:id': async (ready) => {
    const h = (await c.admin.get(`/api/file-heads?officeId=${spOffice()}&all=true`)).body.items.find((x: any) => x.code === 'HINT');
    await ready();
    const res = await c.admin.patch(`/api/admin/file-heads/${h.id}`, {
      version: h.version,
      name: { en: 'Hint head (renamed)', hi: 'संकेत' },
    });
    return { res, expect: everyone('office', spOffice()) };
  },
  'POST /api/files': async (ready) => {
    const r = await readerReceipt();
    await ready();
    const res = await c.reader.post('/api/files', {
      headId: head,
      subject: 'Hint file from a receipt',
      receiptId: r.id,
      receiptVersion: r.version,
    });
    return {
      res,
      expect: [
        { viewer: 'reader', entity: 'inbox', id: res.body.id },
        { viewer: 'reader', entity: 'inbox', id: r.id },
        ...dashboards('reader'),
      ],
    };
  },
  'POST /api/files/:id/parts': async (ready) => {
    const file = await readerFile();
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/parts`, { kind: 'part' });
    return {
      res,
      expect: [
        { viewer: 'reader', entity: 'inbox', id: res.body.id },
        { viewer: 'reader', entity: 'file', id: file.id },
        ...dashboards('reader'),
      ],
    };
  },
  'POST /api/files/:id/notes': async (ready) => {
    const file = await readerFile();
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>A note</p>' });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'PATCH /api/files/:id/notes/:noteId': async (ready) => {
    const file = ok(await c.reader.post(`/api/files/${(await readerFile()).id}/notes`, { version: 1, body: '<p>A note</p>' }));
    await ready();
    const res = await c.reader.patch(`/api/files/${file.id}/notes/${file.notes[0].id}`, {
      version: file.version,
      body: '<p>A better note</p>',
    });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'DELETE /api/files/:id/notes/:noteId': async (ready) => {
    const file = ok(await c.reader.post(`/api/files/${(await readerFile()).id}/notes`, { version: 1, body: '<p>A note</p>' }));
    await ready();
    const res = await c.reader.delete(`/api/files/${file.id}/notes/${file.notes[0].id}?version=${file.version}`);
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'POST /api/files/:id/correspondence': async (ready) => {
    const file = await readerFile();
    const r = await readerReceipt();
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/correspondence`, {
      version: file.version,
      receiptId: r.id,
      receiptVersion: r.version,
    });
    return {
      res,
      expect: [{ viewer: 'reader', entity: 'inbox', id: r.id }, { viewer: 'reader', entity: 'file', id: file.id }, ...dashboards('reader')],
    };
  },
  'PATCH /api/files/:id/correspondence/:corrId': async (ready) => {
    const r = await readerReceipt();
    const file = ok(await c.reader.post('/api/files', { headId: head, subject: 'Hint flags', receiptId: r.id, receiptVersion: r.version }));
    await ready();
    const res = await c.reader.patch(`/api/files/${file.id}/correspondence/${file.correspondence[0].id}`, {
      version: file.version,
      flag: 'puc',
    });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'POST /api/files/:id/links': async (ready) => {
    const file = await readerFile();
    const other = await readerFile('Hint file with the Crime Branch');
    ok(await c.reader.post(`/api/files/${other.id}/send`, { version: other.version, toPostId: posts['PBT-SP-CRIME'] }));
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/links`, { version: file.version, fileId: other.id });
    // the link is stored once for both files: both holders refetch
    return {
      res,
      expect: [
        { viewer: 'reader', entity: 'file', id: file.id },
        { viewer: 'crime', entity: 'file', id: other.id },
      ],
    };
  },
  'DELETE /api/files/:id/links/:otherId': async (ready) => {
    const file = await readerFile();
    const other = await readerFile('Hint file with the Crime Branch');
    ok(await c.reader.post(`/api/files/${other.id}/send`, { version: other.version, toPostId: posts['PBT-SP-CRIME'] }));
    const linked = ok(await c.reader.post(`/api/files/${file.id}/links`, { version: file.version, fileId: other.id }));
    await ready();
    const res = await c.reader.delete(`/api/files/${file.id}/links/${other.id}?version=${linked.version}`);
    return {
      res,
      expect: [
        { viewer: 'reader', entity: 'file', id: file.id },
        { viewer: 'crime', entity: 'file', id: other.id },
      ],
    };
  },
  'POST /api/files/:id/drafts': async (ready) => {
    const file = await readerFile();
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/drafts`, { version: file.version, subject: 'Hint reply', body: '<p>Reply</p>' });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'POST /api/files/:id/drafts/:draftId/versions': async (ready) => {
    const file = await readerFile();
    const draft = await draftIn(file);
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/drafts/${draft.id}/versions`, {
      version: draft.version,
      body: '<p>A better reply</p>',
    });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'POST /api/files/:id/drafts/:draftId/comments': async (ready) => {
    const file = await readerFile();
    const draft = await draftIn(file);
    await ready();
    const res = await c.reader.post(`/api/files/${file.id}/drafts/${draft.id}/comments`, { text: 'Shorter, please' });
    return { res, expect: [{ viewer: 'reader', entity: 'file', id: file.id }] };
  },
  'POST /api/files/:id/drafts/:draftId/approve': async (ready) => {
    let file = await readerFile();
    const draft = await draftIn(file);
    file = await getFile(c.reader, file.id);
    ok(await c.reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] }));
    await getFile(c.sp, file.id);
    await ready();
    const res = await c.sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: draft.version });
    return { res, expect: [{ viewer: 'sp', entity: 'file', id: file.id }] };
  },

  // ---- pendency: the holder's and its supervisors' dashboards; rules and calendars: everyone's
  'POST /api/pendency/items/:type/:id/delay-reason': async (ready) => {
    const r = await dakReceipt();
    await ready();
    const expectedBy = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const res = await c.dak.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
      reason: 'Waiting for the station report',
      expectedBy,
    });
    return { res, expect: dashboards('dak') };
  },
  'PUT /api/pendency/items/:type/:id/register': async (ready) => {
    const r = await dakReceipt();
    await ready();
    const res = await c.dak.put(`/api/pendency/items/receipt/${r.id}/register`, { register: 'vip', reference: 'VIP/1' });
    return { res, expect: dashboards('dak') };
  },
  'POST /api/pendency/items/:type/:id/inspect': async (ready) => {
    const r = await dakReceipt();
    await ready();
    const res = await c.sp.post(`/api/pendency/items/receipt/${r.id}/inspect`);
    // the item now opens for the inspecting post
    return { res, expect: [{ viewer: 'sp', entity: 'receipt', id: r.id }] };
  },
  // the RTS dashboard's drill-down opens an application for a supervising post (read-only access, like pendency's inspection)
  'POST /api/rts/dashboard/applications/:id/inspect': async (ready) => {
    const x = await crimeApplication();
    await ready();
    const res = await c.sp.post(`/api/rts/dashboard/applications/${x.id}/inspect`);
    expect(res.body.granted).toBe(true);
    // the application now opens for the SP, who opened it from the RTS dashboard
    return { res, expect: [{ viewer: 'sp', entity: 'appln', id: x.id }] };
  },
  'POST /api/pendency/items/:type/:id/remind': async (ready) => {
    const r = await dakReceipt();
    await ready();
    const res = await c.sp.post(`/api/pendency/items/receipt/${r.id}/remind`);
    // the holder's post gets the reminder as a notification
    const id = ok(await c.dak.get('/api/notifications?unread=true')).items.find((n: any) => n.kind === 'nudge' && n.item.id === r.id)?.id;
    return { res, expect: [{ viewer: 'dak', entity: 'notification', id }] };
  },
  'PUT /api/pendency/rules': async (ready) => {
    const config = (await c.admin.get('/api/pendency/config')).body;
    await ready();
    const res = await c.admin.put('/api/pendency/rules', { rules: config.rules.map(({ id: _id, ...r }: any) => r) });
    return { res, expect: everyone('pendency', spOffice()) };
  },
  'PUT /api/pendency/escalation': {
    noHint: 'escalation levels change no count and no due date: dashboards show nothing different; the job reads them',
  },
  'PUT /api/pendency/work-week': async (ready) => {
    await ready();
    const res = await c.admin.put('/api/pendency/work-week', { officeId: offices['PBT-PS-KOTWALI'], weeklyOff: [7], saturdaysOff: [2] });
    return { res, expect: everyone('pendency', spOffice()) };
  },
  'POST /api/pendency/holidays': async (ready) => {
    await ready();
    const res = await c.admin.post('/api/pendency/holidays', {
      officeId: null,
      date: '2031-01-26',
      name: { en: 'Hint day', hi: 'संकेत दिवस' },
    });
    return { res, expect: everyone('pendency', spOffice()) };
  },
  'DELETE /api/pendency/holidays/:id': async (ready) => {
    const h = ok(
      await c.admin.post('/api/pendency/holidays', { officeId: null, date: '2031-08-15', name: { en: 'Hint day 2', hi: 'संकेत दिवस' } }),
    );
    await ready();
    const res = await c.admin.delete(`/api/pendency/holidays/${h.id}`);
    return { res, expect: everyone('pendency', spOffice()) };
  },
  'POST /api/notifications/:id/read': async (ready) => {
    const id = await notificationOfSp();
    await ready();
    const res = await c.sp.post(`/api/notifications/${id}/read`);
    return { res, expect: [{ viewer: 'sp', entity: 'notification', id }] };
  },
  'POST /api/notifications/read-all': async (ready) => {
    const id = await notificationOfSp();
    await ready();
    const res = await c.sp.post('/api/notifications/read-all');
    return { res, expect: [{ viewer: 'sp', entity: 'notification', id }] };
  },

  // ---- signing: certificates to their user and the administrators; letters to the office's register and the file's holder
  'POST /api/signing/enrolment-challenge': { noHint: 'a one-time challenge only its user answers' },
  'POST /api/signing/certificates': async (ready) => {
    await ready();
    const id = await enrolled();
    return {
      res: { status: 201, body: { id } },
      expect: [
        { viewer: 'sp', entity: 'certificate', id },
        { viewer: 'admin', entity: 'certificate', id },
      ],
    };
  },
  'POST /api/admin/signing/certificates/:id/revoke': async (ready) => {
    const other = issueCertificate(root, { commonName: 'Vikram Yadav (ASP)', organization: 'UP Police' });
    const ch = ok(await c.crime.post('/api/signing/enrolment-challenge'));
    const sig = privateEncrypt(
      { key: createPrivateKey(other.keyPem), padding: constants.RSA_PKCS1_PADDING },
      sha256DigestInfo(Buffer.from(ch.digest, 'base64')),
    ).toString('base64');
    const cert = ok(
      await c.crime.post('/api/signing/certificates', {
        challengeId: ch.challengeId,
        certificate: Buffer.from(other.certDer).toString('base64'),
        chain: [],
        signature: sig,
      }),
    ).certificate;
    await ready();
    const res = await c.admin.post(`/api/admin/signing/certificates/${cert.id}/revoke`, { reason: 'Token lost' });
    return {
      res,
      expect: [
        { viewer: 'crime', entity: 'certificate', id: cert.id },
        { viewer: 'admin', entity: 'certificate', id: cert.id },
      ],
    };
  },
  'POST /api/signing/requests': async (ready) => {
    const { file, draft } = await approvedDraft();
    const cert = await enrolled();
    await ready();
    const res = await c.sp.post('/api/signing/requests', {
      certificateId: cert,
      items: [{ type: 'letter', fileId: file.id, draftId: draft.id, dispatch: { mode: 'post', recipients: [{ name: 'The Collector' }] } }],
    });
    // the letter takes its issue number: the office's dispatch register shows it
    return { res, expect: [{ viewer: 'dak', entity: 'dispatch' }] };
  },
  'DELETE /api/signing/requests/:id': async (ready) => {
    const { req } = await letterRequest();
    await ready();
    const res = await c.sp.delete(`/api/signing/requests/${req.id}`);
    return { res, expect: [{ viewer: 'dak', entity: 'dispatch' }] };
  },
  'POST /api/signing/requests/:id/complete': async (ready) => {
    const { file, req } = await letterRequest();
    await ready();
    const res = await c.sp.post(`/api/signing/requests/${req.id}/complete`, {
      certificate: Buffer.from(leaf.certDer).toString('base64'),
      chain: [],
      signatures: req.items.map((i: any) => sign(i.digest)),
    });
    return {
      res,
      expect: [
        { viewer: 'dak', entity: 'dispatch', id: res.body.items?.[0]?.dispatch?.id },
        { viewer: 'sp', entity: 'file', id: file.id },
      ],
    };
  },
  'POST /api/dispatch/:id/dispatch': async (ready) => {
    const { dispatch } = await issuedLetter();
    await ready();
    const res = await c.dak.post(`/api/dispatch/${dispatch.id}/dispatch`, { version: dispatch.version, reference: 'RL123456789IN' });
    return {
      res,
      expect: [
        { viewer: 'dak', entity: 'dispatch', id: dispatch.id },
        { viewer: 'sp', entity: 'dispatch', id: dispatch.id },
      ],
    };
  },
  'POST /api/verify': { noHint: 'a public check of a document: it changes nothing' },

  // ---- passes and certificates: the issuing office's register and the application's views refetch
  'POST /api/passes/:id/cancel': async (ready) => {
    const x = await crimeApplication();
    ok(await c.crime.post(`/api/applications/${x.id}/actions/approve`, { version: x.version }));
    const doc = ok(await c.crime.get(`/api/applications/${x.id}/document`));
    await ready();
    const res = await c.crime.post(`/api/passes/${doc.id}/cancel`, { reason: 'Visit called off', version: doc.version });
    return {
      res,
      expect: [
        { viewer: 'crime', entity: 'pass', id: doc.id },
        { viewer: 'crime', entity: 'appln', id: x.id },
      ],
    };
  },
  // ---- Right to Service appeals: the authority holding it and the designated officer refetch it and the application
  'POST /api/rts/appeals/:id/decide': async (ready) => {
    const appeal = await appealHeldBySp();
    await ready();
    const res = await c.sp.post(`/api/rts/appeals/${appeal.id}/decide`, {
      version: appeal.version,
      decision: 'dismissed',
      remarks: 'Delay explained',
    });
    return {
      res,
      expect: [
        { viewer: 'sp', entity: 'appeal', id: appeal.id },
        { viewer: 'crime', entity: 'appeal', id: appeal.id },
        { viewer: 'crime', entity: 'appln', id: appeal.application.id },
      ],
    };
  },
  'POST /api/rts/appeals/:id/reply': async (ready) => {
    const appeal = await appealHeldBySp();
    await ready();
    const res = await c.crime.post(`/api/rts/appeals/${appeal.id}/reply`, { version: appeal.version, reply: 'The visitor did not come' });
    return {
      res,
      expect: [
        { viewer: 'sp', entity: 'appeal', id: appeal.id },
        { viewer: 'crime', entity: 'appeal', id: appeal.id },
      ],
    };
  },
  // the applicant appeals a rejection: the designated officer's appeals refetch (the ASP, the First Appellate Authority, has no socket here)
  'POST /api/public/applications/:ref/appeal': async (ready) => {
    const client = await citizen();
    const filed = ok(await client.post('/api/public/applications', { service: 'VISITOR-SP', data: visit().data }));
    const x = ok(await c.crime.get(`/api/applications/${filed.id}`));
    ok(await c.crime.post(`/api/applications/${x.id}/actions/reject`, { version: x.version, reason: 'notEssential' }));
    await ready();
    const res = await client.post(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}/appeal`, {
      grievance: 'My visit is about a complaint I filed',
    });
    return { res, expect: [{ viewer: 'crime', entity: 'appeal' }] };
  },
  'POST /api/check/verify': { noHint: 'a checkpoint reads a pass online (audited): nothing anyone sees changes' },
  // an entry at the SP office's gate: the gate's "inside now" (every socket of the office) refetches
  'POST /api/check/records': async (ready) => {
    await ready();
    const res = await c.gate.post('/api/check/records', {
      records: [
        { id: randomUUID(), checkedAt: new Date().toISOString(), kind: 'scan', token: 'a.b.c', verdict: 'forged', direction: 'in' },
      ],
    });
    return {
      res,
      expect: [
        { viewer: 'gate', entity: 'gate', id: offices['PBT-SP'] },
        { viewer: 'sp', entity: 'gate', id: offices['PBT-SP'] },
      ],
    };
  },
};

/** A fresh notification for the SP: a receipt of the dak clerk's, checked as if long overdue, escalates to the office's supervisors. */
async function notificationOfSp(): Promise<string> {
  await dakReceipt();
  await runPendencyChecks(system.deps, { asOf: new Date(Date.now() + 60 * 86_400_000) });
  const list = ok(await c.sp.get('/api/notifications?unread=true'));
  expect(list.items.length).toBeGreaterThan(0);
  return list.items[0].id;
}

/** Waits until the viewer has received the hint (an id, when given, among its ids). */
function arrived(e: Expected, ms = 4000): Promise<void> {
  const match = (h: Hint) => h.entity === e.entity && (!e.id || h.ids.includes(e.id));
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (seen[e.viewer].some(match)) return resolve();
      if (Date.now() - started > ms)
        return reject(
          new Error(`${e.viewer} got no '${e.entity}' hint${e.id ? ` for ${e.id}` : ''}; it got ${JSON.stringify(seen[e.viewer])}`),
        );
      setTimeout(poll, 25);
    };
    poll();
  });
}

const stateChanging = allRoutes.filter((r) => r.method !== 'get').map((r) => `${r.method.toUpperCase()} ${r.path}`);

describe('hints of every state-changing route', () => {
  it('every state-changing route has a row (its hints, or why it has none), and every row a route', () => {
    expect(
      stateChanging.filter((k) => !(k in table)),
      'routes without a row: declare their hints',
    ).toEqual([]);
    expect(
      Object.keys(table).filter((k) => !stateChanging.includes(k)),
      'rows without a route',
    ).toEqual([]);
  });

  for (const key of stateChanging) {
    const entry = table[key];
    if (!entry || typeof entry !== 'function') continue;
    it(
      key,
      async () => {
        const { res, expect: expected } = await entry(ready);
        ok(res);
        expect(expected.length).toBeGreaterThan(0);
        await Promise.all(expected.map((e) => arrived(e)));
      },
      60_000,
    );
  }
});
