import { randomUUID } from 'node:crypto';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { rooms } from '../../realtime/hints.js';
import { PostSchema } from '../org/org.entity.js';
import { MovementSchema, type Movement } from './movement.entity.js';
import type { MovableItem, MovableKind } from './movable.js';
import type { SendInput, VersionInput, RemarksInput } from './movement.schemas.js';

/** Locks the item for a change made from `version` (the version the user saw): NOT_FOUND for an outsider, CONFLICT when stale. */
const lockVisible = <T extends MovableItem>(tx: Tx, scope: Scope, kind: MovableKind<T>, id: string, version: number) =>
  loadForUpdate(tx.em, kind.schema, id, version, (i) => kind.present(tx.em, scope.actor, i), (i) => kind.canSee(tx.em, scope.actor, i));

/** Locks the item for a change only its holder may make; NOT_FOUND, CONFLICT or NOT_WITH_YOU otherwise. */
async function lockAsHolder<T extends MovableItem>(tx: Tx, scope: Scope, kind: MovableKind<T>, id: string, version: number): Promise<T> {
  const item = await lockVisible(tx, scope, kind, id, version);
  if (item.holderPost.id !== scope.actor.postId) throw new AppError('NOT_WITH_YOU');
  return item;
}

function record(tx: Tx, scope: Scope, kind: Pick<MovableKind, 'type'>, item: Pick<MovableItem, 'id'>, m: Pick<Movement, 'kind' | 'remarks' | 'priority'> & { from: string; to: string; dueDate: string | null; openedAt: Date | null; at: Date }) {
  tx.em.create(MovementSchema, {
    id: randomUUID(), itemType: kind.type, itemId: item.id, kind: m.kind, fromPost: m.from, toPost: m.to, sentBy: scope.actor.userId,
    remarks: m.remarks ?? null, priority: m.priority, dueDate: m.dueDate, sentAt: m.at, openedAt: m.openedAt, openedBy: m.openedAt ? scope.actor.userId : null,
  } as never);
}

/** Access for a post: a post that once held the item keeps full access; a copy adds read-only access only where none exists. One statement. */
export async function grantAccess(tx: Tx, kind: Pick<MovableKind, 'type'>, id: string, post: string, readOnly: boolean, now: Date) {
  await tx.em.getConnection().execute(
    `insert into item_access (item_type, item_id, post_id, read_only, granted_at) values (?, ?, ?, ?, ?)
     on conflict (item_type, item_id, post_id) do update set read_only = item_access.read_only and excluded.read_only`,
    [kind.type, id, post, readOnly, now], 'run', tx.em.getTransactionContext(),
  );
}

/**
 * Sends an item from its holder to another post (the new single holder), with remarks, priority
 * and due date; copies go read-only to other posts for information. The recipients' inboxes
 * update live.
 */
export async function sendItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: SendInput) {
  const { actor } = scope;
  await transact(scope, async (tx) => {
    const item = await lockAsHolder(tx, scope, kind, id, input.version);
    kind.assertState(item, 'send', actor);
    if (input.toPostId === actor.postId) throw invalidState('sameHolder');
    const copies = [...new Set(input.copyTo)].filter((p) => p !== input.toPostId && p !== actor.postId);
    const targets = [input.toPostId, ...copies];
    const found = await tx.em.count(PostSchema, { id: { $in: targets }, active: true });
    if (found !== targets.length) {
      throw new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['toPostId'], code: 'not_found', message: 'unknown or inactive post' }] });
    }
    const now = new Date();
    const priority = input.priority ?? item.priority;
    const dueDate = input.dueDate !== undefined ? input.dueDate : (item.dueDate ?? null);
    await kind.onLeave?.(tx, item);
    record(tx, scope, kind, item, { kind: 'send', from: actor.postId!, to: input.toPostId, remarks: input.remarks ?? null, priority, dueDate, openedAt: null, at: now });
    for (const p of copies) record(tx, scope, kind, item, { kind: 'copy', from: actor.postId!, to: p, remarks: input.remarks ?? null, priority, dueDate, openedAt: null, at: now });
    await grantAccess(tx, kind, id, input.toPostId, false, now);
    for (const p of copies) await grantAccess(tx, kind, id, p, true, now);
    tx.em.assign(item, { holderPost: input.toPostId, heldSince: now, openedAt: null, parkedAt: null, priority, dueDate } as never);
    await tx.em.flush();
    await tx.audit({ action: `${kind.type}.send`, objectType: kind.type, objectId: id, details: { from: actor.postId, to: input.toPostId, copies, priority, dueDate, remarks: input.remarks ?? null } });
    for (const p of [input.toPostId, ...copies, actor.postId!]) tx.hint(rooms.post(p), { entity: 'inbox', ids: [id] });
  });
  return kind.presentCommitted(scope, id);
}

/** Takes a sent item back: only the post that sent it, and only until the recipient opens it. */
export async function pullBackItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: VersionInput) {
  const { actor } = scope;
  await transact(scope, async (tx) => {
    const item = await lockVisible(tx, scope, kind, id, input.version);
    const last = await lastMove(tx, kind, id);
    if (!last || last.kind !== 'send' || last.fromPost.id !== actor.postId || item.holderPost.id === actor.postId) throw invalidState('notSentByYou');
    if (item.openedAt || last.openedAt) throw invalidState('alreadyOpened');
    const from = item.holderPost.id;
    const now = new Date();
    record(tx, scope, kind, item, { kind: 'pull_back', from, to: actor.postId!, remarks: null, priority: item.priority, dueDate: item.dueDate ?? null, openedAt: now, at: now });
    tx.em.assign(item, { holderPost: actor.postId!, heldSince: now, openedAt: now, parkedAt: null } as never);
    await tx.em.flush();
    await tx.audit({ action: `${kind.type}.pull-back`, objectType: kind.type, objectId: id, details: { from } });
    tx.hint(rooms.post(from), { entity: 'inbox', ids: [id] });
    tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [id] });
  });
  return kind.presentCommitted(scope, id);
}

