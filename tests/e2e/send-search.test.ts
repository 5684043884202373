/**
 * In the send dialog's post picker, the post whose designation is exactly what was typed comes first
 * (issue 14 item 14: searching "पुलिस अधीक्षक" listed the SP after the Additional SP and the SP's
 * Reader). The ranking is the server's post search (GET /api/org/posts?q=); the picker keeps its order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
let spPostId: string;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => e2e?.close());

describe.each([
  ['hi', 'पुलिस अधीक्षक'],
  ['en', 'Superintendent of Police'],
] as const)('the send dialog (%s)', (lang, query) => {
  it(`lists the SP first when searching "${query}"`, async () => {
    const page = await e2e.newPage();
    await login(page, 'munshi.kotwali', lang);
    if (!spPostId)
      spPostId = (await (await page.request.get('/api/org/posts?q=PBT-SP-SP')).json()).items.find((p: any) => p.code === 'PBT-SP-SP').id;
    await page.goto('/dak/register');
    await page.getByTestId('diarise-sender').fill('Gram Pradhan, Barkhera');
    await page.getByTestId('diarise-subject').fill(`Complaint for the SP (${lang})`);
    await page.getByTestId('diarise-save').click();
    await page.getByTestId('receipt-send').click();
    await page.getByTestId('send-to').click();
    const overlay = page.locator('.p-select-overlay');
    await overlay.waitFor();
    await overlay.getByRole('searchbox').fill(query);
    const options = overlay.getByRole('option');
    await expect
      .poll(async () => (await options.count()) >= 2 && (await options.first().getAttribute('data-testid')), {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(`send-to-option-${spPostId}`);
    // the Additional SP is listed too, after it
    expect(await options.count()).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });
});
