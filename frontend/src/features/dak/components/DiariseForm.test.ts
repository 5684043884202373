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
    expect(input(w, 'diarise-letterDate').element.value).toBe('2026-03-30');
    expect(input(w, 'diarise-subject').element.value).toBe('Report of theft at Kotwali market');
    expect(input(w, 'diarise-sender').attributes('data-suggested')).toBe('true');
    expect(input(w, 'diarise-subject').attributes('data-suggested')).toBe('true');
    expect(w.text()).toContain('Suggested from the scan');
    expect(input(w, 'diarise-receivedDate').element.value).toBe(toIsoDate(new Date()));
    expect(document.activeElement).toBe(input(w, 'diarise-sender').element);

    await input(w, 'diarise-subject').setValue('Theft at the market');
    expect(input(w, 'diarise-subject').attributes('data-suggested')).toBeUndefined();
  });

  it('sends the typed values with the receipt version and the defaults', async () => {
    const api = fakeApi({
      'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
      'POST /api/receipts/r1/diarise': { status: 200, body: { diaryNumber: 'PBT/SP/2026/000117', receipt: { ...draft, status: 'diarised' } } },
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
        body: { error: 'VALIDATION_FAILED', message: 'Check the fields', details: { issues: [{ path: ['subject'], message: 'Enter the subject' }] } },
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
});
