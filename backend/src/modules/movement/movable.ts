import type { Ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { AppError } from '../../shared/app-error.js';
import type { Post } from '../org/index.js';
import type { ItemType } from './movement.entity.js';
import type { ItemAccess, SqlPart } from './access.js';

/** The fields every item that moves between posts has (receipts and files). */
export interface MovableItem {
  id: string;
  status: string;
  holderPost: Ref<Post>;
  createdByPost: Ref<Post>;
  heldSince: Date;
  openedAt?: Date | null;
  parkedAt?: Date | null;
  closedAt?: Date | null;
  priority: string;
  dueDate?: string | null;
  version: number;
}

/** The row of a moving item as the movement use cases read it under its lock (plain columns, no entity). */
export interface MovableRow {
  id: string;
  status: string;
  holderPostId: string;
  createdByPostId: string;
  version: number;
  priority: string;
  dueDate: string | null;
  openedAt: Date | null;
  parkedAt: Date | null;
}

export type MoveAction = 'send' | 'return' | 'park' | 'unpark' | 'close' | 'reopen';
/** Every move a user may be shown as possible (movement.policy.ts: moveRefusal). */
export type MoveAbility = MoveAction | 'pullBack';

/**
 * What the movement use cases need to know about one kind of item. Each module (dak, files)
 * describes its item once; send, pull back, return, park, close and reopen are written once.
 */
export interface MovableKind<T extends MovableItem = MovableItem, Out = unknown> {
  type: ItemType;
  /** Path segment of its routes: /api/receipts, /api/files. */
  plural: 'receipts' | 'files' | 'applications';
  /**
   * Its table and the access lists that admit to it (registered with the access module); the
   * movement use cases lock and change the row in plain SQL, checking the same rule in the lock.
   */
  access: ItemAccess;
  /** The item, or NOT_FOUND when it does not exist for this user. */
  loadVisible(em: EntityManager, actor: Actor, id: string): Promise<T>;
  /** The full item as the API shows it (the current state carried by a CONFLICT). */
  present(em: EntityManager, actor: Actor, item: T): Promise<Out>;
  /** INVALID_STATE (with the reason) when the item's own state forbids the move, else null (the kind's part of moveRefusal). */
  stateRefusal(item: Pick<MovableRow, 'status' | 'createdByPostId'>, action: MoveAbility, actor: Actor): AppError | null;
  /**
   * Work done in the same statement as the move when the item leaves its holder (files: notes turn
   * green), as a data-modifying CTE over the item `id` and the moment `now`.
   */
  onLeave?(id: string, now: Date): SqlPart;
  /** The values of `status` for a live and a closed item. */
  liveStatus: string;
  /**
   * Moves the kind does not offer (no routes; `stateRefusal` refuses them): an application is closed by its
   * workflow's decision, not by close/reopen, and what the workflow handed on cannot be pulled back.
   */
  withoutMoves?: readonly MoveAbility[];
}
