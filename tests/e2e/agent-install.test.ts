/**
 * My DSC when the signing agent is not running (issue 14 item 14): no `npm run agent` — the page sees
 * that nothing answers at the agent's address and offers the installer for the officer's OS from
 * GET /api/signing/agent/downloads (the .deb on a BOSS/Ubuntu desktop, the .zip on Windows) with the
 * steps to install and start it, in Hindi and English.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import hi from '../../frontend/src/i18n/hi.json' with { type: 'json' };
import en from '../../frontend/src/i18n/en.json' with { type: 'json' };
import { login, POLL, startE2E, type E2E } from '../support/browser.js';

let e2e: E2E;
let dir: string;
const DEB = 'patravali-signing-agent_0.3.0_amd64.deb';
const ZIP = 'patravali-signing-agent-0.3.0-windows-x64.zip';
const WINDOWS_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

beforeAll(async () => {
  // nothing listens on the discard port: the agent "is not running"
  e2e = await startE2E({ SIGNING_AGENT_URL: 'http://127.0.0.1:9' });
  dir = path.join(e2e.system.deps.env.DATA_DIR, 'agent-downloads');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, DEB), 'a .deb for the test');
  await writeFile(path.join(dir, ZIP), 'a .zip for the test');
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  await e2e?.close();
});

async function windowsPage(): Promise<Page> {
  const context = await e2e.browser.newContext({
    baseURL: e2e.base,
    viewport: { width: 1366, height: 900 },
    userAgent: WINDOWS_UA,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

describe.each(['hi', 'en'] as const)('My DSC without a running agent (%s)', (lang) => {
  const t = { hi, en }[lang].signing.install;

  it('offers the .deb on a Linux desktop, with the steps, and no npm command', async () => {
    const page = await e2e.newPage();
    await login(page, 'sp', lang);
    await page.goto('/signing');
    await expect.poll(() => page.getByTestId('agent-status').getAttribute('data-state'), POLL).toBe('down');
    const install = page.getByTestId('agent-install');
    expect(await install.getAttribute('data-os')).toBe('linux');
    const link = page.getByTestId('agent-download');
    expect(await link.getAttribute('data-file')).toBe(DEB);
    expect(await link.textContent()).toContain(t.kind.linux.deb);
    expect(await page.getByTestId('agent-install-steps').textContent()).toContain(`sudo apt install ./${DEB}`);
    expect(await install.textContent()).toContain(t.lead);
    expect(await page.locator('main').textContent()).not.toContain('npm run agent');
    // the link fetches the installer
    const res = await page.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toBe('a .deb for the test');
    await page.context().close();
  });

  it('offers the Windows package on a Windows PC', async () => {
    const page = await windowsPage();
    await login(page, 'sp', lang);
    await page.goto('/signing');
    const install = page.getByTestId('agent-install');
    await install.waitFor();
    expect(await install.getAttribute('data-os')).toBe('windows');
    await expect.poll(() => page.getByTestId('agent-download').getAttribute('data-file'), POLL).toBe(ZIP);
    expect(await page.getByTestId('agent-install-steps').textContent()).toContain(t.windowsZip.run);
    await page.context().close();
  });
});
