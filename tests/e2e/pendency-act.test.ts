/**
 * Acting on pendency in the browser (issue 14 item 2), on the demo district's back-dated items
 * (seedDemoPendency). The SHO of Kotwali, in Hindi, records why the overdue file takes longer (from
 * the file view) and enters a receipt in the RTI register with its number (from the receipt view):
 * the dashboard's "overdue without reason" drops by one. The SP, in English, reminds the SHO of an
 * overdue receipt from the drill-down; the SHO sees the reminder among his notifications, live.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { seedDemoPendency } from '../../backend/src/modules/pendency/seed-demo-pendency.js';
import { expectNoAxeViolations, login, pickOption, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let sho: Page;
let sp: Page;
let kotwali: string;
let shoPost: string;
let items: any[];

async function apiGet(page: Page, url: string): Promise<any> {
  const res = await page.request.get(url);
  expect(res.status(), `GET ${url}`).toBe(200);
  return res.json();
}
/** The SHO's whole scope (the station), as its dashboard's cards count it. */
const scopeTotals = async (page: Page) => (await apiGet(page, '/api/pendency/summary')).totals;

beforeAll(async () => {
  e2e = await startE2E();
  await seedDemoPendency(e2e.system.deps, { items: true });
  sho = await e2e.newPage();
  await login(sho, 'sho.kotwali', 'hi');
  sp = await e2e.newPage();
  await login(sp, 'sp', 'en');
  shoPost = (await apiGet(sho, '/api/me')).actingPostId;
  const summary = await apiGet(sp, '/api/pendency/summary');
  kotwali = summary.offices.find((o: any) => o.office.code === 'PBT-PS-KOTWALI').office.id;
  // the demo file (opened three weeks ago, with the SHO for nine days) is made overdue by the default rule: with him for twenty
  await e2e.system.deps.pool.query(
    `update efile set held_since = now() - interval '20 days' where holder_post_id = $1 and status = 'open'`,
    [shoPost],
  );
  items = (await apiGet(sho, `/api/pendency/items?postId=${shoPost}&overdue=true&pageSize=200`)).items;
}, 120_000);
afterAll(async () => e2e?.close());

describe('the holder acts on pendency; the supervisor reminds', () => {
  it('the SHO records a reason for the overdue file and puts a receipt in the RTI register (Hindi); "overdue without reason" drops', async () => {
    const file = items.find((i) => i.type === 'file' && !i.reason);
    const receipt = items.find((i) => i.type === 'receipt' && !i.register && !i.hidden && i.id !== file?.id);
    expect(file).toBeDefined();
    expect(receipt).toBeDefined();
    const before = await scopeTotals(sho);
    expect(before.overdueNoReason).toBeGreaterThan(0);

    // the file view: overdue, as the dashboard says; the holder records why
    await sho.goto(`/files/${file.id}`);
    await sho.getByTestId('item-pendency').waitFor();
    expect(await sho.getByTestId('item-pendency-due').getAttribute('data-overdue')).toBe('true');
    expect(await textOf(sho, 'item-pendency-due')).toContain(file.dueDate.split('-').reverse().join('.'));
    expect(await sho.getByTestId(`item-pendency-remind-${file.id}`).count()).toBe(0); // the holder does not remind itself
    await sho.getByTestId(`item-pendency-reason-${file.id}`).click();
    await sho.getByRole('dialog').waitFor();
    expect(await sho.getByRole('dialog').textContent()).toContain(hi.pendency.act.reason);
    await sho.getByTestId('pendency-reason-text').fill('थाना स्तर पर गवाहों के बयान बाकी हैं');
    await expectNoAxeViolations(sho, 'delay reason dialog');
    await sho.getByTestId('pendency-reason-submit').click();
    await sho.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await textOf(sho, `item-pendency-done-${file.id}`)).toBe(hi.pendency.act.reasonSaved);
    await vi.waitFor(async () => expect(await textOf(sho, 'item-pendency-reason')).toContain('गवाहों के बयान'), POLL);

    // the receipt view: into the RTI register, with its registration number
    await sho.goto(`/receipts/${receipt.id}`);
    await sho.getByTestId('item-pendency').waitFor();
    await sho.getByTestId(`item-pendency-register-${receipt.id}`).click();
    await sho.getByRole('dialog').waitFor();
    await pickOption(sho, 'pendency-register-choice', { name: hi.pendency.register.rti });
    await sho.getByTestId('pendency-register-reference').fill('RTI/PBT/207/2026');
    await sho.getByTestId('pendency-register-submit').click();
    await sho.getByRole('dialog').waitFor({ state: 'detached' });
    await vi.waitFor(
      async () => expect(await textOf(sho, 'item-pendency-register')).toBe(`${hi.pendency.register.rti} RTI/PBT/207/2026`),
      POLL,
    );
    const detail = await apiGet(sho, `/api/pendency/items/receipt/${receipt.id}`);
    expect(detail.pending).toMatchObject({ register: 'rti', reference: 'RTI/PBT/207/2026' });

    // the dashboard: one fewer overdue without a reason at Kotwali (the file); still as many overdue
    const after = await scopeTotals(sho);
    expect(after.overdueNoReason).toBe(before.overdueNoReason - 1);
    await sho.getByTestId('nav-pendency').click();
    await sho.waitForURL((url) => url.pathname === '/pendency');
    await vi.waitFor(async () => expect(await textOf(sho, 'pendency-total-no-reason')).toBe(String(after.overdueNoReason)), POLL);
  });

  it('the SP reminds the SHO from the drill-down (English); the SHO sees it in his notifications', async () => {
    const target = items.find((i) => i.type === 'receipt' && !i.hidden && !i.register);
    expect(target).toBeDefined();
    await sp.goto(`/pendency/items?officeId=${kotwali}&overdue=true&sort=due`);
    const remind = sp.getByTestId(`pendency-item-action-remind-${target.id}`);
    await remind.waitFor();
    expect(await remind.textContent()).toContain(en.pendency.act.remind);
    // a supervisor neither records the holder's reasons nor sets its registers
    expect(await sp.getByTestId(`pendency-item-action-reason-${target.id}`).count()).toBe(0);
    await expectNoAxeViolations(sp, 'drill-down with actions');
    await remind.click();
    await vi.waitFor(
      async () => expect(await textOf(sp, `pendency-item-action-done-${target.id}`)).toMatch(/^Reminder sent to .+\./),
      POLL,
    );
    // once a day: the button goes once the list is refetched — and the confirmation stays (it was lost with the
    // row's actions when the refetch, or a live update overtaking the answer, took the remind ability away)
    await vi.waitFor(async () => expect(await sp.getByTestId(`pendency-item-action-remind-${target.id}`).count()).toBe(0), POLL);
    expect(await textOf(sp, `pendency-item-action-done-${target.id}`)).toMatch(/^Reminder sent to .+\./);

    // the SHO's bell and notifications (live), in Hindi, naming who asks
    await sho.getByTestId('notifications-bell').click();
    await sho.waitForURL((url) => url.pathname === '/pendency/notifications');
    const nudge = sho.locator('[data-testid^="notification-"][data-kind="nudge"]');
    await nudge.first().waitFor();
    const text = (await nudge.first().textContent()) ?? '';
    expect(text).toContain(target.number);
    expect(text).toContain('पुलिस अधीक्षक');
  });
});
