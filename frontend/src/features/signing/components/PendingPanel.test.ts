import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../../testing/harness';
import { applyLocale } from '../../../i18n';
import type { PendingSignatures } from '../types';
import PendingPanel from './PendingPanel.vue';
import SigningDialog from './SigningDialog.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const pending = (): PendingSignatures => ({
  notes: [
    {
      noteId: 'n1',
      seq: 4,
      state: 'green',
      excerpt: 'Put up for orders.',
      createdAt: '2026-04-02T10:00:00.000Z',
      file: { id: 'f1', number: 'PBT/SP/CRIME/1/2026', subject: 'Fair duty' },
    },
    {
      noteId: 'n2',
      seq: null,
      state: 'yellow',
      excerpt: 'Approved as proposed.',
      createdAt: '2026-04-03T10:00:00.000Z',
      file: { id: 'f2', number: 'PBT/SP/GEN/7/2026', subject: 'Leave' },
    },
  ],
  letters: [
    {
      draftId: 'd1',
      subject: 'Deployment for the fair',
      addressee: 'DM Pilibhit\nCollectorate',
      approvedAt: '2026-04-02T11:00:00.000Z',
      file: { id: 'f1', number: 'PBT/SP/CRIME/1/2026' },
    },
    { draftId: 'd2', subject: 'Reply', addressee: null, approvedAt: null, file: { id: 'f1', number: 'PBT/SP/CRIME/1/2026' } },
  ],
  passes: [],
});

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('PendingPanel', () => {
  it('lists what waits for a signature from one request and signs the checked items in one dialog', async () => {
    const api = fakeApi({ 'GET /api/signing/pending': { status: 200, body: pending() } });
    const h0 = createHarness();
    const w = mount(PendingPanel, { global: { plugins: h0.plugins, stubs: { SigningDialog: true } }, attachTo: document.body });
    await flushPromises();

    // one request, and no file is opened to find out (opening one would stop its sender's pull back)
    expect(api.requests.filter((r) => r.url.startsWith('/api/signing/')).map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/signing/pending',
    ]);
    expect(api.requests.some((r) => r.url.startsWith('/api/files') || r.url.startsWith('/api/inbox'))).toBe(false);
    expect(w.get('[data-testid="pending-panel"]').text()).toContain('Note 4 in file PBT/SP/CRIME/1/2026');
    expect(w.text()).toContain('Draft note in file PBT/SP/GEN/7/2026');
    expect(w.text()).toContain('Put up for orders.');
    expect(w.get('[data-testid="pending-note-open-n2"]').attributes('href')).toBe('/files/f2');
    // a letter's dispatch details start from its addressee; without one they must be given first
    expect(w.get('[data-testid="pending-letter-dispatch-d1"]').text()).toBe('Ordinary post — DM Pilibhit');
    expect(w.get<HTMLInputElement>('[data-testid="pending-letter-d1"]').element.disabled).toBe(false);
    expect(w.get<HTMLInputElement>('[data-testid="pending-letter-d2"]').element.disabled).toBe(true);
    expect(w.get('[data-testid="pending-letter-dispatch-d2"]').text()).toBe('Dispatch details needed');

    await w.get('[data-testid="pending-select-all"]').trigger('click');
    expect(w.get('[data-testid="pending-sign"]').text()).toBe('Sign 3 selected');
    await w.get('[data-testid="pending-sign"]').trigger('click');
    const dialog = w.findComponent(SigningDialog);
    expect(dialog.props('visible')).toBe(true);
    expect(dialog.props('items')).toEqual([
      { type: 'note', fileId: 'f1', noteId: 'n1' },
      { type: 'note', fileId: 'f2', noteId: 'n2' },
      {
        type: 'letter',
        fileId: 'f1',
        draftId: 'd1',
        dispatch: { mode: 'post', recipients: [{ name: 'DM Pilibhit', address: 'Collectorate' }] },
      },
    ]);
    expect(dialog.props('titles')).toEqual([
      'Note 4 in file PBT/SP/CRIME/1/2026',
      'Draft note in file PBT/SP/GEN/7/2026',
      'Letter “Deployment for the fair” (file PBT/SP/CRIME/1/2026)',
    ]);

    // signed: the list is read again
    fakeApi({ 'GET /api/signing/pending': { status: 200, body: { notes: [], letters: [], passes: [] } } });
    dialog.vm.$emit('signed', [
      { index: 0, type: 'note', noteId: 'n1' },
      { index: 1, type: 'note', noteId: 'n2' },
      { index: 2, type: 'letter' },
    ]);
    await flushPromises();
    expect(w.get('[data-testid="pending-done"]').text()).toBe('3 items signed.');
    expect(w.find('[data-testid="pending-empty"]').exists()).toBe(true);
    w.unmount();
  });

  it('lists the passes and certificates the officer approved and signs them in the same batch (issue 16)', async () => {
    const passes = [
      {
        documentId: 'p1',
        referenceNumber: 'NOC/PBT/SP/2026/000001',
        holderName: 'Anil Verma',
        kind: 'certificate',
        issuedAt: '2026-04-02T10:00:00.000Z',
      },
      {
        documentId: 'p2',
        referenceNumber: 'NOC/PBT/SP/2026/000002',
        holderName: 'Rekha Devi',
        kind: 'certificate',
        issuedAt: '2026-04-02T11:00:00.000Z',
      },
    ];
    fakeApi({ 'GET /api/signing/pending': { status: 200, body: { notes: [], letters: [], passes } } });
    const h0 = createHarness();
    const w = mount(PendingPanel, { global: { plugins: h0.plugins, stubs: { SigningDialog: true } }, attachTo: document.body });
    await flushPromises();
    expect(w.find('[data-testid="pending-empty"]').exists()).toBe(false);
    expect(w.text()).toContain('Passes and certificates to sign (2)');
    expect(w.text()).toContain('NOC/PBT/SP/2026/000001');
    await w.get('[data-testid="pending-select-all"]').trigger('click');
    expect(w.get('[data-testid="pending-sign"]').text()).toBe('Sign 2 selected');
    await w.get('[data-testid="pending-sign"]').trigger('click');
    const dialog = w.findComponent(SigningDialog);
    expect(dialog.props('items')).toEqual([
      { type: 'pass', documentId: 'p1' },
      { type: 'pass', documentId: 'p2' },
    ]);
    expect(dialog.props('titles')).toEqual(['NOC/PBT/SP/2026/000001 — Anil Verma', 'NOC/PBT/SP/2026/000002 — Rekha Devi']);
    w.unmount();
  });

  it('shows a load error', async () => {
    fakeApi({ 'GET /api/signing/pending': { status: 500, body: { error: 'INTERNAL', message: 'Something went wrong' } } });
    const h0 = createHarness();
    const w = mount(PendingPanel, { global: { plugins: h0.plugins, stubs: { SigningDialog: true } }, attachTo: document.body });
    await flushPromises();
    expect(w.find('[data-testid="pending-error"]').exists()).toBe(true);
    expect(w.find('[data-testid="pending-empty"]').exists()).toBe(false);
    w.unmount();
  });
});
