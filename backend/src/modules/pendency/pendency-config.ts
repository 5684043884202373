import { randomUUID } from 'node:crypto';
import { AppError, forbidden } from '../../shared/app-error.js';
import type { Actor } from '../../shared/actor.js';
import { t } from '../../shared/i18n.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg } from './org-snapshot.js';
import { refreshAllPendency, run, syncCalendars } from './pendency-maintenance.js';
import { REGISTERS, type RuleIn, type WorkWeekIn } from './pendency.schemas.js';

/** Deadlines, calendars and escalation levels are the administrator's to change; everyone may read them. */
export function assertAdmin(actor: Actor): void {
  if (!actor.capabilities.includes('admin')) throw forbidden();
}

const invalid = (path: (string | number)[], message: string) => new AppError('VALIDATION_FAILED', {}, { issues: [{ path: path.map(String), code: 'invalid', message }] });

export async function getPendencyConfig(scope: Scope) {
  const org = await loadOrg(scope.em);
  const [rules, levels, weeks] = await Promise.all([
    run(scope.em, `select id, register, category, priority, basis, days, day_kind, remind_before from pendency_rule
      order by basis desc, register nulls first, category nulls first, priority nulls first, days`),
    run(scope.em, 'select level, after_days from pendency_escalation_level order by level'),
    run(scope.em, 'select office_id, weekly_off, saturdays_off from pendency_work_week'),
  ]);
  return {
    rules: rules.map((r) => ({ id: r.id, register: r.register ?? null, category: r.category ?? null, priority: r.priority ?? null, basis: r.basis, days: r.days, dayKind: r.day_kind, remindBefore: r.remind_before })),
    escalation: levels.map((l) => ({ level: l.level, afterDays: l.after_days })),
    workWeeks: weeks
      .map((w) => ({ officeId: w.office_id ?? null, office: w.office_id && org.offices.has(w.office_id) ? org.officeRef(w.office_id) : null, weeklyOff: (w.weekly_off as string[]).map(Number), saturdaysOff: (w.saturdays_off as string[]).map(Number) }))
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
    await run(tx.em, 'delete from pendency_rule');
    for (const r of rules) {
      await run(tx.em, `insert into pendency_rule (id, register, category, priority, basis, days, day_kind, remind_before, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, now())`,
        [randomUUID(), r.register, r.category, r.priority, r.basis, r.days, r.dayKind, r.remindBefore]);
    }
    await refreshAllPendency(tx.em);
    tx.emit({ type: 'pendency.rules-replaced', rules, officeIds: [...org.offices.keys()] });
  });
  return getPendencyConfig(scope);
}

/** Replaces the escalation levels (working days past the due date, in ascending order). Audited. */
export async function replaceEscalationLevels(scope: Scope, levels: Array<{ afterDays: number }>) {
  assertAdmin(scope.actor);
  levels.forEach((l, i) => {
    if (i > 0 && l.afterDays < levels[i - 1]!.afterDays) throw invalid(['levels', i, 'afterDays'], t(scope.actor.locale, 'pendency.levelsAscending'));
  });
  await transact(scope, async (tx) => {
    await run(tx.em, 'delete from pendency_escalation_level');
    for (const [i, l] of levels.entries()) await run(tx.em, 'insert into pendency_escalation_level (level, after_days) values (?, ?)', [i + 1, l.afterDays]);
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
    const updated = await run(tx.em, `update pendency_work_week set weekly_off = ?::text[], saturdays_off = ?::text[], updated_at = now() where office_id is not distinct from ? returning id`,
      [`{${weeklyOff.join(',')}}`, `{${saturdaysOff.join(',')}}`, input.officeId]);
    if (!updated.length) {
      await run(tx.em, `insert into pendency_work_week (id, office_id, weekly_off, saturdays_off, updated_at) values (?, ?, ?::text[], ?::text[], now())`,
        [randomUUID(), input.officeId, `{${weeklyOff.join(',')}}`, `{${saturdaysOff.join(',')}}`]);
    }
    await syncCalendars(tx.em);
    tx.emit({ type: 'pendency.work-week-set', officeId: input.officeId, weeklyOff, saturdaysOff, officeIds: [...org.offices.keys()] });
  });
  return getPendencyConfig(scope);
}
