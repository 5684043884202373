/**
 * A citizen on a phone (390×844), in Hindi, applies for an e-pass: Apply on the catalogue asks them to
 * sign in with the SMS code (read here from the outbox, the demo gateway) and brings them back to the
 * form; the locality is found by typing its Hindi name or PIN (with its tehsil and district); a file
 * that is not an image is refused beside its field with the server's reason; a wrong vehicle number
 * comes back from the server beside its field, in Hindi; once right, the application's page opens with
 * its reference number, and My applications lists it. A second one for the same day is named as a
 * possible duplicate and filed anyway; the SDM returns it for correction (staff API) and the open page
 * shows the remarks and the form, which resubmits; the SDM opens the first from the inbox in the office
 * and approves it with the button, and the citizen's open page says so without a reload (it polls), with the validity; the citizen rates it. Nothing scrolls
 * sideways; axe is clean on the apply and status pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { addDays, formatDmy, istDate } from '../../backend/src/shared/dates.js';
import { ApiClient } from '../support/api-client.js';
import { chooseLanguage, expectNoAxeViolations, login, pickOption, POLL, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
let db: pg.Pool;
let page: Page;
let png: Buffer;
const MOBILE = '9012345678';
const tomorrow = () => formatDmy(addDays(istDate(), 1));

beforeAll(async () => {
  e2e = await startE2E();
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  page = await e2e.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  png = await sharp({ create: { width: 240, height: 160, channels: 3, background: '#f4f1e8' } })
    .png()
    .toBuffer();
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
const text = async (testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

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

/** Types into a locality search and picks the suggestion with this area code. */
async function chooseLocality(field: string, typed: string, code: string) {
  await page.getByTestId(`${field}-area`).fill(typed);
  const option = page.getByTestId(`${field}-option-${code}`);
  await option.waitFor();
  await option.click();
  await page.getByTestId(`${field}-area-chosen`).waitFor();
}

/** Fills every field of the e-pass form (the vehicle number as given). */
async function fillEpass(vehicle: string) {
  await page.getByTestId('f-name').fill('रमेश कुमार');
  await page.getByTestId('f-mobile').fill(MOBILE);
  await pickOption(page, 'f-category', { testId: 'f-category-option-medical' }, 'चिकित्सा');
  await chooseLocality('f-from', 'खकरा', 'PBT-L-KHAKRA');
  await page.getByTestId('f-from-line').fill('मकान नं. 12, स्टेशन रोड');
  await chooseLocality('f-to', '262002', 'PBT-L-GAJRAULA');
  await page.getByTestId('f-to-line').fill('गजरौला बाज़ार');
  await page.getByTestId('f-travelDate').fill(tomorrow());
  await page.getByTestId('f-travelDate').press('Tab');
  await page.getByTestId('f-vehicle').fill(vehicle);
  await page.getByTestId('f-persons').fill('2');
  await pickOption(page, 'f-idProof-kind', { testId: 'f-idProof-kind-option-aadhaar' });
  await page.getByTestId('f-idProof-number').fill('2345 6789 0123');
}

async function staffApplication(reference: string) {
  const { rows } = await db.query(`select id from application where reference_number = $1`, [reference]);
  const sdm = new ApiClient(e2e.system.url!, 'hi');
  await sdm.login('sdm.sadar');
  const got = await sdm.get(`/api/applications/${rows[0].id}`);
  expect(got.status).toBe(200);
  return { sdm, id: rows[0].id as string, version: got.body.version as number };
}

let first = '';
let second = '';

