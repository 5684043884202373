import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { istDate } from '../../backend/src/shared/dates.js';
import { WorkingCalendar, addDays } from '../../backend/src/modules/pendency/working-calendar.js';
import { pendencyChecksJob } from '../../backend/src/modules/pendency/pendency-checks.job.js';
import { runPendencyChecks } from '../../backend/src/modules/pendency/run-pendency-checks.js';
import { compactTallies } from '../../backend/src/modules/pendency/pendency-maintenance.js';
import type { Hint } from '../../backend/src/shared/hints.js';

/**
 * Pendency through the HTTP API on the real system: scope (SP sees the district, an SHO only the
 * station, 404 beyond), graded items counted but withheld, due dates from rules, registers,
 * explicit dates and the working-day calendar (computed in SQL, checked against the TypeScript
 * arithmetic), delay reasons, the reminder/escalation job on a controllable clock, notifications
 * and the outbox, exports, live hints, and every bad request's error.
 */
let system: TestSystem;
let base: string;
let c: Record<'admin' | 'sp' | 'asp' | 'co' | 'coBsp' | 'sho' | 'munshi' | 'shoSgh' | 'munshiSgh' | 'reader' | 'dak', ApiClient>;
let posts: Record<string, string>;
let offices: Record<string, string>;
const today = istDate();
let run = 0;

const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);

async function receipt(client: ApiClient, subject: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/receipts', {
    receivedDate: today,
    mode: 'post',
    sender: 'Test sender',
    subject: `${subject} #${++run}`,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.receipt;
}
async function send(
  client: ApiClient,
  type: 'receipts' | 'files',
  item: { id: string; version: number },
  to: string,
  extra: Record<string, unknown> = {},
) {
  const res = await client.post(`/api/${type}/${item.id}/send`, { version: item.version, toPostId: posts[to], ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...item, ...res.body };
}
const detail = async (client: ApiClient, type: string, id: string) => {
  const res = await client.get(`/api/pendency/items/${type}/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const postCounts = (summary: any, code: string) =>
  summary.offices.flatMap((o: any) => o.sections.flatMap((s: any) => s.posts)).find((p: any) => p.post.code === code)?.totals;

/** The calendar the server uses, rebuilt in TypeScript from the API (weekly offs and holidays). */
async function calendarOf(officeCode: string): Promise<WorkingCalendar> {
  const config = (await c.admin.get('/api/pendency/config')).body;
  const holidays = (await c.admin.get(`/api/pendency/holidays?officeId=${offices[officeCode]}`)).body.items.map((h: any) => h.date);
  const week =
    config.workWeeks.find((w: any) => w.officeId === offices[officeCode]) ?? config.workWeeks.find((w: any) => w.officeId === null);
  return WorkingCalendar.span(addDays(today, -400), addDays(today, 400), week, holidays);
}

function socketOf(client: ApiClient): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  const users = {
    admin: 'admin',
    sp: 'sp',
    asp: 'asp',
    co: 'co.city',
    coBsp: 'co.bisalpur',
    sho: 'sho.kotwali',
    munshi: 'munshi.kotwali',
    shoSgh: 'sho.sungarhi',
    munshiSgh: 'munshi.sungarhi',
    reader: 'reader.sp',
    dak: 'dak.sp',
  } as const;
  const entries = await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await loggedIn(base, u)] as const));
  c = Object.fromEntries(entries) as typeof c;
  posts = Object.fromEntries((await c.admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  offices = Object.fromEntries((await c.admin.get('/api/org/offices')).body.items.map((o: any) => [o.code, o.id]));
});
afterAll(async () => system?.stop());

describe('scope', () => {
  let r1: any;
  let r3: any;
  beforeAll(async () => {
    r1 = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Land dispute at Barkhera'), 'PBT-PS-KOTWALI-SHO');
    await send(c.munshiSgh, 'receipts', await receipt(c.munshiSgh, 'Illegal mining at Madhotanda'), 'PBT-PS-SUNGARHI-SHO');
    r3 = await send(
      c.munshi,
      'receipts',
      await receipt(c.munshi, 'Intelligence input, planned procession', { grading: 'confidential' }),
      'PBT-PS-KOTWALI-SHO',
    );
  });

  it('the SP sees every police office of the district, office → section → post', async () => {
    const s = (await c.sp.get('/api/pendency/summary')).body;
    expect(s.scope.kind).toBe('offices');
    expect(s.scope.office.code).toBe('PBT-SP');
    const codes = s.offices.map((o: any) => o.office.code);
    expect(codes).toEqual(
      expect.arrayContaining(['PBT-SP', 'PBT-CO-CITY', 'PBT-PS-KOTWALI', 'PBT-PS-SUNGARHI', 'PBT-CO-BSP', 'PBT-PS-AMARIYA']),
    );
    expect(codes).not.toContain('PBT-DM'); // the Collectorate is not under the SP
    expect(codes.indexOf('PBT-CO-CITY')).toBeLessThan(codes.indexOf('PBT-PS-KOTWALI')); // parents first
    expect(s.offices.find((o: any) => o.office.code === 'PBT-PS-KOTWALI').depth).toBe(2);
    expect(postCounts(s, 'PBT-PS-KOTWALI-SHO').pending).toBeGreaterThanOrEqual(2);
    expect(postCounts(s, 'PBT-PS-SUNGARHI-SHO').pending).toBeGreaterThanOrEqual(1);
    // a post with nothing pending is listed with zeros
    expect(postCounts(s, 'PBT-PS-AMARIYA-SHO')).toMatchObject({ pending: 0, overdue: 0 });
    // the totals add up
    const sum = s.offices.reduce((n: number, o: any) => n + o.totals.pending, 0);
    expect(s.totals.pending).toBe(sum);
    expect(s.totals.dwell.upTo7 + s.totals.dwell.upTo15 + s.totals.dwell.upTo30 + s.totals.dwell.over30).toBe(s.totals.pending);
    expect(s.totals.age.upTo7 + s.totals.age.upTo15 + s.totals.age.upTo30 + s.totals.age.over30).toBe(s.totals.pending);
    // the confidential receipt is counted, and counted as withheld from the SP
    expect(postCounts(s, 'PBT-PS-KOTWALI-SHO').hidden).toBeGreaterThanOrEqual(1);
    expect(s.trend).toHaveLength(12);
    expect(s.trend.at(-1).weekStart <= today && s.trend.at(-1).weekEnd >= today).toBe(true);
    expect(s.trend.at(-1).received).toBeGreaterThanOrEqual(3);
  });

  it('an SHO sees only the station; another station is 404, in the summary, the drill-down and one item', async () => {
    const s = (await c.sho.get('/api/pendency/summary')).body;
    expect(s.offices.map((o: any) => o.office.code)).toEqual(['PBT-PS-KOTWALI']);
    expect(JSON.stringify(s)).not.toContain('SUNGARHI');
    for (const path of [
      `/api/pendency/summary?officeId=${offices['PBT-PS-SUNGARHI']}`,
      `/api/pendency/items?officeId=${offices['PBT-PS-SUNGARHI']}`,
      `/api/pendency/items?postId=${posts['PBT-PS-SUNGARHI-SHO']}`,
      `/api/pendency/summary/export?format=csv&officeId=${offices['PBT-PS-SUNGARHI']}`,
      `/api/pendency/disposal?officeId=${offices['PBT-SP']}`,
    ]) {
      const res = await c.sho.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error).toBe('NOT_FOUND');
    }
    // the Sungarhi SHO cannot look at a Kotwali item either
    expect((await c.shoSgh.get(`/api/pendency/items/receipt/${r1.id}`)).status).toBe(404);
    // the Kotwali drill-down lists only Kotwali
    const items = (await c.sho.get('/api/pendency/items?pageSize=200')).body.items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items.map((i: any) => i.office.code))).toEqual(new Set(['PBT-PS-KOTWALI']));
  });

  it('a circle officer sees the circle’s stations, not the other circle’s', async () => {
    const codes = (await c.co.get('/api/pendency/summary')).body.offices.map((o: any) => o.office.code);
    expect(codes).toEqual(['PBT-CO-CITY', 'PBT-PS-JAHANABAD', 'PBT-PS-KOTWALI', 'PBT-PS-SUNGARHI']);
    expect((await c.coBsp.get(`/api/pendency/items?officeId=${offices['PBT-PS-KOTWALI']}`)).status).toBe(404);
  });

  it('a post without supervision sees only its own items and no office trend', async () => {
    const s = (await c.munshi.get('/api/pendency/summary')).body;
    expect(s.scope.kind).toBe('post');
    expect(s.offices).toHaveLength(1);
    expect(s.offices[0].sections.flatMap((x: any) => x.posts).map((p: any) => p.post.code)).toEqual(['PBT-PS-KOTWALI-MUNSHI']);
    expect(s.trend).toEqual([]);
    expect((await c.munshi.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}`)).status).toBe(404);
  });

  it('graded items the viewer may not see are listed as hidden rows: counted, particulars withheld', async () => {
    const rows = (await c.sp.get(`/api/pendency/items?officeId=${offices['PBT-PS-KOTWALI']}&pageSize=200`)).body;
    const open = rows.items.find((i: any) => i.id === r1.id);
    expect(open).toMatchObject({ hidden: false, number: r1.diaryNumber, grading: 'normal' });
    expect(open.subject).toContain('Land dispute');
    const hidden = rows.items.find((i: any) => i.id === r3.id);
    expect(hidden).toMatchObject({ hidden: true, number: null, subject: null, category: null, grading: 'confidential' });
    expect(hidden.holder.code).toBe('PBT-PS-KOTWALI-SHO');
    expect(JSON.stringify(rows)).not.toContain('Intelligence input');
    // the same list without them
    const visibleOnly = (await c.sp.get(`/api/pendency/items?officeId=${offices['PBT-PS-KOTWALI']}&hidden=false&pageSize=200`)).body;
    expect(visibleOnly.items.map((i: any) => i.id)).not.toContain(r3.id);
    expect(visibleOnly.total).toBe(rows.total - rows.items.filter((i: any) => i.hidden).length);
    // the SHO holding it sees it in full
    const sho = (await c.sho.get('/api/pendency/items?pageSize=200')).body.items.find((i: any) => i.id === r3.id);
    expect(sho).toMatchObject({ hidden: false, number: r3.diaryNumber });
    expect((await c.sp.get(`/api/pendency/items/receipt/${r3.id}`)).status).toBe(404);
  });

  it('the SP opens an ungraded item from the drill-down: read-only access, audited; a graded one stays closed', async () => {
    expect((await c.sp.get(`/api/receipts/${r1.id}`)).status).toBe(404);
    const d = await detail(c.sp, 'receipt', r1.id);
    expect(d.abilities).toEqual({ recordReason: false, setRegister: false, remind: true, open: true });
    const first = await c.sp.post(`/api/pendency/items/receipt/${r1.id}/inspect`);
    expect(first.body).toEqual({ type: 'receipt', id: r1.id, granted: true });
    const opened = await c.sp.get(`/api/receipts/${r1.id}`);
    expect(opened.status).toBe(200);
    expect(opened.body.abilities.send).toBe(false);
    expect((await c.sp.post(`/api/pendency/items/receipt/${r1.id}/inspect`)).body.granted).toBe(false);
    expect((await c.sp.post(`/api/pendency/items/receipt/${r3.id}/inspect`)).status).toBe(404);
    expect((await c.shoSgh.post(`/api/pendency/items/receipt/${r1.id}/inspect`)).status).toBe(404);
    const audit = await q(`select action, actor_post_id from audit_event where object_id = $1 and action = 'receipt.inspect'`, [r1.id]);
    expect(audit).toEqual([{ action: 'receipt.inspect', actor_post_id: posts['PBT-SP-SP'] }]);
  });
});

