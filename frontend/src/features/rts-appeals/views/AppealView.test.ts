import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { applyLocale } from '../../../i18n';
import { createHarness, fakeApi, type RecordedRequest } from '../../../testing/harness';
import type { Appeal } from '../api';
import { ADM, APPEAL_ID, SDM, sampleAppeal } from '../testFixtures';
import AppealView from './AppealView.vue';

vi.mock('../../../realtime/socket', () => import('../../../testing/quietSocket'));

const me = { user: { id: 'u1', username: 'adm', name: { en: 'A', hi: 'अ' }, locale: 'en' }, posts: [], actingPostId: null };

beforeEach(() => applyLocale('en'));
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function mountWith(appeal: Appeal, decide?: (req: RecordedRequest) => { status: number; body?: unknown }) {
  const api = fakeApi({
    'GET /api/me': { status: 200, body: me },
    'GET /api/auth/csrf': { status: 200, body: { token: 't' } },
    [`GET /api/rts/appeals/${APPEAL_ID}`]: { status: 200, body: appeal },
    'GET /api/rts/appeals': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 25 } },
    ...(decide ? { [`POST /api/rts/appeals/${APPEAL_ID}/decide`]: decide } : {}),
  });
  const h = createHarness();
  await h.router.push(`/rts/appeals/${APPEAL_ID}`);
  const w = mount(AppealView, { global: { plugins: h.plugins }, attachTo: document.body });
  await flushPromises();
  return { w, api };
}
const el = <T extends HTMLElement = HTMLElement>(sel: string) => document.body.querySelector<T>(sel);
const byTestid = <T extends HTMLElement = HTMLElement>(id: string) => el<T>(`[data-testid="${id}"]`);
const text = (id: string) => byTestid(id)?.textContent?.trim() ?? '';
async function type(id: string, value: string) {
  const input = el<HTMLInputElement>(`#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}
async function tick(id: string) {
  el<HTMLInputElement>(`#${id}`)!.dispatchEvent(new Event('change'));
  await flushPromises();
}
async function submitDecision() {
  byTestid('appeal-decide-form')!.dispatchEvent(new Event('submit'));
  await flushPromises();
}

describe('AppealView', () => {
  it('shows the appeal, the RTS due date missed and only the actions its abilities allow', async () => {
    const { w } = await mountWith(sampleAppeal());
    expect(text('appeal-number')).toBe('APL/PBT-DM/2026/000012');
    expect(text('appeal-heading')).toBe('Appeal before the First Appellate Authority');
    expect(text('appeal-grounds')).toBe('Delay (timeline missed)');
    expect(text('appeal-missed-on')).toBe('27.11.2026');
    expect(text('appeal-application')).toBe('EPASS/PBT/2026/000123');
    expect(byTestid('appeal-application-rts')!.dataset.state).toBe('overdue');
    expect(text('appeal-designated')).toBe('SDM — Sadar');
    expect(text('appeal-due')).toBe('09.01.2027');
    expect(byTestid('appeal-decide')).not.toBeNull();
    expect(byTestid('appeal-reply')).toBeNull();
    expect(byTestid('appeal-print')).toBeNull();
    w.unmount();

    const other = await mountWith(sampleAppeal({ abilities: { decide: false, reply: false } }));
    expect(byTestid('appeal-decide')).toBeNull();
    expect(text('appeal-no-actions')).toBe('Nothing for you to do on this appeal.');
    other.w.unmount();
  });

  it('decides: an order to deliver with a penalty and compensation; problems shown at their fields', async () => {
    const bodies: unknown[] = [];
    let answer: { status: number; body?: unknown } = {
      status: 400,
      body: {
        error: 'VALIDATION_FAILED',
        message: 'Check the highlighted fields.',
        details: { issues: [{ path: ['penalty', 'reason'], message: 'Enter at least 3 characters.' }] },
      },
    };
    const decided = sampleAppeal({
      version: 4,
      status: 'decided',
      decision: 'order_delivery',
      decidedAt: '2026-12-07T06:00:00.000Z',
      decidedBy: ADM,
      orderDays: 5,
      orderDueDate: '2026-12-14',
      orderText: 'Decide the application.',
      penalty: { amount: 2500, reason: 'No cause shown', officer: { name: { en: 'Alok Kumar', hi: 'आलोक कुमार' }, post: SDM } },
      compensationAmount: 500,
      abilities: { decide: false, reply: false },
      steps: [
        ...sampleAppeal().steps,
        {
          kind: 'decided',
          level: 1,
          at: '2026-12-07T06:00:00.000Z',
          holder: ADM,
          by: ADM,
          byApplicant: false,
          remarks: 'Delay without cause.',
        },
      ],
    });
    const { w } = await mountWith(sampleAppeal(), (req) => {
      bodies.push(req.body);
      return answer;
    });
    byTestid('appeal-decide')!.click();
    await flushPromises();
    await tick('appeal-decide-decision-order_delivery');
    await type('appeal-decide-orderDays', '5');
    await type('appeal-decide-orderText', 'Decide the application.');
    await tick('appeal-decide-with-penalty');
    await type('appeal-decide-penalty-amount', '2500');
    await type('appeal-decide-penalty-reason', 'x');
    await tick('appeal-decide-with-compensation');
    await type('appeal-decide-remarks', 'Delay without cause.');

    // compensation ticked without an amount: said at the field, nothing sent
    await submitDecision();
    expect(bodies).toHaveLength(0);
    expect(el('#appeal-decide-compensationAmount-error')?.textContent).toBe('Enter the amount in rupees.');

    await type('appeal-decide-compensationAmount', '500');
    await submitDecision();
    expect(bodies).toEqual([
      {
        version: 3,
        decision: 'order_delivery',
        orderDays: 5,
        orderText: 'Decide the application.',
        penalty: { amount: 2500, reason: 'x' },
        compensationAmount: 500,
        remarks: 'Delay without cause.',
      },
    ]);
    expect(el('#appeal-decide-penalty-reason-error')?.textContent).toBe('Enter at least 3 characters.');
    expect(el('#appeal-decide-penalty-reason')?.getAttribute('aria-invalid')).toBe('true');

    answer = { status: 200, body: decided };
    await type('appeal-decide-penalty-reason', 'No cause shown');
    await submitDecision();
    expect(byTestid('appeal-decide-form')).toBeNull();
    expect(text('appeal-done')).toBe('The appeal is decided; the order is below.');
    expect(text('appeal-status')).toBe('Delivery ordered');
    expect(byTestid('appeal-decide')).toBeNull();
    expect(text('appeal-order-operative')).toBe(
      'The appeal is allowed. The designated officer shall deliver the service within 5 working days, by 14.12.2026.',
    );
    expect(text('appeal-order-reasons')).toBe('Delay without cause.');
    expect(text('appeal-order-penalty')).toContain('A penalty of ₹2,500 is imposed on Alok Kumar, SDM — Sadar.');
    expect(text('appeal-order-compensation')).toBe('Compensation of ₹500 shall be paid to the applicant.');
    expect(byTestid('appeal-print')).not.toBeNull();
    w.unmount();
  });

  it('on a conflict shows the appeal as it is now, keeps what was typed and saves it over the new version', async () => {
    const bodies: Array<{ version: number; remarks: string }> = [];
    const current = sampleAppeal({ version: 4, reply: 'The applicant was away.', repliedAt: '2026-12-06T10:00:00.000Z' });
    let answer: { status: number; body?: unknown } = {
      status: 409,
      body: { error: 'CONFLICT', message: 'Someone changed it meanwhile.', details: { current } },
    };
    const { w } = await mountWith(sampleAppeal(), (req) => {
      bodies.push(req.body as { version: number; remarks: string });
      return answer;
    });
    byTestid('appeal-decide')!.click();
    await flushPromises();
    await tick('appeal-decide-decision-dismissed');
    await type('appeal-decide-remarks', 'Delivered meanwhile.');
    await submitDecision();
    expect(bodies[0]).toEqual({ version: 3, decision: 'dismissed', remarks: 'Delivered meanwhile.' });
    // the page behind shows the reply that came meanwhile; the form keeps the text
    expect(text('appeal-reply-text')).toBe('The applicant was away.');
    expect(text('appeal-conflict')).toContain('Someone changed this appeal meanwhile');
    expect(el<HTMLTextAreaElement>('#appeal-decide-remarks')!.value).toBe('Delivered meanwhile.');

    answer = {
      status: 200,
      body: sampleAppeal({ version: 5, status: 'decided', decision: 'dismissed', abilities: { decide: false, reply: false } }),
    };
    byTestid('conflict-keep')!.click();
    await flushPromises();
    await submitDecision();
    expect(bodies[1]).toEqual({ version: 4, decision: 'dismissed', remarks: 'Delivered meanwhile.' });
    expect(text('appeal-order-operative')).toBe('The appeal is dismissed.');
    w.unmount();
  });
});
