import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError } from '../../shared/app-error.js';
import { istDate } from '../../shared/dates.js';
import { grant, visibleSql, userRefs } from '../movement/index.js';
import { transact, type Scope } from '../../shared/scope.js';
import { loadOrg, type OrgSnapshot } from '../org/index.js';
import { delayReasons, itemAlerts, itemDue, itemFacts } from './pendency.queries.js';
import { pageOfItems } from './list-pending-items.js';
import { nudgedOn } from './notifications.queries.js';
import { pendingItemRefusal, type PendingItemAction } from './pendency.policy.js';
import type { z } from 'zod';
import type { itemPendencyOut } from './pendency.schemas.js';

export type ItemKind = 'receipt' | 'file';
type ItemPendencyOut = z.infer<typeof itemPendencyOut>;

export interface ItemFacts {
  type: ItemKind;
  id: string;
  grading: string;
  holderPostId: string;
  pending: boolean;
  /** The viewer's posts are on the access list (or, for a receipt, on its file's). */
  access: boolean;
  /** The viewer may see it: access, or an ungraded pending item held in their supervising scope. */
  visible: boolean;
}

/** What pendency needs to know about an item and the viewer; NOT_FOUND when it does not exist for them. */
export async function loadItemFacts(em: EntityManager, actor: Actor, org: OrgSnapshot, type: ItemKind, id: string): Promise<ItemFacts> {
  const [row] = await itemFacts(em, type, id, visibleSql(type === 'receipt' ? 'r' : 'f', type, actor.heldPostIds));
  if (!row) throw new AppError('NOT_FOUND');
  const holderOffice = org.posts.get(row.holder_post_id)?.officeId;
  const supervised = row.grading === 'normal' && row.pending && !!holderOffice && org.supervisedOffices(actor.postId).has(holderOffice);
  const facts = {
    type,
    id,
    grading: row.grading,
    holderPostId: row.holder_post_id,
    pending: Boolean(row.pending),
    access: Boolean(row.access),
    visible: Boolean(row.access) || supervised,
  };
  if (!facts.visible) throw new AppError('NOT_FOUND');
  return facts;
}

/** An item's pendency as its viewer sees it: the pending row, how its due date was reached, reasons, reminders and escalations. */
export async function getItemPendency(scope: Scope, type: ItemKind, id: string): Promise<ItemPendencyOut> {
  const org = await loadOrg(scope.em);
  const facts = await loadItemFacts(scope.em, scope.actor, org, type, id);
  return presentItemPendency(scope, org, facts);
}

export async function presentItemPendency(scope: Scope, org: OrgSnapshot, facts: ItemFacts): Promise<ItemPendencyOut> {
  const today = istDate();
  const { type, id } = facts;
  const supervised = org.supervisedOffices(scope.actor.postId);
  const [{ items }, [due], reasons, alerts, nudged] = await Promise.all([
    pageOfItems(
      scope,
      org,
      { supervised },
      { where: 'pi.item_type = ? and pi.item_id = ?', params: [type, id] },
      { sort: 'dwell', limit: 1, offset: 0, today, count: false },
    ),
    itemDue(scope.em, type, id),
    delayReasons(scope.em, type, id),
    itemAlerts(scope.em, type, id),
    nudgedOn(scope.em, [{ type, id }], today),
  ]);
  const users = await userRefs(
    scope.em,
    reasons.map((r) => r.user_id),
  );
  const can = (action: PendingItemAction) =>
    !pendingItemRefusal(scope.actor, org, { ...facts, remindedToday: nudged.has(`${type}:${id}`) }, action);
  return {
    type,
    id,
    pending: items[0] ?? null,
    due: due
      ? {
          explicit: due.explicit ?? null,
          rule: due.rule ?? null,
          register: due.register ?? null,
          remindOn: due.remind_on ?? null,
          ruleDays: due.days ?? null,
          ruleDayKind: due.day_kind ?? null,
        }
      : null,
    reasons: reasons.map((r) => ({
      reason: r.reason,
      expectedBy: r.expected_by,
      at: new Date(r.created_at).toISOString(),
      by: users.get(r.user_id) ?? null,
      post: org.posts.has(r.post_id) ? org.postRef(r.post_id) : null,
    })),
    alerts: alerts.map((a) => ({
      kind: a.kind,
      level: a.level,
      at: new Date(a.created_at).toISOString(),
      dueDate: a.due_date ?? null,
      posts: a.post_ids.filter((p) => org.posts.has(p)).map((p) => org.postRef(p)),
      heldSince: new Date(a.held_since).toISOString(),
    })),
    abilities: { recordReason: can('recordReason'), setRegister: can('setRegister'), remind: can('remind'), open: facts.visible },
  };
}

/**
 * A supervising post opens an ungraded item pending in its scope: it gets read-only access (as a
 * copy would give), so the item's own pages work for it; audited. Nothing changes for a post
 * already on the access list; graded items stay closed (NOT_FOUND).
 */
export async function inspectItem(scope: Scope, type: ItemKind, id: string) {
  const org = await loadOrg(scope.em);
  const facts = await loadItemFacts(scope.em, scope.actor, org, type, id);
  if (facts.access) return { type, id, granted: false };
  await transact(scope, async (tx) => {
    await grant(tx.em, type, id, [{ post: scope.actor.postId!, readOnly: true }]);
    tx.emit({ type: 'pendency.item-inspected', itemType: type, itemId: id, postId: scope.actor.postId!, holderPostId: facts.holderPostId });
  });
  return { type, id, granted: true };
}
