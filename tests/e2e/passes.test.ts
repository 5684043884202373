/**
 * Issue 16 in a real Chromium: an approved e-pass reaches the applicant by SMS as a short link; on a
 * phone (390×844, Hindi) the link opens the pass without a login — its QR (read back from a screenshot
 * with zbarimg: the signed token), the holder's details, its validity and the PDF; the ADM who issued
 * it cancels it from the application view with a reason, and the same link then says "cancelled"; the office's
 * register of issued documents lists it.
 * The office's document signer is a SoftHSM token made at test time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { chooseLanguage, expectNoAxeViolations, login, POLL, startE2E, type E2E } from '../support/browser.js';
import { createCa } from '../support/pki.js';
import { ensureSoftHsmDocumentSigner } from '../../backend/src/infra/hsm/softhsm.js';

const run = promisify(execFile);
let e2e: E2E;
let db: pg.Pool;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'passes-e2e-'));
  const hsm = await ensureSoftHsmDocumentSigner({
    dir: path.join(dir, 'hsm'),
    label: 'E2E document signer',
    pin: '556677',
    soPin: '99887766',
    ca: createCa({ commonName: 'E2E Test Root' }),
    commonName: 'Document Signer, District Collectorate Pilibhit',
    organization: 'Government of Uttar Pradesh',
  });
  e2e = await startE2E({
    DOCUMENT_SIGNER_PKCS11_LIBRARY: hsm.library,
    DOCUMENT_SIGNER_TOKEN_LABEL: 'E2E document signer',
    DOCUMENT_SIGNER_PIN: '556677',
  });
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await e2e?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dmy = (iso: string) => iso.split('-').reverse().join('.');
const lastSms = async (mobile: string, related: string) =>
  (
    await db.query(`select body from outbox_message where recipient = $1 and related_type = $2 order by created_at desc limit 1`, [
      mobile,
      related,
    ])
  ).rows[0]?.body ?? '';

describe('a pass delivered by SMS link', () => {
  let phone: Page;
  let applicationId: string;
  let linkPath: string;

  it('the applicant opens the link from the SMS on a phone, in Hindi, and sees the pass as a QR with its details', async () => {
    // a citizen files an e-pass to another district; the ADM approves it
    const mobile = '9811122233';
    const citizen = new ApiClient(e2e.base, 'hi');
    expect((await citizen.post('/api/public/otp', { mobile })).status).toBe(201);
    const code = /\b(\d{6})\b/.exec(await lastSms(mobile, 'applicant_otp'))![1]!;
    expect((await citizen.post('/api/public/session', { mobile, code })).status).toBe(200);
    const area = (await db.query(`select id from area where code = 'PBT-L-KHAKRA'`)).rows[0].id;
    const filed = await citizen.post('/api/public/applications', {
      service: 'EPASS',
      data: {
        name: 'सुनीता देवी',
        mobile,
        category: 'medical',
        from: { areaId: area, line: 'House 7' },
        to: { line: 'Civil Lines', district: 'Bareilly', state: 'UP' },
        travelDate: plusDays(1),
        persons: 1,
        idProof: { kind: 'aadhaar', number: '3456 7890 1234' },
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    applicationId = filed.body.id;
    const adm = await loggedIn(e2e.base, 'adm');
    const v = (await adm.get(`/api/applications/${applicationId}`)).body.version;
    expect((await adm.post(`/api/applications/${applicationId}/actions/approve`, { version: v })).status).toBe(200);

    // the SMS carries the short link once the office's document signer has signed the pass
    let sms = '';
    await expect.poll(async () => (sms = await lastSms(mobile, 'application')), { timeout: 30_000 }).toMatch(/\/p\/[A-Za-z0-9_-]{22}/);
    linkPath = /\/p\/[A-Za-z0-9_-]{22}/.exec(sms)![0];

    phone = await e2e.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(linkPath);
    await chooseLanguage(phone, 'hi');
    await expect.poll(() => phone.getByTestId('pass-state').getAttribute('data-state'), POLL).toBe('notYetValid');
    expect(await phone.getByTestId('pass-state').textContent()).toContain('अभी मान्य नहीं');
    expect(await phone.getByRole('heading', { level: 1 }).textContent()).toBe('आवागमन पास (ई-पास)');
    expect(await phone.getByTestId('pass-holder').textContent()).toBe('सुनीता देवी');
    expect(await phone.getByTestId('pass-id').textContent()).toContain('आधार ••••1234');
    expect(await phone.getByTestId('pass-validity').textContent()).toContain(dmy(plusDays(1)));
    expect(await phone.getByTestId('pass-ref').textContent()).toBe(filed.body.referenceNumber);

    // the QR on the screen reads back as the pass's signed token
    const qr = phone.getByTestId('pass-qr');
    expect((await qr.boundingBox())!.width).toBeGreaterThan(300);
    const png = path.join(dir, 'screen-qr.png');
    await writeFile(png, await qr.screenshot());
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', png]);
    const token = stdout.trim();
    expect(token).toBe(await qr.getAttribute('data-token'));
    const verified = (await new ApiClient(e2e.base).get(`/api/verify/code/${token}`)).body;
    expect(verified.pass).toMatchObject({ verdict: 'notYetValid', referenceNumber: filed.body.referenceNumber });

    // the PDF downloads from the same page
    const href = await phone.getByTestId('pass-pdf').getAttribute('href');
    const pdf = await fetch(e2e.base + href);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(await phone.evaluate(() => (globalThis as any).document.documentElement.scrollWidth <= (globalThis as any).innerWidth)).toBe(
      true,
    );
    await expectNoAxeViolations(phone, '/p/<link> (hi, 390 px)');
  });

  it('the ADM cancels it from the application view with a reason; the link then says it is cancelled', async () => {
    const office = await e2e.newPage();
    await login(office, 'adm', 'en');
    await office.goto(`/applications/${applicationId}`);
    await expect.poll(() => office.getByTestId('issued-state').getAttribute('data-state'), POLL).toBe('notYetValid');
    await office.getByTestId('issued-cancel').click();
    await office.getByTestId('cancel-reason').fill('Travel purpose found false on inquiry');
    await office.getByTestId('cancel-confirm').click();
    await expect.poll(() => office.getByTestId('issued-state').getAttribute('data-state'), POLL).toBe('cancelled');
    expect(await office.getByTestId('issued-cancel-reason').textContent()).toContain('Travel purpose found false on inquiry');
    expect(await office.getByTestId('issued-cancel').count()).toBe(0);

    // the office's register lists it, cancelled, with the reason; it prints from the page
    await office.getByTestId('nav-issued-register').click();
    await office.waitForURL('**/registers/issued');
    const row = office.getByTestId('issued-register').locator('tbody tr').filter({ hasText: 'Travel purpose found false on inquiry' });
    await expect.poll(() => row.count(), POLL).toBe(1);
    expect(await row.textContent()).toContain('Cancelled');
    expect(await row.textContent()).toContain('सुनीता देवी');
    await expectNoAxeViolations(office, '/registers/issued (en)');

    await phone.reload();
    await expect.poll(() => phone.getByTestId('pass-state').getAttribute('data-state'), POLL).toBe('cancelled');
    expect(await phone.getByTestId('pass-cancelled').textContent()).toContain('निरस्त');
    expect(await phone.getByTestId('pass-qr').count()).toBe(0);
    expect(await phone.getByTestId('pass-holder').count()).toBe(0);
  });
});
