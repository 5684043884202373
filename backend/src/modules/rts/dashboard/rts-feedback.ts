import type { Scope } from '../../../shared/scope.js';
import { assertInRtsScope } from './rts-dashboard.policy.js';
import { officeRef, rtsContext, serviceRef, type RtsContext } from './rts-context.js';
import { commentsPage, type TallyRow } from './rts-dashboard.queries.js';
import { periodData } from './rts-figures.js';
import type { FeedbackOut, FeedbackQuery } from './rts-dashboard.schemas.js';

const round2 = (x: number) => Math.round(x * 100) / 100;
const ratingsOf = (r: TallyRow | undefined) => ({
  count: r?.rated ?? 0,
  average: r?.rated ? round2(r.rating_sum / r.rated) : null,
  stars: [r?.r1 ?? 0, r?.r2 ?? 0, r?.r3 ?? 0, r?.r4 ?? 0, r?.r5 ?? 0],
  disposed: r?.disposed ?? 0,
});

/**
 * Citizens' feedback on disposals of the period: ratings (count, average, how many gave each star) per
 * service, office and designated officer from the tallies, and the comments given with them, newest first.
 * Visible to the same supervisors as the dashboard.
 */
export async function rtsFeedback(scope: Scope, q: FeedbackQuery): Promise<FeedbackOut> {
  return (await feedbackReport(scope, q)).out;
}

/** The feedback and what it was computed with; `maxRows` comments from the first on (the export). */
export async function feedbackReport(scope: Scope, q: FeedbackQuery, maxRows?: number): Promise<{ out: FeedbackOut; ctx: RtsContext }> {
  const ctx = await rtsContext(scope, q);
  assertInRtsScope(ctx.rs, ctx.org, q);
  const filter = { ...ctx.filter, atOfficeId: q.atOfficeId, postId: q.postId };
  const limit = maxRows ?? q.pageSize;
  const [sums, comments] = await Promise.all([
    periodData(scope.em, filter, ctx.today, { histogram: false }).then((d) => d.sums),
    commentsPage(scope.em, filter, { limit, offset: maxRows ? 0 : (q.page - 1) * q.pageSize }),
  ]);
  const rated = (r: TallyRow) => r.rated > 0;
  const out: FeedbackOut = {
    period: ctx.period,
    totals: ratingsOf(sums.find((r) => r.g === 't')),
    services: sums
      .filter((r) => r.g === 's' && rated(r))
      .map((r) => ({ service: serviceRef(ctx.services.get(r.service_id!), r.service_id!), ...ratingsOf(r) }))
      .sort((a, b) => b.count - a.count || a.service.code.localeCompare(b.service.code)),
    offices: sums
      .filter((r) => r.g === 'o' && rated(r))
      .map((r) => ({ office: officeRef(ctx.org, r.office_id!), ...ratingsOf(r) }))
      .sort((a, b) => a.office.code.localeCompare(b.office.code)),
    officers: sums
      .filter((r) => r.g === 'p' && rated(r))
      .map((r) => ({ post: ctx.org.postRef(r.post_id!), ...ratingsOf(r) }))
      .sort((a, b) => a.post.code.localeCompare(b.post.code)),
    comments: {
      items: comments.rows.map((c) => ({
        id: c.id,
        referenceNumber: c.reference_number,
        service: serviceRef(ctx.services.get(c.service_id), c.service_id),
        office: officeRef(ctx.org, c.office_id),
        designated: ctx.org.postRef(c.origin_post_id),
        rating: c.rating,
        feedback: c.feedback,
        closedAt: new Date(c.closed_at).toISOString(),
      })),
      total: comments.total,
      page: maxRows ? 1 : q.page,
      pageSize: limit,
    },
  };
  return { out, ctx };
}
