import { randomUUID } from 'node:crypto';
import { transact, type Scope } from '../../shared/scope.js';
import { sqlTransaction, type SqlTx } from '../../shared/sql-transaction.js';
import { AppError, fieldError, invalidState, refuse } from '../../shared/app-error.js';
import { isoOrNull } from '../../shared/dates.js';
import type { DomainEvent } from '../../shared/events.js';
import { MovementSchema, type Movement } from './movement.entity.js';
import type { Grant } from './access.js';
import { moveRefusal } from './movement.policy.js';
import { lastHolderMove, lockItem, markItemOpened, movedState, moveSql } from './movement.queries.js';
import type { MovableItem, MovableKind } from './movable.js';
import type { Moved, SendInput, VersionInput, RemarksInput } from './movement.schemas.js';

/**
 * Locks the item for a change made from `version` (the version the user saw), in one statement that
 * also says whether the user may see it (and, for a send, how many of `targets` are active posts):
 * NOT_FOUND for an outsider, then CONFLICT with the current state when stale. While we wait for a
 * concurrent mover's lock, PostgreSQL re-reads the row itself but the access list as it was when the
 * statement began. A row added meanwhile can only hide the item; a row is removed only when a grading
 * is raised (narrow-access.ts), and only read-only access of posts that never held the item, which
 * may do nothing here anyway.
 */
async function lockVisible<T extends MovableItem>(
  tx: SqlTx,
  scope: Scope,
  kind: MovableKind<T>,
  id: string,
  version: number,
  targets?: string[],
) {
  const locked = await lockItem(tx, { table: kind.access.table, type: kind.type, id }, scope.actor.heldPostIds, targets);
  if (!locked || !locked.visible) throw new AppError('NOT_FOUND');
  if (locked.row.version !== version) throw new Stale();
  return locked;
}

interface Move {
  /** Movements to record, all with the same remarks, priority and due date. */
  movements: Array<{ kind: Movement['kind']; from: string; to: string; opened: boolean }>;
  remarks: string | null;
  priority: string;
  dueDate: string | null;
  /** Access to grant: full for a new holder, read-only for a copy. */
  grants: Grant[];
  /** The item leaves its holder (the kind's `onLeave` runs). */
  leaves: boolean;
  /** Columns of the item to set (names from this file only); version and updated_at always move on. */
  set: Record<string, unknown>;
  now: Date;
  /** What the move did: its audit row rides with the COMMIT, its hints go out after (movement.events.ts). */
  event: DomainEvent<'item.sent' | 'item.pulled-back' | 'item.returned' | 'item.state-changed'>;
}

/** The item changed since the user saw it: CONFLICT with its current state, told once the transaction is over. */
class Stale extends Error {}

/**
 * Runs a move as one plain-SQL transaction (sqlTransaction: the lock travels with BEGIN, the writes
 * with the audit append and COMMIT; hints go out after); a stale version becomes CONFLICT with the
 * item as it is now.
 */
async function moving<T extends MovableItem>(
  scope: Scope,
  kind: MovableKind<T>,
  id: string,
  work: (tx: SqlTx) => Promise<Moved>,
): Promise<Moved> {
  try {
    return await sqlTransaction(scope, work);
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
    const em = scope.em.fork();
    throw new AppError('CONFLICT', {}, { current: await kind.present(em, scope.actor, await kind.loadVisible(em, scope.actor, id)) });
  }
}

/**
 * Applies a move and commits, in one round trip: one statement with the movement rows, the access
 * grants and the kind's leave work as data-modifying CTEs around the update of the item (they touch
 * different tables, so one snapshot serves them all), then the audit row (the chainer links it
 * after commit), then COMMIT. Answers with what the UI needs to know changed.
 */
