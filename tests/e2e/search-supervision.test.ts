/**
 * The SP's search reaches the stations (issue 14 item 4), in the browser: a word in a receipt and a
 * file pending with the SHO of Kotwali is found by the SP (English) and the circle officer (Hindi),
 * each hit marked "under supervision"; opening one is the pendency drill-down's audited inspect, and
 * the item's page opens read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { istDate } from '../../backend/src/shared/dates.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let sho: ApiClient;
let receipt: any;
let file: any;
const WORD = 'Barkheraganj';

const audited = async (action: string, id: string) =>
  (await e2e.system.deps.pool.query(`select actor_post_id from audit_event where action = $1 and object_id = $2`, [action, id])).rows;

async function searchFor(page: Page, word: string) {
  await page.goto('/search');
  await page.getByTestId('search-input').fill(word);
  await page.getByTestId('search-submit').click();
  await page.waitForURL((url) => url.searchParams.get('q') === word);
  await page.getByTestId('search-count').waitFor();
}

beforeAll(async () => {
  e2e = await startE2E();
  const admin = await loggedIn(e2e.base, 'admin');
  const munshi = await loggedIn(e2e.base, 'munshi.kotwali');
  sho = await loggedIn(e2e.base, 'sho.kotwali');
  const posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  const created = await munshi.post('/api/receipts', {
    receivedDate: istDate(),
    mode: 'post',
    sender: 'Gram Pradhan',
    subject: `Boundary wall dispute, ${WORD}`,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  receipt = created.body.receipt;
  expect(
    (await munshi.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-PS-KOTWALI-SHO'] })).status,
  ).toBe(200);
  receipt = (await sho.get(`/api/receipts/${receipt.id}`)).body;
  const head = (await sho.get('/api/file-heads')).body.items[0];
  const opened = await sho.post('/api/files', { headId: head.id, subject: `Encroachment enquiry, ${WORD} market` });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  file = opened.body;
}, 120_000);
afterAll(async () => e2e?.close());

describe('a supervising post searches its stations', () => {
  it('the SP finds the SHO’s receipt by a word, marked “under supervision”, and opens it by the audited inspect (English)', async () => {
    const sp = await e2e.newPage();
    await login(sp, 'sp', 'en');
    await searchFor(sp, WORD);
    expect(await textOf(sp, 'search-count')).toBe('2 results');
    expect(await textOf(sp, `search-supervision-${receipt.id}`)).toBe(en.search.underSupervision);
    expect(await textOf(sp, `search-supervision-${file.id}`)).toBe(en.search.underSupervision);
    await expectNoAxeViolations(sp, 'search with supervised hits');

    expect(await audited('receipt.inspect', receipt.id)).toHaveLength(0);
    await sp.getByTestId(`search-open-${receipt.id}`).click();
    await sp.waitForURL((url) => url.pathname === `/receipts/${receipt.id}`);
    expect(await textOf(sp, 'diary-number')).toBe(receipt.diaryNumber);
    expect(await audited('receipt.inspect', receipt.id)).toHaveLength(1);
  });

  it('the circle officer finds the SHO’s file, “पर्यवेक्षण में”, and opens it read-only (Hindi)', async () => {
    const co = await e2e.newPage();
    await login(co, 'co.city', 'hi');
    await searchFor(co, WORD);
    expect(await textOf(co, `search-supervision-${file.id}`)).toBe(hi.search.underSupervision);
    await co.getByTestId(`search-open-${file.id}`).click();
    await co.waitForURL((url) => url.pathname === `/files/${file.id}`);
    expect(await textOf(co, 'file-number')).toBe(file.fileNumber);
    await co.getByTestId('file-read-only').waitFor();
    expect(await audited('file.inspect', file.id)).toHaveLength(1);
  });

  it('another station’s SHO finds nothing', async () => {
    const other = await e2e.newPage();
    await login(other, 'sho.sungarhi', 'en');
    await searchFor(other, WORD);
    expect(await textOf(other, 'search-count')).toBe('No results');
  });
});