describe('due dates', () => {
  it('follow CSMOP para 60 by default: 7 working days with the holder, on the office calendar (SQL agrees with the arithmetic)', async () => {
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Default deadline'), 'PBT-PS-KOTWALI-SHO');
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const d = await detail(c.sho, 'receipt', r.id);
    expect(d.pending).toMatchObject({ dueSource: 'rule', overdue: false, dwellDays: 0, holder: { code: 'PBT-PS-KOTWALI-SHO' } });
    expect(d.due).toMatchObject({ explicit: null, register: null, ruleDays: 7, ruleDayKind: 'working' });
    expect(d.pending.dueDate).toBe(cal.addWorkingDays(today, 7));
    expect(d.due.remindOn).toBe(cal.addWorkingDays(d.pending.dueDate, -1));
  });

  it('an immediate item gets 3 working days; a date given on sending wins over every rule', async () => {
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const urgent = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Immediate', { priority: 'immediate' }), 'PBT-PS-KOTWALI-SHO');
    expect((await detail(c.sho, 'receipt', urgent.id)).pending.dueDate).toBe(cal.addWorkingDays(today, 3));
    const explicit = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Explicit date'), 'PBT-PS-KOTWALI-SHO', {
      dueDate: addDays(today, 40),
    });
    const d = await detail(c.sho, 'receipt', explicit.id);
    expect(d.pending).toMatchObject({ dueDate: addDays(today, 40), dueSource: 'explicit' });
  });

  it('an RTI application is due 30 calendar days after receipt, set when diarising or later by the holder', async () => {
    const received = addDays(today, -28);
    const rti = await receipt(c.munshi, 'RTI: FIR status', { receivedDate: received, register: 'rti', registerReference: 'RTI/118/2026' });
    let d = await detail(c.munshi, 'receipt', rti.id);
    expect(d.pending).toMatchObject({
      register: 'rti',
      reference: 'RTI/118/2026',
      dueSource: 'register',
      dueDate: addDays(received, 30),
      ageDays: 28,
    });
    // a court case entered later by the holder; taking it out of the register brings back the holder rule
    const other = await receipt(c.munshi, 'Writ petition 12/2026', { receivedDate: addDays(today, -20) });
    const set = await c.munshi.put(`/api/pendency/items/receipt/${other.id}/register`, { register: 'court', reference: 'WP 12/2026' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const cal = await calendarOf('PBT-PS-KOTWALI');
    expect(set.body.pending).toMatchObject({
      register: 'court',
      dueSource: 'register',
      dueDate: cal.addWorkingDays(addDays(today, -20), 15),
    });
    d = (await c.munshi.put(`/api/pendency/items/receipt/${other.id}/register`, { register: null })).body;
    expect(d.pending).toMatchObject({ register: null, dueSource: 'rule' });
    const audit = await q(`select action, details from audit_event where object_id = $1 and action = 'receipt.register-set' order by seq`, [
      other.id,
    ]);
    expect(audit.map((a) => a.details.register)).toEqual(['court', null]);
    // the register lists it while it is in it; the SP's RTI register shows the Kotwali RTI
    const reg = (await c.sp.get('/api/pendency/registers/rti')).body;
    expect(reg.items.find((i: any) => i.id === rti.id)).toMatchObject({ reference: 'RTI/118/2026', pending: true });
    expect(reg.deadline).toEqual({ days: 30, dayKind: 'calendar' });
    expect(reg.counts.pending).toBeGreaterThanOrEqual(1);
    // only the holder may change it
    expect((await c.sho.put(`/api/pendency/items/receipt/${rti.id}/register`, { register: null })).status).toBe(409);
  });

  it('a holiday added by the administrator moves due dates at once; removing it moves them back', async () => {
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Holiday shift'), 'PBT-PS-KOTWALI-SHO');
    const before = (await detail(c.sho, 'receipt', r.id)).pending.dueDate;
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const workingDay = cal.addWorkingDays(today, 2); // a working day before the due date
    const added = await c.admin.post('/api/pendency/holidays', {
      officeId: offices['PBT-CO-CITY'],
      date: workingDay,
      name: { en: 'Test holiday', hi: 'परीक्षण अवकाश' },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await detail(c.sho, 'receipt', r.id)).pending.dueDate).toBe(cal.addWorkingDays(before, 1));
    // the circle's holiday is Kotwali's too, not Bisalpur's
    expect(
      (await c.admin.get(`/api/pendency/holidays?officeId=${offices['PBT-PS-BISALPUR']}`)).body.items.map((h: any) => h.id),
    ).not.toContain(added.body.id);
    expect(
      (
        await c.admin.post('/api/pendency/holidays', {
          officeId: offices['PBT-CO-CITY'],
          date: workingDay,
          name: { en: 'Again', hi: 'फिर' },
        })
      ).status,
    ).toBe(409);
    expect((await c.sp.post('/api/pendency/holidays', { officeId: null, date: workingDay, name: { en: 'x', hi: 'x' } })).status).toBe(403);
    expect((await c.admin.delete(`/api/pendency/holidays/${added.body.id}`)).status).toBe(204);
    expect((await detail(c.sho, 'receipt', r.id)).pending.dueDate).toBe(before);
    expect((await c.admin.delete(`/api/pendency/holidays/${added.body.id}`)).status).toBe(404);
    const audit = await q(`select action from audit_event where object_id = $1 order by seq`, [added.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['pendency.holiday-add', 'pendency.holiday-remove']);
  });

  it('rules are the administrator’s: exactly one default, recomputed at once', async () => {
    const config = (await c.admin.get('/api/pendency/config')).body;
    const rules = config.rules.map(({ id: _id, ...r }: any) => r);
    const noDefault = await c.admin.put('/api/pendency/rules', {
      rules: rules.filter((r: any) => r.register || r.category || r.priority || r.basis !== 'holder'),
    });
    expect(noDefault.status).toBe(400);
    expect(noDefault.body.details.issues[0].message).toMatch(/exactly one default rule/);
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Rule change', { category: 'verification' }), 'PBT-PS-KOTWALI-SHO');
    const changed = await c.admin.put('/api/pendency/rules', { rules: [...rules, { category: 'verification', days: 2 }] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const cal = await calendarOf('PBT-PS-KOTWALI');
    expect((await detail(c.sho, 'receipt', r.id)).pending.dueDate).toBe(cal.addWorkingDays(today, 2));
    expect((await c.admin.put('/api/pendency/rules', { rules })).status).toBe(200);
    expect((await detail(c.sho, 'receipt', r.id)).pending.dueDate).toBe(cal.addWorkingDays(today, 7));
    expect((await c.sho.put('/api/pendency/rules', { rules })).status).toBe(403);
  });
});

describe('overdue and delay reasons', () => {
  it('counts an item past its date as overdue until the holder records a reason; audited; only the holder may', async () => {
    const s0 = (await c.sp.get('/api/pendency/summary')).body;
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Overdue verification'), 'PBT-PS-KOTWALI-SHO', {
      dueDate: addDays(today, -3),
    });
    const s1 = (await c.sp.get('/api/pendency/summary')).body;
    expect(postCounts(s1, 'PBT-PS-KOTWALI-SHO').overdue).toBe(postCounts(s0, 'PBT-PS-KOTWALI-SHO').overdue + 1);
    expect(postCounts(s1, 'PBT-PS-KOTWALI-SHO').overdueNoReason).toBe(postCounts(s0, 'PBT-PS-KOTWALI-SHO').overdueNoReason + 1);
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const row = (await c.sp.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}&overdue=true&pageSize=200`)).body.items.find(
      (i: any) => i.id === r.id,
    );
    expect(row).toMatchObject({ overdue: true, overdueWorkingDays: cal.workingDaysBetween(addDays(today, -3), today), reason: null });

    expect(
      (
        await c.munshi.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
          reason: 'Waiting for the report',
          expectedBy: addDays(today, 5),
        })
      ).status,
    ).toBe(409);
    const hi = await loggedIn(base, 'sho.kotwali', 'hi');
    const past = await hi.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
      reason: 'Waiting for the report',
      expectedBy: addDays(today, -1),
    });
    expect(past.status).toBe(400);
    expect(past.body.details.issues[0].path).toEqual(['expectedBy']);
    expect(past.body.details.issues[0].message).toMatch(/तिथि/);
    expect(
      (await c.sho.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, { reason: 'x', expectedBy: addDays(today, 5) })).status,
    ).toBe(400);
    const ok = await c.sho.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
      reason: 'Waiting for the forensic report',
      expectedBy: addDays(today, 5),
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.pending.reason).toMatchObject({
      reason: 'Waiting for the forensic report',
      expectedBy: addDays(today, 5),
      post: { code: 'PBT-PS-KOTWALI-SHO' },
    });
    expect(ok.body.reasons).toHaveLength(1);
    const s2 = (await c.sp.get('/api/pendency/summary')).body;
    expect(postCounts(s2, 'PBT-PS-KOTWALI-SHO').overdue).toBe(postCounts(s1, 'PBT-PS-KOTWALI-SHO').overdue);
    expect(postCounts(s2, 'PBT-PS-KOTWALI-SHO').overdueNoReason).toBe(postCounts(s1, 'PBT-PS-KOTWALI-SHO').overdueNoReason - 1);
    const noReason = (await c.sp.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}&overdue=true&noReason=true&pageSize=200`))
      .body.items;
    expect(noReason.map((i: any) => i.id)).not.toContain(r.id);
    const audit = await q(`select details from audit_event where object_id = $1 and action = 'receipt.delay-reason'`, [r.id]);
    expect(audit[0].details).toMatchObject({ reason: 'Waiting for the forensic report', expectedBy: addDays(today, 5) });
    // a reason belongs to a holding: sent on, the item starts afresh with the new holder
    const fresh = (await c.sho.get(`/api/receipts/${r.id}`)).body;
    await send(c.sho, 'receipts', fresh, 'PBT-CO-CITY-CO', { dueDate: null });
    const moved = await detail(c.co, 'receipt', r.id);
    expect(moved.pending).toMatchObject({ reason: null, overdue: false, dueSource: 'rule', holder: { code: 'PBT-CO-CITY-CO' } });
    expect(moved.reasons).toHaveLength(1);
  });

  it('closed items are not pending: a reason for them is refused', async () => {
    const r = await receipt(c.munshi, 'Closed at once');
    const closed = await c.munshi.post(`/api/receipts/${r.id}/close`, { version: r.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await detail(c.munshi, 'receipt', r.id)).pending).toBeNull();
    const res = await c.munshi.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
      reason: 'Too late now',
      expectedBy: addDays(today, 1),
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/not pending/);
  });
});

