import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, login, POLL, startE2E, textOf, type E2E } from '../support/browser.js';

/**
 * Issue 15 item 1: a service owner changes a service without code, in Hindi — opens LOUDSPEAKER in the
 * editor, adds a text field to the form and shortens the first state's deadline, saves a draft (version
 * 2 appears as a draft), sees the new field in the preview, publishes it (the public catalogue then has
 * the field), and a broken change (an action leading to a removed state) is refused with the server's
 * problem beside the input and in the list. The catalogue exports as JSON and imports it again: a bad
 * file lists every problem with where it is, a good one makes a draft.
 */
let e2e: E2E;
let admin: Page;

beforeAll(async () => {
  e2e = await startE2E();
  admin = await e2e.newPage();
  await login(admin, 'admin', 'hi');
});
afterAll(async () => e2e?.close());

const tid = (id: string) => admin.getByTestId(id);
const noSideways = () =>
  admin.evaluate(() => {
    const g = globalThis as any;
    return g.document.documentElement.scrollWidth <= g.innerWidth;
  });
async function publicLoudspeaker() {
  const body: any = await admin.evaluate(() => fetch('/api/public/services').then((r) => r.json()));
  return (body.items as any[]).find((s) => s.code === 'LOUDSPEAKER');
}

describe('admin → services (सेवाएँ)', () => {
  it('lists the services with their live and latest versions', async () => {
    await tid('nav-admin').click();
    await tid('admin-nav-services').click();
    await admin.waitForURL((url) => url.pathname === '/admin/services');
    await admin.getByRole('heading', { name: 'सेवाएँ', exact: true }).waitFor();
    const row = tid('service-row-LOUDSPEAKER');
    await expect.poll(async () => (await row.textContent()) ?? '', POLL).toContain('लाउडस्पीकर अनुमति');
    expect(await row.textContent()).toContain('3 कार्य दिवस');
    expect(await textOf(admin, 'service-live-LOUDSPEAKER')).toBe('1');
    expect(await textOf(admin, 'service-latest-LOUDSPEAKER')).toBe('1');
    expect(await tid('service-draft-LOUDSPEAKER').count()).toBe(0);
    expect(await tid('services-table').locator('tbody tr').count()).toBe(6);
    await expectNoAxeViolations(admin, '/admin/services (hi)');
  });

  it('adds a field and shortens a deadline, saves a draft, previews it and publishes it', async () => {
    await tid('service-open-LOUDSPEAKER').click();
    await admin.waitForURL((url) => url.pathname === '/admin/services/LOUDSPEAKER');
    await admin.getByRole('heading', { name: /सेवा LOUDSPEAKER/ }).waitFor();
    await expect.poll(() => textOf(admin, 'svc-started-from'), POLL).toBe('संपादन संस्करण 1 (लागू) से आरंभ है।');

    // the editor gives the definition back exactly as it was: saving it unchanged makes no version
    await tid('svc-save').click();
    await expect.poll(() => textOf(admin, 'svc-save-result'), POLL).toBe('कुछ नहीं बदला: यह संस्करण 1 के समान है।');

    // form designer: a new text field at the end
    await tid('svc-tab-form').click();
    expect(await tid('svc-form').locator(':scope > li').count()).toBe(7);
    await tid('svc-form-add').click();
    // the new field opens with its key focused
    await expect.poll(() => admin.evaluate(() => (globalThis as any).document.activeElement?.id), POLL).toBe('svc-form-7-key');
    await admin.keyboard.type('noiseLevel');
    await tid('svc-form-7-label-hi').fill('ध्वनि स्तर (डेसिबल)');
    await tid('svc-form-7-label-en').fill('Sound level (decibels)');
    await tid('svc-form-7-maxLength').fill('20');
    // moved up one place by keyboard, then back
    await tid('svc-form-7-up').focus();
    await admin.keyboard.press('Enter');
    await expect.poll(async () => (await tid('svc-form-6').textContent()) ?? '', POLL).toContain('noiseLevel');
    expect(await admin.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe('svc-form-6-up');
    await tid('svc-form-6-down').click();
    await expect.poll(async () => (await tid('svc-form-7').textContent()) ?? '', POLL).toContain('noiseLevel');

    // workflow editor: the first state's deadline 3 → 2 working days; the flow shows it
    await tid('svc-tab-workflow').click();
    await tid('svc-workflow-states-0-deadlineDays').fill('2');
    await expect.poll(async () => (await tid('svc-flow-submitted').textContent()) ?? '', POLL).toContain('2 कार्य दिवस');
    expect(await tid('svc-flow-submitted').textContent()).toContain('स्वीकृत करें');
    await expectNoAxeViolations(admin, 'service editor, workflow (hi)');
    expect(await tid('svc-publish').isDisabled()).toBe(true);

    await tid('svc-save').click();
    await expect.poll(() => textOf(admin, 'svc-save-result'), POLL).toBe('मसौदा संस्करण 2 के रूप में सहेजा गया। लागू करने के लिए इसे प्रकाशित करें।');
    await expect.poll(() => textOf(admin, 'svc-version-2'), POLL).toContain('मसौदा');
    expect(await textOf(admin, 'svc-version-1')).toContain('लागू');
    expect((await publicLoudspeaker()).version).toBe(1);

    // the preview shows the applicant form with the new field, in Hindi and in English
    await tid('svc-tab-preview').click();
    const hi = tid('svc-preview-hi-field-noiseLevel');
    await hi.waitFor();
    expect(await hi.textContent()).toContain('ध्वनि स्तर (डेसिबल)');
    expect(await hi.textContent()).toContain('अधिकतम 20 अक्षर');
    expect(await tid('svc-preview-en-field-noiseLevel').textContent()).toContain('Sound level (decibels)');
    expect(await tid('svc-preview-hi').getByLabel('ध्वनि स्तर (डेसिबल)').isDisabled()).toBe(true);
    await expectNoAxeViolations(admin, 'service editor, preview (hi)');

    // publish, after saying what it means
    await tid('svc-publish').click();
    const dialog = admin.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('अब से आवेदन संस्करण 2 के अंतर्गत दर्ज होंगे; पहले के आवेदन अपना संस्करण रखेंगे।');
    await dialog.getByRole('button', { name: 'प्रकाशित करें' }).click();
    await expect.poll(() => textOf(admin, 'svc-save-result'), POLL).toBe('संस्करण 2 अब लागू है: नए आवेदन इसी के अंतर्गत दर्ज होंगे।');
    await expect.poll(() => textOf(admin, 'svc-version-2'), POLL).toContain('लागू');
    expect(await textOf(admin, 'svc-version-1')).toContain('पूर्व');

    const live = await publicLoudspeaker();
    expect(live.version).toBe(2);
    expect(live.form.map((f: any) => f.key)).toEqual(['name', 'mobile', 'venue', 'useDate', 'hours', 'purpose', 'idProof', 'noiseLevel']);
    expect(live.form[7]).toEqual({
      key: 'noiseLevel',
      type: 'text',
      label: { hi: 'ध्वनि स्तर (डेसिबल)', en: 'Sound level (decibels)' },
      required: true,
      maxLength: 20,
    });
  });

  it('refuses an action leading to a removed state, with the problem beside the input and in the list', async () => {
    await tid('svc-tab-workflow').click();
    await tid('svc-workflow-states-1-remove').click(); // "returned"
    // the keyboard goes on to the state now in its place
    await expect.poll(() => admin.evaluate(() => (globalThis as any).document.activeElement?.id), POLL).toBe('svc-workflow-states-1');
    expect(
      await tid('svc-workflow-states-1')
        .getAttribute('aria-labelledby')
        .then((id) => admin.locator(`#${id}`).textContent()),
    ).toBe('स्थिति क्रमांक 2 “approved”');
    // the flow shows at once what is now missing
    await expect.poll(async () => (await tid('svc-flow-submitted').textContent()) ?? '', POLL).toContain('“returned” (मौजूद नहीं)');
    await tid('svc-save').click();

    const problems = tid('svc-problems');
    await problems.waitFor();
    const list = await problems.locator('li').allTextContents();
    expect(list).toContain('कार्यप्रवाह › कार्रवाई क्रमांक 3 “returnForCorrection” › किस स्थिति तक: कोई स्थिति "returned" नहीं है।');
    expect(list).toContain('कार्यप्रवाह › कार्रवाई क्रमांक 4 “resubmit” › आरंभ स्थिति क्रमांक 1 “returned”: कोई स्थिति "returned" नहीं है।');
    // beside the inputs: the action cards open by themselves
    expect(await admin.locator('#svc-workflow-actions-2-to-error').textContent()).toBe('कोई स्थिति "returned" नहीं है।');
    expect(await admin.locator('#svc-workflow-actions-3-from-error').textContent()).toBe('कोई स्थिति "returned" नहीं है।');
    expect(await textOf(admin, 'svc-tab-workflow')).toMatch(/कार्यप्रवाह\s*\d+/);
    // choosing a problem goes to its input
    await problems.getByRole('button', { name: /कार्रवाई क्रमांक 3 “returnForCorrection” › किस स्थिति तक/ }).click();
    await expect.poll(() => admin.evaluate(() => (globalThis as any).document.activeElement?.id), POLL).toBe('svc-workflow-actions-2-to');
    await expectNoAxeViolations(admin, 'service editor with problems (hi)');

    // nothing was saved
    const detail: any = await admin.evaluate(() => fetch('/api/services/LOUDSPEAKER').then((r) => r.json()));
    expect([detail.liveVersion, detail.latestVersion, detail.hasDraft]).toEqual([2, 2, false]);

    // on a phone the editor does not scroll sideways
    await admin.setViewportSize({ width: 390, height: 844 });
    expect(await noSideways()).toBe(true);
    await admin.setViewportSize({ width: 1366, height: 900 });

    // leaving with the broken change asks first
    await tid('svc-back').click();
    const leave = admin.getByRole('alertdialog');
    await leave.waitFor();
    expect(await leave.textContent()).toContain('इस सेवा में आपके परिवर्तन सहेजे नहीं गए हैं।');
    await leave.getByRole('button', { name: 'बिना सहेजे छोड़ें' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/services');
    await expect.poll(() => textOf(admin, 'service-live-LOUDSPEAKER'), POLL).toBe('2');
    expect(await tid('service-draft-LOUDSPEAKER').count()).toBe(0);
  });

  it('exports the live definitions and imports a file: every problem with where it is, then a good file as a draft', async () => {
    const [download] = await Promise.all([admin.waitForEvent('download'), tid('admin-services-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^services-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.definitions.map((d: any) => d.code)).toEqual([
      'CHARVERIFY',
      'EPASS',
      'EVENTNOC',
      'LOUDSPEAKER',
      'VISITOR-DM',
      'VISITOR-SP',
    ]);
    expect(exported.definitions[3].form).toHaveLength(8);

    const noc = exported.definitions.find((d: any) => d.code === 'EVENTNOC');
    const bad = structuredClone(noc);
    bad.form[1].key = 'Mobile No';
    bad.timelineDays = 0;
    await tid('admin-services-import').click();
    await admin.getByRole('dialog', { name: 'सेवा परिभाषाएँ आयात करें' }).waitFor();
    await tid('services-import-file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ definitions: [bad] })),
    });
    await tid('services-import-submit').click();
    const problems = tid('services-import-problems').locator('li');
    await expect.poll(() => problems.count(), POLL).toBe(2);
    expect(await problems.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^परिभाषा क्रमांक 1 “EVENTNOC” › क्षेत्र क्रमांक 2 “Mobile No” › कुंजी: छोटे अंग्रेज़ी अक्षर से शुरू/),
        expect.stringMatching(/^परिभाषा क्रमांक 1 “EVENTNOC” › समय-सीमा: .*1/),
      ]),
    );
    expect(await textOf(admin, 'form-error')).not.toBe('');
    await expectNoAxeViolations(admin, 'services import problems (hi)');

    const good = { ...structuredClone(noc), timelineDays: 5 };
    await tid('services-import-file').setInputFiles({
      name: 'good.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ definitions: [good, exported.definitions[0]] })),
    });
    await tid('services-import-submit').click();
    await expect
      .poll(async () => await tid('services-import-results').locator('li').allTextContents(), POLL)
      .toEqual(['EVENTNOC: मसौदा संस्करण 2 के रूप में सहेजा गया', 'CHARVERIFY: अपरिवर्तित (संस्करण 1 के समान)']);
    expect(await problems.count()).toBe(0);
    await admin.keyboard.press('Escape');
    await expect.poll(() => tid('service-draft-EVENTNOC').count(), POLL).toBe(1);
    expect(await textOf(admin, 'service-live-EVENTNOC')).toBe('1');
  });

  it('makes a new service from the template: what is left empty is named before anything is sent; filled in, it is saved and published', async () => {
    await tid('admin-services-new').click();
    await admin.waitForURL((url) => url.pathname === '/admin/services/new');
    await admin.getByRole('heading', { name: 'नई सेवा', exact: true }).waitFor();
    await tid('svc-save').click();
    const problems = tid('svc-problems');
    await problems.waitFor();
    expect(await problems.locator('li').allTextContents()).toEqual([
      'कोड: यह प्रविष्टि आवश्यक है।',
      'नाम › हिन्दी: यह प्रविष्टि आवश्यक है।',
      'नाम › अंग्रेज़ी: यह प्रविष्टि आवश्यक है।',
      'विवरण › हिन्दी: यह प्रविष्टि आवश्यक है।',
      'विवरण › अंग्रेज़ी: यह प्रविष्टि आवश्यक है।',
      'सेवा देने वाला › संदर्भ उपसर्ग: यह प्रविष्टि आवश्यक है।',
    ]);
    expect(await textOf(admin, 'svc-problems-title')).toBe('सहेजने से पहले 6 समस्याएँ ठीक करें।');
    const list: any = await admin.evaluate(() => fetch('/api/services').then((r) => r.json()));
    expect(list.items).toHaveLength(6);

    await tid('svc-code').fill('noise-noc'); // typed in small letters: the code is in capitals
    expect(await tid('svc-code').inputValue()).toBe('NOISE-NOC');
    await tid('svc-name-hi').fill('ध्वनि यंत्र अनापत्ति');
    await tid('svc-name-en').fill('Sound system NOC');
    await tid('svc-description-hi').fill('सार्वजनिक कार्यक्रम में ध्वनि यंत्र के लिए अनापत्ति प्रमाण पत्र।');
    await tid('svc-description-en').fill('No-objection certificate for a sound system at a public event.');
    await tid('svc-deliveredBy-referencePrefix').fill('snc');
    // a problem fixed goes from the list at once
    await expect.poll(() => problems.locator('li').count(), POLL).toBe(0);
    // the deciding post is for the server to require
    await tid('svc-save').click();
    await expect.poll(async () => (await problems.locator('li').allTextContents()).join('\n'), POLL).toMatch(/^मार्ग › पद: /);
    await tid('svc-tab-routing').click();
    await tid('svc-routing-post').fill('PBT-SP-SP');
    await tid('svc-save').click();
    await admin.waitForURL((url) => url.pathname === '/admin/services/NOISE-NOC');
    await expect.poll(() => textOf(admin, 'svc-version-1'), POLL).toContain('मसौदा');
    await tid('svc-publish').click();
    await admin.getByRole('alertdialog').getByRole('button', { name: 'प्रकाशित करें' }).click();
    await expect.poll(() => textOf(admin, 'svc-version-1'), POLL).toContain('लागू');
    const pub: any = await admin.evaluate(() => fetch('/api/public/services').then((r) => r.json()));
    expect(pub.items.find((x: any) => x.code === 'NOISE-NOC')).toMatchObject({
      version: 1,
      name: { hi: 'ध्वनि यंत्र अनापत्ति', en: 'Sound system NOC' },
      timelineDays: 7,
    });
  });
});
