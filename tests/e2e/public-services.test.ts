/**
 * A citizen on a phone (390×844), in Hindi: the public service catalogue shows the district's services
 * with their Right-to-Service timelines, the documents to upload and Apply where citizens may file online; signing in takes the mobile number
 * and the SMS code (read here from the outbox, the demo gateway) — a wrong code says so beside the field
 * with the tries left, the right one signs in, and signing out ends it. Nothing scrolls sideways; axe is clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { chooseLanguage, expectNoAxeViolations, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
let db: pg.Pool;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  page = await e2e.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
});
afterAll(async () => {
  await db?.end();
  await e2e?.close();
});

const noSideways = () =>
  page.evaluate(() => {
    const g = globalThis as any;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });

async function smsCode(mobile: string): Promise<string> {
  let code = '';
  await expect
    .poll(
      async () => {
        const { rows } = await db.query(`select body from outbox_message where recipient = $1 order by created_at desc limit 1`, [mobile]);
        code = /\b(\d{6})\b/.exec(rows[0]?.body ?? '')?.[1] ?? '';
        return code;
      },
      { timeout: 10_000 },
    )
    .not.toBe('');
  return code;
}

describe('a citizen on a phone', () => {
  it('sees the services with their timelines and documents, in Hindi', async () => {
    await page.goto('/services');
    await chooseLanguage(page, 'hi');
    const epass = page.getByTestId('service-EPASS');
    await expect.poll(() => epass.isVisible()).toBe(true);
    expect(await epass.getByRole('heading', { level: 2 }).textContent()).toBe('आवागमन ई-पास');
    expect(await page.getByTestId('service-EPASS-timeline').textContent()).toBe('1 कार्य दिवस में');
    expect(await page.getByTestId('service-LOUDSPEAKER-timeline').textContent()).toBe('3 कार्य दिवसों में');
    expect(await epass.textContent()).toContain('सहायक दस्तावेज़');
    expect(await page.locator('.public-brand').textContent()).toContain('ऑनलाइन सेवाएँ');
    expect(await page.getByTestId('services-list').locator('li.service-card').count()).toBe(6);
    // the five citizens file online have Apply; character verification is applied for at a counter
    expect(await page.locator('[data-testid$="-apply"]').count()).toBe(5);
    expect(await page.getByTestId('service-CHARVERIFY-apply').count()).toBe(0);
    expect(await page.getByTestId('service-CHARVERIFY-at-office').textContent()).toContain('कार्यालय के काउंटर या जन सेवा केंद्र (CSC) पर');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services (hi, 390 px)');
  });

  it('signs in with the SMS code; a wrong code is refused beside the field with the tries left', async () => {
    await page.getByTestId('services-sign-in').click();
    await page.waitForURL('**/services/sign-in');
    await page.getByTestId('applicant-mobile').fill('98765 43210');
    await page.getByTestId('applicant-send-code').click();
    expect(await page.getByTestId('applicant-code-sent').textContent()).toContain('******3210');
    // the code field has the focus: the phone offers the SMS code there
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('applicant-code');
    const code = await smsCode('9876543210');
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByTestId('applicant-code').fill(wrong);
    await page.getByTestId('applicant-sign-in').click();
    await expect.poll(() => page.locator('#applicant-code-error').textContent()).toContain('कोड गलत है');
    expect(await page.getByTestId('applicant-tries-left').textContent()).toBe('2 प्रयास शेष');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services/sign-in with an error (hi, 390 px)');

    // the last two tries: then the code is spent, and the page says to ask for a new one
    for (const left of ['1 प्रयास शेष', null]) {
      await page.getByTestId('applicant-code').fill(wrong);
      await page.getByTestId('applicant-sign-in').click();
      if (left) await expect.poll(() => page.getByTestId('applicant-tries-left').textContent()).toBe(left);
    }
    await expect.poll(() => page.getByTestId('applicant-no-tries').textContent()).toContain('नया कोड मँगाएँ');
    expect(await page.getByTestId('applicant-sign-in').isDisabled()).toBe(true);
    await page.getByTestId('applicant-send-code').click();
    await expect
      .poll(async () => (await db.query(`select count(*)::int as n from outbox_message where recipient = '9876543210'`)).rows[0].n)
      .toBe(2);
    const fresh = await smsCode('9876543210');
    await expect.poll(() => page.getByTestId('applicant-sign-in').isDisabled()).toBe(false);
    await page.getByTestId('applicant-code').fill(fresh);
    await page.getByTestId('applicant-sign-in').click();
    await expect.poll(() => page.getByTestId('applicant-signed-in').textContent()).toContain('******3210');
    // the session is the applicant's own cookie: a reload still knows them
    await page.reload();
    await expect.poll(() => page.getByTestId('applicant-signed-in').isVisible()).toBe(true);
    await page.getByTestId('applicant-sign-out').click();
    await expect.poll(() => page.getByTestId('applicant-mobile').isVisible()).toBe(true);
  });

  it('refuses a number that is not a mobile number, beside the field', async () => {
    await page.getByTestId('applicant-mobile').fill('12345');
    await page.getByTestId('applicant-send-code').click();
    await expect.poll(() => page.locator('#applicant-mobile-error').textContent()).toContain('10 अंकों का भारतीय मोबाइल नंबर');
  });
});
