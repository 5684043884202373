/**
 * The RTS dashboard (issue 17, items 3–5): the headline figures Apuni Sarkar publishes, computed exactly
 * from a small set of applications laid out by hand (medians of odd and even counts, pendency), per
 * service, office and designated officer, with appeals, penalties and compensation; the scope (the DM
 * sees the Collectorate and its tehsils, the Commission every office, an SHO or SDM nothing); the
 * drill-down to the applications behind a figure; CSV and PDF exports; citizens' feedback; the public
 * catalogue's on-time record; and the figures moving when an application is decided through the API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';

let system: TestSystem;
let db: pg.Pool;
let c: Record<'dm' | 'commission' | 'sp' | 'sho' | 'sdm' | 'admin', ApiClient>;
const office = new Map<string, string>();
const post = new Map<string, string>();
const ids: Record<string, string> = {};
let service: { id: string; version: string; code: string };

const Q = 'from=2026-01&to=2026-03';
/** One application as the dashboard sees it, inserted as filed and (maybe) disposed of; the triggers count it. */
async function app(
  n: number,
  o: {
    office: string;
    post: string;
    created: string;
    closed?: string;
    due?: string | null;
    status?: string;
    rating?: number;
    feedback?: string;
    daysLeft?: number;
  },
) {
  const id = randomUUID();
  ids[n] = id;
  const status = o.status ?? (o.closed ? 'closed' : 'open');
  const onTime = o.closed ? (o.due ? o.closed.slice(0, 10) <= o.due : true) : null;
  await db.query(
    `insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority, status, stage, channel,
      applicant_name, applicant_mobile, applicant_locale, data, origin_post_id, created_by_post_id, holder_post_id, held_since, closed_at,
      rts_due_date, rts_days_left, on_time, rating, feedback, version, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, 'normal', 'normal', $8, $9, 'citizen', 'Test Applicant', '9876543210', 'en', '{}', $10, $10, $10, $11, $12,
      $13, $14, $15, $16, $17, 1, $11, $11)`,
    [
      id,
      `RTS/TEST/${n}/${id.slice(0, 8)}`,
      service.id,
      service.version,
      office.get(o.office),
      `RTS test application ${n}`,
      service.code,
      status,
      status === 'closed' ? 'approved' : status === 'with_applicant' ? 'returned' : 'submitted',
      post.get(o.post),
      `${o.created}+05:30`,
      o.closed ? `${o.closed}+05:30` : null,
      o.due ?? null,
      o.daysLeft ?? null,
      onTime,
      o.rating ?? null,
      o.feedback ?? null,
    ],
  );
}

