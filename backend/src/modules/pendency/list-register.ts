import { istDate } from '../../shared/dates.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import { resolveScope } from './pendency.policy.js';
import { registerFilters, registerCount, registerPage, registerTotals } from './reports.queries.js';
import { registerDeadline } from './pendency.queries.js';
import { presentRows } from './list-pending-items.js';
import type { Register, RegisterQuery } from './pendency.schemas.js';

/**
 * A special register of the scope (RTI applications, court cases, VIP/MP references): its items —
 * pending ones with their due dates, and with status=all those disposed of too — newest entry
 * first, with the register's own deadline. An item belongs to the scope of the office of its
 * (last) holder.
 */
export async function listRegister(scope: Scope, register: Register, q: RegisterQuery) {
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  const today = istDate();
  const f = registerFilters(register, ps, q, today);
  const [rows, total, counts, [deadline]] = await Promise.all([
    registerPage(scope.em, f.all, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize, today }),
    registerCount(scope.em, f.all),
    registerTotals(scope.em, f.counted, today),
    registerDeadline(scope.em, register),
  ]);
  const presented = await presentRows(scope, org, ps, rows, today);
  return {
    items: presented.map((item, i) => {
      const r = rows[i]!;
      const pending = Boolean(r.pending);
      return {
        ...item,
        dwellDays: pending ? item.dwellDays : 0,
        dwellWorkingDays: pending ? item.dwellWorkingDays : 0,
        pending,
        disposedAt: r.disposed_at ? new Date(r.disposed_at).toISOString() : null,
        setAt: new Date(r.set_at).toISOString(),
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
    register,
    counts: { pending: counts?.pending ?? 0, overdue: counts?.overdue ?? 0, disposed: counts?.disposed ?? 0 },
    deadline: deadline ? { days: deadline.days, dayKind: deadline.day_kind } : null,
  };
}
