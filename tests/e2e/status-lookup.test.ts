/**
 * Anyone, on a phone, in Hindi, finds where an application stands by its reference number — the service,
 * the stage and the authority it is with, never the applicant's details — and is sent to sign in with the
 * code to the applicant's (masked) mobile for the full application. An unknown number says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { ApiClient } from '../support/api-client.js';
import { chooseLanguage, expectNoAxeViolations, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

let e2e: E2E;
let db: pg.Pool;
let page: Page;
let reference = '';

beforeAll(async () => {
  e2e = await startE2E();
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  page = await e2e.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  // a citizen files an e-pass through the API
  const mobile = '9400000077';
  const citizen = new ApiClient(e2e.system.url!, 'hi');
  expect((await citizen.post('/api/public/otp', { mobile })).status).toBe(201);
  const { rows } = await db.query(`select body from outbox_message where recipient = $1 order by created_at desc limit 1`, [mobile]);
  expect((await citizen.post('/api/public/session', { mobile, code: /\b(\d{6})\b/.exec(rows[0].body)![1] })).status).toBe(200);
  const areas = Object.fromEntries((await db.query(`select code, id from area`)).rows.map((r) => [r.code, r.id]));
  const tomorrow = new Date(Date.now() + 5.5 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  const filed = await citizen.post('/api/public/applications', {
    service: 'EPASS',
    data: {
      name: 'सीता देवी',
      mobile,
      category: 'medical',
      from: { areaId: areas['PBT-L-KHAKRA'], line: 'मकान 7' },
      to: { areaId: areas['PBT-L-GAJRAULA'], line: 'बाज़ार' },
      travelDate: tomorrow,
      persons: 1,
      idProof: { kind: 'aadhaar', number: '234567890123' },
    },
  });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  reference = filed.body.referenceNumber;
});
afterAll(async () => {
  await db?.end();
  await e2e?.close();
});

describe('public status lookup', () => {
  it('shows where an application stands by its reference number, without the applicant’s details, in Hindi', async () => {
    await page.goto('/services');
    await chooseLanguage(page, 'hi');
    await page.getByTestId('services-lookup').click();
    await page.getByTestId('lookup-ref').fill('EPASS/PBT/XYZ/2026/999999');
    await page.getByTestId('lookup-find').click();
    await expect.poll(() => page.getByTestId('lookup-none').isVisible(), POLL).toBe(true);

    await page.getByTestId('lookup-ref').fill(reference.toLowerCase());
    await page.getByTestId('lookup-find').click();
    await page.getByTestId('lookup-result').waitFor();
    expect(await textOf(page, 'lookup-stage')).toBe('प्रस्तुत');
    expect(await textOf(page, 'lookup-authority')).toBe('उप जिलाधिकारी, पीलीभीत सदर, तहसील पीलीभीत सदर (उप जिलाधिकारी कार्यालय)');
    const card = (await page.getByTestId('lookup-result').textContent()) ?? '';
    expect(card).toContain(reference);
    expect(card).not.toMatch(/सीता|मकान 7|0123/);
    expect(await textOf(page, 'lookup-details')).toContain('******0077');
    expect(
      await page.evaluate(() => {
        const g = globalThis as any;
        return g.document.documentElement.scrollWidth <= g.innerWidth;
      }),
    ).toBe(true);
    await expectNoAxeViolations(page, '/services/status (hi, 390 px)');

    await page.getByTestId('lookup-details').click();
    await page.getByTestId('applicant-mobile').waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe(`/services/applications/${reference}`);
  });
});
