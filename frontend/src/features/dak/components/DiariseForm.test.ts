import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi } from '../../../testing/harness';
import { toIsoDate } from '../../../composables/dates';
import type { Receipt, Suggestions } from '../../../api/types';
import DiariseForm from './DiariseForm.vue';

const draft = {
  id: 'r1',
  version: 3,
  status: 'draft',
  receivedDate: null,
  mode: null,
  sender: null,
  senderAddress: null,
  senderMobile: null,
  senderEmail: null,
  letterNumber: null,
  letterDate: null,
  subject: null,
  category: null,
  language: null,
  grading: 'normal',
  priority: 'normal',
  dueDate: null,
  remarks: null,
} satisfies Partial<Receipt>;

const suggestions: Suggestions = {
  letterNumber: '123/Crime/2026',
  letterDate: '2026-03-30',
  subject: 'Report of theft at Kotwali market',
  sender: 'SHO Kotwali',
  language: 'en',
};

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function mountForm(receipt: typeof draft | null, s: Suggestions | null) {
  const h = createHarness();
  return mount(DiariseForm, { props: { receipt, suggestions: s }, global: { plugins: h.plugins }, attachTo: document.body });
}

const input = (w: ReturnType<typeof mountForm>, id: string) => w.get<HTMLInputElement>(`[data-testid="${id}"]`);

