/**
 * One meaning of overdue in the browser (issue 14 item 3). With the demo district's back-dated
 * items (seedDemoPendency), the SP's Reader holds an MP's reference nobody gave a date: the inbox
 * shows its pendency due date (DD.MM.YYYY), marks it overdue by as many working days as the
 * dashboard does, counts it in "overdue", and lists it under the "overdue only" filter — in Hindi;
 * the SHO of Kotwali, holding several items overdue by the default rule, sees the same in English.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { seedDemoPendency } from '../../backend/src/modules/pendency/seed-demo-pendency.js';
import { login, pickOption, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  await seedDemoPendency(e2e.system.deps, { items: true });
}, 120_000);
afterAll(async () => e2e?.close());

async function apiGet(page: Page, url: string): Promise<any> {
  const res = await page.request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.json();
}
const dmy = (iso: string) => iso.split('-').reverse().join('.');
const plural = (text: string, n: number) => text.split(' | ')[n === 1 ? 0 : 1]!.replace('{days}', String(n));
const rowIds = (page: Page) =>
  page
    .getByTestId('inbox-table')
    .locator('tbody tr[data-testid^="inbox-row-"]')
    .evaluateAll((rows) => rows.map((r) => (r as any).getAttribute('data-testid').slice('inbox-row-'.length) as string));

/** The holder's own pending items as pendency lists them (a plain post: its own; a supervisor: narrowed to its post). */
async function pendencyOf(page: Page, postId: string) {
  const items = (await apiGet(page, `/api/pendency/items?postId=${postId}&pageSize=200`)).items.filter((i: any) => !i.parked);
  const summary = await apiGet(page, '/api/pendency/summary');
  const post = summary.offices.flatMap((o: any) => o.sections.flatMap((s: any) => s.posts)).find((p: any) => p.post.id === postId);
  return { items, overdue: post.totals.overdue as number };
}

async function checkDesk(page: Page, dict: typeof en) {
  const me = await apiGet(page, '/api/me');
  const postId = me.actingPostId;
  expect(postId).toBeTruthy();
  const p = await pendencyOf(page, postId);
  const overdue = p.items.filter((i: any) => i.overdue);
  expect(overdue.length).toBeGreaterThan(0);
  // at least one is overdue by the default rule alone: no date was given anywhere
  expect(overdue.some((i: any) => i.dueSource !== 'explicit')).toBe(true);

  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('inbox-table').waitFor();
  // the desk's summary: the dashboard's overdue count for this post
  const unread = (await apiGet(page, '/api/inbox/counts')).unread;
  await vi.waitFor(
    async () =>
      expect(await textOf(page, 'inbox-summary')).toBe(
        dict.inbox.summary.replace('{unread}', String(unread)).replace('{overdue}', String(p.overdue)),
      ),
    POLL,
  );

  // every row: pendency's due date as DD.MM.YYYY, and the overdue badge with pendency's working days
  for (const i of p.items) {
    await page.getByTestId(`inbox-row-${i.id}`).waitFor();
    expect(await textOf(page, `inbox-due-date-${i.id}`), i.subject).toBe(dmy(i.dueDate));
    expect(await page.getByTestId(`inbox-due-${i.id}`).getAttribute('data-overdue')).toBe(String(i.overdue));
    if (i.overdue) expect(await textOf(page, `inbox-overdue-${i.id}`)).toBe(plural(dict.pendency.list.overdueBy, i.overdueWorkingDays));
    else expect(await page.getByTestId(`inbox-overdue-${i.id}`).count()).toBe(0);
  }

  // the "overdue only" filter lists what pendency calls overdue
  await pickOption(page, 'inbox-filter-overdue', { name: dict.inbox.overdueOnly });
  await page.waitForURL((url) => url.searchParams.get('overdue') === 'true');
  await vi.waitFor(async () => {
    expect(await page.locator('.p-datatable-mask').count()).toBe(0);
    expect((await rowIds(page)).sort()).toEqual(overdue.map((i: any) => i.id).sort());
  }, POLL);
}

describe('the inbox and the pendency dashboard agree on due dates and overdue', () => {
  it('the SP’s Reader, in Hindi: the MP’s reference without a date is due by the rule and overdue, as pendency says', async () => {
    const page = await e2e.newPage();
    await login(page, 'reader.sp', 'hi');
    await checkDesk(page, hi as unknown as typeof en);
  });

  it('the SHO of Kotwali, in English: items overdue by the default rule are overdue on the desk too', async () => {
    const page = await e2e.newPage();
    await login(page, 'sho.kotwali', 'en');
    await checkDesk(page, en);
  });
});
