import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import ConfirmDialog from 'primevue/confirmdialog';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi } from '../../../testing/harness';
import type { FileHead, Office } from '../../../api/types';
import AdminFileHeadsView from './AdminFileHeadsView.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const office: Office = {
  id: 'o-sp',
  code: 'PBT-SP',
  name: { en: 'SP Office', hi: 'पुलिस अधीक्षक कार्यालय' },
  kind: 'sp_office',
  numberPrefix: 'PBT/SP',
  parentId: null,
  version: 1,
};
const crime: FileHead = { id: 'h-crime', officeId: 'o-sp', code: 'CRIME', name: { en: 'Crime', hi: 'अपराध' }, active: true, version: 2 };
const old: FileHead = {
  id: 'h-old',
  officeId: 'o-sp',
  code: 'OLD',
  name: { en: 'Old scheme', hi: 'पुरानी योजना' },
  active: false,
  version: 1,
};

const mounted: { unmount: () => void }[] = [];

beforeEach(() => applyLocale('en'));
afterEach(() => {
  // PrimeVue's confirm service is one global bus: a ConfirmDialog left mounted would answer the next test's request
  for (const w of mounted.splice(0)) w.unmount();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function mountView() {
  const harness = createHarness();
  // the app mounts one ConfirmDialog at its root; the page relies on it
  const Page = defineComponent({ render: () => [h(AdminFileHeadsView), h(ConfirmDialog)] });
  const w = mount(Page, { global: { plugins: harness.plugins }, attachTo: document.body });
  mounted.push(w);
  return w;
}

const el = <T extends Element = HTMLElement>(testid: string) => document.body.querySelector<T>(`[data-testid="${testid}"]`);

async function type(testid: string, value: string) {
  const input = el<HTMLInputElement>(testid)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

describe('AdminFileHeadsView', () => {
  it('lists all heads of the office, inactive ones too', async () => {
    const api = fakeApi({
      'GET /api/org/offices': { status: 200, body: { items: [office] } },
      'GET /api/file-heads': { status: 200, body: { items: [crime, old] } },
    });
    const w = mountView();
    await flushPromises();
    const list = api.requests.find((r) => r.url.startsWith('/api/file-heads'))!;
    const query = new URL(list.url, 'http://x').searchParams;
    expect(query.get('officeId')).toBe('o-sp');
    expect(query.get('all')).toBe('true');
    expect(w.get('[data-testid="file-heads-table"]').text()).toContain('CRIME');
    expect(w.get('[data-testid="file-head-status-h-crime"]').text()).toBe('Active');
    expect(w.get('[data-testid="file-head-status-h-old"]').text()).toBe('Inactive');
    expect(w.get('[data-testid="file-head-toggle-active-h-old"]').attributes('aria-label')).toBe('Activate Old scheme');
  });

  it('creates a head with the code in capitals, and shows a duplicate code at the code field', async () => {
    const api = fakeApi({
      'GET /api/org/offices': { status: 200, body: { items: [office] } },
      'GET /api/file-heads': { status: 200, body: { items: [crime] } },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/admin/file-heads': {
        status: 409,
        body: {
          error: 'DUPLICATE',
          message: 'A file head with code ACCOUNTS already exists',
          details: { issues: [{ path: ['code'], message: 'A file head with code ACCOUNTS already exists' }] },
        },
      },
    });
    const w = mountView();
    await flushPromises();
    await w.get('[data-testid="admin-file-heads-new"]').trigger('click');
    await flushPromises();

    expect(el<HTMLInputElement>('file-head-code')!.disabled).toBe(false);
    await type('file-head-code', ' accounts ');
    await type('file-head-name-hi', 'लेखा');
    await type('file-head-name-en', 'Accounts');
    expect(document.getElementById('file-head-code-hint')!.textContent).toContain('PBT/SP/ACCOUNTS/1/');
    el('file-head-save')!.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();

    const post = api.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ officeId: 'o-sp', code: 'ACCOUNTS', name: { en: 'Accounts', hi: 'लेखा' } });
    expect(document.getElementById('file-head-code-error')!.textContent).toContain('A file head with code ACCOUNTS already exists');
    expect(el('file-head-code')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('renames a head without sending its code, which cannot be edited', async () => {
    const api = fakeApi({
      'GET /api/org/offices': { status: 200, body: { items: [office] } },
      'GET /api/file-heads': { status: 200, body: { items: [crime] } },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'PATCH /api/admin/file-heads/h-crime': (req) => ({ status: 200, body: { ...crime, ...(req.body as object), version: 3 } }),
    });
    const w = mountView();
    await flushPromises();
    await w.get('[data-testid="file-head-edit-h-crime"]').trigger('click');
    await flushPromises();

    const code = el<HTMLInputElement>('file-head-code')!;
    expect(code.value).toBe('CRIME');
    expect(code.disabled).toBe(true);
    expect(code.getAttribute('aria-describedby')).toBe('file-head-code-hint');
    expect(document.getElementById('file-head-code-hint')!.textContent).toContain('cannot be changed');
    await type('file-head-name-en', 'Crime branch');
    el('file-head-save')!.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();

    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ version: 2, name: { en: 'Crime branch', hi: 'अपराध' }, active: true });
  });

  it('deactivates a head after confirming', async () => {
    const api = fakeApi({
      'GET /api/org/offices': { status: 200, body: { items: [office] } },
      'GET /api/file-heads': { status: 200, body: { items: [crime] } },
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'PATCH /api/admin/file-heads/h-crime': { status: 200, body: { ...crime, active: false, version: 3 } },
    });
    const w = mountView();
    await flushPromises();
    await w.get('[data-testid="file-head-toggle-active-h-crime"]').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain('Deactivate Crime (CRIME)? No new files can be opened under it');
    const accept = [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Deactivate')!;
    accept.click();
    await flushPromises();

    const patch = api.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.body).toEqual({ version: 2, active: false });
  });
});
