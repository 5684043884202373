import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { visibleRefs, type ItemType } from '../movement/index.js';
import type { OrgSnapshot } from '../org/index.js';

/**
 * What pendency a post may look at. A supervising post (SP, CO, SHO — the `supervision`
 * capability) sees its office and every office under it; any other post sees only the items it
 * holds. Asking for an office, section or post outside the scope is NOT_FOUND: what one may not
 * see does not exist.
 */
export interface PendencyScope {
  kind: 'offices' | 'post';
  postId: string;
  /** The root office of what is shown (the acting post's office, or the office asked for). */
  rootOfficeId: string;
  /** Offices in view, parents before children, with depth below the root. */
  offices: Array<{ id: string; depth: number }>;
  officeIds: string[];
  /** Offices whose ungraded items the viewer may open (a supervisor's whole scope; nothing extra for a plain post). */
  supervised: ReadonlySet<string>;
}

export function resolveScope(actor: Actor, org: OrgSnapshot, narrowTo?: string): PendencyScope {
  const post = actor.postId ? org.posts.get(actor.postId) : undefined;
  if (!post || !actor.postId) throw new AppError('NOT_FOUND');
  const supervised = org.supervisedOffices(post.id);
  if (supervised.size) {
    const all = org.subtree(post.officeId);
    let offices = all;
    if (narrowTo) {
      if (!supervised.has(narrowTo)) throw new AppError('NOT_FOUND');
      offices = org.subtree(narrowTo);
    }
    return { kind: 'offices', postId: post.id, rootOfficeId: offices[0]!.id, offices, officeIds: offices.map((o) => o.id), supervised };
  }
  if (narrowTo && narrowTo !== post.officeId) throw new AppError('NOT_FOUND');
  return {
    kind: 'post',
    postId: post.id,
    rootOfficeId: post.officeId,
    offices: [{ id: post.officeId, depth: 0 }],
    officeIds: [post.officeId],
    supervised: new Set(),
  };
}

export type PendingItemAction = 'recordReason' | 'setRegister' | 'remind';

/**
 * Who may act on a pending item the viewer can see (null: allowed). The holder records a delay reason
 * and enters it in a special register; a supervising post whose scope covers the holder's office —
 * not the holder itself — reminds the holder, once a day per item. The use cases refuse with this
 * answer and the presenters' `abilities` are its negation, so the UI offers exactly what will work.
 */
export function pendingItemRefusal(
  actor: Actor,
  org: OrgSnapshot,
  item: { pending: boolean; holderPostId: string; remindedToday?: boolean },
  action: PendingItemAction,
): AppError | null {
  if (!item.pending) return invalidState('notPending');
  if (action !== 'remind') return item.holderPostId === actor.postId ? null : new AppError('NOT_WITH_YOU');
  const holderOffice = org.posts.get(item.holderPostId)?.officeId;
  if (item.holderPostId === actor.postId || !holderOffice || !org.supervisedOffices(actor.postId).has(holderOffice))
    return invalidState('notSupervisingHolder');
  if (item.remindedToday) return invalidState('remindedToday');
  return null;
}

/** A section or post filter must lie inside the scope (else NOT_FOUND). */
export function assertInScope(scope: PendencyScope, org: OrgSnapshot, f: { sectionId?: string; postId?: string; officeId?: string }): void {
  if (f.sectionId && f.sectionId !== 'none') {
    const s = org.sections.get(f.sectionId);
    if (!s || !scope.officeIds.includes(s.officeId)) throw new AppError('NOT_FOUND');
  }
  if (f.postId) {
    const p = org.posts.get(f.postId);
    if (!p || !scope.officeIds.includes(p.officeId)) throw new AppError('NOT_FOUND');
    if (scope.kind === 'post' && f.postId !== scope.postId) throw new AppError('NOT_FOUND');
  }
}

/**
 * Which of these items the actor may see in full: those whose access list holds one of their
 * posts, and — for a supervising post — the ungraded ones held in its scope.
 */
export async function visibleItems(
  em: EntityManager,
  actor: Actor,
  scope: Pick<PendencyScope, 'supervised'>,
  items: Array<{ type: ItemType; id: string; grading: string; officeId: string | null }>,
): Promise<Set<string>> {
  const out = new Set<string>();
  const unsure: typeof items = [];
  for (const i of items) {
    if (i.grading === 'normal' && i.officeId && scope.supervised.has(i.officeId)) out.add(`${i.type}:${i.id}`);
    else unsure.push(i);
  }
  for (const key of await visibleRefs(
    em,
    actor.heldPostIds,
    unsure.map((i) => ({ type: i.type, id: i.id })),
  ))
    out.add(key);
  return out;
}
