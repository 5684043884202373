/**
 * Right to Service appeals in real Chromium (issue 17):
 * (a) a citizen's e-pass is not decided within its timeline; the daily run (its clock set past the due
 *     date) files the First Appeal; the ADM — the First Appellate Authority — sees the count in the
 *     navigation, finds it among the appeals to decide (level, grounds, due date), opens it: the
 *     application, the RTS due date missed, only the decision button. axe is clean; nothing scrolls
 *     sideways at 390 px.
 * (b) the SDM — the designated officer — finds it among the appeals against his post and replies (a
 *     reply too short is refused beside the field); the ADM's open page shows the reply without a reload.
 * (c) the ADM orders delivery within 7 working days with a penalty on the SDM and compensation to the
 *     applicant: the appellate order shows and prints without the app's bars.
 * (d) the applicant, on a phone in Hindi, sees the RTS due date and the appeal — decided, the authority by
 *     designation and office and never a name, the order and the compensation — then appeals the rejection
 *     of another application (a grievance too short is refused beside the field); the ADM's list shows it live.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import hiJson from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import { runRtsAppeals } from '../../backend/src/modules/rts/index.js';
import { addDays, istDate } from '../../backend/src/shared/dates.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { lastSms, signInCitizen } from '../support/citizen.js';
import {
  chooseLanguage,
  expectNoAxeViolations,
  login,
  pickOption,
  POLL,
  startE2E,
  textOf,
  watchRealtime,
  type E2E,
} from '../support/browser.js';

const hi = hiJson.rtsAppeals;
let e2e: E2E;
let db: pg.Pool;
const MOBILE = '9400000171';
const areas = new Map<string, string>();
const dmy = (iso: string) => iso.split('-').reverse().join('.');
const noSideways = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as any;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });

/** The code of a new SMS to the mobile (one other than the message `before`). */
async function newCode(mobile: string, before: string): Promise<string> {
  return vi.waitFor(async () => {
    const body = await lastSms(db, mobile);
    const code = body !== before ? /\b(\d{6})\b/.exec(body)?.[1] : undefined;
    if (!code) throw new Error(`no new code sent to ${mobile} yet`);
    return code;
  }, POLL);
}

