import { AppError } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { t } from '../../shared/i18n.js';
import { pgArray } from '../../shared/persistence.js';
import type { Scope } from '../../shared/scope.js';
import { loadOrg } from '../org/index.js';
import { resolveScope } from './pendency.policy.js';
import { disposedByPost, handlingTimes, receivedByPost, sentByPost } from './reports.queries.js';
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
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: ['query', 'from'], code: 'invalid', message: t(scope.actor.locale, 'pendency.badRange') }] },
    );
  }
  const org = await loadOrg(scope.em);
  const ps = resolveScope(scope.actor, org, q.officeId);
  const posts = [...org.posts.values()]
    .filter((p) => ps.officeIds.includes(p.officeId) && (ps.kind === 'offices' || p.id === ps.postId))
    .sort((a, b) => a.code.localeCompare(b.code));
  const ids = pgArray(posts.map((p) => p.id));
  const range: [string, string] = [from, addDays(to, 1)];
  const [received, disposed, sent, handled] = await Promise.all([
    receivedByPost(scope.em, ids, range, q.type),
    disposedByPost(scope.em, ids, range, q.type),
    sentByPost(scope.em, ids, range, q.type),
    handlingTimes(scope.em, ids, range, q.type),
  ]);
  const by = (rows: Array<{ post: string; n: number }>) => new Map(rows.map((r) => [r.post, Number(r.n)]));
  const [rc, dc, sc] = [by(received), by(disposed), by(sent)];
  const times = new Map(handled.filter((r) => r.total === 0).map((r) => [r.post!, r]));
  const all = handled.find((r) => r.total === 1);
  const rows = posts.map((p) => ({
    post: org.postRef(p.id),
    office: org.officeRef(p.officeId),
    received: rc.get(p.id) ?? 0,
    disposed: dc.get(p.id) ?? 0,
    sentOn: sc.get(p.id) ?? 0,
    medianHandlingHours: round(times.get(p.id)?.p50),
    p90HandlingHours: round(times.get(p.id)?.p90),
  }));
  const sum = (k: 'received' | 'disposed' | 'sentOn') => rows.reduce((s, r) => s + r[k], 0);
  return {
    from,
    to,
    posts: rows,
    totals: { received: sum('received'), disposed: sum('disposed'), sentOn: sum('sentOn'), medianHandlingHours: round(all?.p50) },
  };
}