describe('a citizen applies for an e-pass on a phone', () => {
  it('Apply asks them to sign in with the SMS code, then brings them back to the form; a service filed only at the office has no Apply', async () => {
    await page.goto('/services');
    await chooseLanguage(page, 'hi');
    await page.getByTestId('service-EPASS-apply').waitFor();
    expect(await page.getByTestId('service-CHARVERIFY-apply').count()).toBe(0);
    expect(await text('service-CHARVERIFY-at-office')).toContain('जन सेवा केंद्र');
    await page.getByTestId('service-EPASS-apply').click();
    await page.waitForURL((url) => url.pathname === '/services/sign-in' && url.searchParams.get('redirect') === '/services/apply/EPASS');
    await page.getByTestId('applicant-mobile').fill(MOBILE);
    await page.getByTestId('applicant-send-code').click();
    await page.getByTestId('applicant-code').fill(await smsCode(MOBILE));
    await page.getByTestId('applicant-sign-in').click();
    await page.waitForURL('**/services/apply/EPASS');
    expect(await text('apply-heading')).toBe('आवागमन ई-पास');
    expect(await text('applicant-bar-who')).toContain('******5678');
  });

  it('finds the locality by its Hindi name or PIN, with tehsil and district; refuses a file that is not an image beside the field', async () => {
    await chooseLocality('f-from', 'खकरा', 'PBT-L-KHAKRA');
    expect(await text('f-from-area-chosen')).toBe('मोहल्ला खकरा, तहसील पीलीभीत सदर, ज़िला पीलीभीत');
    // a locality with one PIN fills it in
    expect(await page.getByTestId('f-from-pin').inputValue()).toBe('262001');
    await page
      .getByTestId('f-supportingDocument')
      .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
    await expect
      .poll(() => page.locator('#f-supportingDocument-error').textContent(), POLL)
      .toContain('"notes.png" JPEG, PNG, TIFF या PDF फ़ाइल नहीं है');
    await page.getByTestId('f-supportingDocument').setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => text('f-supportingDocument-file'), POLL).toContain('letter.png');
    expect(await page.locator('#f-supportingDocument-error').count()).toBe(0);
  });

  it('a wrong vehicle number comes back from the server beside its field, in Hindi', async () => {
    await fillEpass('XYZ');
    await page.getByTestId('application-submit').click();
    await expect.poll(() => page.locator('#f-vehicle-error').textContent(), POLL).toContain('वाहन संख्या पंजीकरण के अनुसार लिखें');
    // the field is where the user is taken, and nothing else is marked
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('f-vehicle');
    expect(await page.locator('.application-form .p-message-error').count()).toBe(1);
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services/apply/EPASS with an error (hi, 390 px)');
  });

  it('once right, the application opens with its EPASS reference number; My applications lists it', async () => {
    await page.getByTestId('f-vehicle').fill('UP 26 AB 1234');
    await page.getByTestId('application-submit').click();
    await page.waitForURL('**/services/applications/**');
    first = await text('status-reference');
    expect(first).toMatch(/^EPASS\/[A-Z0-9/-]+\/\d{4}\/\d{6}$/);
    expect(await text('status-service')).toBe('आवागमन ई-पास');
    expect(await text('status-stage')).toBe('प्रस्तुत');
    // the authority by designation and office, never the officer's name
    expect(await text('status-authority')).toBe('उप जिलाधिकारी, पीलीभीत सदर, तहसील पीलीभीत सदर (उप जिलाधिकारी कार्यालय)');
    expect(await page.getByTestId('status-authority').textContent()).not.toContain('आलोक');
    expect(await text('status-filed-travelDate')).toContain(tomorrow());
    expect(await text('status-filed-from')).toContain('मोहल्ला खकरा');
    expect(await text('status-filed-idProof')).toContain('XXXXXXXX0123');
    expect(await page.getByTestId('status-documents').textContent()).toContain('letter.png');
    expect(await page.getByTestId('status-timeline').locator('li').count()).toBe(1);
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services/applications/… (hi, 390 px)');

    // its address survives a reload and also works typed with plain slashes (reference numbers have them)
    await page.reload();
    await expect.poll(() => text('status-reference'), POLL).toBe(first);
    await page.goto(`/services/applications/${first}`);
    await expect.poll(() => text('status-reference'), POLL).toBe(first);

    await page.getByTestId('applicant-my-applications').click();
    await page.waitForURL('**/services/my');
    const row = page.getByTestId(`my-application-${first}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('आवागमन ई-पास');
    expect(await row.getByTestId('my-application-stage').textContent()).toBe('प्रस्तुत');
    expect(await row.textContent()).toContain(`${formatDmy(istDate())} को जमा`);
    expect(await row.textContent()).toContain('उप जिलाधिकारी, पीलीभीत सदर');
    expect(await noSideways()).toBe(true);
  });

  it('a second one for the same day is named as a possible duplicate and filed anyway', async () => {
    await page.goto('/services/apply/EPASS');
    await page.getByTestId('f-name').waitFor();
    await fillEpass('UP 26 AB 1234');
    await page.getByTestId('application-submit').click();
    await expect.poll(() => page.getByTestId('apply-duplicate').isVisible(), POLL).toBe(true);
    expect(await page.getByTestId(`apply-duplicate-${first}`).textContent()).toBe(first);
    await page.getByTestId('apply-submit-anyway').click();
    await page.waitForURL('**/services/applications/**');
    await expect.poll(() => text('status-reference'), POLL).not.toBe(first);
    second = await text('status-reference');
    expect(second).toMatch(/^EPASS\//);
  });

  it('returned for correction while open: the remarks and the form appear; corrected and resubmitted', async () => {
    const { sdm, id, version } = await staffApplication(second);
    const returned = await sdm.post(`/api/applications/${id}/actions/returnForCorrection`, { version, remarks: 'यात्रियों की संख्या 3 लिखें।' });
    expect(returned.status).toBe(200);
    await expect.poll(() => text('status-stage'), POLL).toBe('सुधार हेतु लौटाया गया');
    expect(await text('status-return-remarks')).toContain('यात्रियों की संख्या 3 लिखें।');
    // the form holds what was filed; the ID number, kept masked, is typed again
    expect(await page.getByTestId('f-persons').inputValue()).toBe('2');
    expect(await page.getByTestId('f-from-area').inputValue()).toBe('मोहल्ला खकरा');
    expect(await page.getByTestId('f-travelDate').inputValue()).toBe(tomorrow());
    expect(await page.getByTestId('f-idProof-number').inputValue()).toBe('');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services/applications/… returned (hi, 390 px)');
    await page.getByTestId('f-persons').fill('3');
    await page.getByTestId('f-idProof-number').fill('2345 6789 0123');
    await page.getByTestId('application-submit').click();
    await expect.poll(() => text('status-stage'), POLL).toBe('प्रस्तुत');
    // a live update may show the new stage a moment before the answer to the resubmission arrives
    await expect.poll(() => page.getByTestId('status-resubmitted').isVisible(), POLL).toBe(true);
    expect(await page.getByTestId('status-correct').count()).toBe(0);
    expect(await page.getByTestId('status-filed-persons').locator('dd').textContent()).toBe('3');
    expect(await page.getByTestId('status-timeline').locator('li').count()).toBe(3);
  });

  it('approved by the SDM while its page is open: the page says so without a reload, with the validity; the citizen rates it', async () => {
    await page.getByTestId('applicant-my-applications').click();
    await page.getByTestId(`my-application-link-${first}`).click();
    await expect.poll(() => text('status-reference'), POLL).toBe(first);
    await page.evaluate(() => ((globalThis as any).__notReloaded = true));
    // the SDM, at the office, finds it in the inbox and approves it with the button
    const { id } = await staffApplication(first);
    const office = await e2e.newPage();
    await login(office, 'sdm.sadar', 'hi');
    await office.goto('/inbox?type=appln');
    await office.getByTestId(`inbox-open-${id}`).click();
    await office.waitForURL(`**/applications/${id}`);
    await office.getByTestId('appln-action-approve').click();
    await expect.poll(() => office.getByTestId('appln-stage').textContent(), POLL).toBe('स्वीकृत');
    await office.close();
    // the citizen's open page says so without a reload
    await expect.poll(() => text('status-stage'), { timeout: 15_000, interval: 200 }).toBe('स्वीकृत');
    expect(await page.evaluate(() => (globalThis as any).__notReloaded)).toBe(true);
    expect(await text('status-validity')).toContain(tomorrow());
    expect(await page.getByTestId('status-due').count()).toBe(0);

    await page.getByTestId('status-rate-5').check();
    await page.getByTestId('status-comment').fill('बहुत जल्दी मिला');
    await page.getByTestId('status-rate-send').click();
    await expect.poll(() => text('status-rating'), POLL).toContain('आपने इसे 5 में से 5 दिया।');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/services/applications/… approved (hi, 390 px)');
  });

  it('prints without the site bar, the navigation or the buttons', async () => {
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.public-header').isVisible()).toBe(false);
      expect(await page.getByTestId('applicant-bar').isVisible()).toBe(false);
      expect(await page.getByTestId('status-print').isVisible()).toBe(false);
      expect(await page.getByTestId('status-reference').isVisible()).toBe(true);
      expect(await page.getByTestId('status-timeline').isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('signs out; their pages then ask them to sign in again', async () => {
    await page.getByTestId('applicant-bar-sign-out').click();
    await page.waitForURL((url) => url.pathname === '/services');
    await page.getByTestId('services-sign-in').waitFor();
    expect(await page.getByTestId('applicant-bar').count()).toBe(0);
    // signed out, Apply goes through sign-in
    expect(await page.getByTestId('service-EPASS-apply').getAttribute('href')).toBe('/services/sign-in?redirect=/services/apply/EPASS');
    await page.goto('/services/my');
    await page.waitForURL((url) => url.pathname === '/services/sign-in' && url.searchParams.get('redirect') === '/services/my');
    await page.getByTestId('applicant-mobile').waitFor();
  });
});