/** Returns the item to the post that sent it to the current holder. */
export async function returnItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: RemarksInput) {
  const { actor } = scope;
  await transact(scope, async (tx) => {
    const item = await lockAsHolder(tx, scope, kind, id, input.version);
    kind.assertState(item, 'return', actor);
    const last = await lastMove(tx, kind, id);
    if (!last || last.toPost.id !== actor.postId || last.kind === 'pull_back') throw invalidState('nobodyToReturnTo');
    const to = last.fromPost.id;
    const now = new Date();
    await kind.onLeave?.(tx, item);
    record(tx, scope, kind, item, { kind: 'return', from: actor.postId!, to, remarks: input.remarks ?? null, priority: item.priority, dueDate: item.dueDate ?? null, openedAt: null, at: now });
    await grantAccess(tx, kind, id, to, false, now);
    tx.em.assign(item, { holderPost: to, heldSince: now, openedAt: null, parkedAt: null } as never);
    await tx.em.flush();
    await tx.audit({ action: `${kind.type}.return`, objectType: kind.type, objectId: id, details: { from: actor.postId, to, remarks: input.remarks ?? null } });
    tx.hint(rooms.post(to), { entity: 'inbox', ids: [id] });
    tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [id] });
  });
  return kind.presentCommitted(scope, id);
}

/** Park (set aside, out of the working inbox), unpark, close and reopen: the holder's own state changes. */
export async function changeItemState<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, action: 'park' | 'unpark' | 'close' | 'reopen', input: RemarksInput) {
  const { actor } = scope;
  await transact(scope, async (tx) => {
    const item = await lockAsHolder(tx, scope, kind, id, input.version);
    kind.assertState(item, action, actor);
    const now = new Date();
    if (action === 'park') {
      if (item.parkedAt) throw invalidState('alreadyParked');
      tx.em.assign(item, { parkedAt: now } as never);
    } else if (action === 'unpark') {
      if (!item.parkedAt) throw invalidState('notParked');
      tx.em.assign(item, { parkedAt: null } as never);
    } else if (action === 'close') {
      if (item.status === 'closed') throw invalidState('alreadyClosed');
      await kind.onLeave?.(tx, item);
      tx.em.assign(item, { status: 'closed', closedAt: now, parkedAt: null } as never);
    } else {
      if (item.status !== 'closed') throw invalidState('notClosed');
      tx.em.assign(item, { status: kind.liveStatus, closedAt: null, heldSince: now } as never);
    }
    await tx.em.flush();
    await tx.audit({ action: `${kind.type}.${action}`, objectType: kind.type, objectId: id, details: { remarks: input.remarks ?? null } });
    tx.hint(rooms.post(actor.postId!), { entity: 'inbox', ids: [id] });
  });
  return kind.presentCommitted(scope, id);
}

/**
 * The holder's first look after a move marks the item opened (from then on the sender can no
 * longer pull it back); the movement records who opened it and when.
 */
export async function markOpened<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, item: T): Promise<boolean> {
  if (item.holderPost.id !== scope.actor.postId || item.openedAt) return false;
  return transact(scope, async (tx) => {
    const now = new Date();
    const updated = await tx.em.nativeUpdate(kind.schema, { id: item.id, openedAt: null, holderPost: scope.actor.postId! } as never, { openedAt: now } as never);
    if (!updated) return false;
    const last = await tx.em.findOne(MovementSchema, { itemType: kind.type, itemId: item.id, toPost: scope.actor.postId!, openedAt: null, kind: { $ne: 'copy' } }, { orderBy: { sentAt: 'desc' } });
    if (last) {
      Object.assign(last, { openedAt: now, openedBy: scope.actor.userId });
      await tx.em.flush();
      tx.hint(rooms.post(last.fromPost.id), { entity: kind.type, ids: [item.id] });
    }
    await tx.audit({ action: `${kind.type}.first-view`, objectType: kind.type, objectId: item.id, details: { movementId: last?.id ?? null } });
    return true;
  });
}

/** A copy recipient's first look: recorded on the copy movement (unread marker in the copies tab). */
export async function markCopyRead(scope: Scope, kind: Pick<MovableKind, 'type'>, id: string): Promise<void> {
  const posts = scope.actor.postId ? [scope.actor.postId] : [];
  if (!posts.length) return;
  await scope.em.fork().nativeUpdate(MovementSchema, { itemType: kind.type, itemId: id, toPost: { $in: posts }, kind: 'copy', openedAt: null }, { openedAt: new Date(), openedBy: scope.actor.userId });
}

async function lastMove(tx: Tx, kind: Pick<MovableKind, 'type'>, id: string) {
  return tx.em.findOne(MovementSchema, { itemType: kind.type, itemId: id, kind: { $in: ['send', 'pull_back', 'return'] } }, { orderBy: { sentAt: 'desc' } });
}
