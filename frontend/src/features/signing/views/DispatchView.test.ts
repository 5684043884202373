import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createHarness, fakeApi } from '../../../testing/harness';
import { applyLocale } from '../../../i18n';
import type { DispatchEntry } from '../types';
import DispatchView from './DispatchView.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const entry = (id: string, status: DispatchEntry['status'], extra: Partial<DispatchEntry> = {}): DispatchEntry => ({
  id,
  issueNumber: `SP-PBT/2026/${id}`,
  serial: 1,
  year: 2026,
  office: { id: 'o1', name: 'SP Office', nameHi: 'एसपी कार्यालय' },
  file: { id: 'f1', number: 'PBT/SP/CRIME/1/2026' },
  draftId: 'd1',
  subject: 'Fair duty',
  addressee: 'DM Pilibhit',
  mode: 'registered_post',
  recipients: [{ name: 'DM Pilibhit', address: 'Collectorate' }],
  status,
  letterDate: '2026-04-02',
  issuedAt: status === 'cancelled' ? null : '2026-04-02T10:00:00Z',
  dispatchedAt: null,
  dispatchReference: null,
  remarks: null,
  signers: status === 'cancelled' ? [] : [{ name: 'RAVI KUMAR', signedAt: '2026-04-02T10:00:00Z' }],
  sha256: 'ab',
  documentUrl: status === 'cancelled' ? null : `/api/dispatch/${id}/document`,
  verifyPath: `/verify/tok-${id}`,
  version: 3,
  abilities: { countersign: false, dispatch: false },
  ...extra,
});
const both = { abilities: { countersign: true, dispatch: true } };

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('DispatchView', () => {
  it('lists the register with the actions the API allows the user on each entry, and marks one dispatched', async () => {
    const api = fakeApi({
      'GET /api/me': {
        status: 200,
        body: {
          user: { id: 'u1', username: 'sp', name: { en: 'Ravi Kumar', hi: 'रवि कुमार' }, locale: 'en' },
          posts: [],
          actingPostId: null,
        },
      },
      'GET /api/dispatch': {
        status: 200,
        body: {
          items: [
            entry('15', 'issued', both),
            entry('14', 'issued_dispatched', { dispatchReference: 'RL123' }),
            // the user signed this one: it may be dispatched, not countersigned by them
            entry('16', 'issued', { abilities: { countersign: false, dispatch: true } }),
          ],
          total: 3,
          page: 1,
          pageSize: 25,
        },
      },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/dispatch/15/dispatch': (req) => ({
        status: 200,
        body: { entry: entry('15', 'issued_dispatched', { dispatchReference: (req.body as { reference: string }).reference }) },
      }),
    });
    const h0 = createHarness();
    await h0.router.push('/dispatch?q=SP-PBT');
    const w = mount(DispatchView, { global: { plugins: h0.plugins }, attachTo: document.body });
    await flushPromises();

    const list = new URL(api.requests.find((r) => r.url.startsWith('/api/dispatch'))!.url, 'http://x').searchParams;
    expect(list.get('q')).toBe('SP-PBT');
    expect(list.get('page')).toBe('1');
    expect(w.get('[data-testid="dispatch-row-15"]').attributes('data-status')).toBe('issued');
    expect(w.get('[data-testid="dispatch-status-14"]').text()).toBe('Issued & dispatched');
    expect(w.get('[data-testid="dispatch-document-15"]').attributes('href')).toBe('/api/dispatch/15/document');
    expect(w.find('[data-testid="dispatch-mark-15"]').exists()).toBe(true);
    expect(w.find('[data-testid="dispatch-countersign-15"]').exists()).toBe(true);
    expect(w.find('[data-testid="dispatch-mark-14"]').exists()).toBe(false);
    expect(w.find('[data-testid="dispatch-countersign-14"]').exists()).toBe(false);
    expect(w.find('[data-testid="dispatch-mark-16"]').exists()).toBe(true);
    expect(w.find('[data-testid="dispatch-countersign-16"]').exists()).toBe(false);
    expect(w.get('[data-testid="dispatch-signers-15"]').text()).toContain('RAVI KUMAR');

    await w.get('[data-testid="dispatch-mark-15"]').trigger('click');
    await flushPromises();
    const ref = document.body.querySelector<HTMLInputElement>('[data-testid="dispatch-mark-reference"]')!;
    ref.value = 'RL999';
    ref.dispatchEvent(new Event('input'));
    document.body.querySelector('[data-testid="dispatch-mark-form"]')!.dispatchEvent(new Event('submit'));
    await flushPromises();

    expect(api.requests.find((r) => r.method === 'POST' && r.url === '/api/dispatch/15/dispatch')!.body).toEqual({
      version: 3,
      mode: 'registered_post',
      reference: 'RL999',
    });
    expect(w.get('[data-testid="dispatch-status-15"]').text()).toBe('Issued & dispatched');
    expect(w.find('[data-testid="dispatch-mark-15"]').exists()).toBe(false);
    expect(w.find('[data-testid="dispatch-countersign-15"]').exists()).toBe(false);
    w.unmount();
  });
});
