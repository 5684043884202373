import { randomUUID } from 'node:crypto';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { sqlTransaction, type SqlTx } from '../../shared/sql-transaction.js';
import { AppError, fieldError, invalidState } from '../../shared/app-error.js';
import { pgArray } from '../../shared/persistence.js';
import { isoOrNull } from '../../shared/dates.js';
import type { DomainEvent } from '../../shared/events.js';
import { MovementSchema, type Movement } from './movement.entity.js';
import type { MovableItem, MovableKind, MovableRow } from './movable.js';
import type { Moved, SendInput, VersionInput, RemarksInput } from './movement.schemas.js';

type Row = Record<string, any>;
/** Timestamps come back from the driver as text (or Date); null stays null. */
const date = (v: unknown): Date | null => (v == null ? null : new Date(v as string));
const toRow = (r: Row): MovableRow => ({
  id: r.id, status: r.status, holderPostId: r.holder_post_id, createdByPostId: r.created_by_post_id, version: r.version, priority: r.priority,
  dueDate: r.due_date ?? null, openedAt: date(r.opened_at), parkedAt: date(r.parked_at),
});

/**
 * Locks the item for a change made from `version` (the version the user saw), in one statement that
 * also says whether the user may see it (and, for a send, how many of `targets` are active posts):
 * NOT_FOUND for an outsider, then CONFLICT with the current state when stale. While we wait for a
 * concurrent mover's lock, PostgreSQL re-reads the row itself but the access list as it was when the
 * statement began. A row added meanwhile can only hide the item; a row is removed only when a grading
 * is raised (narrow-access.ts), and only read-only access of posts that never held the item, which
 * may do nothing here anyway.
 */
async function lockVisible<T extends MovableItem>(tx: SqlTx, scope: Scope, kind: MovableKind<T>, id: string, version: number, targets?: string[]) {
  const { actor } = scope;
  const held = pgArray(actor.heldPostIds);
  const params: unknown[] = [];
  const access = kind.accessVia.map((v) => {
    params.push(v.type, held);
    return `exists (select 1 from item_access a where a.item_type = ? and a.item_id = x.${v.column} and a.post_id = any(?::uuid[]))`;
  });
  if (targets) params.push(pgArray(targets));
  params.push(id);
  const [[r] = []] = await tx.query(
    `select x.id, x.status, x.holder_post_id, x.created_by_post_id, x.version, x.priority, x.due_date::text as due_date, x.opened_at, x.parked_at,
            (${access.join(' or ')}) as visible${targets ? ', (select count(*) from post p where p.id = any(?::uuid[]) and p.active)::int as targets_found' : ''}
     from ${kind.table} x where x.id = ? for update of x`,
    params);
  if (!r || !r.visible) throw new AppError('NOT_FOUND');
  if (r.version !== version) throw new Stale();
  return { row: toRow(r), targetsFound: r.targets_found as number | undefined };
}

/** Locks the item for a change only its holder may make; NOT_FOUND, CONFLICT or NOT_WITH_YOU otherwise. */
async function lockAsHolder<T extends MovableItem>(tx: SqlTx, scope: Scope, kind: MovableKind<T>, id: string, version: number, targets?: string[]) {
  const locked = await lockVisible(tx, scope, kind, id, version, targets);
  if (locked.row.holderPostId !== scope.actor.postId) throw new AppError('NOT_WITH_YOU');
  return locked;
}

interface Move {
  /** Movements to record, all with the same remarks, priority and due date. */
  movements: Array<{ kind: Movement['kind']; from: string; to: string; opened: boolean }>;
  remarks: string | null;
  priority: string;
  dueDate: string | null;
  /** Access to grant: full for a new holder, read-only for a copy. */
  grants: Array<{ post: string; readOnly: boolean }>;
  /** The item leaves its holder (the kind's `onLeave` runs). */
  leaves: boolean;
  /** Columns of the item to set (names from this file only); version and updated_at always move on. */
  set: Record<string, unknown>;
  now: Date;
  /** What happened: its audit row rides with the COMMIT, its hints go out after. */
  event: DomainEvent<'item.sent' | 'item.pulled-back' | 'item.returned' | 'item.state-changed'>;
}

/** The item changed since the user saw it: CONFLICT with its current state, told once the transaction is over. */
class Stale extends Error {}