describe('bad requests', () => {
  it('answer 400 with the field and a message in the user’s language', async () => {
    const hi = await loggedIn(base, 'sp', 'hi');
    for (const path of [
      '/api/pendency/items?bucket=9-99',
      '/api/pendency/items?overdue=maybe',
      '/api/pendency/summary?weeks=0',
      '/api/pendency/items?pageSize=5000',
      '/api/pendency/summary/export?format=xls',
      '/api/pendency/registers/tax',
      '/api/pendency/items/letter/00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await hi.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      expect(res.body.message, path).toMatch(/[\u0900-\u097F]/);
      expect(res.body.details.issues.length).toBeGreaterThan(0);
    }
    const bucket = await c.sp.get('/api/pendency/items?bucket=9-99');
    expect(bucket.body.details.issues[0].path).toEqual(['query', 'bucket']);
    const range = await c.sp.get(`/api/pendency/disposal?from=${today}&to=${addDays(today, -5)}`);
    expect(range.status).toBe(400);
    expect(range.body.details.issues[0].message).toMatch(/start date/);
    expect((await c.sp.get('/api/pendency/items/receipt/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('drill-down and views', () => {
  it('filters by bucket on dwell or age, and sorts longest first', async () => {
    const old = await send(
      c.munshi,
      'receipts',
      await receipt(c.munshi, 'Received long ago', { receivedDate: addDays(today, -40) }),
      'PBT-PS-KOTWALI-SHO',
    );
    const byAge = (await c.sho.get('/api/pendency/items?bucket=31%2B&basis=age&pageSize=200')).body.items;
    expect(byAge.map((i: any) => i.id)).toContain(old.id);
    expect(byAge.every((i: any) => i.ageDays > 30)).toBe(true);
    const byDwell = (await c.sho.get('/api/pendency/items?bucket=0-7&pageSize=200')).body.items;
    expect(byDwell.map((i: any) => i.id)).toContain(old.id); // it reached the SHO today
    expect(byDwell.every((i: any) => i.dwellDays <= 7)).toBe(true);
    const sorted = (await c.sho.get('/api/pendency/items?sort=age&pageSize=200')).body.items.map((i: any) => i.ageDays);
    expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  });

  it('“mine with others”: what the post sent that is pending elsewhere', async () => {
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Sent on by the munshi'), 'PBT-PS-KOTWALI-SHO');
    const mine = (await c.munshi.get('/api/pendency/mine-with-others?pageSize=200')).body;
    expect(mine.items.find((i: any) => i.id === r.id)).toMatchObject({ hidden: false, holder: { code: 'PBT-PS-KOTWALI-SHO' } });
    expect(mine.items.every((i: any) => i.holder.code !== 'PBT-PS-KOTWALI-MUNSHI')).toBe(true);
    expect((await c.shoSgh.get('/api/pendency/mine-with-others?pageSize=200')).body.items.map((i: any) => i.id)).not.toContain(r.id);
  });

  it('disposal per post: counts and median handling time over a range', async () => {
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'To be disposed'), 'PBT-PS-KOTWALI-SHO');
    const fresh = (await c.sho.get(`/api/receipts/${r.id}`)).body;
    expect((await c.sho.post(`/api/receipts/${r.id}/close`, { version: fresh.version })).status).toBe(200);
    const rep = (await c.co.get('/api/pendency/disposal')).body;
    expect(rep.to).toBe(today);
    expect(rep.from).toBe(addDays(today, -29));
    const sho = rep.posts.find((p: any) => p.post.code === 'PBT-PS-KOTWALI-SHO');
    expect(sho.disposed).toBeGreaterThanOrEqual(1);
    expect(sho.received).toBeGreaterThanOrEqual(1);
    expect(sho.medianHandlingHours).not.toBeNull();
    expect(sho.medianHandlingHours).toBeGreaterThanOrEqual(0);
    const munshi = rep.posts.find((p: any) => p.post.code === 'PBT-PS-KOTWALI-MUNSHI');
    expect(munshi.sentOn).toBeGreaterThanOrEqual(1);
    expect(rep.posts.map((p: any) => p.office.code)).not.toContain('PBT-SP');
    expect(rep.totals.disposed).toBe(rep.posts.reduce((n: number, p: any) => n + p.disposed, 0));
  });
});

describe('reminders and escalation (the job, with a controllable clock)', () => {
  it('reminds the holder, then escalates level by level to the supervising posts; audited, notified, in the outbox; never twice', async () => {
    // mobiles for the people holding the posts concerned
    for (const [u, mobile] of [
      ['munshi.kotwali', '9876500001'],
      ['sho.kotwali', '9876500002'],
      ['co.city', '9876500003'],
    ]) {
      const user = (await c.admin.get(`/api/org/users?q=${u}`)).body.items.find((x: any) => x.username === u);
      expect(
        (await c.admin.patch(`/api/org/users/${user.id}`, { version: user.version, mobile, email: `${u}@example.gov.in` })).status,
      ).toBe(200);
    }
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const due = cal.addWorkingDays(today, 5);
    const r = await receipt(c.munshi, 'Escalation test', { dueDate: due });
    const d = await detail(c.munshi, 'receipt', r.id);
    expect(d.pending).toMatchObject({ dueDate: due, dueSource: 'explicit' });
    const at = (day: string) => new Date(`${day}T10:00:00+05:30`);

    // before the reminder day: nothing
    await runPendencyChecks(system.deps, { asOf: at(addDays(d.due.remindOn, -1)) });
    expect(await q(`select * from pendency_alert where item_id = $1`, [r.id])).toHaveLength(0);

    // reminder day: the holder is reminded, once
    await runPendencyChecks(system.deps, { asOf: at(d.due.remindOn) });
    await runPendencyChecks(system.deps, { asOf: at(d.due.remindOn) });
    let alerts = await q(`select kind, level, post_ids from pendency_alert where item_id = $1 order by kind, level`, [r.id]);
    expect(alerts).toEqual([{ kind: 'reminder', level: 0, post_ids: [posts['PBT-PS-KOTWALI-MUNSHI']] }]);
    const notes = (await c.munshi.get('/api/notifications?unread=true')).body;
    const mine = notes.items.filter((n: any) => n.item.id === r.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'reminder', level: 0, dueDate: due, item: { number: r.diaryNumber, hidden: false } });
    expect(mine[0].title).toContain(r.diaryNumber);
    expect(notes.unread).toBeGreaterThanOrEqual(1);

    // first overdue day: level 1 to the SHO (the munshi's supervising post), not yet the CO
    const firstOverdue = cal.addWorkingDays(due, 1);
    await runPendencyChecks(system.deps, { asOf: at(firstOverdue) });
    alerts = await q(`select kind, level, post_ids from pendency_alert where item_id = $1 and kind = 'escalation' order by level`, [r.id]);
    expect(alerts).toEqual([{ kind: 'escalation', level: 1, post_ids: [posts['PBT-PS-KOTWALI-SHO']] }]);
    const shoNote = (await c.sho.get('/api/notifications')).body.items.find((n: any) => n.item.id === r.id);
    expect(shoNote).toMatchObject({ kind: 'escalation', level: 1, overdueDays: 1, holder: { code: 'PBT-PS-KOTWALI-MUNSHI' } });
    expect((await c.co.get('/api/notifications')).body.items.filter((n: any) => n.item.id === r.id)).toHaveLength(0);

    // 3 working days overdue: level 2 to the CO; 7: level 3 to the SP and the ASP
    await runPendencyChecks(system.deps, { asOf: at(cal.addWorkingDays(due, 3)) });
    await runPendencyChecks(system.deps, { asOf: at(cal.addWorkingDays(due, 7)) });
    await runPendencyChecks(system.deps, { asOf: at(cal.addWorkingDays(due, 7)) });
    alerts = await q(`select level, post_ids from pendency_alert where item_id = $1 and kind = 'escalation' order by level`, [r.id]);
    expect(alerts.map((a) => a.level)).toEqual([1, 2, 3]);
    expect(alerts[1].post_ids).toEqual([posts['PBT-CO-CITY-CO']]);
    expect(new Set(alerts[2].post_ids)).toEqual(new Set([posts['PBT-SP-SP'], posts['PBT-SP-ASP']]));
    expect((await c.sp.get('/api/notifications')).body.items.filter((n: any) => n.item.id === r.id).map((n: any) => n.level)).toEqual([3]);

    // each is in the audit chain, and SMS / e-mail went to the people holding the posts
    const audit = await q(
      `select action, details from audit_event where object_id = $1 and action like 'receipt.%' and action in ('receipt.reminder', 'receipt.escalation') order by seq`,
      [r.id],
    );
    expect(audit.map((a) => `${a.action}:${a.details.level}`)).toEqual([
      'receipt.reminder:0',
      'receipt.escalation:1',
      'receipt.escalation:2',
      'receipt.escalation:3',
    ]);
    const outbox = await q(`select channel, recipient, body from outbox_message where related_id = $1 order by created_at`, [r.id]);
    expect(
      outbox
        .filter((m) => m.channel === 'sms')
        .map((m) => m.recipient)
        .sort(),
    ).toEqual(['9876500001', '9876500002', '9876500003']);
    expect(outbox.filter((m) => m.channel === 'email')).toHaveLength(3);
    expect(outbox.find((m) => m.recipient === '9876500002').body).toContain(r.diaryNumber);
    // escalation notifies; custody does not change
    expect((await c.munshi.get(`/api/receipts/${r.id}`)).body.holder.code).toBe('PBT-PS-KOTWALI-MUNSHI');
    const item = await detail(c.munshi, 'receipt', r.id);
    expect(item.alerts.map((a: any) => `${a.kind}${a.level}`)).toEqual(['escalation3', 'escalation2', 'escalation1', 'reminder0']);
  });

  it('a file’s reminders and escalations appear in its history; a graded one is not named to a supervisor who may not see it', async () => {
    const head = (await c.sho.get('/api/file-heads')).body.items[0];
    const file = (
      await c.sho.post('/api/files', {
        headId: head.id,
        subject: 'Confidential enquiry',
        grading: 'confidential',
        dueDate: addDays(today, 1),
      })
    ).body;
    expect(file.id).toBeTruthy();
    const cal = await calendarOf('PBT-PS-KOTWALI');
    await runPendencyChecks(system.deps, { asOf: new Date(`${addDays(today, 1)}T10:00:00+05:30`) }); // the due day: a reminder
    await runPendencyChecks(system.deps, { asOf: new Date(`${cal.addWorkingDays(addDays(today, 1), 4)}T10:00:00+05:30`) });
    const history = (await c.sho.get(`/api/files/${file.id}/history`)).body.items.map((e: any) => `${e.action}${e.details.level ?? ''}`);
    expect(history).toEqual(expect.arrayContaining(['file.reminder0', 'file.escalation1', 'file.escalation2']));
    // the SHO is a supervising post: level 1 is the CO, who is not on the confidential file's access list
    const co = (await c.co.get('/api/notifications')).body.items.find((n: any) => n.item.id === file.id);
    expect(co).toMatchObject({ kind: 'escalation', level: 1, item: { hidden: true, number: null, subject: null } });
    expect(co.title).toContain('a graded file');
    expect(JSON.stringify(co)).not.toContain(file.fileNumber);
    const sms = await q(`select body from outbox_message where related_id = $1 and recipient = '9876500003'`, [file.id]);
    expect(sms.length).toBeGreaterThanOrEqual(1);
    expect(sms.map((m) => m.body).join(' ')).not.toContain(file.fileNumber);
  });

  it('a delay reason holds escalation back until its date', async () => {
    const cal = await calendarOf('PBT-PS-KOTWALI');
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Reasoned delay'), 'PBT-PS-KOTWALI-SHO', {
      dueDate: addDays(today, -1),
    });
    const ok = await c.sho.post(`/api/pendency/items/receipt/${r.id}/delay-reason`, {
      reason: 'Court stay awaited',
      expectedBy: addDays(today, 10),
    });
    expect(ok.status).toBe(201);
    await runPendencyChecks(system.deps, { asOf: new Date(`${addDays(today, 5)}T10:00:00+05:30`) });
    expect(await q(`select * from pendency_alert where item_id = $1 and kind = 'escalation'`, [r.id])).toHaveLength(0);
    await runPendencyChecks(system.deps, { asOf: new Date(`${cal.addWorkingDays(addDays(today, 10), 1)}T10:00:00+05:30`) });
    expect(
      (await q(`select level from pendency_alert where item_id = $1 and kind = 'escalation' order by level`, [r.id])).map((a) => a.level),
    ).toContain(1);
  });

  it('runs as the registered pg-boss job with the clock in its payload, and notifications can be marked read', async () => {
    const r = await receipt(c.munshi, 'Queued run', { receivedDate: addDays(today, -10), dueDate: addDays(today, -2) }); // due dates are not before the received date
    const socket = await socketOf(c.sho);
    const hints: Hint[] = [];
    socket.on('hint', (h: Hint) => hints.push(h));
    try {
      await system.deps.jobs.enqueue(pendencyChecksJob, { asOf: new Date(`${today}T10:00:00+05:30`).toISOString() });
      await vi.waitFor(
        async () =>
          expect(await q(`select level from pendency_alert where item_id = $1 and kind = 'escalation'`, [r.id])).not.toHaveLength(0),
        { timeout: 30_000, interval: 250 },
      );
      const note = (await c.sho.get('/api/notifications?unread=true')).body.items.find((n: any) => n.item.id === r.id);
      expect(note).toBeTruthy();
      await vi.waitFor(() => expect(hints).toContainEqual({ entity: 'notification', ids: [note.id] }), { timeout: 5000 });
      const read = await c.sho.post(`/api/notifications/${note.id}/read`);
      expect(read.body.readAt).not.toBeNull();
      expect((await c.sho.post(`/api/notifications/${note.id}/read`)).body.readAt).toBe(read.body.readAt); // again: no change
      expect(
        await q(`select action, actor_post_id from audit_event where action = 'notification.read' and object_id = $1`, [note.id]),
      ).toEqual([{ action: 'notification.read', actor_post_id: posts['PBT-PS-KOTWALI-SHO'] }]);
      expect((await c.sho.get('/api/notifications?unread=true')).body.items.map((n: any) => n.id)).not.toContain(note.id);
      expect((await c.munshi.post(`/api/notifications/${note.id}/read`)).status).toBe(404); // another post's notification does not exist
      const unreadBefore = (await c.sho.get('/api/notifications?unread=true')).body.items.map((n: any) => n.id);
      const all = await c.sho.post('/api/notifications/read-all');
      expect((await c.sho.get('/api/notifications')).body.unread).toBe(0);
      expect(all.body.marked).toBe(unreadBefore.length);
      if (unreadBefore.length) {
        const [row] = await q(
          `select details from audit_event where action = 'notification.read-all' and object_id = $1 order by seq desc limit 1`,
          [posts['PBT-PS-KOTWALI-SHO']],
        );
        expect([...row.details.ids].sort()).toEqual([...unreadBefore].sort());
      }
    } finally {
      socket.close();
    }
  });
});

describe('maintained counts', () => {
  /** Per post, straight from the pending rows: what the tallies must add up to. */
  const direct = () =>
    q(
      `select holder_post_id as post, count(*)::int as pending, count(*) filter (where due_date < $1::date)::int as overdue,
      count(*) filter (where held_on < $1::date - 30)::int as over30, count(*) filter (where started_on >= $1::date - 7)::int as age7, count(*) filter (where started_on < $1::date - 30)::int as age31, count(*) filter (where parked)::int as parked
    from pendency_item group by 1`,
      [today],
    );
  async function agree() {
    const s = (await c.sp.get('/api/pendency/summary')).body;
    const rows = new Map((await direct()).map((r) => [r.post, r]));
    let checked = 0;
    for (const o of s.offices)
      for (const sec of o.sections)
        for (const p of sec.posts) {
          const r = rows.get(p.post.id) ?? { pending: 0, overdue: 0, over30: 0, age7: 0, age31: 0, parked: 0 };
          expect(
            {
              pending: p.totals.pending,
              overdue: p.totals.overdue,
              over30: p.totals.dwell.over30,
              age7: p.totals.age.upTo7,
              age31: p.totals.age.over30,
              parked: p.totals.parked,
            },
            p.post.code,
          ).toEqual({ pending: r.pending, overdue: r.overdue, over30: r.over30, age7: r.age7, age31: r.age31, parked: r.parked });
          checked += r.pending;
        }
    expect(checked).toBeGreaterThan(0);
  }

  it('agree with the pending rows, before and after the change log is folded in', async () => {
    // moves, a park, a close, a late item: all logged as changes
    const a = await send(
      c.munshi,
      'receipts',
      await receipt(c.munshi, 'Tally a', { receivedDate: addDays(today, -45) }),
      'PBT-PS-KOTWALI-SHO',
      { dueDate: addDays(today, -2) },
    );
    const b = await receipt(c.munshi, 'Tally b');
    expect((await c.munshi.post(`/api/receipts/${b.id}/park`, { version: b.version })).status).toBe(200);
    const fresh = (await c.sho.get(`/api/receipts/${a.id}`)).body;
    expect((await c.sho.post(`/api/receipts/${a.id}/return`, { version: fresh.version })).status).toBe(200);
    expect((await q('select count(*)::int as n from pendency_delta'))[0].n).toBeGreaterThan(0);
    await agree();
    const folded = await system.deps.orm.em.fork().transactional((em) => compactTallies(em as never));
    expect(folded).toBeGreaterThan(0);
    expect((await q('select count(*)::int as n from pendency_delta'))[0].n).toBe(0);
    expect((await q('select count(*)::int as n from pendency_tally_held where n < 0'))[0].n).toBe(0);
    // a receipt received 45 days ago is kept in the single "older than the horizon" row of its post
    expect(
      (
        await q(`select n from pendency_tally_started where holder_post_id = $1 and started_on = '-infinity'`, [
          posts['PBT-PS-KOTWALI-MUNSHI'],
        ])
      )[0]?.n,
    ).toBeGreaterThanOrEqual(1);
    await agree();
  });

  it('a graded item stops being withheld from a supervising post once it reaches it', async () => {
    const before = (await c.sp.get('/api/pendency/summary')).body.totals;
    const r = await send(c.munshi, 'receipts', await receipt(c.munshi, 'Graded for the SP', { grading: 'secret' }), 'PBT-PS-KOTWALI-SHO');
    const mid = (await c.sp.get('/api/pendency/summary')).body.totals;
    expect(mid.hidden).toBe(before.hidden + 1);
    const fresh = (await c.sho.get(`/api/receipts/${r.id}`)).body;
    await send(c.sho, 'receipts', fresh, 'PBT-SP-SP');
    const after = (await c.sp.get('/api/pendency/summary')).body.totals;
    expect(after.hidden).toBe(before.hidden);
    expect(after.pending).toBe(mid.pending);
    // and it stays withheld from the CO, who never had it
    const co = (await c.co.get(`/api/pendency/items?officeId=${offices['PBT-PS-KOTWALI']}&pageSize=200`)).body.items;
    expect(co.map((i: any) => i.id)).not.toContain(r.id); // it has left the CO's circle
    expect((await c.sp.get('/api/pendency/items?pageSize=200')).body.items.find((i: any) => i.id === r.id)).toMatchObject({
      hidden: false,
      number: r.diaryNumber,
    });
  });
});

describe('live updates', () => {
  it('a move at Kotwali sends the SP, the CO and the SHO a pendency hint naming the office, and the counts change', async () => {
    const [sp, co, sgh] = await Promise.all([socketOf(c.sp), socketOf(c.co), socketOf(c.shoSgh)]);
    const seen: Record<string, Hint[]> = { sp: [], co: [], sgh: [] };
    sp.on('hint', (h: Hint) => seen.sp!.push(h));
    co.on('hint', (h: Hint) => seen.co!.push(h));
    sgh.on('hint', (h: Hint) => seen.sgh!.push(h));
    try {
      const before = postCounts((await c.sp.get('/api/pendency/summary')).body, 'PBT-PS-KOTWALI-SHO').pending;
      await send(c.munshi, 'receipts', await receipt(c.munshi, 'Live'), 'PBT-PS-KOTWALI-SHO');
      const hint = { entity: 'pendency', ids: [offices['PBT-PS-KOTWALI']] };
      await vi.waitFor(
        () => {
          expect(seen.sp).toContainEqual(hint);
          expect(seen.co).toContainEqual(hint);
        },
        { timeout: 5000 },
      );
      expect(seen.sgh!.filter((h) => h.entity === 'pendency')).toEqual([]); // not Sungarhi's business
      expect(postCounts((await c.sp.get('/api/pendency/summary')).body, 'PBT-PS-KOTWALI-SHO').pending).toBe(before + 1);
    } finally {
      for (const s of [sp, co, sgh]) s.close();
    }
  });
});

describe('registers follow receipts into files', () => {
  it('a file opened from an RTI application is in the RTI register, due 30 days from the application’s receipt', async () => {
    const heads = Object.fromEntries((await c.reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
    const received = addDays(today, -25); // 5 days left: sooner than the holder's 7 working days
    const rti = await receipt(c.dak, 'RTI: copy of FIR', { receivedDate: received, register: 'rti', registerReference: 'RTI/207/2026' });
    await send(c.dak, 'receipts', rti, 'PBT-SP-READER');
    const held = (await c.reader.get(`/api/receipts/${rti.id}`)).body;
    const file = await c.reader.post('/api/files', {
      headId: (heads.GEN ?? (Object.values(heads)[0] as any)).id,
      subject: 'RTI application: copy of FIR',
      receiptId: rti.id,
      receiptVersion: held.version,
    });
    expect(file.status, JSON.stringify(file.body)).toBe(201);
    const d = await detail(c.reader, 'file', file.body.id);
    expect(d.pending).toMatchObject({
      register: 'rti',
      reference: 'RTI/207/2026',
      dueSource: 'register',
      dueDate: addDays(received, 30),
      ageDays: 25,
    });
    const audit = await q(`select details from audit_event where object_id = $1 and action = 'file.register-set'`, [file.body.id]);
    expect(audit.map((a) => a.details.register)).toEqual(['rti']);
    expect((await c.sp.get('/api/pendency/registers/rti')).body.items.map((i: any) => i.item?.id ?? i.id)).toContain(file.body.id);
  });
});

describe('live counts beyond moves', () => {
  it('opening a file and filing a receipt in it send the supervising posts a pendency hint, and the counts follow', async () => {
    const heads = Object.fromEntries((await c.reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
    const sp = await socketOf(c.sp);
    const seen: Hint[] = [];
    sp.on('hint', (h: Hint) => seen.push(h));
    try {
      const hint = { entity: 'pendency', ids: [offices['PBT-SP']] };
      const pendingOf = async () => postCounts((await c.sp.get('/api/pendency/summary')).body, 'PBT-SP-READER')?.pending ?? 0;
      const before = await pendingOf();
      const file = await c.reader.post('/api/files', {
        headId: (heads.GEN ?? (Object.values(heads)[0] as any)).id,
        subject: 'Pendency of a new file',
      });
      expect(file.status, JSON.stringify(file.body)).toBe(201);
      await vi.waitFor(() => expect(seen).toContainEqual(hint), { timeout: 5000 });
      expect(await pendingOf()).toBe(before + 1);

      // a receipt held by the Reader, then filed into that file: one pending item fewer
      const r = await receipt(c.dak, 'To be filed');
      await send(c.dak, 'receipts', r, 'PBT-SP-READER');
      const held = (await c.reader.get(`/api/receipts/${r.id}`)).body;
      await vi.waitFor(async () => expect(await pendingOf()).toBe(before + 2), { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 300)); // the registration's and the send's own hints are in
      seen.length = 0;
      const filed = await c.reader.post(`/api/files/${file.body.id}/correspondence`, {
        version: file.body.version,
        receiptId: r.id,
        receiptVersion: held.version,
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(200);
      await vi.waitFor(() => expect(seen).toContainEqual(hint), { timeout: 5000 });
      expect(await pendingOf()).toBe(before + 1);
    } finally {
      sp.close();
    }
  });
});

describe('exports', () => {
  it('CSV in the user’s language with a BOM; hidden rows stay hidden', async () => {
    const en = await c.sp.get(`/api/pendency/items/export?format=csv&officeId=${offices['PBT-PS-KOTWALI']}`);
    expect(en.status).toBe(200);
    expect(en.headers.get('content-type')).toMatch(/text\/csv/);
    expect(en.headers.get('content-disposition')).toMatch(/attachment; filename="pendency-items-\d{4}-\d{2}-\d{2}\.csv"/);
    const raw = Buffer.from(
      await (
        await fetch(`${base}/api/pendency/items/export?format=csv&officeId=${offices['PBT-PS-KOTWALI']}`, {
          headers: { cookie: c.sp.cookieHeader() },
        })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    expect(en.body).toContain('Days with holder');
    expect(en.body).toContain('(graded — withheld)');
    expect(en.body).not.toContain('Intelligence input');
    const hi = await loggedIn(base, 'sp', 'hi');
    const summary = await hi.get('/api/pendency/summary/export?format=csv');
    expect(summary.body).toContain('लंबित मामलों की रिपोर्ट');
    expect(summary.body).toContain('साप्ताहिक प्रवृत्ति');
    expect(summary.body).toContain('थाना कोतवाली');
    for (const path of [
      '/api/pendency/mine-with-others/export?format=csv',
      '/api/pendency/disposal/export?format=csv',
      '/api/pendency/registers/rti/export?format=csv',
    ]) {
      const res = await c.munshi.get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    }
  });

  it('PDF with Hindi that copies out as written', async () => {
    const hi = await loggedIn(base, 'sp', 'hi');
    const res = await fetch(`${base}/api/pendency/summary/export?format=pdf`, {
      headers: { cookie: hi.cookieHeader(), 'accept-language': 'hi' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pendency-pdf-'));
    writeFileSync(path.join(dir, 'r.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('लंबित मामलों की रिपोर्ट');
    expect(text).toContain('थाना कोतवाली');
    expect(text).toContain('कार्यालय योग');
    const items = await fetch(`${base}/api/pendency/registers/rti/export?format=pdf`, {
      headers: { cookie: c.sp.cookieHeader(), 'accept-language': 'en' },
    });
    expect(items.status).toBe(200);
    expect(
      Buffer.from(await items.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('PDF reports are readable: landscape tables, numbers and dates whole (DD.MM.YYYY), headers uncut, filters in words (issue 14 item 5)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pendency-pdf-'));
    const pdfOf = async (url: string, lang: 'hi' | 'en') => {
      const client = lang === 'hi' ? await loggedIn(base, 'sp', 'hi') : c.sp;
      const res = await fetch(base + url, { headers: { cookie: client.cookieHeader(), 'accept-language': lang } });
      expect(res.status).toBe(200);
      const file = path.join(dir, `${lang}-${++run}.pdf`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const words = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
      execFileSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', '-gray', file, path.join(dir, `page-${run}`)]);
      return { text, words, landscape: Number(size[1]) > Number(size[2]) };
    };
    const kotwali = offices['PBT-PS-KOTWALI'];
    await send(
      c.munshi,
      'receipts',
      await receipt(c.munshi, 'Complaint regarding a boundary wall on the village pond land, Barkhera', {
        letterNumber: 'PRADHAN/44/2026',
      }),
      'PBT-PS-KOTWALI-SHO',
    );
    await send(c.munshi, 'receipts', await receipt(c.munshi, 'ग्राम बरखेड़ा में तालाब की भूमि पर अवैध कब्ज़े के संबंध में शिकायत'), 'PBT-PS-KOTWALI-SHO');
    const listed = (await c.sp.get(`/api/pendency/items?officeId=${kotwali}&pageSize=200`)).body.items.filter((i: any) => !i.hidden);
    expect(listed.length).toBeGreaterThan(0);

    const en = await pdfOf(`/api/pendency/items/export?format=pdf&officeId=${kotwali}&type=receipt&priority=normal`, 'en');
    expect(en.landscape).toBe(true);
    for (const i of listed.filter((x: any) => x.type === 'receipt' && x.priority === 'normal'))
      expect(en.text, i.number).toContain(i.number); // whole, on one line
    expect(en.text).toContain(today.split('-').reverse().join('.'));
    expect(en.text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO dates
    expect(en.text).not.toContain('…'); // nothing cut
    for (const h of ['Days with holder', 'Working days overdue', 'Reason for delay', 'Age (days)']) expect(en.words).toContain(h);
    expect(en.words).toContain('Filters: Office: Police Station Kotwali; Type: Receipt; Priority: Normal');

    const overdueEn = await pdfOf('/api/pendency/items/export?format=pdf&overdue=true&noReason=true&bucket=8-15', 'en');
    for (const f of ['Filters: ', 'Overdue only: yes', 'Without a recorded reason: yes', 'With the holder: 8–15 days'])
      expect(overdueEn.words).toContain(f);
    expect(overdueEn.text).not.toMatch(/overdue=|noReason=|bucket=/);
    const overdueHi = await pdfOf('/api/pendency/items/export?format=pdf&overdue=true&noReason=true', 'hi');
    for (const f of ['फ़िल्टर: ', 'केवल समय-सीमा पार: हाँ', 'बिना दर्ज कारण: हाँ']) expect(overdueHi.words).toContain(f);
    expect(overdueHi.text).not.toMatch(/overdue|noReason|true/);

    const summary = await pdfOf('/api/pendency/summary/export?format=pdf', 'en');
    expect(summary.landscape).toBe(true);
    expect(summary.text).not.toContain('…');
    for (const h of ['With holder 0–7 d', 'With holder 8–15 d', 'With holder >30 d', 'Overdue, no reason', 'Graded (withheld)'])
      expect(summary.words).toContain(h);
    const summaryHi = await pdfOf('/api/pendency/summary/export?format=pdf', 'hi');
    for (const h of ['धारक के पास 0–7 दिन', 'समय-सीमा पार, कारण दर्ज नहीं', 'सप्ताह आरंभ']) expect(summaryHi.words).toContain(h);
    expect(summaryHi.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
