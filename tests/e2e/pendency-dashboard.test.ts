/**
 * The SP's morning question in a real browser: the pendency dashboard shows what is pending at PS
 * Kotwali and what is overdue — the numbers the API counts —, the overdue count drills down to the
 * list (a graded item listed but withheld) and opens the file; and when the SHO of Kotwali (through
 * the API) sends the overdue file on to the circle officer, the SP's open dashboard changes its count
 * without a reload.
 *
 * The overdue items are made the way CSMOP para 60 allows: an explicit due date given when a file is
 * opened or a receipt is sent, here a few days in the past; one receipt was received 40 days ago.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { istDate } from '../../backend/src/shared/dates.js';
import { addDays } from '../../backend/src/modules/pendency/working-calendar.js';
import { pendencyChecksJob } from '../../backend/src/modules/pendency/pendency-checks.job.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, POLL, startE2E, textOf, watchRealtime, type E2E, type RealtimeWatch } from '../support/browser.js';

let e2e: E2E;
let admin: ApiClient;
let sho: ApiClient;
let munshi: ApiClient;
let sp: Page;
let spSocket: RealtimeWatch;
let posts: Record<string, string>;
let offices: Record<string, string>;
const today = istDate();

const KOTWALI = 'PBT-PS-KOTWALI';
const CIRCLE = 'PBT-CO-CITY';

/** What the setup made at Kotwali, all with the SHO. */
let overdueFile: any;
let gradedFile: any;
let oldReceipt: any;
let freshReceipt: any;

async function apiGet(page: Page, url: string): Promise<any> {
  const res = await page.request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.json();
}