/**
 * Runs a move as one plain-SQL transaction (sqlTransaction: the lock travels with BEGIN, the writes
 * with the audit append and COMMIT; hints go out after); a stale version becomes CONFLICT with the
 * item as it is now.
 */
async function moving<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, work: (tx: SqlTx) => Promise<Moved>): Promise<Moved> {
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
async function applyMove(tx: SqlTx, scope: Scope, kind: Pick<MovableKind, 'type' | 'table' | 'onLeave'>, id: string, m: Move): Promise<Moved> {
  const ctes: string[] = [];
  const params: unknown[] = [];
  const movementIds = m.movements.map(() => randomUUID());
  if (m.movements.length) {
    ctes.push(`moved as (insert into movement (id, item_type, item_id, kind, from_post_id, to_post_id, sent_by_id, remarks, priority, due_date, sent_at, opened_at, opened_by_id)
      values ${m.movements.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?, ?, ?)').join(', ')})`);
    m.movements.forEach((mv, i) => params.push(movementIds[i], kind.type, id, mv.kind, mv.from, mv.to, scope.actor.userId, m.remarks, m.priority, m.dueDate, m.now, mv.opened ? m.now : null, mv.opened ? scope.actor.userId : null));
  }
  if (m.grants.length) {
    // a post that once held the item keeps full access; a copy adds read-only access only where none exists
    ctes.push(`granted as (insert into item_access (item_type, item_id, post_id, read_only, granted_at) values ${m.grants.map(() => '(?, ?, ?, ?, ?)').join(', ')}
      on conflict (item_type, item_id, post_id) do update set read_only = item_access.read_only and excluded.read_only)`);
    for (const g of m.grants) params.push(kind.type, id, g.post, g.readOnly, m.now);
  }
  if (m.leaves && kind.onLeave) {
    const leave = kind.onLeave(id, m.now);
    ctes.push(`leave as (${leave.sql})`);
    params.push(...leave.params);
  }
  const set = Object.entries(m.set);
  params.push(...set.map(([, v]) => v), m.now, id);
  tx.emit(m.event);
  const [rows] = await tx.commit(
    `${ctes.length ? `with ${ctes.join(', ')}\n` : ''}update ${kind.table} set ${set.map(([c]) => `${c} = ?`).join(', ')}, version = version + 1, updated_at = ?
     where id = ? returning id, version, status, holder_post_id, held_since, parked_at, closed_at`,
    params);
  const r = rows![0];
  return {
    id, type: kind.type, version: r!.version, status: r!.status, holder: { postId: r!.holder_post_id, since: date(r!.held_since)!.toISOString() },
    parkedAt: isoOrNull(date(r!.parked_at)), closedAt: isoOrNull(date(r!.closed_at)), movementId: movementIds[0] ?? null,
  };
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
export async function sendItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: SendInput): Promise<Moved> {
  const { actor } = scope;
  const copies = [...new Set(input.copyTo)].filter((p) => p !== input.toPostId && p !== actor.postId);
  const targets = [input.toPostId, ...copies];
  return moving(scope, kind, id, async (tx) => {
    const { row: item, targetsFound } = await lockAsHolder(tx, scope, kind, id, input.version, targets);
    kind.assertState(item, 'send', actor);
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
      remarks, priority, dueDate,
      grants: [{ post: input.toPostId, readOnly: false }, ...copies.map((post) => ({ post, readOnly: true }))],
      leaves: true,
      set: { holder_post_id: input.toPostId, held_since: now, opened_at: null, parked_at: null, priority, due_date: dueDate },
      now,
      event: { type: 'item.sent', itemType: kind.type, itemId: id, from: actor.postId!, to: input.toPostId, copies, priority, dueDate, remarks },
    });
  });
}

