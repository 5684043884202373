import { istDate } from '../../shared/dates.js';
import { pgArray } from '../../shared/persistence.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg } from './org-snapshot.js';
import { resolveScope } from './pendency.policy.js';
import { run } from './pendency-maintenance.js';
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
  const where = ['reg.register = ?', 'hp.office_id = any(?::uuid[])'];
  const params: unknown[] = [register, pgArray(ps.officeIds)];
  if (ps.kind === 'post') {
    where.push('b.holder_post_id = ?');
    params.push(ps.postId);
  }
  if (q.type !== 'all') {
    where.push('reg.item_type = ?');
    params.push(q.type);
  }
  const counted = [...where];
  const countParams = [...params];
  if (q.status === 'pending') where.push('pi.item_id is not null');
  if (q.overdue !== undefined) {
    where.push(q.overdue ? 'pi.due_date < ?::date' : '(pi.due_date is null or pi.due_date >= ?::date)');
    params.push(today);
  }
  const from = `pendency_register reg
    join (select 'receipt'::varchar as t, r.id, r.holder_post_id, r.office_id, r.grading, r.priority, r.diary_number as number, r.subject, r.category, r.held_since,
                 coalesce(r.received_date, (r.created_at at time zone 'Asia/Kolkata')::date) as started_on, coalesce(r.closed_at, case when r.status = 'filed' then r.updated_at end) as disposed_at
          from receipt r
          union all
          select 'file', f.id, f.holder_post_id, f.office_id, f.grading, f.priority, f.file_number, f.subject, f.category, f.held_since,
                 (f.created_at at time zone 'Asia/Kolkata')::date, f.closed_at
          from efile f) b on b.t = reg.item_type and b.id = reg.item_id
    join post hp on hp.id = b.holder_post_id
    left join pendency_item pi on pi.item_type = reg.item_type and pi.item_id = reg.item_id`;
  const [rows, [count], [counts], [deadline]] = await Promise.all([
    run(scope.em, `select reg.item_type, reg.item_id, hp.office_id, b.holder_post_id, b.held_since, to_char(coalesce(pi.held_on, (b.held_since at time zone 'Asia/Kolkata')::date), 'YYYY-MM-DD') as held_on,
        to_char(b.started_on, 'YYYY-MM-DD') as started_on, b.priority, b.grading, reg.register, coalesce(pi.parked, false) as parked,
        to_char(pi.due_date, 'YYYY-MM-DD') as due_date, pi.due_source, b.number, b.subject, b.category, reg.reference, reg.set_at, b.disposed_at, pi.item_id is not null as pending,
        case when pi.item_id is not null then pendency_working_between(hp.office_id, pi.held_on, ?::date) else 0 end as dwell_working,
        case when pi.due_date < ?::date then pendency_working_between(hp.office_id, pi.due_date, ?::date) else 0 end as overdue_working,
        dr.reason, to_char(dr.expected_by, 'YYYY-MM-DD') as reason_expected_by, dr.created_at as reason_at, dr.user_id as reason_user, dr.post_id as reason_post,
        coalesce((select max(a.level) from pendency_alert a where a.item_type = reg.item_type and a.item_id = reg.item_id and a.held_since = b.held_since and a.kind = 'escalation'), 0) as level
      from ${from}
      left join lateral (select d.reason, d.expected_by, d.created_at, d.user_id, d.post_id from pendency_delay_reason d
                         where pi.item_id is not null and d.item_type = reg.item_type and d.item_id = reg.item_id and d.held_since = b.held_since and d.post_id = b.holder_post_id
                         order by d.created_at desc limit 1) dr on true
      where ${where.join(' and ')}
      order by (pi.item_id is null), pi.due_date asc nulls last, reg.set_at desc, reg.item_id limit ? offset ?`,
      [today, today, today, ...params, q.pageSize, (q.page - 1) * q.pageSize]),
    run(scope.em, `select count(*)::int as n from ${from} where ${where.join(' and ')}`, params),
    run(scope.em, `select count(pi.item_id)::int as pending, count(*) filter (where pi.due_date < ?::date)::int as overdue, count(*) filter (where pi.item_id is null)::int as disposed
      from ${from} where ${counted.join(' and ')}`, [today, ...countParams]),
    run(scope.em, `select days, day_kind from pendency_rule where register = ? and basis = 'total' and category is null and priority is null limit 1`, [register]),
  ]);
  const presented = await presentRows(scope, org, ps, rows, today);
  return {
    items: presented.map((item, i) => {
      const r = rows[i]!;
      const pending = Boolean(r.pending);
      return { ...item, dwellDays: pending ? item.dwellDays : 0, dwellWorkingDays: pending ? item.dwellWorkingDays : 0, pending, disposedAt: r.disposed_at ? new Date(r.disposed_at).toISOString() : null, setAt: new Date(r.set_at).toISOString() };
    }),
    total: Number(count?.n ?? 0), page: q.page, pageSize: q.pageSize, register,
    counts: { pending: counts?.pending ?? 0, overdue: counts?.overdue ?? 0, disposed: counts?.disposed ?? 0 },
    deadline: deadline ? { days: deadline.days, dayKind: deadline.day_kind } : null,
  };
}
