/**
 * Right to Service appeals (issue 17), with the daily run's clock in the test's hands: a missed timeline
 * files exactly one First Appeal (two runs at once included); a decision in time files none; an appeal
 * not disposed of in time goes to the Second Appellate Authority and then the Commission; the designated
 * officer replies, the authority orders delivery with a penalty and compensation, all audited; the
 * applicant follows their appeal and appeals a rejection within its period; nobody else sees any of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { lastSms as smsTo, signInCitizen } from '../support/citizen.js';
import { runRtsAppeals } from '../../backend/src/modules/rts/index.js';
import { WorkingCalendar, addDays } from '../../backend/src/modules/pendency/working-calendar.js';

let system: TestSystem;
let db: pg.Pool;
const areas = new Map<string, string>();

beforeAll(async () => {
  system = await bootSystem({ env: { OTP_PER_MOBILE: '50', OTP_PER_IP: '500' } });
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from area`)).rows) areas.set(r.code, r.id);
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

let nextMobile = 9_300_000_100;
const DAY = 86_400_000;
const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * DAY);

const lastSms = (mobile: string, related?: string) => smsTo(db, mobile, related);
async function citizen(lang: 'hi' | 'en' = 'en') {
  const mobile = String(nextMobile++);
  return { client: await signInCitizen(system.url!, db, mobile, lang), mobile };
}
let nextDate = 1;
/** An in-district e-pass: routed to the SDM of Pilibhit Sadar (the designated officer); its timeline is one working day. */
async function fileEpass(client: ApiClient) {
  const res = await client.post('/api/public/applications', {
    service: 'EPASS',
    data: {
      name: 'Sunita Devi',
      mobile: '9876543210',
      category: 'medical',
      from: { areaId: areas.get('PBT-L-SUNGARHI'), line: 'House 4' },
      to: { areaId: areas.get('PBT-L-KHAKRA'), line: 'Bazaar' },
      travelDate: plusDays(nextDate++),
      persons: 1,
      idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
    },
    confirmDuplicate: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; referenceNumber: string };
}
const appealsOf = async (applicationId: string) =>
  (
    await db.query(
      `select r.*, to_char(r.due_date, 'YYYY-MM-DD') as due, p.code as holder from rts_appeal r join post p on p.id = r.holder_post_id
        where r.application_id = $1 order by r.filed_at`,
      [applicationId],
    )
  ).rows;

describe('the Right to Service clock', () => {
  it('gives every application its RTS due date, shown to staff and the applicant; it pauses while returned and resumes on resubmission', async () => {
    const { client } = await citizen();
    const filed = await fileEpass(client);
    const mine = await client.get(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}`);
    expect(mine.body.rts.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(mine.body.rts.dueDate >= today()).toBe(true);
    expect(mine.body.rts).toMatchObject({ paused: false, overdue: false, onTime: null });
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    const app = (await sdm.get(`/api/applications/${filed.id}`)).body;
    expect(app.rts.dueDate).toBe(mine.body.rts.dueDate);
    const back = await sdm.post(`/api/applications/${filed.id}/actions/returnForCorrection`, {
      version: app.version,
      remarks: 'Attach the prescription',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const paused = (await sdm.get(`/api/applications/${filed.id}`)).body;
    expect(paused.rts).toMatchObject({ dueDate: null, paused: true });
    expect(paused.rts.daysLeft).toBeGreaterThanOrEqual(0);
    // while paused, no appeal however late
    await runRtsAppeals(system.deps, { asOf: inDays(20) });
    expect(await appealsOf(filed.id)).toHaveLength(0);
    const current = (await client.get(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}`)).body;
    const resubmitted = await client.post(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}/resubmit`, {
      version: current.version,
      data: { ...current.data, idProof: { kind: 'aadhaar', number: '2345 6789 0123' } },
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    const after = (await sdm.get(`/api/applications/${filed.id}`)).body;
    expect(after.rts.paused).toBe(false);
    expect(after.rts.dueDate >= today()).toBe(true);
    // decided in time: on time, and no appeal ever
    const approved = await sdm.post(`/api/applications/${filed.id}/actions/approve`, { version: after.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect((await sdm.get(`/api/applications/${filed.id}`)).body.rts.onTime).toBe(true);
    await runRtsAppeals(system.deps, { asOf: inDays(40) });
    expect(await appealsOf(filed.id)).toHaveLength(0);
  });
});

/** The calendar of an office as the server keeps it, rebuilt in TypeScript from the API (weekly offs and holidays). */
async function calendarOf(admin: ApiClient, officeId: string): Promise<WorkingCalendar> {
  const config = (await admin.get('/api/pendency/config')).body;
  const holidays = (await admin.get(`/api/pendency/holidays?officeId=${officeId}`)).body.items.map((h: any) => h.date);
  const week = config.workWeeks.find((w: any) => w.officeId === officeId) ?? config.workWeeks.find((w: any) => w.officeId === null);
  return WorkingCalendar.span(addDays(today(), -30), addDays(today(), 400), week, holidays);
}

describe('the clock counts working days', () => {
  it('of the office the application was routed to: its weekly offs and a holiday declared above it', async () => {
    const admin = await loggedIn(system.url!, 'admin');
    const offices = new Map((await db.query(`select code, id from office`)).rows.map((r) => [r.code, r.id]));
    const tehsil = offices.get('PBT-TEH-SADAR')!;
    const { client } = await citizen();
    const first = await fileEpass(client);
    const before = await calendarOf(admin, tehsil);
    const due = (await client.get(`/api/public/applications/${encodeURIComponent(first.referenceNumber)}`)).body.rts.dueDate;
    expect(due).toBe(before.addWorkingDays(today(), 1));
    // the Collectorate declares that day a holiday for itself and the offices under it: a new filing's timeline steps over it
    const holiday = await admin.post('/api/pendency/holidays', {
      officeId: offices.get('PBT-DM'),
      date: due,
      name: { en: 'RTS test holiday', hi: 'परीक्षण अवकाश' },
    });
    expect(holiday.status, JSON.stringify(holiday.body)).toBe(201);
    try {
      const after = await calendarOf(admin, tehsil);
      const second = await fileEpass(client);
      const due2 = (await client.get(`/api/public/applications/${encodeURIComponent(second.referenceNumber)}`)).body.rts.dueDate;
      expect(due2).toBe(after.addWorkingDays(today(), 1));
      expect(due2 > due).toBe(true);
    } finally {
      expect((await admin.request('DELETE', `/api/pendency/holidays/${holiday.body.id}`)).status).toBe(204);
    }
  });
});

describe('automatic appeals', () => {
  it('files exactly one First Appeal when the timeline passes, however many runs (even at once); then the Second, then the Commission', async () => {
    const { client, mobile } = await citizen('hi');
    const filed = await fileEpass(client);
    // not yet due: nothing
    await runRtsAppeals(system.deps, { asOf: new Date() });
    expect(await appealsOf(filed.id)).toHaveLength(0);

    const reports = await Promise.all([1, 2, 3].map(() => runRtsAppeals(system.deps, { asOf: inDays(10) })));
    expect(reports.reduce((n, r) => n + r.filed, 0)).toBeGreaterThanOrEqual(1);
    let [appeal] = await appealsOf(filed.id);
    expect(await appealsOf(filed.id)).toHaveLength(1);
    expect(appeal).toMatchObject({ level: 1, status: 'pending', grounds: 'delay', by_applicant: false, holder: 'PBT-DM-ADM' });
    expect(appeal.number).toMatch(/^APL\/PBT\/DM\/\d{4}\/\d{6}$/);
    expect(await lastSms(mobile, 'rts_appeal')).toMatch(/प्रथम अपीलीय अधिकारी/);
    const audit = await db.query(`select action from audit_event where object_type = 'rts_appeal' and object_id = $1`, [appeal.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['rts.appeal.file']);
    // the application moved nowhere: the designated officer still holds it and must still deliver
    expect(
      (await db.query(`select p.code from application a join post p on p.id = a.holder_post_id where a.id = $1`, [filed.id])).rows[0].code,
    ).toBe('PBT-TEH-SADAR-SDM');

    // the First Appellate Authority lets its 30 working days pass: the Second (the DM), then the Commission
    await Promise.all([runRtsAppeals(system.deps, { asOf: inDays(70) }), runRtsAppeals(system.deps, { asOf: inDays(70) })]);
    [appeal] = await appealsOf(filed.id);
    expect(appeal).toMatchObject({ level: 2, holder: 'PBT-DM-DM', status: 'pending' });
    expect(appeal.due > plusDays(70)).toBe(true);
    await runRtsAppeals(system.deps, { asOf: inDays(140) });
    [appeal] = await appealsOf(filed.id);
    expect(appeal).toMatchObject({ level: 3, holder: 'UP-RTSC-CHIEF' });
    await runRtsAppeals(system.deps, { asOf: inDays(300) });
    expect((await appealsOf(filed.id))[0]).toMatchObject({ level: 3, holder: 'UP-RTSC-CHIEF' });
    const steps = await db.query(`select kind, level from rts_appeal_step where appeal_id = $1 order by seq`, [appeal.id]);
    expect(steps.rows).toEqual([
      { kind: 'filed', level: 1 },
      { kind: 'escalated', level: 2 },
      { kind: 'escalated', level: 3 },
    ]);
    expect(await lastSms(mobile, 'rts_appeal')).toMatch(/सेवा का अधिकार आयोग/);

    // each authority it reached may see it (and the application); a post it never reached may not
    const commission = await loggedIn(system.url!, 'rts.commission');
    expect((await commission.get(`/api/rts/appeals/${appeal.id}`)).status).toBe(200);
    expect((await commission.get(`/api/applications/${filed.id}`)).status).toBe(200);
    const other = await loggedIn(system.url!, 'sdm.bisalpur');
    expect((await other.get(`/api/rts/appeals/${appeal.id}`)).status).toBe(404);
    expect((await other.get(`/api/rts/appeals?box=all`)).body.items.map((a: any) => a.id)).not.toContain(appeal.id);
  });
});

describe('hearing an appeal', () => {
  it('the designated officer replies; the authority orders delivery with a penalty on the officer and compensation; all audited and told', async () => {
    const { client, mobile } = await citizen();
    const filed = await fileEpass(client);
    await runRtsAppeals(system.deps, { asOf: inDays(10) });
    const [row] = await appealsOf(filed.id);
    const adm = await loggedIn(system.url!, 'adm');
    const sdm = await loggedIn(system.url!, 'sdm.sadar');

    const held = await adm.get('/api/rts/appeals?box=held&status=pending&pageSize=100');
    expect(held.status).toBe(200);
    expect(held.body.items.map((a: any) => a.id)).toContain(row.id);
    const against = await sdm.get('/api/rts/appeals?box=designated&pageSize=100');
    expect(against.body.items.map((a: any) => a.id)).toContain(row.id);

    let seen = (await adm.get(`/api/rts/appeals/${row.id}`)).body;
    expect(seen.abilities).toEqual({ decide: true, reply: false });
    expect(seen.application.referenceNumber).toBe(filed.referenceNumber);
    expect(seen.missedOn < plusDays(10)).toBe(true);
    const bySdm = (await sdm.get(`/api/rts/appeals/${row.id}`)).body;
    expect(bySdm.abilities).toEqual({ decide: false, reply: true });
    // the designated officer may not decide, the authority may not reply
    const notHers = await sdm.post(`/api/rts/appeals/${row.id}/decide`, {
      version: bySdm.version,
      decision: 'dismissed',
      remarks: 'Not proven here',
    });
    expect(notHers.status).toBe(409);
    expect(notHers.body.error).toBe('NOT_WITH_YOU');
    expect((await adm.post(`/api/rts/appeals/${row.id}/reply`, { version: seen.version, reply: 'my reply' })).status).toBe(403);

    const replied = await sdm.post(`/api/rts/appeals/${row.id}/reply`, {
      version: bySdm.version,
      reply: 'The applicant’s documents arrived late.',
    });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.reply).toBe('The applicant’s documents arrived late.');

    // a stale version is a conflict carrying the current appeal; a bad decision is refused field by field
    const stale = await adm.post(`/api/rts/appeals/${row.id}/decide`, {
      version: seen.version,
      decision: 'dismissed',
      remarks: 'Not proven',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.details.current.reply).toBe('The applicant’s documents arrived late.');
    seen = stale.body.details.current;
    const bad = await adm.post(`/api/rts/appeals/${row.id}/decide`, {
      version: seen.version,
      decision: 'order_delivery',
      penalty: { amount: -5, reason: '' },
      remarks: 'x',
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.details.issues.map((i: any) => i.path.join('.'));
    for (const p of ['orderDays', 'penalty.amount', 'penalty.reason', 'remarks']) expect(paths, p).toContain(p);

    const decided = await adm.post(`/api/rts/appeals/${row.id}/decide`, {
      version: seen.version,
      decision: 'order_delivery',
      orderDays: 3,
      orderText: 'Deliver the pass within three working days.',
      penalty: { amount: 500, reason: 'Delay without cause' },
      compensationAmount: 250,
      remarks: 'The delay is not explained by the reply.',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'decided', decision: 'order_delivery', orderDays: 3, compensationAmount: 250 });
    expect(decided.body.orderDueDate > today()).toBe(true);
    expect(decided.body.penalty).toMatchObject({ amount: 500, reason: 'Delay without cause' });
    expect(decided.body.penalty.officer.post.code).toBe('PBT-TEH-SADAR-SDM');
    expect(decided.body.penalty.officer.name.en).toBeTruthy();
    expect(decided.body.abilities).toEqual({ decide: false, reply: false });
    // the application is now most immediate in the designated officer's inbox, due by the order at the latest
    const app = (await sdm.get(`/api/applications/${filed.id}`)).body;
    expect(app.dueDate <= decided.body.orderDueDate).toBe(true); // the earlier of its own deadline and the order's
    expect((await db.query(`select priority from application where id = $1`, [filed.id])).rows[0].priority).toBe('most_immediate');
    // decided once
    const again = await adm.post(`/api/rts/appeals/${row.id}/decide`, {
      version: decided.body.version,
      decision: 'dismissed',
      remarks: 'again',
    });
    expect(again.status).toBe(422);

    const audit = await db.query(
      `select action, details from audit_event where object_type = 'rts_appeal' and object_id = $1 order by seq`,
      [row.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['rts.appeal.file', 'rts.appeal.reply', 'rts.appeal.decide']);
    expect(audit.rows[2].details).toMatchObject({ penaltyAmount: 500, compensationAmount: 250, decision: 'order_delivery' });
    expect(await lastSms(mobile, 'rts_appeal')).toMatch(/ordered the service delivered/);

    // the applicant sees the appeal and the order — the authority by designation, no officer's name
    const theirs = await client.get(`/api/public/applications/${encodeURIComponent(filed.referenceNumber)}/appeals`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toHaveLength(1);
    expect(theirs.body.items[0]).toMatchObject({
      number: row.number,
      level: 1,
      status: 'decided',
      decision: 'order_delivery',
      compensationAmount: 250,
    });
    expect(theirs.body.items[0].authority.designation.en).toMatch(/Additional District Magistrate/);
    expect(JSON.stringify(theirs.body)).not.toContain(decided.body.penalty.officer.name.en);
    expect(theirs.body.mayAppealUntil).toBeNull();
  });
});

describe('the applicant appeals a rejection', () => {
  it('within the period, once, to the First Appellate Authority; not an approval, not someone else’s', async () => {
    const { client } = await citizen();
    const filed = await fileEpass(client);
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    const v = (await sdm.get(`/api/applications/${filed.id}`)).body.version;
    expect((await sdm.post(`/api/applications/${filed.id}/actions/reject`, { version: v, reason: 'notEssential' })).status).toBe(200);
    const ref = encodeURIComponent(filed.referenceNumber);

    const before = await client.get(`/api/public/applications/${ref}/appeals`);
    expect(before.body).toEqual({ items: [], mayAppealUntil: plusDays(30) });
    const short = await client.post(`/api/public/applications/${ref}/appeal`, { grievance: 'no' });
    expect(short.status).toBe(400);
    const appealed = await client.post(`/api/public/applications/${ref}/appeal`, {
      grievance: 'My mother needs treatment in Pilibhit; the prescription was attached.',
    });
    expect(appealed.status, JSON.stringify(appealed.body)).toBe(201);
    expect(appealed.body).toMatchObject({ grounds: 'rejection', byApplicant: true, level: 1, status: 'pending' });
    expect(appealed.body.authority.designation.en).toMatch(/Additional District Magistrate/);
    const twice = await client.post(`/api/public/applications/${ref}/appeal`, { grievance: 'Once more, please look at it again.' });
    expect(twice.status).toBe(422);
    expect((await client.get(`/api/public/applications/${ref}/appeals`)).body.mayAppealUntil).toBeNull();
    const [row] = await appealsOf(filed.id);
    expect(row).toMatchObject({ holder: 'PBT-DM-ADM', by_applicant: true });
    const audit = await db.query(`select action, actor_label from audit_event where object_type = 'rts_appeal' and object_id = $1`, [
      row.id,
    ]);
    expect(audit.rows.map((r) => r.action)).toEqual(['rts.appeal.file']);

    // someone else's application: not found; an approved one: nothing to appeal
    const stranger = await citizen();
    expect((await stranger.client.get(`/api/public/applications/${ref}/appeals`)).status).toBe(404);
    expect((await stranger.client.post(`/api/public/applications/${ref}/appeal`, { grievance: 'I want to appeal this one.' })).status).toBe(
      404,
    );
    const ok = await fileEpass(client);
    const v2 = (await sdm.get(`/api/applications/${ok.id}`)).body.version;
    expect((await sdm.post(`/api/applications/${ok.id}/actions/approve`, { version: v2 })).status).toBe(200);
    const notRejected = await client.post(`/api/public/applications/${encodeURIComponent(ok.referenceNumber)}/appeal`, {
      grievance: 'I want to appeal this one too.',
    });
    expect(notRejected.status).toBe(422);
  });
});
