import type { Scope } from '../../../shared/scope.js';
import { assertInRtsScope } from './rts-dashboard.policy.js';
import { officeRef, rtsContext, serviceRef, type RtsContext } from './rts-context.js';
import { drillPage, pendingCount, tallyTotal, type DrillRow } from './rts-dashboard.queries.js';
import type { DrillKind, DrillOut, DrillQuery } from './rts-dashboard.schemas.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentDrillRow(ctx: RtsContext, r: DrillRow): DrillOut['items'][number] {
  return {
    id: r.id,
    referenceNumber: r.reference_number,
    subject: r.subject,
    service: serviceRef(ctx.services.get(r.service_id), r.service_id),
    office: officeRef(ctx.org, r.office_id),
    designated: ctx.org.postRef(r.origin_post_id),
    holder: ctx.org.postRef(r.holder_post_id),
    status: r.status,
    stage: r.stage,
    channel: r.channel,
    filedAt: iso(r.created_at),
    closedAt: r.closed_at ? iso(r.closed_at) : null,
    rtsDueDate: r.rts_due_date,
    paused: r.rts_days_left != null,
    onTime: r.on_time,
    days: Number(r.days),
    daysLate: Number(r.days_late),
    rating: r.rating,
  };
}

/**
 * The applications behind a figure of the dashboard — filed, disposed or disposed late in the period,
 * pending now or pending beyond the timeline — under the same scope and filters, narrowed to an office
 * or a designated officer; a page at a time. The total is the dashboard's own figure (from the
 * tallies, or the pending rows), so the list and the figure always agree.
 */
export async function listRtsApplications(scope: Scope, q: DrillQuery): Promise<DrillOut> {
  return (await drillDown(scope, q)).out;
}

/** The drill-down and what it was computed with (the export names the scope and filters); `maxRows` from the first row on. */
export async function drillDown(scope: Scope, q: DrillQuery, maxRows?: number): Promise<{ out: DrillOut; ctx: RtsContext }> {
  const ctx = await rtsContext(scope, q);
  assertInRtsScope(ctx.rs, ctx.org, q);
  const filter = { ...ctx.filter, atOfficeId: q.atOfficeId, postId: q.postId };
  const limit = maxRows ?? q.pageSize;
  const offset = maxRows ? 0 : (q.page - 1) * q.pageSize;
  const [list, total] = await Promise.all([
    drillPage(scope.em, q.kind, filter, ctx.today, { limit, offset }),
    countOf(scope, q.kind, filter, ctx.today),
  ]);
  const out: DrillOut = {
    kind: q.kind,
    period: ctx.period,
    items: list.map((r) => presentDrillRow(ctx, r)),
    total,
    page: maxRows ? 1 : q.page,
    pageSize: limit,
  };
  return { out, ctx };
}

async function countOf(scope: Scope, kind: DrillKind, f: RtsContext['filter'], today: string): Promise<number> {
  if (kind === 'pending' || kind === 'beyond') return pendingCount(scope.em, kind, f, today);
  const t = await tallyTotal(scope.em, f);
  return kind === 'received' ? t.received : kind === 'disposed' ? t.disposed : t.disposed - t.on_time;
}
