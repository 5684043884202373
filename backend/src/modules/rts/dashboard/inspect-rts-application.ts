import type { Scope } from '../../../shared/scope.js';
import { AppError } from '../../../shared/app-error.js';
import { transact } from '../../../shared/scope.js';
import { cachedOrg } from '../../org/index.js';
import { canSee, grant } from '../../movement/index.js';
import { resolveRtsScope } from './rts-dashboard.policy.js';
import { rows } from './rts-dashboard.queries.js';

/**
 * The viewer of the RTS dashboard opens an application behind a figure: read-only access to it (as a
 * supervising post inspects a pending file), audited — when its office lies in the viewer's scope and
 * it is not graded. Nothing new for a post that may already see it; NOT_FOUND outside the scope.
 */
export async function inspectRtsApplication(scope: Scope, id: string): Promise<{ id: string; granted: boolean }> {
  const org = await cachedOrg(scope.em);
  const rs = resolveRtsScope(scope.actor, org);
  const [app] = await rows<{ id: string; office_id: string; holder_post_id: string; grading: string }>(
    scope.em,
    'select id, office_id, holder_post_id, grading from application where id = ?',
    [id],
  );
  if (!app || (rs.officeIds && !rs.officeIds.includes(app.office_id))) throw new AppError('NOT_FOUND');
  if (await canSee(scope.em, scope.actor, 'appln', { id })) return { id, granted: false };
  if (app.grading !== 'normal') throw new AppError('NOT_FOUND');
  await transact(scope, async (tx) => {
    await grant(tx.em, 'appln', id, [{ post: rs.postId, readOnly: true }]);
    tx.emit({ type: 'rts.application-inspected', applicationId: id, postId: rs.postId, holderPostId: app.holder_post_id });
  });
  return { id, granted: true };
}
