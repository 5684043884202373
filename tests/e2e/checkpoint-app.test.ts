/**
 * The gate security of the SP office, on a phone (390×844, Hindi), with the checkpoint app (/check):
 * signing in leads back to the app, which caches the keys and cancellations (their age shown). The
 * phone's camera (Chromium's fake camera playing a video of the pass's QR code, made here from a pass
 * signed with the system's real key) scans a visitor pass: VALID in large type, the holder's details,
 * checked with the server, the entry logged and "inside now" counting the visitor. Then the network
 * goes: the app reopens from its service worker, the next scan (an exit) is still verified on the
 * phone and waits in the queue ("1 check waiting"); back online it syncs, once — the database holds
 * exactly one row of it however often the phone syncs again — and the visitor has left (both phones
 * show it; the phone opened offline follows the other's next entry live once back). A cancelled
 * pass looked up by its reference number shows CANCELLED. Nothing scrolls sideways; axe is clean.
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
  expectNoAxeViolations,
  login,
  POLL,
  startE2E,
  submitLogin,
  watchRealtime,
  type E2E,
  type RealtimeWatch,
} from '../support/browser.js';
import { issuePass, type IssuedPass } from '../support/issued-pass.js';
import { qrY4m } from '../support/qr-video.js';

let e2e: E2E;
let db: pg.Pool;
let page: Page;
/** A second phone at the same gate: its "inside now" follows the first's entries and exits live. */
let other: Page;
let otherLive: RealtimeWatch;
let pass: IssuedPass;
let cancelled: IssuedPass;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'checkpoint-e2e-'));
  e2e = await startE2E(
    {},
    {
      // the pass must be signed by this system's key before Chromium starts with its QR code as the camera
      cameraFile: async (system) => {
        db = new pg.Pool({ connectionString: system.db.url, max: 2 });
        pass = await issuePass(system.deps.orm, db, { holder: 'सुनीता वर्मा' });
        cancelled = await issuePass(system.deps.orm, db, { holder: 'रद्द पास धारक', status: 'cancelled' });
        return qrY4m(pass.token, path.join(dir, 'pass.y4m'));
      },
    },
  );
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
const attr = (testId: string, name: string) => page.getByTestId(testId).getAttribute(name);
const rowsOf = async (id: string) =>
  (await db.query(`select offline, direction, verdict from check_record where document_id = $1 order by checked_at`, [id])).rows;

