import { describe, expect, it } from 'vitest';
import { decideBody, decisionGaps, emptyDecision, levelKey, rtsState, rupees, type DecisionForm } from './format';
import { appealFiltersFromRoute, appealListQuery, defaultAppealFilters } from './filters';

const clock = (over: Partial<Parameters<typeof rtsState>[0] & object> = {}) => ({
  dueDate: '2026-12-10',
  paused: false,
  daysLeft: null,
  overdue: false,
  onTime: null,
  ...over,
});

describe('the RTS clock in words', () => {
  it('tells running, past the date, paused, on time, late and no timeline apart', () => {
    expect(rtsState(clock())).toBe('running');
    expect(rtsState(clock({ overdue: true }))).toBe('overdue');
    // with the applicant: the due date is gone, the working days left are kept
    expect(rtsState(clock({ dueDate: null, paused: true, daysLeft: 4 }))).toBe('paused');
    // disposed of: on time or late, whatever the date says now
    expect(rtsState(clock({ onTime: true }))).toBe('onTime');
    expect(rtsState(clock({ onTime: false, overdue: false }))).toBe('late');
    expect(rtsState(clock({ dueDate: null }))).toBe('none');
    expect(rtsState(null)).toBe('none');
  });
});

describe('levels and amounts', () => {
  it('names the authority of each level', () => {
    expect([1, 2, 3].map(levelKey)).toEqual(['faa', 'saa', 'commission']);
  });
  it('writes whole rupees with Indian grouping', () => {
    expect(rupees(125000, 'en')).toBe('₹1,25,000');
    expect(rupees(500, 'hi')).toBe('₹500');
  });
});

describe('the decision request', () => {
  const form = (over: Partial<DecisionForm>): DecisionForm => ({ ...emptyDecision(7), ...over });

  it('an order to deliver carries its days and words; penalty and compensation only when ticked', () => {
    expect(
      decideBody(
        form({
          decision: 'order_delivery',
          orderDays: 5,
          orderText: '  Issue the pass.  ',
          penaltyAmount: 2000,
          penaltyReason: 'ignored: not ticked',
          compensationAmount: 300,
          remarks: ' Delay without cause. ',
        }),
      ),
    ).toEqual({ version: 7, decision: 'order_delivery', orderDays: 5, orderText: 'Issue the pass.', remarks: 'Delay without cause.' });

    expect(
      decideBody(
        form({
          decision: 'order_delivery',
          orderDays: 5,
          withPenalty: true,
          penaltyAmount: 2000,
          penaltyReason: ' No reason given for the delay ',
          withCompensation: true,
          compensationAmount: 500,
          remarks: 'Delay without cause.',
        }),
      ),
    ).toEqual({
      version: 7,
      decision: 'order_delivery',
      orderDays: 5,
      penalty: { amount: 2000, reason: 'No reason given for the delay' },
      compensationAmount: 500,
      remarks: 'Delay without cause.',
    });
  });

  it('a dismissal leaves out the days and words typed before the choice changed', () => {
    expect(decideBody(form({ decision: 'dismissed', orderDays: 5, orderText: 'x', remarks: 'Delivered meanwhile.' }))).toEqual({
      version: 7,
      decision: 'dismissed',
      remarks: 'Delivered meanwhile.',
    });
  });

  it('leaves out what is missing, so that the server names the field', () => {
    expect(decideBody(form({ withPenalty: true }))).toEqual({ version: 7, remarks: '', penalty: { reason: '' } });
    expect(decideBody(form({ decision: 'order_delivery' }))).toEqual({ version: 7, decision: 'order_delivery', remarks: '' });
  });

  it('compensation ticked without an amount is caught here (the server would take it as none)', () => {
    expect(decisionGaps(form({ withCompensation: true }))).toEqual({ compensationAmount: 'rtsAppeals.decide.amountMissing' });
    expect(decisionGaps(form({ withCompensation: true, compensationAmount: 100 }))).toEqual({});
    expect(decisionGaps(form({ compensationAmount: null }))).toEqual({});
  });
});

describe('the list filters in the address', () => {
  it('reads them, taking anything unknown as the default', () => {
    expect(appealFiltersFromRoute({})).toEqual(defaultAppealFilters());
    expect(appealFiltersFromRoute({ box: 'designated', status: 'any', level: '2', page: '3', pageSize: '50' })).toEqual({
      box: 'designated',
      status: 'any',
      level: 2,
      page: 3,
      pageSize: 50,
    });
    expect(appealFiltersFromRoute({ box: 'mine', status: 'open', level: '4', page: '-1' })).toEqual(defaultAppealFilters());
  });
  it('asks the API for what they say ("any" status and no level are left out)', () => {
    expect(appealListQuery({ box: 'all', status: 'any', level: null, page: 1, pageSize: 25 })).toEqual({
      box: 'all',
      page: 1,
      pageSize: 25,
    });
    expect(appealListQuery({ box: 'held', status: 'pending', level: 3, page: 2, pageSize: 25 })).toEqual({
      box: 'held',
      status: 'pending',
      level: 3,
      page: 2,
      pageSize: 25,
    });
  });
});