beforeAll(async () => {
  system = await bootSystem();
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from office`)).rows) office.set(r.code, r.id);
  for (const r of (await db.query(`select code, id from post`)).rows) post.set(r.code, r.id);
  const s = (
    await db.query(
      `select s.id, s.code, v.id as version from service s join service_version v on v.service_id = s.id and v.status = 'live' where s.code = 'EPASS'`,
    )
  ).rows[0];
  service = { id: s.id, version: s.version, code: s.code };
  const base = system.url!;
  c = {
    dm: await loggedIn(base, 'dm'),
    commission: await loggedIn(base, 'rts.commission'),
    sp: await loggedIn(base, 'sp'),
    sho: await loggedIn(base, 'sho.kotwali'),
    sdm: await loggedIn(base, 'sdm.sadar'),
    admin: await loggedIn(base, 'admin'),
  };
  // the SDM Sadar (a tehsil under the Collectorate)
  await app(1, {
    office: 'PBT-TEH-SADAR',
    post: 'PBT-TEH-SADAR-SDM',
    created: '2026-01-05 10:00',
    closed: '2026-01-07 12:00',
    due: '2026-01-10',
    rating: 5,
    feedback: 'Quick and polite',
  });
  await app(2, {
    office: 'PBT-TEH-SADAR',
    post: 'PBT-TEH-SADAR-SDM',
    created: '2026-01-10 10:00',
    closed: '2026-01-20 16:00',
    due: '2026-01-15',
    rating: 2,
    feedback: 'Too slow',
  });
  await app(3, {
    office: 'PBT-TEH-SADAR',
    post: 'PBT-TEH-SADAR-SDM',
    created: '2026-02-01 09:00',
    closed: '2026-02-05 09:00',
    due: '2026-02-10',
  });
  await app(4, { office: 'PBT-TEH-SADAR', post: 'PBT-TEH-SADAR-SDM', created: '2026-02-20 11:00', due: '2026-03-01' });
  // the ADM in the Collectorate itself
  await app(5, {
    office: 'PBT-DM',
    post: 'PBT-DM-ADM',
    created: '2026-03-01 10:00',
    closed: '2026-03-02 10:00',
    due: '2026-03-05',
    rating: 4,
  });
  await app(6, { office: 'PBT-DM', post: 'PBT-DM-ADM', created: '2026-03-10 10:00', status: 'with_applicant', due: null, daysLeft: 3 });
  await app(7, { office: 'PBT-DM', post: 'PBT-DM-ADM', created: '2025-12-28 10:00', closed: '2026-01-03 10:00', due: '2026-01-02' });
  // a police station: outside the DM's scope
  await app(8, {
    office: 'PBT-PS-KOTWALI',
    post: 'PBT-PS-KOTWALI-SHO',
    created: '2026-01-15 10:00',
    closed: '2026-01-16 10:00',
    due: '2026-01-20',
    rating: 1,
  });
  await app(9, { office: 'PBT-PS-KOTWALI', post: 'PBT-PS-KOTWALI-SHO', created: '2026-02-15 10:00', due: '2099-12-31' });
  // an appeal on the late one: filed with the First Appellate Authority in January, escalated in February,
  // decided in March with a penalty on the officer and compensation to the applicant
  const appeal = randomUUID();
  await db.query(
    `insert into rts_appeal (id, application_id, number, grounds, by_applicant, level, status, holder_post_id, office_id, designated_post_id, missed_on, filed_at, level_since, due_date, version)
     values ($1, $2, 'APL/TEST/1', 'delay', false, 1, 'pending', $3, $4, $5, '2026-01-15', '2026-01-16 10:00+05:30', '2026-01-16 10:00+05:30', '2026-02-27', 1)`,
    [appeal, ids[2], post.get('PBT-DM-ADM'), office.get('PBT-TEH-SADAR'), post.get('PBT-TEH-SADAR-SDM')],
  );
  await db.query(`update rts_appeal set level = 2, level_since = '2026-02-20 10:00+05:30', holder_post_id = $2 where id = $1`, [
    appeal,
    post.get('PBT-DM-DM'),
  ]);
  await db.query(
    `update rts_appeal set status = 'decided', decision = 'order_delivery', decided_at = '2026-03-05 10:00+05:30', penalty_amount = 500, compensation_amount = 250 where id = $1`,
    [appeal],
  );
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

describe('the headline figures, exactly', () => {
  it('the DM: the Collectorate and its tehsils — processing rate, on-time %, median and average days, pendency', async () => {
    const r = await c.dm.get(`/api/rts/dashboard?${Q}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.scope).toMatchObject({ kind: 'offices', office: { code: 'PBT-DM' } });
    // received 1–6 (7 was filed in December); disposed 1, 2, 3, 5, 7 — on time 1, 3, 5; days 2, 10, 4, 1, 6
    expect(r.body.totals).toMatchObject({
      received: 6,
      disposed: 5,
      onTime: 3,
      late: 2,
      processingRate: 83.33,
      onTimePct: 60,
      medianDays: 4,
      averageDays: 4.6,
      pending: 2,
      beyond: 1,
      pendencyPct: 50,
      appeals: { filed: [1, 1, 0], decided: [0, 1, 0] },
      penalties: { count: 1, amount: 500 },
      compensation: { count: 1, amount: 250 },
      rating: { average: 3.67, count: 3 },
    });
    expect(r.body.definitions.map((d: any) => d.key).slice(0, 4)).toEqual(['processingRate', 'onTimePct', 'processingTime', 'pendencyPct']);
    expect(r.body.offices.map((o: any) => o.office.code)).toEqual(['PBT-DM', 'PBT-TEH-SADAR']);
    const sdm = r.body.officers.find((o: any) => o.post.code === 'PBT-TEH-SADAR-SDM');
    expect(sdm).toMatchObject({
      received: 4,
      disposed: 3,
      onTime: 2,
      medianDays: 4,
      averageDays: 5.33,
      pending: 1,
      beyond: 1,
      pendencyPct: 100,
    });
    const adm = r.body.officers.find((o: any) => o.post.code === 'PBT-DM-ADM');
    // an even count: the mean of the two middle values
    expect(adm).toMatchObject({
      received: 2,
      disposed: 2,
      onTime: 1,
      medianDays: 3.5,
      averageDays: 3.5,
      pending: 1,
      beyond: 0,
      pendencyPct: 0,
    });
    expect(r.body.services).toHaveLength(1);
    expect(r.body.services[0]).toMatchObject({ service: { code: 'EPASS' }, received: 6, disposed: 5 });
    expect(r.body.trend).toEqual([
      expect.objectContaining({ month: '2026-01', received: 2, disposed: 3, onTime: 1 }),
      expect.objectContaining({ month: '2026-02', received: 2, disposed: 1, onTime: 1 }),
      expect.objectContaining({ month: '2026-03', received: 2, disposed: 1, onTime: 1 }),
    ]);
    // ranked by delay: the tehsil (late 1 + beyond 1 of 3 + 1) before the Collectorate (late 1 of 2 + 1)
    expect(r.body.ranking.offices.map((o: any) => [o.office.code, o.delayed, o.delayPct])).toEqual([
      ['PBT-TEH-SADAR', 2, 50],
      ['PBT-DM', 1, 33.33],
    ]);
    expect(r.body.ranking.departments).toEqual([
      expect.objectContaining({ department: expect.objectContaining({ code: 'PBT-DM' }), offices: 2, delayed: 3 }),
    ]);
  });

  it('the Commission: every office (a median of an even count)', async () => {
    const r = await c.commission.get(`/api/rts/dashboard?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.scope).toMatchObject({ kind: 'state', office: null });
    expect(r.body.totals).toMatchObject({
      received: 8,
      disposed: 6,
      onTime: 4,
      processingRate: 75,
      onTimePct: 66.67,
      medianDays: 3,
      averageDays: 4,
      pending: 3,
      beyond: 1,
      pendencyPct: 33.33,
    });
    expect(r.body.offices.map((o: any) => o.office.code)).toEqual(['PBT-DM', 'PBT-PS-KOTWALI', 'PBT-TEH-SADAR']);
    expect(r.body.ranking.departments.map((d: any) => d.department.code).sort()).toEqual(['PBT-DM', 'PBT-SP']);
    // narrowed to the police: only the station
    const sp = await c.commission.get(`/api/rts/dashboard?${Q}&officeId=${office.get('PBT-SP')}`);
    expect(sp.body.totals).toMatchObject({ received: 2, disposed: 1, onTime: 1, pending: 1, beyond: 0 });
  });

  it('a service filter; an unknown service and a bad period are refused in words', async () => {
    expect((await c.dm.get(`/api/rts/dashboard?${Q}&serviceCode=EPASS`)).body.totals.received).toBe(6);
    expect((await c.dm.get(`/api/rts/dashboard?${Q}&serviceCode=NOSUCH`)).status).toBe(404);
    const bad = await c.dm.get('/api/rts/dashboard?from=2026-05&to=2026-01');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/first month/);
    expect((await c.dm.get('/api/rts/dashboard?from=2026-13')).status).toBe(400);
  });
});

describe('scope', () => {
  it('the SP sees only the police; an SHO, an SDM and the admin get 404; the DM may not narrow to a police station', async () => {
    const sp = await c.sp.get(`/api/rts/dashboard?${Q}`);
    expect(sp.body.offices.map((o: any) => o.office.code)).toEqual(['PBT-PS-KOTWALI']);
    for (const who of ['sho', 'sdm', 'admin'] as const) {
      const r = await c[who].get(`/api/rts/dashboard?${Q}`);
      expect(r.status, who).toBe(404);
      expect((await c[who].get('/api/rts/access')).body).toEqual({ dashboard: false, scope: null });
      expect((await c[who].get(`/api/rts/dashboard/applications?${Q}`)).status).toBe(404);
      expect((await c[who].get(`/api/rts/dashboard/feedback?${Q}`)).status).toBe(404);
    }
    expect((await c.dm.get('/api/rts/access')).body).toEqual({ dashboard: true, scope: 'offices' });
    expect((await c.commission.get('/api/rts/access')).body).toEqual({ dashboard: true, scope: 'state' });
    expect((await c.dm.get(`/api/rts/dashboard?${Q}&officeId=${office.get('PBT-PS-KOTWALI')}`)).status).toBe(404);
    expect((await c.dm.get(`/api/rts/dashboard/applications?${Q}&atOfficeId=${office.get('PBT-PS-KOTWALI')}`)).status).toBe(404);
    expect((await c.dm.get(`/api/rts/dashboard/applications?${Q}&postId=${post.get('PBT-PS-KOTWALI-SHO')}`)).status).toBe(404);
    expect((await new ApiClient(system.url!).get(`/api/rts/dashboard?${Q}`)).status).toBe(401);
  });
});

describe('drill-down', () => {
  it('lists the applications behind each figure, with the same totals, and links them', async () => {
    const list = async (q: string) => (await c.dm.get(`/api/rts/dashboard/applications?${Q}&${q}`)).body;
    const refs = (b: any) => b.items.map((i: any) => i.subject.replace('RTS test application ', '')).sort();
    expect(refs(await list('kind=received'))).toEqual(['1', '2', '3', '4', '5', '6']);
    expect((await list('kind=received')).total).toBe(6);
    expect(refs(await list('kind=disposed'))).toEqual(['1', '2', '3', '5', '7']);
    const late = await list('kind=late');
    expect(refs(late)).toEqual(['2', '7']);
    expect(late.total).toBe(2);
    expect(late.items.find((i: any) => i.id === ids[2])).toMatchObject({ onTime: false, days: 10, daysLate: 5, rtsDueDate: '2026-01-15' });
    expect(refs(await list('kind=pending'))).toEqual(['4', '6']);
    const beyond = await list('kind=beyond');
    expect(beyond).toMatchObject({ total: 1, items: [{ id: ids[4], status: 'open', designated: { code: 'PBT-TEH-SADAR-SDM' } }] });
    expect(refs(await list(`kind=disposed&atOfficeId=${office.get('PBT-DM')}`))).toEqual(['5', '7']);
    expect(refs(await list(`kind=received&postId=${post.get('PBT-TEH-SADAR-SDM')}`))).toEqual(['1', '2', '3', '4']);
    // opening one: read-only access for the DM (audited); outside the scope, or for an SHO, nothing
    expect((await c.dm.get(`/api/applications/${ids[1]}`)).status).toBe(404);
    const opened = await c.dm.post(`/api/rts/dashboard/applications/${ids[1]}/inspect`);
    expect(opened.body).toEqual({ id: ids[1], granted: true });
    expect((await c.dm.get(`/api/applications/${ids[1]}`)).status).toBe(200);
    expect((await c.dm.post(`/api/rts/dashboard/applications/${ids[1]}/inspect`)).body.granted).toBe(false);
    expect(
      (await db.query(`select count(*)::int as n from audit_event where action = 'application.inspect' and object_id = $1`, [ids[1]]))
        .rows[0].n,
    ).toBe(1);
    expect((await c.dm.post(`/api/rts/dashboard/applications/${ids[8]}/inspect`)).status).toBe(404);
    expect((await c.sho.post(`/api/rts/dashboard/applications/${ids[1]}/inspect`)).status).toBe(404);
    const page = await list('kind=received&pageSize=2&page=2');
    expect(page).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
  });
});

describe('exports', () => {
  it('the dashboard as CSV and PDF in Hindi, the drill-down and the feedback as CSV', async () => {
    c.dm.lang = 'hi';
    const csv = await c.dm.get(`/api/rts/dashboard/export?${Q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="?rts-dashboard-/);
    expect(csv.body).toContain('सेवा का अधिकार डैशबोर्ड');
    expect(csv.body).toContain('83.33');
    const pdf = await fetch(`${system.url}/api/rts/dashboard/export?${Q}&format=pdf`, {
      headers: { cookie: c.dm.cookieHeader(), 'accept-language': 'hi' },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    c.dm.lang = 'en';
    const drill = await c.dm.get(`/api/rts/dashboard/applications/export?${Q}&kind=late&format=csv`);
    expect(drill.status).toBe(200);
    expect(drill.body).toContain('Applications disposed of late');
    expect(drill.body.split('\n').filter((l: string) => l.includes('RTS/TEST/'))).toHaveLength(2);
    const fb = await c.dm.get(`/api/rts/dashboard/feedback/export?${Q}&format=csv`);
    expect(fb.status).toBe(200);
    expect(fb.body).toContain('Too slow');
    expect((await c.sho.get(`/api/rts/dashboard/export?${Q}&format=csv`)).status).toBe(404);
  });
});

describe('feedback', () => {
  it('ratings per service, office and officer, with the comments, for the supervisor only', async () => {
    const r = await c.dm.get(`/api/rts/dashboard/feedback?${Q}`);
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ count: 3, average: 3.67, stars: [0, 1, 0, 1, 1], disposed: 5 });
    expect(r.body.officers.map((o: any) => [o.post.code, o.count, o.average])).toEqual([
      ['PBT-DM-ADM', 1, 4],
      ['PBT-TEH-SADAR-SDM', 2, 3.5],
    ]);
    expect(r.body.offices.map((o: any) => o.office.code)).toEqual(['PBT-DM', 'PBT-TEH-SADAR']);
    expect(r.body.comments.total).toBe(3);
    // comments first, newest first
    expect(r.body.comments.items.map((i: any) => i.feedback)).toEqual(['Too slow', 'Quick and polite', null]);
    const sp = await c.sp.get(`/api/rts/dashboard/feedback?${Q}`);
    expect(sp.body.totals).toMatchObject({ count: 1, average: 1 });
    // a rating given now for a disposal of February: the finished month's figures are read again
    await db.query(`update application set rating = 3 where id = $1`, [ids[3]]);
    expect((await c.dm.get(`/api/rts/dashboard/feedback?${Q}`)).body.totals).toEqual({
      count: 4,
      average: 3.5,
      stars: [0, 1, 1, 1, 1],
      disposed: 5,
    });
    expect((await c.dm.get(`/api/rts/dashboard?${Q}`)).body.totals.rating).toEqual({ average: 3.5, count: 4 });
    await db.query(`update application set rating = null where id = $1`, [ids[3]]);
    expect((await c.dm.get(`/api/rts/dashboard?${Q}`)).body.totals.rating).toEqual({ average: 3.67, count: 3 });
  });
});