describe('the checkpoint app at a gate', () => {
  it('scans a pass online: the verdict at a glance, the entry logged, the visitor counted inside', async () => {
    await page.goto('/check');
    await page.waitForURL(/\/login/);
    await submitLogin(page, 'gate.sp', 'hi');
    await page.waitForURL((u) => u.pathname === '/check');
    await page.getByTestId('check-bundle-age').waitFor();
    expect(await page.getByTestId('check-bundle-age').textContent()).toMatch(/कुंजियाँ और निरस्तीकरण \d\d\.\d\d\.\d{4} \d\d:\d\d तक के/);
    expect(await page.getByTestId('check-place').textContent()).toContain('द्वार सुरक्षा, पुलिस अधीक्षक कार्यालय');
    await expect.poll(() => attr('check-inside-count', 'data-count'), POLL).toBe('0');

    // the second phone: in from the shell's menu, which shows the app to checkpoint posts
    other = await e2e.newPage();
    await other.setViewportSize({ width: 390, height: 844 });
    otherLive = watchRealtime(other);
    await login(other, 'gate.sp', 'hi');
    await other.getByTestId('nav-check').click();
    await other.waitForURL((u) => u.pathname === '/check');
    await expect.poll(() => other.getByTestId('check-inside-count').getAttribute('data-count'), POLL).toBe('0');
    await expect.poll(() => otherLive.connects(), POLL).toBeGreaterThan(0);

    await page.getByTestId('check-scan').click();
    await page.getByTestId('check-verdict').waitFor({ timeout: 40_000 });
    expect(await attr('check-verdict', 'data-verdict')).toBe('valid');
    expect(await page.getByTestId('check-verdict').textContent()).toBe('मान्य');
    expect(await attr('check-source', 'data-source')).toBe('online');
    expect(await page.getByTestId('check-holder').textContent()).toBe('सुनीता वर्मा');
    expect(await page.getByTestId('check-reference').textContent()).toBe(pass.referenceNumber);
    expect(await page.getByTestId('check-masked-id').textContent()).toBe('voterId:4567');
    // synced at once, and the gate counts the visitor inside
    await expect.poll(() => rowsOf(pass.id), POLL).toEqual([{ offline: false, direction: 'in', verdict: 'valid' }]);
    await expect.poll(() => attr('check-inside-count', 'data-count'), POLL).toBe('1');
    await page.getByTestId(`check-inside-${pass.id}`).waitFor();
    // live on the other phone (a realtime hint, no reload)
    await expect.poll(() => other.getByTestId('check-inside-count').getAttribute('data-count'), POLL).toBe('1');
    expect(await other.getByTestId(`check-inside-${pass.id}`).textContent()).toContain('सुनीता वर्मा');
    expect(await noSideways()).toBe(true);
    await expectNoAxeViolations(page, '/check (a valid pass)');
  });

  it('offline: reopens from its service worker, still verifies, queues the check and syncs it once when back', async () => {
    await page.evaluate(() => (globalThis as any).navigator.serviceWorker.ready.then(() => undefined));
    await page.context().setOffline(true);
    await page.reload();
    await page.getByTestId('check-bundle-age').waitFor();
    // the page came from the service worker's cache (the network is gone)
    expect(await page.evaluate(() => (globalThis as any).navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/check-sw\.js$/);
    await expect.poll(() => page.getByTestId('check-network').textContent(), POLL).toContain('ऑफ़लाइन');

    await page.getByTestId('check-direction-out').click();
    await page.getByTestId('check-scan').click();
    await page.getByTestId('check-verdict').waitFor({ timeout: 40_000 });
    expect(await attr('check-verdict', 'data-verdict')).toBe('valid');
    expect(await attr('check-source', 'data-source')).toBe('offline');
    expect(await page.getByTestId('check-source').textContent()).toContain('इसी फ़ोन पर जाँचा गया (ऑफ़लाइन)');
    expect(await page.getByTestId('check-holder').textContent()).toBe('सुनीता वर्मा');
    await expect.poll(() => page.getByTestId('check-pending').textContent(), POLL).toContain('सिंक हेतु 1 जाँच शेष');
    // nothing reached the server
    expect(await rowsOf(pass.id)).toHaveLength(1);

    await page.context().setOffline(false);
    await expect.poll(() => page.getByTestId('check-pending').textContent(), POLL).toContain('सिंक हेतु कोई जाँच शेष नहीं');
    await expect
      .poll(() => rowsOf(pass.id), POLL)
      .toEqual([
        { offline: false, direction: 'in', verdict: 'valid' },
        { offline: true, direction: 'out', verdict: 'valid' },
      ]);
    // the visitor has left, on both phones
    await expect.poll(() => attr('check-inside-count', 'data-count'), POLL).toBe('0');
    await expect.poll(() => other.getByTestId('check-inside-count').getAttribute('data-count'), POLL).toBe('0');

    // the phone opened offline knows its session again: the other phone's next entry shows here live
    await other.getByTestId('check-scan').click();
    await expect.poll(() => other.getByTestId('check-verdict').getAttribute('data-verdict'), POLL).toBe('valid');
    await expect.poll(() => attr('check-inside-count', 'data-count'), POLL).toBe('1');
    expect(await rowsOf(pass.id)).toHaveLength(3);

    // the phone syncing again (a reload, another reconnect) stores nothing twice
    await page.reload();
    await page.getByTestId('check-bundle-age').waitFor();
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await rowsOf(pass.id)).toHaveLength(3);
    expect((await rowsOf(pass.id)).filter((r) => r.offline)).toHaveLength(1);
    expect(await noSideways()).toBe(true);
  });

  it('a damaged QR: the lookup by reference number shows a cancelled pass as CANCELLED', async () => {
    await page.getByTestId('check-ref').fill(cancelled.referenceNumber);
    await page.getByTestId('check-lookup').click();
    await expect.poll(() => attr('check-verdict', 'data-verdict'), POLL).toBe('cancelled');
    expect(await page.getByTestId('check-verdict').textContent()).toBe('निरस्त');
    expect(await page.getByTestId('check-holder').textContent()).toBe('रद्द पास धारक');
    await expect.poll(() => rowsOf(cancelled.id), POLL).toEqual([{ offline: false, direction: 'in', verdict: 'cancelled' }]);
    await expectNoAxeViolations(page, '/check (a cancelled pass)');
  });
});