async function applyMove(
  tx: SqlTx,
  scope: Scope,
  kind: Pick<MovableKind, 'type' | 'access' | 'onLeave'>,
  id: string,
  m: Move,
): Promise<Moved> {
  const movements = m.movements.map((mv) => ({ id: randomUUID(), ...mv }));
  const write = moveSql({
    type: kind.type,
    table: kind.access.table,
    id,
    sentBy: scope.actor.userId,
    movements,
    remarks: m.remarks,
    priority: m.priority,
    dueDate: m.dueDate,
    grants: m.grants,
    leave: m.leaves && kind.onLeave ? kind.onLeave(id, m.now) : null,
    set: m.set,
    now: m.now,
  });
  tx.emit(m.event);
  const [rows] = await tx.commit(write.sql, write.params);
  const r = movedState(rows![0]!);
  return {
    id,
    type: kind.type,
    version: r.version,
    status: r.status,
    holder: { postId: r.holderPostId, since: r.heldSince.toISOString() },
    parkedAt: isoOrNull(r.parkedAt),
    closedAt: isoOrNull(r.closedAt),
    movementId: movements[0]?.id ?? null,
  };
}

/**
 * Sends an item from its holder to another post (the new single holder), with remarks, priority
 * and due date; copies go read-only to other posts for information. The recipients' inboxes
 * update live.
 */
export async function sendItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: SendInput): Promise<Moved> {
  const { actor } = scope;
  const copies = [...new Set(input.copyTo)].filter((p) => p !== input.toPostId && p !== actor.postId);
  const targets = [input.toPostId, ...copies];
  return moving(scope, kind, id, async (tx) => {
    const { row: item, targetsFound } = await lockVisible(tx, scope, kind, id, input.version, targets);
    refuse(moveRefusal(kind, actor, item, 'send'));
    if (input.toPostId === actor.postId) throw invalidState('sameHolder');
    if (targetsFound !== targets.length) {
      throw fieldError(['toPostId'], 'not_found', 'issues.unknownPost');
    }
    const now = new Date();
    const priority = input.priority ?? item.priority;
    const dueDate = input.dueDate !== undefined ? input.dueDate : item.dueDate;
    const remarks = input.remarks ?? null;
    return applyMove(tx, scope, kind, id, {
      movements: [input.toPostId, ...copies].map((to, i) => ({ kind: i === 0 ? 'send' : 'copy', from: actor.postId!, to, opened: false })),
      remarks,
      priority,
      dueDate,
      grants: [{ post: input.toPostId, readOnly: false }, ...copies.map((post) => ({ post, readOnly: true }))],
      leaves: true,
      set: { holder_post_id: input.toPostId, held_since: now, opened_at: null, parked_at: null, priority, due_date: dueDate },
      now,
      event: {
        type: 'item.sent',
        itemType: kind.type,
        itemId: id,
        from: actor.postId!,
        to: input.toPostId,
        copies,
        priority,
        dueDate,
        remarks,
      },
    });
  });
}

/** Takes a sent item back: only the post that sent it, and only until the recipient opens it. */
export async function pullBackItem<T extends MovableItem>(
  scope: Scope,
  kind: MovableKind<T>,
  id: string,
  input: VersionInput,
): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockVisible(tx, scope, kind, id, input.version);
    refuse(moveRefusal(kind, actor, { ...item, lastMove: await lastHolderMove(tx, kind.type, id) }, 'pullBack'));
    const from = item.holderPostId;
    const now = new Date();
    return applyMove(tx, scope, kind, id, {
      movements: [{ kind: 'pull_back', from, to: actor.postId!, opened: true }],
      remarks: null,
      priority: item.priority,
      dueDate: item.dueDate,
      grants: [],
      leaves: false,
      set: { holder_post_id: actor.postId!, held_since: now, opened_at: now, parked_at: null },
      now,
      event: { type: 'item.pulled-back', itemType: kind.type, itemId: id, from, to: actor.postId! },
    });
  });
}