/** Takes a sent item back: only the post that sent it, and only until the recipient opens it. */
export async function pullBackItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: VersionInput): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockVisible(tx, scope, kind, id, input.version);
    const last = await lastMove(tx, kind, id);
    if (!last || last.kind !== 'send' || last.from_post_id !== actor.postId || item.holderPostId === actor.postId) throw invalidState('notSentByYou');
    if (item.openedAt || last.opened_at) throw invalidState('alreadyOpened');
    const from = item.holderPostId;
    const now = new Date();
    return applyMove(tx, scope, kind, id, {
      movements: [{ kind: 'pull_back', from, to: actor.postId!, opened: true }], remarks: null, priority: item.priority, dueDate: item.dueDate,
      grants: [], leaves: false, set: { holder_post_id: actor.postId!, held_since: now, opened_at: now, parked_at: null }, now,
      event: { type: 'item.pulled-back', itemType: kind.type, itemId: id, from, to: actor.postId! },
    });
  });
}

/** Returns the item to the post that sent it to the current holder. */
export async function returnItem<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, input: RemarksInput): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockAsHolder(tx, scope, kind, id, input.version);
    kind.assertState(item, 'return', actor);
    const last = await lastMove(tx, kind, id);
    if (!last || last.to_post_id !== actor.postId || last.kind === 'pull_back') throw invalidState('nobodyToReturnTo');
    const to: string = last.from_post_id;
    const now = new Date();
    const remarks = input.remarks ?? null;
    return applyMove(tx, scope, kind, id, {
      movements: [{ kind: 'return', from: actor.postId!, to, opened: false }], remarks, priority: item.priority, dueDate: item.dueDate,
      grants: [{ post: to, readOnly: false }], leaves: true, set: { holder_post_id: to, held_since: now, opened_at: null, parked_at: null }, now,
      event: { type: 'item.returned', itemType: kind.type, itemId: id, from: actor.postId!, to, remarks },
    });
  });
}

/** Park (set aside, out of the working inbox), unpark, close and reopen: the holder's own state changes. */
export async function changeItemState<T extends MovableItem>(scope: Scope, kind: MovableKind<T>, id: string, action: 'park' | 'unpark' | 'close' | 'reopen', input: RemarksInput): Promise<Moved> {
  const { actor } = scope;
  return moving(scope, kind, id, async (tx) => {
    const { row: item } = await lockAsHolder(tx, scope, kind, id, input.version);
    kind.assertState(item, action, actor);
    const now = new Date();
    let set: Record<string, unknown>;
    if (action === 'park') {
      if (item.parkedAt) throw invalidState('alreadyParked');
      set = { parked_at: now };
    } else if (action === 'unpark') {
      if (!item.parkedAt) throw invalidState('notParked');
      set = { parked_at: null };
    } else if (action === 'close') {
      if (item.status === 'closed') throw invalidState('alreadyClosed');
      set = { status: 'closed', closed_at: now, parked_at: null };
    } else {
      if (item.status !== 'closed') throw invalidState('notClosed');
      set = { status: kind.liveStatus, closed_at: null, held_since: now };
    }
    return applyMove(tx, scope, kind, id, {
      movements: [], remarks: null, priority: item.priority, dueDate: item.dueDate, grants: [], leaves: action === 'close', set, now,
      event: { type: 'item.state-changed', itemType: kind.type, itemId: id, from: actor.postId!, to: actor.postId!, action, remarks: input.remarks ?? null },
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
    const updated = await tx.em.nativeUpdate(kind.schema, { id: item.id, openedAt: null, holderPost: scope.actor.postId! } as never, { openedAt: now } as never);
    if (!updated) return false;
    const last = await tx.em.findOne(MovementSchema, { itemType: kind.type, itemId: item.id, toPost: scope.actor.postId!, openedAt: null, kind: { $ne: 'copy' } }, { orderBy: { sentAt: 'desc' } });
    if (last) {
      Object.assign(last, { openedAt: now, openedBy: scope.actor.userId });
      await tx.em.flush();
    }
    tx.emit({ type: 'item.first-viewed', itemType: kind.type, itemId: item.id, movementId: last?.id ?? null, senderPostId: last?.fromPost.id ?? null });
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

/** The last move that changed the holder (a statement of its own after the lock, so it sees a concurrent mover's commit). */
async function lastMove(tx: SqlTx, kind: Pick<MovableKind, 'type'>, id: string): Promise<Row | undefined> {
  const [[m] = []] = await tx.query(
    `select kind, from_post_id, to_post_id, opened_at from movement where item_type = ? and item_id = ? and kind in ('send', 'pull_back', 'return') order by sent_at desc limit 1`,
    [kind.type, id]);
  return m;
}
