/**
 * The search box suggests as you type (issue 18 item 3): a receipt diarised with a Hindi subject is
 * offered when its subject is typed in Latin letters, and picking the suggestion opens the receipt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E, type E2E } from '../support/browser.js';
import { loggedIn } from '../support/api-client.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe('search-as-you-type', () => {
  it('offers a Hindi receipt for a Latin query and opens it when picked', async () => {
    const page = await e2e.newPage();
    await login(page, 'munshi.kotwali', 'hi');
    const munshi = await loggedIn(e2e.system.url!, 'munshi.kotwali');
    const made = await munshi.post('/api/receipts', {
      receivedDate: '2026-11-20',
      mode: 'post',
      sender: 'ग्राम प्रधान, बरखेड़ा',
      subject: 'पीलीभीत नगर में जल भराव की शिकायत',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = (made.body.receipt ?? made.body).id as string;
    await page.goto('/inbox');
    await page.getByTestId('shell-search').pressSequentially('peelibh', { delay: 30 });
    const option = page.getByTestId(`shell-suggestion-${id}`);
    await option.waitFor({ timeout: 15_000 });
    await option.click();
    await page.waitForURL(`**/receipts/${id}`);
    await page.context().close();
  });
});