/** Returns the item to the post that sent it to the current holder. */
export async function returnItem<T extends MovableItem>(
  scope: Scope,
  kind: MovableKind<T>,
  id: string,
  input: RemarksInput,
): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockVisible(tx, scope, kind, id, input.version);
    const last = await lastHolderMove(tx, kind.type, id);
    refuse(moveRefusal(kind, actor, { ...item, lastMove: last }, 'return'));
    const to = last!.fromPostId;
    const now = new Date();
    const remarks = input.remarks ?? null;
    return applyMove(tx, scope, kind, id, {
      movements: [{ kind: 'return', from: actor.postId!, to, opened: false }],
      remarks,
      priority: item.priority,
      dueDate: item.dueDate,
      grants: [{ post: to, readOnly: false }],
      leaves: true,
      set: { holder_post_id: to, held_since: now, opened_at: null, parked_at: null },
      now,
      event: { type: 'item.returned', itemType: kind.type, itemId: id, from: actor.postId!, to, remarks },
    });
  });
}

/** Park (set aside, out of the working inbox), unpark, close and reopen: the holder's own state changes. */
export async function changeItemState<T extends MovableItem>(
  scope: Scope,
  kind: MovableKind<T>,
  id: string,
  action: 'park' | 'unpark' | 'close' | 'reopen',
  input: RemarksInput,
): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockVisible(tx, scope, kind, id, input.version);
    refuse(moveRefusal(kind, actor, item, action));
    const now = new Date();
    const set: Record<string, unknown> = {
      park: { parked_at: now },
      unpark: { parked_at: null },
      close: { status: 'closed', closed_at: now, parked_at: null },
      reopen: { status: kind.liveStatus, closed_at: null, held_since: now },
    }[action];
    return applyMove(tx, scope, kind, id, {
      movements: [],
      remarks: null,
      priority: item.priority,
      dueDate: item.dueDate,
      grants: [],
      leaves: action === 'close',
      set,
      now,
      event: {
        type: 'item.state-changed',
        itemType: kind.type,
        itemId: id,
        from: actor.postId!,
        to: actor.postId!,
        action,
        remarks: input.remarks ?? null,
      },
    });
  });
}

/**
 * The holder's first look after a move marks the item opened (from then on the sender can no
 * longer pull it back); the movement records who opened it and when.
 */
export async function markOpened<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, item: T): Promise<boolean> {
  if (item.holderPost.id !== scope.actor.postId || item.openedAt) return false;
  return transact(scope, async (tx) => {
    const now = new Date();
    if (!(await markItemOpened(tx.em, kind.access.table, item.id, scope.actor.postId!, now))) return false;
    const last = await tx.em.findOne(
      MovementSchema,
      { itemType: kind.type, itemId: item.id, toPost: scope.actor.postId!, openedAt: null, kind: { $ne: 'copy' } },
      { orderBy: { sentAt: 'desc' } },
    );
    if (last) {
      Object.assign(last, { openedAt: now, openedBy: scope.actor.userId });
      await tx.em.flush();
    }
    tx.emit({
      type: 'item.first-viewed',
      itemType: kind.type,
      itemId: item.id,
      movementId: last?.id ?? null,
      senderPostId: last?.fromPost.id ?? null,
    });
    return true;
  });
}

/** A copy recipient's first look: recorded on the copy movement (unread marker in the copies tab), audited. */
export async function markCopyRead(scope: Scope, kind: Pick<MovableKind, 'type'>, id: string): Promise<void> {
  const postId = scope.actor.postId;
  if (!postId) return;
  const unread = { itemType: kind.type, itemId: id, toPost: postId, kind: 'copy' as const, openedAt: null };
  // most looks are not the first: one cheap read, and a transaction only when there is something to mark
  if (!(await scope.em.fork().count(MovementSchema, unread))) return;
  await transact(scope, async (tx) => {
    if (await tx.em.nativeUpdate(MovementSchema, unread, { openedAt: new Date(), openedBy: scope.actor.userId })) {
      tx.emit({ type: 'item.copy-read', itemType: kind.type, itemId: id, postId });
    }
  });
}

/**
 * The user's look at an item: the holder's first look marks it opened (markOpened), a copy
 * recipient's marks the copy read (markCopyRead). True when the item itself changed (opened).
 */
export async function markRead<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, item: T): Promise<boolean> {
  if (await markOpened(scope, kind, item)) return true;
  if (item.holderPost.id !== scope.actor.postId) await markCopyRead(scope, kind, item.id);
  return false;
}
