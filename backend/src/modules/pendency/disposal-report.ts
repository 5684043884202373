import { AppError } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { t } from '../../shared/i18n.js';
import { pgArray } from '../../shared/persistence.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg } from './org-snapshot.js';
import { resolveScope } from './pendency.policy.js';
import { run } from './pendency-maintenance.js';
import { addDays, daysBetween } from './working-calendar.js';
import type { DisposalQuery } from './pendency.schemas.js';

const round = (x: unknown) => (x === null || x === undefined ? null : Math.round(Number(x) * 10) / 10);

/**
 * Per post of the scope, over a date range (IST, both ends included): items that reached it, items
 * it disposed of (closed, or receipts put in a file) and sent on, and how long it held the items
 * that left it — median and 90th percentile from arrival (or creation, for what it opened) to
 * leaving.
 */
export async function disposalReport(scope: Scope, q: DisposalQuery) {
  const to = q.to ?? istDate();
  const from = q.from ?? addDays(to, -29);
  if (from > to || daysBetween(from, to) > 366) {
    throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['query', 'from'], code: 'invalid', message: t(scope.actor.locale, 'pendency.badRange') }] });
  }
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  const posts = [...org.posts.values()].filter((p) => ps.officeIds.includes(p.officeId) && (ps.kind === 'offices' || p.id === ps.postId)).sort((a, b) => a.code.localeCompare(b.code));
  const ids = pgArray(posts.map((p) => p.id));
  const range = [from, addDays(to, 1)];
  const typeSql = (alias: string) => (q.type === 'all' ? '' : ` and ${alias}.item_type = '${q.type === 'file' ? 'file' : 'receipt'}'`);
  const between = (col: string) => `${col} >= (?::timestamp at time zone 'Asia/Kolkata') and ${col} < (?::timestamp at time zone 'Asia/Kolkata')`;
  const [received, disposed, sent, handled] = await Promise.all([
    run(scope.em, `select m.to_post_id as post, count(distinct (m.item_type, m.item_id))::int as n from movement m
      where m.to_post_id = any(?::uuid[]) and m.kind in ('send', 'return', 'pull_back') and ${between('m.sent_at')}${typeSql('m')} group by 1`, [ids, ...range]),
    run(scope.em, `select e.post_id as post, count(*)::int as n from pendency_event e
      where e.post_id = any(?::uuid[]) and e.kind = 'disposed' and ${between('e.at')}${typeSql('e')} group by 1`, [ids, ...range]),
    run(scope.em, `select m.from_post_id as post, count(*)::int as n from movement m
      where m.from_post_id = any(?::uuid[]) and m.kind in ('send', 'return') and ${between('m.sent_at')}${typeSql('m')} group by 1`, [ids, ...range]),
    run(scope.em, `with leaving as (
        select m.item_type, m.item_id, m.from_post_id as post, m.sent_at as left_at from movement m
        where m.from_post_id = any(?::uuid[]) and m.kind in ('send', 'return') and ${between('m.sent_at')}${typeSql('m')}
        union all
        select e.item_type, e.item_id, e.post_id, e.at from pendency_event e
        where e.post_id = any(?::uuid[]) and e.kind = 'disposed' and ${between('e.at')}${typeSql('e')}
      ), timed as (
        select l.post, extract(epoch from l.left_at - coalesce(a.arrived,
            case when l.item_type = 'receipt' then (select r.created_at from receipt r where r.id = l.item_id and r.created_by_post_id = l.post)
                 else (select f.created_at from efile f where f.id = l.item_id and f.created_by_post_id = l.post) end)) / 3600.0 as hours
        from leaving l
        left join lateral (select max(m0.sent_at) as arrived from movement m0
          where m0.item_type = l.item_type and m0.item_id = l.item_id and m0.to_post_id = l.post and m0.kind <> 'copy' and m0.sent_at <= l.left_at) a on true
      )
      select post, count(*)::int as n, percentile_cont(0.5) within group (order by hours) as p50, percentile_cont(0.9) within group (order by hours) as p90,
        grouping(post) as total
      from timed where hours is not null and hours >= 0 group by rollup (post)`, [ids, ...range, ids, ...range]),
  ]);
  const by = (rows: Array<Record<string, any>>) => new Map(rows.map((r) => [r.post as string, Number(r.n)]));
  const [rc, dc, sc] = [by(received), by(disposed), by(sent)];
  const times = new Map(handled.filter((r) => r.total === 0).map((r) => [r.post as string, r]));
  const all = handled.find((r) => r.total === 1);
  const rows = posts.map((p) => ({
    post: org.postRef(p.id), office: org.officeRef(p.officeId),
    received: rc.get(p.id) ?? 0, disposed: dc.get(p.id) ?? 0, sentOn: sc.get(p.id) ?? 0,
    medianHandlingHours: round(times.get(p.id)?.p50), p90HandlingHours: round(times.get(p.id)?.p90),
  }));
  const sum = (k: 'received' | 'disposed' | 'sentOn') => rows.reduce((s, r) => s + r[k], 0);
  return { from, to, posts: rows, totals: { received: sum('received'), disposed: sum('disposed'), sentOn: sum('sentOn'), medianHandlingHours: round(all?.p50) } };
}
