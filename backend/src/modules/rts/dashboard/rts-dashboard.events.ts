import { auditOf, type AfterCommitContext, type Listeners } from '../../../shared/events.js';

declare module '../../../shared/events.js' {
  interface DomainEvents {
    /** The viewer of the RTS dashboard opened an application behind a figure (read-only access). */
    'rts.application-inspected': { applicationId: string; postId: string; holderPostId: string };
  }
}
import { rooms } from '../../../shared/hints.js';
import { cachedOrg, type OrgSnapshot } from '../../org/index.js';
import { rows } from './rts-dashboard.queries.js';

const commissionPosts = new WeakMap<OrgSnapshot, string[]>();
/** The posts of the Right to Service Commission (they see every office). */
function commission(org: OrgSnapshot): string[] {
  let list = commissionPosts.get(org);
  if (!list) {
    list = [...org.posts.values()].filter((p) => p.active && org.offices.get(p.officeId)?.kind === 'commission').map((p) => p.id);
    commissionPosts.set(org, list);
  }
  return list;
}

/**
 * Tells the open RTS dashboards that an application's figures changed: an `rts` hint with its office
 * (the office it was routed to, what the figures are counted by) to every supervising post whose scope
 * covers that office and to the Commission's posts. After commit, from the cached org snapshot.
 */
async function tell(ctx: AfterCommitContext, applicationId: string): Promise<void> {
  const [app] = await rows<{ office_id: string }>(ctx.em(), 'select office_id from application where id = ?', [applicationId]);
  if (!app) return;
  const org = await cachedOrg(ctx.em());
  for (const p of new Set([...org.supervisorsCovering([app.office_id]), ...commission(org)]))
    ctx.hint(rooms.post(p), { entity: 'rts', ids: [app.office_id] });
}

/** The tallies themselves follow applications and appeals by database triggers (sql/rts-tally.sql); these only send hints. */
export const rtsDashboardListeners: Listeners = {
  'application.submitted': { afterCommit: (e, ctx) => tell(ctx, e.applicationId) },
  'application.acted': { afterCommit: (e, ctx) => tell(ctx, e.applicationId) },
  'application.rated': { afterCommit: (e, ctx) => tell(ctx, e.applicationId) },
  'rts.application-inspected': {
    audit: (e) =>
      auditOf('application.inspect', 'application', e.applicationId, { post: e.postId, holder: e.holderPostId, reason: 'rts-dashboard' }),
    // the application now opens for the inspecting post
    hints: (e) => [{ room: rooms.post(e.postId), hint: { entity: 'appln', ids: [e.applicationId] } }],
  },
};
