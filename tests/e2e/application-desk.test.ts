/**
 * Applications at the authority's desk and at a counter, in real Chromium:
 * (a) the SDM of Pilibhit Sadar, in Hindi, sees a citizen's e-pass arrive in the inbox live, opens it
 *     (form with its labels, deadline, where it has been, what was done), approves it with the button;
 *     rejects a second one with a reason from the list; a decision on a third taken while someone else
 *     approved it is refused with the conflict message and the current state shown. axe is clean and
 *     nothing scrolls sideways at 390 px.
 * (b) three e-passes ticked in the inbox's application list are approved at once, each reported.
 * (c) the SP office's reception files a visitor pass for a walk-in: the code sent to her mobile (a wrong
 *     one first, refused beside the field), the section chosen, a photo from the webcam (Chromium's
 *     fake camera) — filed as VPSP/…, with the Crime Branch, with the photo as a PNG document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { expectNoAxeViolations, login, pickOption, POLL, startE2E, textOf, watchRealtime, type E2E } from '../support/browser.js';

let e2e: E2E;
let db: pg.Pool;
const areas = new Map<string, string>();

beforeAll(async () => {
  e2e = await startE2E({ OTP_PER_MOBILE: '50', OTP_PER_IP: '500' }, { fakeCamera: true });
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from area`)).rows) areas.set(r.code, r.id);
});
afterAll(async () => {
  await db?.end();
  await e2e?.close();
});

let nextMobile = 9_300_000_100;
const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('.');

async function smsCode(mobile: string): Promise<string> {
  let code = '';
  await expect
    .poll(async () => {
      const { rows } = await db.query(
        `select body from outbox_message where recipient = $1 and related_type = 'applicant_otp' order by created_at desc limit 1`,
        [mobile],
      );
      code = /\b(\d{6})\b/.exec(rows[0]?.body ?? '')?.[1] ?? '';
      return code;
    }, POLL)
    .not.toBe('');
  return code;
}

/** A citizen signed in with the OTP of a fresh mobile number. */
async function citizen(): Promise<ApiClient> {
  const mobile = String(nextMobile++);
  const client = new ApiClient(e2e.base, 'hi');
  expect((await client.post('/api/public/otp', { mobile })).status).toBe(201);
  expect((await client.post('/api/public/session', { mobile, code: await smsCode(mobile) })).status).toBe(200);
  return client;
}