describe('the public catalogue and live figures', () => {
  it('shows each service’s on-time record over the last 12 months; deciding an application moves the figures at once', async () => {
    const month = new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 7);
    const before = (await c.dm.get(`/api/rts/dashboard?from=${month}&to=${month}`)).body;
    const catalogue = async () =>
      (await new ApiClient(system.url!).get('/api/public/services')).body.items.find((s: any) => s.code === 'EPASS').onTime;
    const record = await catalogue();
    expect(record).toMatchObject({ months: 12 });
    // an application filed now, due in the future, rejected by the SDM through the API: on time
    await app(10, {
      office: 'PBT-TEH-SADAR',
      post: 'PBT-TEH-SADAR-SDM',
      created: new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 16).replace('T', ' '),
      due: '2099-01-01',
    });
    await db.query(`update application set stage = 'submitted', held_since = now() where id = $1`, [ids[10]]);
    await db.query(`insert into item_access (item_type, item_id, post_id, read_only, granted_at) values ('appln', $1, $2, false, now())`, [
      ids[10],
      post.get('PBT-TEH-SADAR-SDM'),
    ]);
    const mid = (await c.dm.get(`/api/rts/dashboard?from=${month}&to=${month}`)).body;
    expect(mid.totals.received).toBe(before.totals.received + 1);
    expect(mid.totals.pending).toBe(before.totals.pending + 1);
    const version = (await c.sdm.get(`/api/applications/${ids[10]}`)).body.version;
    const rejected = await c.sdm.post(`/api/applications/${ids[10]}/actions/reject`, {
      version,
      reason: 'incomplete',
      remarks: 'Documents missing',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const after = (await c.dm.get(`/api/rts/dashboard?from=${month}&to=${month}`)).body;
    expect(after.totals.disposed).toBe(before.totals.disposed + 1);
    expect(after.totals.onTime).toBe(before.totals.onTime + 1);
    expect(after.totals.pending).toBe(before.totals.pending);
    const sadar = after.offices.find((o: any) => o.office.code === 'PBT-TEH-SADAR');
    expect(sadar.onTimePct).toBe(100);
    expect(await catalogue()).toMatchObject({ disposed: record.disposed + 1, onTimePct: expect.any(Number) });
  });
});
