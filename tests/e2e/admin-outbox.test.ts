import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, POLL, startE2E, textOf, type E2E } from '../support/browser.js';
import { ApiClient } from '../support/api-client.js';

/**
 * Issue 15 item 6: in demo mode (no SMS gateway) messages to the public stay in the outbox, and an
 * administrator reads them — one-time passwords included — on the outbox page, in Hindi; it refreshes itself.
 */
let e2e: E2E;
let admin: Page;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.newPage();
  await login(admin, 'admin', 'hi');
});
afterAll(async () => e2e?.close());

describe('admin → outbox (आउटबॉक्स)', () => {
  it('shows an applicant’s one-time password that arrives while the page is open, and says it is demo mode', async () => {
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-outbox').click();
    await expect.poll(() => admin.getByTestId('outbox-demo').isVisible(), POLL).toBe(true);
    expect(await textOf(admin, 'outbox-demo')).toMatch(/डेमो मोड/);

    const mobile = '9300000123';
    const citizen = new ApiClient(e2e.system.url!, 'hi');
    expect((await citizen.post('/api/public/otp', { mobile })).status).toBe(201);
    const row = admin.getByTestId('outbox-table').locator('tr', { hasText: mobile });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.textContent()).toMatch(/आपका एक-बार का कोड \d{6} है/);

    await admin.getByTestId('outbox-search').fill('98989');
    await expect.poll(() => admin.getByTestId('outbox-table').locator('tr', { hasText: mobile }).count(), POLL).toBe(0);
    await expectNoAxeViolations(admin);
  });
});