/** An e-pass within the district (Pilibhit Sadar: the SDM Sadar is its designated officer). */
async function fileEpass(client: ApiClient, name: string): Promise<{ id: string; referenceNumber: string }> {
  const res = await client.post('/api/public/applications', {
    service: 'EPASS',
    confirmDuplicate: true,
    data: {
      name,
      mobile: MOBILE,
      category: 'medical',
      from: { areaId: areas.get('PBT-L-KHAKRA'), line: 'मकान 12' },
      to: { areaId: areas.get('PBT-L-ASAM'), line: 'बाज़ार' },
      travelDate: addDays(istDate(), 2),
      persons: 1,
      idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

let citizen: ApiClient;
let late: { id: string; referenceNumber: string };
let appeal: { id: string; number: string };
let rtsDue = '';
let adm: Page;
let sdm: Page;

beforeAll(async () => {
  e2e = await startE2E({ OTP_PER_MOBILE: '50' });
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from area`)).rows) areas.set(r.code, r.id);
  citizen = await signInCitizen(e2e.base, db, MOBILE, 'hi');
  late = await fileEpass(citizen, 'रमेश कुमार');
  rtsDue = (await db.query(`select rts_due_date::text as d from application where id = $1`, [late.id])).rows[0].d;
  expect(rtsDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  // the daily run, its clock ten days on: the timeline (one working day) has passed without a decision
  const report = await runRtsAppeals(e2e.system.deps, { asOf: new Date(Date.now() + 10 * 86_400_000) });
  expect(report.filed).toBe(1);
  const { rows } = await db.query(`select id, number from rts_appeal where application_id = $1 and grounds = 'delay'`, [late.id]);
  expect(rows).toHaveLength(1);
  appeal = rows[0];
}, 120_000);
afterAll(async () => {
  await db?.end();
  await e2e?.close();
});

describe('an appeal filed for a missed timeline', () => {
  it('the First Appellate Authority sees it counted, listed and opens it', async () => {
    adm = await e2e.newPage();
    const rt = watchRealtime(adm);
    await login(adm, 'adm', 'hi');
    await expect.poll(() => rt.connects(), POLL).toBeGreaterThan(0);
    await expect.poll(() => textOf(adm, 'nav-rts-appeals-pending'), POLL).toMatch(/^1\b/);
    await adm.getByTestId('nav-rts-appeals').click();
    await adm.waitForURL('**/rts/appeals');
    const row = adm.getByTestId(`appeal-row-${appeal.id}`);
    await row.waitFor();
    expect(await row.getAttribute('data-number')).toBe(appeal.number);
    expect(await textOf(adm, `appeal-level-${appeal.id}`)).toBe(hi.levelShort.faa);
    expect(await textOf(adm, `appeal-grounds-${appeal.id}`)).toBe(hi.groundsOf.delay);
    expect(await textOf(adm, `appeal-status-${appeal.id}`)).toBe(hi.status.pending);
    expect(await row.textContent()).toContain(late.referenceNumber);
    expect(await textOf(adm, 'appeals-count-held')).toBe('1');
    await expectNoAxeViolations(adm, '/rts/appeals (hi)');
    // nothing against the ADM's own post
    await adm.getByTestId('appeals-tab-designated').click();
    await adm.waitForURL((u) => u.searchParams.get('box') === 'designated');
    await adm.getByTestId('appeals-empty').waitFor();
    await adm.getByTestId('appeals-tab-held').click();
    await adm.waitForURL((u) => !u.searchParams.has('box'));
    // the level filter: none before the Second Appellate Authority
    await pickOption(adm, 'appeals-level', { testId: 'appeals-level-option-2' });
    await adm.getByTestId('appeals-empty').waitFor();
    await adm.goto('/rts/appeals');

    // the keyboard's way in: the number is a link
    await adm.getByTestId(`appeal-open-${appeal.id}`).focus();
    await adm.keyboard.press('Enter');
    await adm.waitForURL(`**/rts/appeals/${appeal.id}`);
    expect(await textOf(adm, 'appeal-number')).toBe(appeal.number);
    expect(await textOf(adm, 'appeal-heading')).toBe(hi.detail.heading.replace('{level}', hi.level.faa));
    expect(await textOf(adm, 'appeal-application')).toBe(late.referenceNumber);
    expect(await textOf(adm, 'appeal-missed-on')).toBe(dmy(rtsDue));
    expect(await textOf(adm, 'appeal-designated')).toContain('उप जिलाधिकारी');
    expect(await textOf(adm, 'appeal-due')).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(await adm.getByTestId('appeal-decide').isVisible()).toBe(true);
    expect(await adm.getByTestId('appeal-reply').count()).toBe(0);
    expect(await textOf(adm, 'appeal-no-reply')).toBe(hi.detail.noReply);
    await expectNoAxeViolations(adm, '/rts/appeals/:id (hi)');
    await adm.setViewportSize({ width: 390, height: 844 });
    expect(await noSideways(adm)).toBe(true);
    await expectNoAxeViolations(adm, '/rts/appeals/:id (hi, 390 px)');
    await adm.setViewportSize({ width: 1366, height: 900 });

    // the application's page shows its RTS due date and the appeal
    await adm.getByTestId('appeal-application').click();
    await adm.waitForURL(`**/applications/${late.id}`);
    expect(await textOf(adm, 'appln-rts-date')).toBe(dmy(rtsDue));
    await adm.getByTestId(`appln-appeal-${appeal.id}`).waitFor();
    await adm.goBack();
    await adm.waitForURL(`**/rts/appeals/${appeal.id}`);
  });

  it('the designated officer replies; the appellate authority’s open page shows the reply without a reload', async () => {
    sdm = await e2e.newPage();
    await login(sdm, 'sdm.sadar', 'en');
    await sdm.goto('/rts/appeals?box=designated');
    await sdm.getByTestId(`appeal-open-${appeal.id}`).click();
    await sdm.waitForURL(`**/rts/appeals/${appeal.id}`);
    expect(await sdm.getByTestId('appeal-decide').count()).toBe(0);
    await sdm.getByTestId('appeal-reply').click();
    await sdm.getByTestId('appeal-reply-form').waitFor();
    await expectNoAxeViolations(sdm, 'reply form (en)');
    await sdm.getByTestId('appeal-reply-text').fill('ok');
    await sdm.getByTestId('appeal-reply-submit').click();
    await sdm.locator('#appeal-reply-text-error').waitFor();
    const reply = 'The police report came late; the pass is being decided today.';
    await sdm.getByTestId('appeal-reply-text').fill(reply);
    await sdm.getByTestId('appeal-reply-submit').click();
    await expect.poll(() => textOf(sdm, 'appeal-reply-text'), POLL).toBe(reply);
    expect(await textOf(sdm, 'appeal-done')).toBe('Your reply is recorded.');

    await expect.poll(() => adm.getByTestId('appeal-reply-text').count(), POLL).toBe(1);
    expect(await textOf(adm, 'appeal-reply-text')).toBe(reply);
  });

  it('the appellate authority orders delivery with a penalty and compensation; the order prints', async () => {
    await adm.getByTestId('appeal-decide').click();
    await adm.getByTestId('appeal-decide-form').waitFor();
    await adm.getByTestId('appeal-decide-order_delivery').click();
    await adm.getByTestId('appeal-decide-order-days').fill('7');
    await adm.getByTestId('appeal-decide-order-text').fill('आवेदन पर सात कार्य दिवस में निर्णय लेकर पास जारी करें।');
    await adm.getByTestId('appeal-decide-with-penalty').click();
    await adm.getByTestId('appeal-decide-penalty-amount').fill('2000');
    await adm.getByTestId('appeal-decide-penalty-reason').fill('बिना कारण विलंब');
    await adm.getByTestId('appeal-decide-with-compensation').click();
    await adm.getByTestId('appeal-decide-compensation-amount').fill('500');
    await expectNoAxeViolations(adm, 'decision form (hi)');
    // no reasons: the server's message beside the field
    await adm.getByTestId('appeal-decide-submit').click();
    await adm.locator('#appeal-decide-remarks-error').waitFor();
    await adm.getByTestId('appeal-decide-remarks').fill('सेवा समय-सीमा में नहीं दी गई; उत्तर में पर्याप्त कारण नहीं।');
    await adm.getByTestId('appeal-decide-submit').click();

    await adm.getByTestId('appeal-order').waitFor();
    expect(await textOf(adm, 'appeal-status')).toBe(hi.decision.order_delivery);
    expect(await textOf(adm, 'appeal-order-operative')).toContain('7 कार्य दिवस');
    expect(await textOf(adm, 'appeal-order-penalty')).toContain('₹2,000');
    expect(await textOf(adm, 'appeal-order-penalty')).toContain('आलोक कुमार श्रीवास्तव');
    expect(await textOf(adm, 'appeal-order-compensation')).toContain('₹500');
    expect(await adm.getByTestId('appeal-decide').count()).toBe(0);
    const { rows } = await db.query(
      `select status, decision, order_days, penalty_amount, compensation_amount from rts_appeal where id = $1`,
      [appeal.id],
    );
    expect(rows[0]).toEqual({
      status: 'decided',
      decision: 'order_delivery',
      order_days: 7,
      penalty_amount: 2000,
      compensation_amount: 500,
    });
    // nothing left to decide
    await expect.poll(() => adm.getByTestId('nav-rts-appeals-pending').count(), POLL).toBe(0);
    // the toast of the refused first try gone (its colours are the theme's)
    await adm.locator('.p-toast-message').waitFor({ state: 'detached' });
    await expectNoAxeViolations(adm, 'decided appeal (hi)');

    await adm.emulateMedia({ media: 'print' });
    expect(await adm.getByTestId('appeal-order').isVisible()).toBe(true);
    expect(await adm.locator('.mainnav').isVisible()).toBe(false);
    expect(await adm.getByTestId('appeal-actions').isVisible()).toBe(false);
    expect(await adm.getByTestId('appeal-steps').isVisible()).toBe(false);
    await adm.emulateMedia({ media: 'screen' });
  });
});

describe('the applicant', () => {
  it('sees the RTS due date and their appeal’s status, then appeals a rejection; the authority’s list shows it live', async () => {
    // another application, rejected by the SDM
    const rejected = await fileEpass(citizen, 'सीता देवी');
    const sdmApi = await loggedIn(e2e.base, 'sdm.sadar', 'hi');
    const seen = (await sdmApi.get(`/api/applications/${rejected.id}`)).body;
    const rej = await sdmApi.post(`/api/applications/${rejected.id}/actions/reject`, { version: seen.version, reason: 'notEssential' });
    expect(rej.status, JSON.stringify(rej.body)).toBe(200);

    const page = await e2e.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/services/sign-in?redirect=${encodeURIComponent('/services/my')}`);
    await chooseLanguage(page, 'hi');
    await page.getByTestId('applicant-mobile').fill(MOBILE);
    const before = await lastSms(db, MOBILE);
    await page.getByTestId('applicant-send-code').click();
    await page.getByTestId('applicant-code').fill(await newCode(MOBILE, before));
    await page.getByTestId('applicant-sign-in').click();
    await page.waitForURL('**/services/my');
    await page.getByTestId(`my-application-rts-${late.referenceNumber}`).waitFor();

    await page.getByTestId(`my-application-link-${late.referenceNumber}`).click();
    await page.getByTestId('status-rts').waitFor();
    expect(await textOf(page, 'status-rts-date')).toBe(dmy(rtsDue));
    const card = page.getByTestId(`my-appeal-${appeal.number}`);
    await card.waitFor();
    expect(await card.getAttribute('data-status')).toBe('decided');
    expect(await card.getByTestId('my-appeal-status').textContent()).toBe(hi.public.decision.order_delivery);
    expect(await card.getByTestId('my-appeal-level').textContent()).toBe(hi.level.faa);
    expect(await card.getByTestId('my-appeal-authority').textContent()).toBe('अपर जिलाधिकारी, कलेक्ट्रेट (जिलाधिकारी कार्यालय), पीलीभीत');
    expect(await card.getByTestId('my-appeal-compensation').textContent()).toContain('₹500');
    expect(await card.textContent()).toContain(hi.public.automatic);
    const whole = (await page.getByTestId('my-appeals').textContent()) ?? '';
    expect(whole).not.toMatch(/वंदना|Vandana|आलोक|Alok|2,000/);
    // a delay appeal: nothing to appeal here
    expect(await page.getByTestId('my-appeal-form').count()).toBe(0);
    expect(await noSideways(page)).toBe(true);
    await expectNoAxeViolations(page, '/services/applications/:ref with an appeal (hi, 390 px)');

    // the rejected one: the form, with its last date
    const admList = watchRealtime(adm);
    await adm.goto('/rts/appeals');
    await expect.poll(() => admList.connects(), POLL).toBeGreaterThan(0);
    await adm.getByTestId('appeals-empty').waitFor();

    await page.goto(`/services/applications/${encodeURIComponent(rejected.referenceNumber)}`);
    await page.getByTestId('my-appeal-form').waitFor();
    const until = (await citizen.get(`/api/public/applications/${encodeURIComponent(rejected.referenceNumber)}/appeals`)).body
      .mayAppealUntil;
    expect(await textOf(page, 'my-appeal-until')).toBe(hi.public.appealUntil.replace('{date}', dmy(until)));
    await page.getByTestId('my-appeal-grievance').fill('गलत है');
    await page.getByTestId('my-appeal-send').click();
    await page.locator('#appeal-grievance-error').waitFor();
    await expectNoAxeViolations(page, 'appeal against a rejection (hi, 390 px)');
    await page.getByTestId('my-appeal-grievance').fill('मेरी माता जी का इलाज चल रहा है, यात्रा आवश्यक है; कागज़ सब लगे हैं।');
    await page.getByTestId('my-appeal-send').click();
    await page.getByTestId('my-appeal-filed').waitFor();
    await expect.poll(() => page.getByTestId('my-appeal-form').count(), POLL).toBe(0);
    const filed = (await db.query(`select id, number, by_applicant, level from rts_appeal where application_id = $1`, [rejected.id])).rows;
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ by_applicant: true, level: 1 });
    const mine = page.getByTestId(`my-appeal-${filed[0].number}`);
    await mine.waitFor();
    expect(await mine.getByTestId('my-appeal-status').textContent()).toBe(hi.public.pending);
    expect(await mine.textContent()).toContain(hi.public.byYou);

    // the First Appellate Authority's list, open all along, shows it without a reload
    await adm.getByTestId(`appeal-row-${filed[0].id}`).waitFor();
    expect(await textOf(adm, `appeal-grounds-${filed[0].id}`)).toBe(hi.groundsOf.rejection);
    await expect.poll(() => textOf(adm, 'nav-rts-appeals-pending'), POLL).toMatch(/^1\b/);

    // the public status lookup shows the RTS due date too
    await page.goto('/services/status');
    await page.getByTestId('lookup-ref').fill(late.referenceNumber);
    await page.getByTestId('lookup-find').click();
    await page.getByTestId('lookup-result').waitFor();
    expect(await textOf(page, 'lookup-rts-date')).toBe(dmy(rtsDue));
  });
});