/** An e-pass within the district from Khakra (Pilibhit Sadar: the SDM Sadar decides it). */
async function fileEpass(client: ApiClient, days = 1, name = 'रमेश कुमार'): Promise<{ id: string; referenceNumber: string }> {
  const res = await client.post('/api/public/applications', {
    service: 'EPASS',
    confirmDuplicate: true,
    data: {
      name,
      mobile: '9876543210',
      category: 'medical',
      from: { areaId: areas.get('PBT-L-KHAKRA'), line: 'मकान 12' },
      to: { areaId: areas.get('PBT-L-ASAM'), line: 'बाज़ार' },
      travelDate: plusDays(days),
      persons: 2,
      idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
const stageOf = async (id: string) => (await db.query(`select stage from application where id = $1`, [id])).rows[0].stage as string;
/** The value shown for a form field on the application view. */
const valueOf = async (page: Page, key: string) =>
  ((await page.getByTestId(`appln-field-${key}`).locator('dd').textContent()) ?? '').trim();
const noSideways = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as any;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });

describe('the SDM decides e-passes (Hindi)', () => {
  let sdm: Page;
  let sdmApi: ApiClient;
  let applicant: ApiClient;

  beforeAll(async () => {
    sdm = await e2e.newPage();
    sdmApi = await loggedIn(e2e.base, 'sdm.sadar', 'hi');
  });

  it('sees a new e-pass arrive in the inbox without a reload, opens it and approves it with the button', async () => {
    applicant = await citizen();
    const rt = watchRealtime(sdm);
    await login(sdm, 'sdm.sadar', 'hi');
    await sdm.goto('/inbox?type=appln');
    await sdm.getByTestId('inbox-table').waitFor();
    await expect.poll(() => rt.connects(), POLL).toBeGreaterThan(0);
    // the type filter offers applications, in Hindi
    expect(await textOf(sdm, 'inbox-type')).toContain('आवेदन');

    const filed = await fileEpass(applicant, 1);
    const row = sdm.getByTestId(`inbox-row-${filed.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-type')).toBe('appln');
    expect(await row.getAttribute('data-number')).toBe(filed.referenceNumber);
    expect(await row.textContent()).toContain('रमेश कुमार');

    await sdm.getByTestId(`inbox-open-${filed.id}`).click();
    await sdm.waitForURL(`**/applications/${filed.id}`);
    expect(await textOf(sdm, 'appln-reference')).toBe(filed.referenceNumber);
    expect(await textOf(sdm, 'appln-service')).toBe('आवागमन ई-पास');
    expect(await textOf(sdm, 'appln-stage')).toBe('प्रस्तुत');
    expect(await textOf(sdm, 'appln-applicant')).toBe('रमेश कुमार');
    // the form with the version's labels: dates DD.MM.YYYY, the choice by its label, the address with its locality, the ID masked
    expect(await sdm.getByTestId('appln-field-travelDate').locator('dt').textContent()).toBe('यात्रा की तिथि');
    expect(await valueOf(sdm, 'travelDate')).toBe(dmy(plusDays(1)));
    expect(await valueOf(sdm, 'category')).toBe('चिकित्सा आपात स्थिति');
    await expect.poll(() => valueOf(sdm, 'from'), POLL).toMatch(/^मकान 12, \S+/);
    expect(await valueOf(sdm, 'idProof')).toBe('आधार: XXXXXXXX0123');
    expect(await textOf(sdm, 'appln-deadline')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    // where it has been: with the SDM now; what was done: submitted by the applicant
    expect(await sdm.getByTestId('appln-level-0').getAttribute('data-post')).toBe('PBT-TEH-SADAR-SDM');
    expect(await textOf(sdm, 'appln-level-0')).toContain('अभी वहीं है');
    expect(await textOf(sdm, 'appln-step-1-by')).toBe('आवेदक द्वारा');

    await expectNoAxeViolations(sdm, '/applications/:id (hi)');
    await sdm.setViewportSize({ width: 390, height: 844 });
    expect(await noSideways(sdm)).toBe(true);
    await expectNoAxeViolations(sdm, '/applications/:id (hi, 390 px)');
    await sdm.setViewportSize({ width: 1366, height: 900 });

    await sdm.getByTestId('appln-action-approve').click();
    await expect.poll(() => textOf(sdm, 'appln-stage'), POLL).toBe('स्वीकृत');
    expect(await textOf(sdm, 'appln-done')).toBe('स्वीकृत करें: हो गया।');
    expect(await textOf(sdm, 'appln-validity')).toContain(dmy(plusDays(1)));
    expect(await stageOf(filed.id)).toBe('approved');
    // decided: nothing more to do, and the step names the SDM and the officer
    expect(await sdm.getByTestId('appln-action-reject').count()).toBe(0);
    expect(await textOf(sdm, 'appln-step-2-by')).toMatch(/^उप जिलाधिकारी, पीलीभीत सदर — .+ \(.+\) द्वारा$/);
  });

  it('rejects a second one with a reason from the list', async () => {
    const filed = await fileEpass(applicant, 2, 'सुनीता देवी');
    await sdm.goto(`/applications/${filed.id}`);
    await sdm.getByTestId('appln-action-reject').click();
    await sdm.getByTestId('appln-action-dialog').waitFor();
    // no reason chosen: the server's message beside the list
    await sdm.getByTestId('appln-action-submit').click();
    await sdm.locator('#appln-action-reason-error').waitFor();
    await pickOption(sdm, 'appln-action-reason', { testId: 'appln-action-reason-option-notEssential' });
    await sdm.getByTestId('appln-action-remarks').fill('यात्रा का प्रयोजन आवश्यक श्रेणी में नहीं।');
    await sdm.getByTestId('appln-action-submit').click();
    await expect.poll(() => textOf(sdm, 'appln-stage'), POLL).toBe('अस्वीकृत');
    expect(await textOf(sdm, 'appln-step-2-reason')).toBe('कारण: आवश्यक प्रयोजन नहीं');
    expect(await textOf(sdm, 'appln-step-2-remarks')).toContain('यात्रा का प्रयोजन');
    expect(await stageOf(filed.id)).toBe('rejected');
  });

  it('a decision taken while someone else approved it is refused with the conflict message, and the current state shows', async () => {
    const filed = await fileEpass(applicant, 3, 'मोहन लाल');
    await sdm.goto(`/applications/${filed.id}`);
    await sdm.getByTestId('appln-action-reject').click();
    await pickOption(sdm, 'appln-action-reason', { testId: 'appln-action-reason-option-mismatch' });
    // meanwhile the same SDM approves it from another window
    const seen = (await sdmApi.get(`/api/applications/${filed.id}`)).body;
    expect((await sdmApi.post(`/api/applications/${filed.id}/actions/approve`, { version: seen.version })).status).toBe(200);
    await sdm.getByTestId('appln-action-submit').click();
    await expect.poll(() => textOf(sdm, 'appln-conflict'), POLL).toContain('किसी अन्य ने इस आवेदन पर कार्रवाई कर दी (अब: स्वीकृत)');
    expect(await textOf(sdm, 'appln-stage')).toBe('स्वीकृत');
    expect(await stageOf(filed.id)).toBe('approved');
  });
});

describe('bulk decisions', () => {
  it('approves three ticked e-passes at once from the application list, each reported done', async () => {
    const applicant = await citizen();
    const filed = [await fileEpass(applicant, 4, 'क'), await fileEpass(applicant, 5, 'ख'), await fileEpass(applicant, 6, 'ग')];
    const sdm = await e2e.newPage();
    await login(sdm, 'sdm.sadar', 'en');
    await sdm.goto('/inbox');
    await sdm.getByTestId('inbox-type-appln').click();
    await sdm.waitForURL(/type=appln/);
    for (const f of filed) await sdm.getByTestId(`inbox-select-${f.id}`).click();
    expect(await textOf(sdm, 'bulk-count')).toBe('3 ticked');
    await sdm.getByTestId('bulk-appln-approve').click();
    await expect.poll(() => textOf(sdm, 'bulk-result-summary'), POLL).toBe('Done: 3. Not done: 0.');
    for (const f of filed) expect(await textOf(sdm, 'bulk-done')).toContain(f.referenceNumber);
    for (const f of filed) expect(await stageOf(f.id)).toBe('approved');
    // decided, they leave the inbox
    for (const f of filed) await sdm.getByTestId(`inbox-row-${f.id}`).waitFor({ state: 'detached' });

    // two more rejected with one reason from the services' list
    const more = [await fileEpass(applicant, 7, 'घ'), await fileEpass(applicant, 1, 'ङ')];
    for (const f of more) await sdm.getByTestId(`inbox-select-${f.id}`).click();
    await sdm.getByTestId('bulk-appln-reject').click();
    await pickOption(sdm, 'bulk-appln-reason', { testId: 'bulk-appln-reason-option-incomplete' });
    await sdm.getByTestId('bulk-appln-reject-submit').click();
    await expect.poll(() => textOf(sdm, 'bulk-result-summary'), POLL).toBe('Done: 2. Not done: 0.');
    for (const f of more) expect(await stageOf(f.id)).toBe('rejected');
    const reasons = (
      await db.query(`select reason from application_step where application_id = any($1) and action = 'reject'`, [more.map((f) => f.id)])
    ).rows.map((r) => r.reason);
    expect(reasons).toEqual(['incomplete', 'incomplete']);
  });
});

describe('a counter files for a walk-in', () => {
  it('reception files a visitor pass with the code the visitor reads out and a webcam photo', async () => {
    const page = await e2e.newPage();
    await login(page, 'reception.sp', 'en');
    await page.getByTestId('nav-application-new').click();
    await page.waitForURL('**/applications/new');
    await pickOption(page, 'appln-new-service', { testId: 'appln-new-service-option-VISITOR-SP' });
    const mobile = String(nextMobile++);
    await page.getByTestId('appln-new-name').fill('Kamla Devi');
    await page.getByTestId('appln-new-mobile').fill(mobile);
    // the form's own name and mobile follow the applicant's
    expect(await page.getByTestId('appln-field-name').inputValue()).toBe('Kamla Devi');
    expect(await page.getByTestId('appln-field-mobile').inputValue()).toBe(mobile);
    await page.getByTestId('appln-new-send-code').click();
    await page.getByTestId('appln-new-code-sent').waitFor();
    const code = await smsCode(mobile);

    await pickOption(page, 'appln-field-section', { testId: 'appln-field-section-option-crime' });
    await page.getByTestId('appln-field-visitDate').fill(dmy(plusDays(1)));
    await page.getByTestId('appln-field-visitDate').press('Tab');
    await page.getByTestId('appln-field-purpose').fill('Meet the in-charge about a complaint');
    await pickOption(page, 'appln-field-idProof-kind', { testId: 'appln-field-idProof-kind-option-voterId' });
    await page.getByTestId('appln-field-idProof-number').fill('XYZ7654321');

    await expectNoAxeViolations(page, '/applications/new (en)');

    // a scanned photo from the computer can be attached (and taken off again) …
    const scan = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#dde' } })
      .png()
      .toBuffer();
    await page.getByTestId('appln-field-photo').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: scan });
    await expect.poll(() => textOf(page, 'appln-field-photo-file'), POLL).toContain('scan.png');
    await page.getByTestId('appln-field-photo-remove').click();
    // … or the visitor photographed at the counter
    await page.getByTestId('appln-field-photo-take-photo').click();
    await page.locator('[data-testid="appln-field-photo-camera"] video[data-ready="true"]').waitFor();
    await page.getByTestId('appln-field-photo-capture').click();
    await page.getByTestId('appln-field-photo-file').waitFor();
    expect(await page.getByTestId('appln-field-photo-preview').isVisible()).toBe(true);

    // a wrong code: refused beside the field, the operator stays signed in and nothing is filed
    await page.getByTestId('appln-new-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('application-submit').click();
    await page.locator('#appln-new-code-error').waitFor();
    expect(page.url()).toContain('/applications/new');
    expect((await db.query(`select count(*)::int as n from application where applicant_mobile = $1`, [mobile])).rows[0].n).toBe(0);

    await page.getByTestId('appln-new-code').fill(code);
    await page.getByTestId('application-submit').click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}/);
    const reference = await textOf(page, 'appln-reference');
    expect(reference).toMatch(/^VPSP\/.+\/\d{4}\/\d{6}$/);
    await expect
      .poll(() => textOf(page, 'appln-done'), POLL)
      .toBe(`Filed. The reference number ${reference} was sent to the applicant by SMS.`);
    const sms = await db.query(`select body from outbox_message where recipient = $1 and related_type = 'application'`, [mobile]);
    expect(sms.rows.map((r) => r.body).join(' ')).toContain(reference);
    expect(await textOf(page, 'appln-channel')).toContain('at a counter');
    expect(await textOf(page, 'appln-holder')).toContain('Crime Branch');
    expect(await valueOf(page, 'section')).toBe('Crime Branch');
    const photo = page.locator('[data-testid="appln-documents"] li[data-mime="image/png"][data-field="photo"]');
    await photo.waitFor();
    const { rows } = await db.query(
      `select a.channel, p.code as holder, u.mime, u.field from application a join post p on p.id = a.holder_post_id join application_upload u on u.application_id = a.id where a.reference_number = $1`,
      [reference],
    );
    expect(rows).toEqual([{ channel: 'counter', holder: 'PBT-SP-CRIME', mime: 'image/png', field: 'photo' }]);
    // the photo opens from the application (a real PNG of the camera's frame)
    const src = await photo.locator('img').getAttribute('src');
    const bytes = await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url!)).arrayBuffer()).slice(0, 8)), src);
    expect(bytes).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
