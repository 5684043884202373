// How Right to Service appeals read: the level's authority, the RTS clock of an application in words,
// amounts in rupees, and the body of an appellate decision from what its form holds.
import type { Locale } from '../../api/types';
import type { Appeal, AppealDecision, AppealStep, DecideInput, RtsClock } from './api';

/** The i18n key part of an appeal's level: 1 — First Appellate Authority, 2 — Second, 3 — the Commission. */
export function levelKey(level: number): 'faa' | 'saa' | 'commission' {
  return level >= 3 ? 'commission' : level === 2 ? 'saa' : 'faa';
}

export type RtsState = 'none' | 'running' | 'overdue' | 'paused' | 'onTime' | 'late';

/**
 * Where an application's Right to Service clock stands: disposed of on time or late; paused while it is
 * with the applicant (the working days left kept); past its due date; running; or no timeline at all.
 */
export function rtsState(rts: RtsClock | null | undefined): RtsState {
  if (!rts) return 'none';
  if (rts.onTime !== null) return rts.onTime ? 'onTime' : 'late';
  if (rts.paused) return 'paused';
  if (!rts.dueDate) return 'none';
  return rts.overdue ? 'overdue' : 'running';
}

export const rtsSeverity = (state: RtsState): 'success' | 'danger' | 'warn' | 'info' | 'secondary' =>
  state === 'onTime' ? 'success' : state === 'overdue' || state === 'late' ? 'danger' : state === 'paused' ? 'warn' : 'info';

/** "₹5,000" — whole rupees, Indian digit grouping. */
export function rupees(amount: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'hi' ? 'hi-IN' : 'en-IN', {
    style: 'currency',
    currency: 'INR',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(amount);
}

/** The step that recorded the decision (its remarks are the authority's reasons), if decided. */
export function decisionStep(steps: readonly AppealStep[]): AppealStep | null {
  return [...steps].reverse().find((s) => s.kind === 'decided') ?? null;
}

/** The designated officer's reply as its step records it (who replied and when), if any. */
export function replyStep(steps: readonly AppealStep[]): AppealStep | null {
  return [...steps].reverse().find((s) => s.kind === 'replied') ?? null;
}

export const appealSeverity = (a: Pick<Appeal, 'status' | 'overdue' | 'decision'>): 'success' | 'danger' | 'warn' | 'info' | 'secondary' =>
  a.status === 'decided' ? (a.decision === 'order_delivery' ? 'success' : 'secondary') : a.overdue ? 'danger' : 'warn';

/** What the decision form holds: the user's choices, kept as typed (numbers empty until given). */
export interface DecisionForm {
  version: number;
  decision: AppealDecision | null;
  orderDays: number | null;
  orderText: string;
  withPenalty: boolean;
  penaltyAmount: number | null;
  penaltyReason: string;
  withCompensation: boolean;
  compensationAmount: number | null;
  remarks: string;
}

export const emptyDecision = (version: number): DecisionForm => ({
  version,
  decision: null,
  orderDays: null,
  orderText: '',
  withPenalty: false,
  penaltyAmount: null,
  penaltyReason: '',
  withCompensation: false,
  compensationAmount: null,
  remarks: '',
});

/**
 * The request of a decision: what the chosen decision takes (the days and the order's words only with an
 * order to deliver), the penalty and the compensation only when ticked. Nothing is checked here: what
 * is missing is left out, so that the server's message lands on its field.
 */
export function decideBody(f: DecisionForm): DecideInput {
  const out: Record<string, unknown> = { version: f.version, remarks: f.remarks.trim() };
  if (f.decision) out.decision = f.decision;
  if (f.decision === 'order_delivery') {
    if (f.orderDays !== null) out.orderDays = f.orderDays;
    const text = f.orderText.trim();
    if (text) out.orderText = text;
  }
  if (f.withPenalty) {
    const penalty: Record<string, unknown> = { reason: f.penaltyReason.trim() };
    if (f.penaltyAmount !== null) penalty.amount = f.penaltyAmount;
    out.penalty = penalty;
  }
  if (f.withCompensation && f.compensationAmount !== null) out.compensationAmount = f.compensationAmount;
  return out as DecideInput;
}

/**
 * What only the form can tell: compensation ticked without an amount would reach the server as no
 * compensation at all (it is optional there). Field path → i18n key.
 */
export function decisionGaps(f: DecisionForm): Record<string, string> {
  return f.withCompensation && f.compensationAmount === null ? { compensationAmount: 'rtsAppeals.decide.amountMissing' } : {};
}

/** The field paths of the decision form (issues on any other path are listed on top of the form). */
export const DECISION_FIELDS = [
  'version',
  'decision',
  'orderDays',
  'orderText',
  'penalty',
  'penalty.amount',
  'penalty.reason',
  'compensationAmount',
  'remarks',
];
