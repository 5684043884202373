import { randomUUID } from 'node:crypto';
import { AppError, forbidden } from '../../shared/app-error.js';
import type { Actor } from '../../shared/actor.js';
import { t } from '../../shared/i18n.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import { refreshAllPendency, syncCalendars } from './pendency-maintenance.js';
import {
  escalationLevels,
  replaceEscalationLevels as storeEscalationLevels,
  replaceRules as storeRules,
  rules as loadRules,
} from './pendency.queries.js';
import { setWorkWeek as storeWorkWeek, workWeeks } from './calendar.queries.js';
import { REGISTERS, type RuleIn, type WorkWeekIn } from './pendency.schemas.js';

/** Deadlines, calendars and escalation levels are the administrator's to change; everyone may read them. */
export function assertAdmin(actor: Actor): void {
  if (!actor.capabilities.includes('admin')) throw forbidden();
}

const invalid = (path: (string | number)[], message: string) =>
  new AppError('VALIDATION_FAILED', {}, { issues: [{ path: path.map(String), code: 'invalid', message }] });

export async function getPendencyConfig(scope: Scope) {
  const org = await loadOrg(scope.em);
  const [rules, levels, weeks] = await Promise.all([loadRules(scope.em), escalationLevels(scope.em), workWeeks(scope.em)]);
  return {
    rules: rules.map((r) => ({
      id: r.id,
      register: r.register ?? null,
      category: r.category ?? null,
      priority: r.priority ?? null,
      basis: r.basis,
      days: r.days,
      dayKind: r.day_kind,
      remindBefore: r.remind_before,
    })),
    escalation: levels.map((l) => ({ level: l.level, afterDays: l.after_days })),
    workWeeks: weeks
      .map((w) => ({
        officeId: w.office_id ?? null,
        office: w.office_id && org.offices.has(w.office_id) ? org.officeRef(w.office_id) : null,
        weeklyOff: w.weekly_off.map(Number),
        saturdaysOff: w.saturdays_off.map(Number),
      }))
      .sort((a, b) => (a.officeId === null ? -1 : b.officeId === null ? 1 : (a.office?.code ?? '').localeCompare(b.office?.code ?? ''))),
    registers: [...REGISTERS],
  };
}

/** Replaces the deadline rules; every pending item's due date is recomputed in the same transaction. Audited. */
export async function replaceRules(scope: Scope, rules: RuleIn[]) {
  assertAdmin(scope.actor);
  const key = (r: RuleIn) => [r.basis, r.register ?? '', (r.category ?? '').toLowerCase(), r.priority ?? ''].join('|');
  const defaults = rules.filter((r) => r.basis === 'holder' && !r.register && !r.category && !r.priority);
  if (defaults.length !== 1) throw invalid(['rules'], t(scope.actor.locale, 'pendency.oneDefaultRule'));
  const seen = new Map<string, number>();
  rules.forEach((r, i) => {
    if (seen.has(key(r))) throw invalid(['rules', i], t(scope.actor.locale, 'pendency.duplicateRule', { other: seen.get(key(r))! + 1 }));
    seen.set(key(r), i);
  });
  const org = await loadOrg(scope.em);
  await transact(scope, async (tx) => {
    await storeRules(
      tx.em,
      rules.map((r) => ({ ...r, id: randomUUID() })),
    );
    await refreshAllPendency(tx.em);
    tx.emit({ type: 'pendency.rules-replaced', rules, officeIds: [...org.offices.keys()] });
  });
  return getPendencyConfig(scope);
}

/** Replaces the escalation levels (working days past the due date, in ascending order). Audited. */
export async function replaceEscalationLevels(scope: Scope, levels: Array<{ afterDays: number }>) {
  assertAdmin(scope.actor);
  levels.forEach((l, i) => {
    if (i > 0 && l.afterDays < levels[i - 1]!.afterDays)
      throw invalid(['levels', i, 'afterDays'], t(scope.actor.locale, 'pendency.levelsAscending'));
  });
  await transact(scope, async (tx) => {
    await storeEscalationLevels(tx.em, levels);
    tx.emit({ type: 'pendency.escalation-replaced', levels });
  });
  return getPendencyConfig(scope);
}

/** Sets the weekly offs of an office (or the default); calendars and due dates follow. Audited. */
export async function setWorkWeek(scope: Scope, input: WorkWeekIn) {
  assertAdmin(scope.actor);
  const org = await loadOrg(scope.em);
  if (input.officeId && !org.offices.has(input.officeId)) throw invalid(['officeId'], t(scope.actor.locale, 'pendency.unknownOffice'));
  const weeklyOff = [...new Set(input.weeklyOff)].sort();
  const saturdaysOff = [...new Set(input.saturdaysOff)].sort();
  if (weeklyOff.length === 7) throw invalid(['weeklyOff'], t(scope.actor.locale, 'pendency.noWorkingDay'));
  await transact(scope, async (tx) => {
    await storeWorkWeek(tx.em, { id: randomUUID(), officeId: input.officeId, weeklyOff, saturdaysOff });
    await syncCalendars(tx.em);
    tx.emit({ type: 'pendency.work-week-set', officeId: input.officeId, weeklyOff, saturdaysOff, officeIds: [...org.offices.keys()] });
  });
  return getPendencyConfig(scope);
}