describe('DiariseForm', () => {
  it('pre-fills the suggested fields, marks them, and focuses the first field', async () => {
    fakeApi({});
    const w = mountForm(draft, suggestions);
    await flushPromises();
    expect(input(w, 'diarise-sender').element.value).toBe('SHO Kotwali');
    expect(input(w, 'diarise-letterNumber').element.value).toBe('123/Crime/2026');
    expect(input(w, 'diarise-letterDate').element.value).toBe('30.03.2026');
    expect(input(w, 'diarise-subject').element.value).toBe('Report of theft at Kotwali market');
    expect(input(w, 'diarise-sender').attributes('data-suggested')).toBe('true');
    expect(input(w, 'diarise-subject').attributes('data-suggested')).toBe('true');
    expect(w.text()).toContain('Suggested from the scan');
    expect(input(w, 'diarise-receivedDate').element.value).toBe(toIsoDate(new Date()).split('-').reverse().join('.'));
    expect(document.activeElement).toBe(input(w, 'diarise-sender').element);

    await input(w, 'diarise-subject').setValue('Theft at the market');
    expect(input(w, 'diarise-subject').attributes('data-suggested')).toBeUndefined();
  });

  it('sends the typed values with the receipt version and the defaults', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/receipts/r1/diarise': {
        status: 200,
        body: { diaryNumber: 'PBT/SP/2026/000117', receipt: { ...draft, status: 'diarised' } },
      },
    });
    const w = mountForm(draft, suggestions);
    await flushPromises();
    await input(w, 'diarise-subject').setValue('Theft at the market');
    await input(w, 'diarise-senderMobile').setValue('9876543210');
    await w.get('[data-testid="diarise-remarks"]').setValue('urgent, see page 2');
    await w.get('form').trigger('submit');
    await flushPromises();

    const post = api.requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/receipts/r1/diarise');
    expect(post?.headers['x-csrf-token']).toBe('t');
    expect(post?.body).toEqual({
      version: 3,
      receivedDate: toIsoDate(new Date()),
      mode: 'post',
      sender: 'SHO Kotwali',
      subject: 'Theft at the market',
      senderAddress: null,
      senderMobile: '9876543210',
      senderEmail: null,
      letterNumber: '123/Crime/2026',
      letterDate: '2026-03-30',
      category: null,
      language: 'en',
      grading: 'normal',
      priority: 'normal',
      dueDate: null,
      remarks: 'urgent, see page 2',
      acknowledge: false,
    });
    expect(w.emitted('saved')?.[0]?.[0]).toMatchObject({ diaryNumber: 'PBT/SP/2026/000117' });
  });

  it('saves with Ctrl+Enter and shows field errors at the fields, keeping what was typed', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/receipts': {
        status: 400,
        body: {
          error: 'VALIDATION_FAILED',
          message: 'Check the fields',
          details: { issues: [{ path: ['subject'], message: 'Enter the subject' }] },
        },
      },
    });
    const w = mountForm(null, null);
    await flushPromises();
    await input(w, 'diarise-sender').setValue('Gram Pradhan, Bisalpur');
    await input(w, 'diarise-sender').trigger('keydown', { key: 'Enter', ctrlKey: true });
    await flushPromises();

    const post = api.requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/receipts');
    expect(post?.body).not.toHaveProperty('version');
    expect(post?.body).toMatchObject({ sender: 'Gram Pradhan, Bisalpur', subject: '', mode: 'post' });
    expect(document.getElementById('diarise-subject-error')?.textContent).toContain('Enter the subject');
    expect(input(w, 'diarise-subject').attributes('aria-invalid')).toBe('true');
    expect(input(w, 'diarise-sender').element.value).toBe('Gram Pradhan, Bisalpur');
  });

  it('moves to the next field on Enter', async () => {
    fakeApi({});
    const w = mountForm(draft, null);
    await flushPromises();
    input(w, 'diarise-sender').element.focus();
    await input(w, 'diarise-sender').trigger('keydown', { key: 'Enter' });
    expect(document.activeElement).toBe(input(w, 'diarise-letterNumber').element);
  });

  it('reads dates typed as India writes them and sends them as ISO dates', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/receipts/r1/diarise': {
        status: 200,
        body: { diaryNumber: 'PBT/SP/2026/000118', receipt: { ...draft, status: 'diarised' } },
      },
    });
    const w = mountForm(draft, suggestions);
    await flushPromises();
    await input(w, 'diarise-letterDate').setValue('3.11.26');
    await input(w, 'diarise-letterDate').trigger('blur');
    await input(w, 'diarise-receivedDate').setValue('30/11/2026');
    await input(w, 'diarise-receivedDate').trigger('blur');
    await input(w, 'diarise-dueDate').setValue('2026-12-14');
    await input(w, 'diarise-dueDate').trigger('keydown', { key: 'Enter' });
    expect(input(w, 'diarise-letterDate').element.value).toBe('03.11.2026');
    expect(input(w, 'diarise-receivedDate').element.value).toBe('30.11.2026');
    expect(input(w, 'diarise-dueDate').element.value).toBe('14.12.2026');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(api.requests.find((r) => r.method === 'POST')?.body).toMatchObject({
      letterDate: '2026-11-03',
      receivedDate: '2026-11-30',
      dueDate: '2026-12-14',
    });
  });

  it('keeps a date it cannot read as typed, says why beside the field, and does not save', async () => {
    const api = fakeApi({ 'GET /api/auth/csrf': { status: 200, body: { token: 't' } } });
    const w = mountForm(draft, suggestions);
    await flushPromises();
    await input(w, 'diarise-dueDate').setValue('31.02.2026');
    await input(w, 'diarise-dueDate').trigger('blur');
    await input(w, 'diarise-letterDate').setValue('30 Nov');
    await input(w, 'diarise-letterDate').trigger('blur');
    expect(input(w, 'diarise-dueDate').element.value).toBe('31.02.2026');
    expect(document.getElementById('diarise-dueDate-error')?.textContent).toContain('There is no such day as 31.02.2026');
    expect(document.getElementById('diarise-letterDate-error')?.textContent).toContain('is not a date');
    expect(input(w, 'diarise-dueDate').attributes('aria-invalid')).toBe('true');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(document.activeElement).toBe(input(w, 'diarise-dueDate').element);

    await input(w, 'diarise-dueDate').setValue('28.02.2026');
    await input(w, 'diarise-dueDate').trigger('blur');
    expect(document.getElementById('diarise-dueDate-error')).toBeNull();
  });
});
