/**
 * DSC signing in a real browser with the real signing agent: the SP pairs the browser with the
 * agent (the code it printed), unlocks the SoftHSM token with the PIN, enrols the DSC, signs a
 * note on the notesheet and issues an approved draft as a signed letter; then anyone, without
 * logging in, verifies the letter at /verify (upload) and through its QR code's page.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, POLL, startE2E, type E2E } from '../support/browser.js';
import { createCa, createCrl, issueCertificate } from '../support/pki.js';
import { createSoftHsmToken, SOFTHSM_LIBRARY, type SoftHsmToken } from '../support/softhsm.js';
import { startAgent, type RunningAgent } from '../support/agent-driver.js';

const PIN = '924680';
let e2e: E2E;
let agent: RunningAgent;
let token: SoftHsmToken;
let sp: ApiClient;
let reader: ApiClient;
let page: Page;
let heads: Record<string, { id: string }>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const step = (p: Page) => p.getByTestId('signing-step').getAttribute('data-step');

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-signing-'));
  const root = createCa({ commonName: 'E2E Test Root CA' });
  const officer = issueCertificate(root, { commonName: 'Anita Singh (SP Pilibhit)', organization: 'UP Police' });
  await writeFile(path.join(dir, 'root.pem'), root.certPem);
  await writeFile(path.join(dir, 'root.crl'), createCrl(root, []));
  token = await createSoftHsmToken({
    label: 'SP DSC',
    pin: PIN,
    soPin: '55554444',
    entries: [{ id: '01', leaf: officer, chain: [root] }],
    parentDir: dir,
  });
  const [appPort, agentPort] = [await freePort(), await freePort()];
  e2e = await startE2E({
    PORT: String(appPort),
    SIGNING_TRUST_ANCHORS: path.join(dir, 'root.pem'),
    SIGNING_CRLS: path.join(dir, 'root.crl'),
    SIGNING_POLICY_OID: '2.16.356.100.2.3',
    SIGNING_AGENT_URL: `http://127.0.0.1:${agentPort}`,
  });
  agent = await startAgent({ origin: e2e.base, args: ['--pkcs11', SOFTHSM_LIBRARY, '--port', String(agentPort)], env: token.env });
  [sp, reader] = (await Promise.all(['sp', 'reader.sp'].map((u) => loggedIn(e2e.base, u)))) as [ApiClient, ApiClient];
  heads = Object.fromEntries((await reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
  page = await e2e.newPage();
  await login(page, 'sp');
}, 120_000);

afterAll(async () => {
  await agent?.stop();
  await e2e?.close();
  await token?.cleanup();
});

describe('signing in the browser', () => {
  it('pairs with the agent, unlocks the token and enrols the DSC', async () => {
    await page.goto('/signing');
    await page.getByTestId('dsc-enrol').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('pair'), POLL);
    const code = /Pairing code: (\d{6})/.exec(agent.output())![1]!;
    await page.getByTestId('signing-pair-code').fill(code);
    await page.getByTestId('signing-pair-submit').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('pin'), POLL);
    // a wrong PIN first: the token's tries are shown, nothing else happens
    await page.getByTestId('signing-pin').fill('000000');
    await page.getByTestId('signing-pin-submit').click();
    await expect.poll(() => page.getByTestId('signing-pin-tries').textContent(), POLL).toMatch(/2/);
    await page.getByTestId('signing-pin').fill(PIN);
    await page.getByTestId('signing-pin-submit').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('certificate'), POLL);
    await expectNoAxeViolations(page, 'signing dialog, certificate step');
    await page.getByTestId('signing-enrol-01').click();
    await expect.poll(() => page.getByTestId('signing-enrolled').textContent(), POLL).toMatch(/Anita Singh/);
    await page.getByTestId('signing-close').click();
    await expect.poll(() => page.locator('[data-testid^="dsc-row-"]').getAttribute('data-status'), POLL).toBe('active');
    const enrolled = (await sp.get('/api/signing/certificates')).body.certificates;
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({ commonName: 'Anita Singh (SP Pilibhit)', certificateClass: 'Class 3', status: 'active' });
    await expectNoAxeViolations(page, 'My DSC');
  });

  it('signs a note on the notesheet and shows it verified', async () => {
    const file = (await sp.post('/api/files', { headId: heads.CRIME!.id, subject: 'Night patrolling, Kotwali circle' })).body;
    await sp.post(`/api/files/${file.id}/notes`, {
      version: file.version,
      body: '<p>रात्रि गश्त की समीक्षा करें। Review the night patrol register.</p>',
    });
    await page.goto(`/files/${file.id}`);
    await page.getByTestId('note-sign-1').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('certificate'), POLL);
    await page.getByTestId('signing-submit').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('done'), POLL);
    await page.getByTestId('signing-close').click();
    await expect.poll(() => page.getByTestId('note-signature-1').getAttribute('data-status'), POLL).toBe('verified');
    expect(await page.getByTestId('note-signature-1').textContent()).toMatch(/Anita Singh/);
    expect(await page.getByTestId('note-sign-1').count()).toBe(0);
    const api = (await sp.get(`/api/files/${file.id}`)).body.notes[0].signature;
    expect(api).toMatchObject({ integrity: true, trusted: true });
    expect(agent.output()).toContain(`${file.fileNumber}`);
  });

  it('issues an approved draft as a signed letter, then anyone verifies it at /verify and through its QR page', async () => {
    let file = (await reader.post('/api/files', { headId: heads.CRIME!.id, subject: 'Holi festival arrangements' })).body;
    const draft = (
      await reader.post(`/api/files/${file.id}/drafts`, {
        version: file.version,
        subject: 'Security arrangements for Holi',
        addressee: 'SHO Kotwali\nPolice Station Kotwali, Pilibhit',
        body: '<p>होली पर्व पर सुरक्षा व्यवस्था सुनिश्चित करें।</p>',
      })
    ).body;
    file = (await reader.get(`/api/files/${file.id}`)).body;
    const spPost = (await reader.get('/api/org/posts?q=PBT-SP-SP')).body.items.find((p: any) => p.code === 'PBT-SP-SP').id;
    expect((await reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: spPost })).status).toBe(200);
    const d = (await sp.get(`/api/files/${file.id}/drafts/${draft.id}`)).body;
    expect((await sp.post(`/api/files/${file.id}/drafts/${draft.id}/approve`, { version: d.version })).status).toBe(200);

    await page.goto(`/files/${file.id}?tab=drafts&draft=${draft.id}`);
    await page.getByTestId('draft-sign-issue').click();
    await expect.poll(() => page.getByTestId('issue-recipient-name-0').inputValue(), POLL).toBe('SHO Kotwali');
    await page.getByTestId('issue-submit').click();
    await vi.waitFor(async () => expect(await step(page)).toBe('certificate'), POLL);
    await page.getByTestId('signing-submit').click();
    // the letter is issued: the file reloads, the draft shows its issue number and the signed PDF
    await expect
      .poll(() => page.getByTestId('draft-action-done').textContent(), { ...POLL, timeout: 30_000 })
      .toMatch(/PBT\/SP\/D-\d+\/\d{4}/);
    const issueNumber = /PBT\/SP\/D-\d+\/\d{4}/.exec((await page.getByTestId('draft-action-done').textContent())!)![0];
    expect(await page.getByTestId('draft-issued-entry').textContent()).toContain(issueNumber);
    expect(await page.getByTestId('draft-issued-document').getAttribute('href')).toMatch(/^\/api\/dispatch\/.+\/document$/);
    await page.getByTestId('file-tab-notes').click();
    await expect.poll(() => page.locator('[data-testid^="corr-issue-"]').first().textContent(), POLL).toContain(issueNumber);

    const entry = (await sp.get(`/api/dispatch?q=${encodeURIComponent(issueNumber)}`)).body.items[0];
    const pdf = Buffer.from(await (await fetch(e2e.base + entry.documentUrl, { headers: { cookie: sp.cookieHeader() } })).arrayBuffer());

    const visitor = await e2e.newPage();
    await visitor.goto('/verify');
    await visitor.getByTestId('verify-input').setInputFiles({ name: 'letter.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => visitor.getByTestId('verify-result').getAttribute('data-outcome'), POLL).toBe('signed');
    expect(await visitor.getByTestId('verify-signature-0').getAttribute('data-verdict')).toBe('valid');
    expect(await visitor.getByTestId('verify-issued-number').textContent()).toContain(issueNumber);
    await expectNoAxeViolations(visitor, '/verify with a report');

    // a tampered copy is flagged
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('/Producer');
    tampered[at + 12] = tampered[at + 12]! ^ 1;
    await visitor.getByTestId('verify-input').setInputFiles({ name: 'tampered.pdf', mimeType: 'application/pdf', buffer: tampered });
    await expect.poll(() => visitor.getByTestId('verify-signature-0').getAttribute('data-verdict'), POLL).toBe('invalid');
    expect(await visitor.getByTestId('verify-check-0-integrity').getAttribute('data-level')).toBe('fail');

    // the QR code's page
    await visitor.goto(entry.verifyPath);
    await expect.poll(() => visitor.getByTestId('verify-token').getAttribute('data-valid'), POLL).toBe('true');
    expect(await visitor.getByTestId('verify-doc-number').textContent()).toContain(issueNumber);
    await expectNoAxeViolations(visitor, '/verify/:token');
  });
});
