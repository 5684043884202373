/**
 * Bulk work at the dak desk in a real browser: the munshi of PS Kotwali ticks three diarised receipts
 * (one click and a Shift+click for the range) and sends them to the SHO in one action (Hindi UI);
 * the SHO finds all three in the inbox (English UI), ticks them with the keyboard (Space, and the
 * "all on this page" box) and marks them read in one action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, pickOption, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let munshiApi: ApiClient;
let munshi: Page;
let sho: Page;
let shoPostId: string;
const receipts: Array<{ id: string; diaryNumber: string }> = [];

beforeAll(async () => {
  e2e = await startE2E();
  munshiApi = await loggedIn(e2e.base, 'munshi.kotwali');
  shoPostId = (await munshiApi.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0].id;
  for (const subject of ['Theft complaint, Ward 4', 'Missing person report, Barkhera', 'Noise complaint, Station Road']) {
    const res = await munshiApi.post('/api/receipts', {
      receivedDate: '2026-11-20',
      mode: 'by_hand',
      sender: 'Citizen, Pilibhit',
      subject,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    receipts.push({
      id: res.body.receipt.id,
      diaryNumber: res.body.diaryNumber,
    });
  }
  munshi = await e2e.newPage();
  sho = await e2e.newPage();
});
afterAll(async () => e2e?.close());

const inboxRowIds = (page: Page) =>
  page
    .getByTestId('inbox-table')
    .locator('tbody tr[data-testid^="inbox-row-"]')
    .evaluateAll((rows) => rows.map((r) => (r as any).getAttribute('data-testid').slice('inbox-row-'.length) as string));

describe('bulk send from the dak desk', () => {
  it('the munshi ticks three diarised receipts and sends them to the SHO in one action', async () => {
    await login(munshi, 'munshi.kotwali', 'hi');
    await munshi.goto('/dak');
    for (const r of receipts) await munshi.getByTestId(`dak-tosend-row-${r.id}`).waitFor();
    // newest first: the third is on top; tick it, then Shift+click the first for the range
    await munshi.getByTestId(`dak-select-${receipts[2]!.id}`).click();
    await munshi.getByTestId(`dak-select-${receipts[0]!.id}`).click({ modifiers: ['Shift'] });
    for (const r of receipts) expect(await munshi.getByTestId(`dak-select-${r.id}`).isChecked()).toBe(true);
    expect(await textOf(munshi, 'bulk-count')).toBe(hi.bulk.selected.split(' | ')[1]!.replace('{count}', '3'));
    await expectNoAxeViolations(munshi, 'dak desk with three ticked');

    await munshi.getByTestId('bulk-send').click();
    await munshi.getByRole('dialog').waitFor();
    expect(await munshi.getByRole('dialog').textContent()).toContain(hi.send.titleBulk.split(' | ')[1]!.replace('{count}', '3'));
    await pickOption(munshi, 'send-to', { testId: `send-to-option-${shoPostId}` }, 'कोतवाली');
    await munshi.getByTestId('send-remarks').fill('आवश्यक कार्यवाही हेतु');
    await munshi.getByTestId('send-submit').click();

    await expect.poll(() => textOf(munshi, 'bulk-result-summary'), POLL).toBe(hi.bulk.result.replace('{ok}', '3').replace('{failed}', '0'));
    // sent on: they leave the list and the selection
    for (const r of receipts) await munshi.getByTestId(`dak-tosend-row-${r.id}`).waitFor({ state: 'detached' });
    expect(await munshi.getByTestId('bulk-bar').count()).toBe(0);
  });

  it('they are in the SHO’s inbox; the SHO ticks them by keyboard and marks them read in one action', async () => {
    await login(sho, 'sho.kotwali', 'en');
    await sho.goto('/inbox');
    await expect.poll(() => inboxRowIds(sho), POLL).toEqual(expect.arrayContaining(receipts.map((r) => r.id)));
    for (const r of receipts) expect(await sho.getByTestId(`inbox-row-${r.id}`).getAttribute('data-unread')).toBe('true');

    // Space on a tick box ticks it; the header box ticks all on the page
    await sho.getByTestId(`inbox-select-${receipts[0]!.id}`).focus();
    await sho.keyboard.press('Space');
    expect(await sho.getByTestId(`inbox-select-${receipts[0]!.id}`).isChecked()).toBe(true);
    expect(await textOf(sho, 'bulk-count')).toBe('1 ticked');
    await sho.getByTestId('inbox-select-all').focus();
    await sho.keyboard.press('Space');
    const shown = await inboxRowIds(sho);
    expect(await textOf(sho, 'bulk-count')).toBe(en.bulk.selected.split(' | ')[1]!.replace('{count}', String(shown.length)));

    await sho.getByTestId('bulk-markRead').click();
    await expect
      .poll(() => textOf(sho, 'bulk-result-summary'), POLL)
      .toBe(en.bulk.result.replace('{ok}', String(shown.length)).replace('{failed}', '0'));
    for (const r of receipts) await expect.poll(() => sho.getByTestId(`inbox-row-${r.id}`).getAttribute('data-unread'), POLL).toBe('false');
    await expectNoAxeViolations(sho, 'inbox after a bulk action');
  });
});