async function openFile(subject: string, extra: Record<string, unknown>) {
  const head = (await sho.get('/api/file-heads')).body.items[0];
  const res = await sho.post('/api/files', { headId: head.id, subject, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** A receipt the munshi registers and sends to the SHO. */
async function receiptToSho(subject: string, receivedDate: string, dueDate?: string) {
  const created = await munshi.post('/api/receipts', { receivedDate, mode: 'post', sender: 'Gram Pradhan, Barkhera', subject });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const r = created.body.receipt;
  const sent = await munshi.post(`/api/receipts/${r.id}/send`, {
    version: r.version,
    toPostId: posts[`${KOTWALI}-SHO`],
    ...(dueDate ? { dueDate } : {}),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return r;
}

/** Kotwali's counts in the SP's summary, as the API gives them. */
async function kotwaliTotals(page: Page, code = KOTWALI) {
  const summary = await apiGet(page, '/api/pendency/summary');
  return summary.offices.find((o: any) => o.office.code === code).totals;
}

/** The data-testids of the rows of the drill-down table. */
const itemRows = (page: Page) =>
  page
    .getByTestId('pendency-item-table')
    .locator('tbody tr[data-testid^="pendency-item-"]')
    .evaluateAll((rows) => rows.map((r) => (r as any).getAttribute('data-testid') as string));

const markRealm = (page: Page) => page.evaluate(() => ((globalThis as any).__e2eRealm = 'still-here'));
const realmMark = (page: Page) => page.evaluate(() => (globalThis as any).__e2eRealm ?? null);

beforeAll(async () => {
  e2e = await startE2E();
  [admin, sho, munshi] = (await Promise.all(['admin', 'sho.kotwali', 'munshi.kotwali'].map((u) => loggedIn(e2e.base, u)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
  ];
  posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  offices = Object.fromEntries((await admin.get('/api/org/offices')).body.items.map((o: any) => [o.code, o.id]));

  // at Kotwali, with the SHO: an overdue file, an overdue confidential file, an overdue receipt received
  // 40 days ago, and a receipt that is not yet due
  overdueFile = await openFile('Verification of tenants, Mohalla Kasganj', { dueDate: addDays(today, -5) });
  gradedFile = await openFile('Intelligence input, planned procession', { grading: 'confidential', dueDate: addDays(today, -3) });
  oldReceipt = await receiptToSho('Land dispute at Barkhera', addDays(today, -40), addDays(today, -2));
  freshReceipt = await receiptToSho('Request for a patrol at the weekly market', today);

  sp = await e2e.newPage();
  spSocket = watchRealtime(sp);
  await login(sp, 'sp', 'en');
  await vi.waitFor(() => expect(spSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
}, 120_000);
afterAll(async () => e2e?.close());

describe('pendency dashboard: the SP sees Kotwali’s overdue items, drills down, opens the file, and the count follows a move live', () => {
  it('the dashboard shows the district’s totals and Kotwali’s counts, as the API counts them', async () => {
    await sp.getByTestId('nav-pendency').click();
    await sp.waitForURL((url) => url.pathname === '/pendency');
    await sp.getByTestId('pendency-tree').waitFor();

    const summary = await apiGet(sp, '/api/pendency/summary');
    expect(summary.scope).toMatchObject({ kind: 'offices', office: { code: 'PBT-SP' } });
    const kotwali = summary.offices.find((o: any) => o.office.code === KOTWALI).totals;
    // what the setup made, counted by the server: four pending, three overdue, one withheld from the SP
    expect(kotwali).toMatchObject({ pending: 4, receipts: 2, files: 2, overdue: 3, overdueNoReason: 3, hidden: 1 });
    expect(kotwali.age.over30).toBe(1);

    const K = offices[KOTWALI]!;
    expect(await textOf(sp, `pendency-office-overdue-${K}`)).toBe(String(kotwali.overdue));
    expect(await textOf(sp, `pendency-office-pending-${K}`)).toBe(String(kotwali.pending));
    expect(await textOf(sp, `pendency-office-hidden-${K}`)).toBe(String(kotwali.hidden));
    for (const [testid, value] of [
      ['pendency-total-pending', summary.totals.pending],
      ['pendency-total-overdue', summary.totals.overdue],
      ['pendency-total-no-reason', summary.totals.overdueNoReason],
      ['pendency-total-hidden', summary.totals.hidden],
    ] as const) {
      expect(await textOf(sp, testid), testid).toBe(String(value));
    }
    // the circle's line adds up its stations
    const circleWithChildren = summary.offices
      .filter((o: any) => o.office.code === CIRCLE || o.office.parentId === offices[CIRCLE])
      .reduce((n: number, o: any) => n + o.totals.overdue, 0);
    expect(await textOf(sp, `pendency-office-with-children-${offices[CIRCLE]}`)).toContain(`${circleWithChildren} overdue`);

    // total age: the receipt received 40 days ago is in "over 30 days"
    await sp.getByTestId('pendency-basis-age').click();
    await sp.waitForURL((url) => url.searchParams.get('basis') === 'age');
    expect(await textOf(sp, `pendency-office-over30-${K}`)).toBe(String(kotwali.age.over30));
    await sp.getByTestId('pendency-basis-dwell').click();
    await sp.waitForURL((url) => !url.searchParams.has('basis'));
    expect(await textOf(sp, `pendency-office-upTo7-${K}`)).toBe(String(kotwali.dwell.upTo7));

    // Kotwali's posts: the SHO holds all four
    await sp.getByTestId(`pendency-expand-${K}`).click();
    expect(await sp.getByTestId(`pendency-expand-${K}`).getAttribute('aria-expanded')).toBe('true');
    expect(await textOf(sp, `pendency-post-overdue-${posts[`${KOTWALI}-SHO`]}`)).toBe('3');
    expect(await textOf(sp, `pendency-post-pending-${posts[`${KOTWALI}-MUNSHI`]}`)).toBe('0');

    expect(await textOf(sp, 'pendency-updated')).toMatch(/^Updated \d{1,2}:\d{2}/);
    await sp.getByTestId('pendency-chart-buckets').locator('canvas').waitFor();
    await expectNoAxeViolations(sp, 'pendency dashboard');
  });

  it('the overdue count drills down to the list: the graded file listed but withheld; the file opens read only', async () => {
    const K = offices[KOTWALI]!;
    await sp.getByTestId(`pendency-office-overdue-${K}`).click();
    await sp.waitForURL((url) => url.pathname === '/pendency/items');
    const params = Object.fromEntries(new URL(sp.url()).searchParams);
    expect(params).toEqual({ officeId: K, overdue: 'true', sort: 'due' });

    const listed = await apiGet(sp, `/api/pendency/items?officeId=${K}&overdue=true&sort=due&type=all&page=1&pageSize=25`);
    expect(listed.total).toBe(3);
    expect(new Set(listed.items.map((i: any) => i.id))).toEqual(new Set([overdueFile.id, gradedFile.id, oldReceipt.id]));
    await vi.waitFor(async () => {
      expect(await sp.locator('.p-datatable-mask').count()).toBe(0);
      expect(await itemRows(sp)).toEqual(listed.items.map((i: any) => `pendency-item-${i.id}`));
    }, POLL);
    expect(await textOf(sp, 'pendency-items-total')).toBe('3 items');
    expect(await textOf(sp, 'pendency-items-selection')).toBe('Police Station Kotwali — Overdue');

    // the confidential file: a row that says so and opens nothing
    const hidden = sp.getByTestId(`pendency-item-${gradedFile.id}`);
    expect(await hidden.getAttribute('data-hidden')).toBe('true');
    expect(await textOf(sp, `pendency-item-hidden-${gradedFile.id}`)).toBe(en.pendency.list.hidden);
    expect(await sp.getByTestId(`pendency-item-open-${gradedFile.id}`).count()).toBe(0);
    expect((await hidden.textContent()) ?? '').not.toContain('Intelligence input');
    // the open file: number and subject, overdue since its date
    const row = sp.getByTestId(`pendency-item-${overdueFile.id}`);
    expect(await row.getAttribute('data-number')).toBe(overdueFile.fileNumber);
    expect(await row.getAttribute('data-overdue')).toBe('true');
    expect((await row.textContent()) ?? '').toContain('Verification of tenants, Mohalla Kasganj');
    await expectNoAxeViolations(sp, 'pendency drill-down');

    // the CSV of this very list, as the export link downloads it
    const csvHref = await sp.getByTestId('pendency-items-export-csv').getAttribute('href');
    expect(Object.fromEntries(new URL(csvHref!, e2e.base).searchParams)).toEqual({
      officeId: K,
      overdue: 'true',
      sort: 'due',
      type: 'all',
      format: 'csv',
    });
    const csv = await sp.request.get(csvHref!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    const csvText = await csv.text();
    expect(csvText).toContain(overdueFile.fileNumber);
    expect(csvText).toContain(oldReceipt.diaryNumber);
    expect(csvText).not.toContain('Intelligence input');

    // the SP is not on the file's access list: opening it from here inspects it first
    expect((await sp.request.get(`/api/files/${overdueFile.id}`)).status()).toBe(404);
    await sp.getByTestId(`pendency-item-open-${overdueFile.id}`).click();
    await sp.waitForURL((url) => url.pathname === `/files/${overdueFile.id}`);
    expect(await textOf(sp, 'file-number')).toBe(overdueFile.fileNumber);
    await sp.getByTestId('file-read-only').waitFor();
    expect(await sp.getByTestId('file-send').count()).toBe(0);
  });

  it('the SHO sends the overdue file to the circle officer: the SP’s open dashboard counts one less at Kotwali, without a reload', async () => {
    const K = offices[KOTWALI]!;
    const C = offices[CIRCLE]!;
    await sp.getByTestId('nav-pendency').click();
    await sp.waitForURL((url) => url.pathname === '/pendency');
    const before = await kotwaliTotals(sp);
    const circleBefore = await kotwaliTotals(sp, CIRCLE);
    await expect.poll(() => textOf(sp, `pendency-office-overdue-${K}`), POLL).toBe(String(before.overdue));
    expect(before.overdue).toBe(3);
    const asOfBefore = await sp.getByTestId('pendency-updated').getAttribute('data-as-of');
    const hintsBefore = spSocket.hints.length;
    await markRealm(sp);

    const file = (await sho.get(`/api/files/${overdueFile.id}`)).body;
    const sent = await sho.post(`/api/files/${overdueFile.id}/send`, {
      version: file.version,
      toPostId: posts[`${CIRCLE}-CO`],
      remarks: 'For orders on the tenants’ verification',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);

    // the server's numbers after the move: one overdue item fewer at Kotwali
    const after = await kotwaliTotals(sp);
    const circleAfter = await kotwaliTotals(sp, CIRCLE);
    expect(after.overdue).toBe(before.overdue - 1);
    expect(after.pending).toBe(before.pending - 1);
    expect(circleAfter.pending).toBe(circleBefore.pending + 1);

    // the open page follows, live
    await expect.poll(() => textOf(sp, `pendency-office-overdue-${K}`), POLL).toBe(String(after.overdue));
    expect(await textOf(sp, `pendency-office-pending-${K}`)).toBe(String(after.pending));
    expect(await textOf(sp, `pendency-office-pending-${C}`)).toBe(String(circleAfter.pending));
    expect(await textOf(sp, `pendency-office-overdue-${C}`)).toBe(String(circleAfter.overdue));
    expect(await realmMark(sp)).toBe('still-here');
    expect(spSocket.hints.slice(hintsBefore).some((h) => h.entity === 'pendency' && h.ids.includes(K))).toBe(true);
    expect(await sp.getByTestId('pendency-updated').getAttribute('data-as-of')).not.toBe(asOfBefore);
    const summary = await apiGet(sp, '/api/pendency/summary');
    expect(await textOf(sp, 'pendency-total-overdue')).toBe(String(summary.totals.overdue));

    // and the drill-down no longer lists the file; the receipt not yet due never was
    await sp.getByTestId(`pendency-office-overdue-${K}`).click();
    await sp.waitForURL((url) => url.pathname === '/pendency/items');
    await expect
      .poll(() => itemRows(sp), POLL)
      .toEqual(expect.arrayContaining([`pendency-item-${gradedFile.id}`, `pendency-item-${oldReceipt.id}`]));
    const rows = await itemRows(sp);
    expect(rows).toHaveLength(2);
    expect(rows).not.toContain(`pendency-item-${overdueFile.id}`);
    expect(rows).not.toContain(`pendency-item-${freshReceipt.id}`);
  });

  it('an escalation reaches the SP’s bell live; the notifications list names what the SP may see and marks it read', async () => {
    expect((await apiGet(sp, '/api/notifications?unread=true')).unread).toBe(0);
    expect(await sp.getByTestId('notifications-unread').count()).toBe(0);
    await markRealm(sp);

    // the daily check, run by the worker as on a day three weeks on: every overdue item climbs to the SP
    await e2e.system.deps.jobs.enqueue(pendencyChecksJob, { asOf: new Date(`${addDays(today, 21)}T10:00:00+05:30`).toISOString() });
    await vi.waitFor(async () => expect((await apiGet(sp, '/api/notifications?unread=true')).unread).toBeGreaterThan(0), {
      timeout: 30_000,
      interval: 250,
    });
    // the badge shows the API's unread count (read both each time: the job may still be adding notifications)
    await expect
      .poll(
        async () => {
          const [badge, api] = await Promise.all([
            sp
              .getByTestId('notifications-unread')
              .count()
              .then((n) => (n ? textOf(sp, 'notifications-unread') : '0')),
            apiGet(sp, '/api/notifications?unread=true'),
          ]);
          return badge === String(api.unread);
        },
        { ...POLL, timeout: 30_000 },
      )
      .toBe(true);
    const unread = await apiGet(sp, '/api/notifications?unread=true&pageSize=100');
    expect(await sp.getByTestId('notifications-bell').getAttribute('aria-label')).toBe(`Notifications: ${unread.unread} unread`);
    expect(await realmMark(sp)).toBe('still-here');
    expect(spSocket.hints.some((h) => h.entity === 'notification')).toBe(true);

    await sp.getByTestId('notifications-bell').click();
    await sp.waitForURL((url) => url.pathname === '/pendency/notifications');
    const listed = await apiGet(sp, '/api/notifications?page=1&pageSize=25');
    await expect
      .poll(() => sp.getByTestId('notifications-list').locator('li[data-testid^="notification-"]').count(), POLL)
      .toBe(listed.items.length);
    const aboutReceipt = listed.items.find((n: any) => n.item.id === oldReceipt.id);
    expect(aboutReceipt).toMatchObject({ kind: 'escalation', item: { hidden: false, number: oldReceipt.diaryNumber } });
    expect(await sp.getByTestId(`notification-open-${aboutReceipt.id}`).textContent()).toContain(oldReceipt.diaryNumber);
    // the confidential file is escalated too, without its particulars
    const aboutGraded = listed.items.find((n: any) => n.item.id === gradedFile.id);
    expect(aboutGraded.item).toMatchObject({ hidden: true, number: null });
    expect((await sp.getByTestId(`notification-${aboutGraded.id}`).textContent()) ?? '').toContain(en.pendency.list.hidden);
    expect(await sp.getByTestId(`notification-open-${aboutGraded.id}`).count()).toBe(0);
    await expectNoAxeViolations(sp, 'notifications');

    await sp.getByTestId(`notification-read-${aboutReceipt.id}`).click();
    await expect.poll(() => sp.getByTestId(`notification-${aboutReceipt.id}`).getAttribute('data-read'), POLL).toBe('true');
    const left = (await apiGet(sp, '/api/notifications?unread=true')).unread;
    expect(left).toBe(unread.unread - 1);
    await expect
      .poll(
        () =>
          sp
            .getByTestId('notifications-unread')
            .count()
            .then((n) => (n ? textOf(sp, 'notifications-unread') : '0')),
        POLL,
      )
      .toBe(String(left));
  });

  it('the other reports open with the API’s figures and pass axe: my items with others, disposal, the RTI register', async () => {
    await sp.getByTestId('pendency-tab-disposal').click();
    await sp.waitForURL((url) => url.pathname === '/pendency/disposal');
    const disposal = await apiGet(sp, '/api/pendency/disposal');
    const sho = disposal.posts.find((p: any) => p.post.code === `${KOTWALI}-SHO`);
    expect(sho.received).toBeGreaterThanOrEqual(2); // the two receipts
    await sp.getByTestId(`pendency-disposal-row-${sho.post.id}`).waitFor();
    expect(await textOf(sp, `pendency-disposal-disposed-${sho.post.id}`)).toBe(String(sho.disposed));
    expect(await sp.getByTestId('pendency-disposal-table').locator('tbody tr[data-testid^="pendency-disposal-row-"]').count()).toBe(
      disposal.posts.length,
    );
    await expectNoAxeViolations(sp, 'disposal report');

    await sp.getByTestId('pendency-tab-registers').click();
    await sp.waitForURL((url) => url.pathname === '/pendency/registers/rti');
    const rti = await apiGet(sp, '/api/pendency/registers/rti');
    await expect.poll(() => textOf(sp, 'pendency-register-count-pending'), POLL).toBe(String(rti.counts.pending));
    expect(await textOf(sp, 'pendency-register-deadline')).toBe(`Deadline: ${rti.deadline.days} calendar days from receipt`);
    await expectNoAxeViolations(sp, 'RTI register');

    await sp.getByTestId('pendency-tab-mine').click();
    await sp.waitForURL((url) => url.pathname === '/pendency/mine');
    const mine = await apiGet(sp, '/api/pendency/mine-with-others');
    await expect.poll(() => sp.getByTestId('pendency-mine-total').getAttribute('data-total'), POLL).toBe(String(mine.total));
    await expectNoAxeViolations(sp, 'my items with others');
  });
});
