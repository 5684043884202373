import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

/** Issue 15 item 2: an admin imports a small gazetteer in Hindi — a bad file lists its problems, a good one imports — and finds a village by PIN. */
let e2e: E2E;
let admin: Page;

const HEADER = 'kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post';
const BAD = [
  HEADER,
  'tehsil,E2E-T,E2E Tehsil,ई2ई तहसील,PBT,,,,,,',
  'police_area,E2E-PS,E2E PS Area,,PBT,,,,,,', // 3: no Hindi name
  'locality,E2E-L,Bhainsaha,भैंसहा,E2E-T,,E2E-PS,26,,,', // 4: PIN too short
  'locality,E2E-L2,Gaurikhera,गौरीखेड़ा,PBT,,E2E-PS,262198,,,', // 5: parent is a district
].join('\n');
const GOOD = [
  HEADER,
  'tehsil,E2E-T,E2E Tehsil,ई2ई तहसील,PBT,,,,,,',
  'police_area,E2E-PS,E2E PS Area,ई2ई थाना क्षेत्र,PBT,,,,,,',
  'locality,E2E-L,Bhainsaha,भैंसहा,E2E-T,,E2E-PS,262199,,,',
  'serving,E2E-PS,,,,,,,police_station,PBT-PS-KOTWALI,PBT-PS-KOTWALI-SHO',
].join('\n');

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.newPage();
  await login(admin, 'admin', 'hi');
});
afterAll(async () => e2e?.close());

async function upload(page: Page, name: string, csv: string) {
  await page.getByTestId('areas-import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByTestId('areas-import-submit').click();
}

describe('admin → jurisdiction (क्षेत्राधिकार)', () => {
  it('lists the district’s areas, shows every problem of a bad file in Hindi, imports a good one, and finds a village by PIN', async () => {
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-nav-jurisdiction').click();
    await admin.waitForURL((url) => url.pathname === '/admin/jurisdiction');
    await admin.getByRole('heading', { name: 'क्षेत्राधिकार' }).waitFor();
    await admin.getByTestId('areas-table').getByText('PBT-BISALPUR', { exact: true }).waitFor();

    await admin.getByTestId('admin-jurisdiction-new').click();
    await admin.getByRole('dialog', { name: 'CSV से गज़ेटियर आयात करें' }).waitFor();
    await upload(admin, 'bad.csv', BAD);
    const problems = admin.getByTestId('areas-import-problems').locator('li');
    await expect
      .poll(() => problems.allTextContents(), POLL)
      .toEqual([
        'पंक्ति 3, स्तंभ "name_hi": यह प्रविष्टि आवश्यक है।',
        'पंक्ति 4, स्तंभ "pins": 6 अंकों का पिन कोड लिखें जो 0 से शुरू न हो, उदाहरण: 262001।',
        'पंक्ति 5, स्तंभ "parent": ग्राम/मोहल्ला किसी तहसील में होता है, परंतु "PBT" ज़िला है',
      ]);
    expect(await textOf(admin, 'form-error')).toContain('कुछ भी आयात नहीं हुआ');
    await expectNoAxeViolations(admin, 'jurisdiction import problems');

    await upload(admin, 'good.csv', GOOD);
    await expect.poll(() => textOf(admin, 'areas-import-result'), POLL).toBe('आयात हुआ: 4 नए, 0 अद्यतन, 0 अपरिवर्तित।');
    expect(await problems.count()).toBe(0);
    await admin.keyboard.press('Escape');

    await admin.getByTestId('areas-search').fill('262199');
    const table = admin.getByTestId('areas-table');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(1);
    const row = table.locator('tbody tr').filter({ hasText: 'E2E-L' });
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('ई2ई तहसील · ई2ई थाना क्षेत्र · पीलीभीत');
    expect(await row.textContent()).toContain('भैंसहा');
    await admin.getByTestId('areas-search').fill('ई2ई थाना');
    await expect
      .poll(async () => (await table.locator('tbody tr').filter({ hasText: 'E2E-PS' }).textContent()) ?? '', POLL)
      .toContain('थाना: थाना कोतवाली — थानाध्यक्ष, कोतवाली');
  });
});
