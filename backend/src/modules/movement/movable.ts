import type { EntitySchema, Ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { Scope, Tx } from '../../shared/scope.js';
import type { Post } from '../org/org.entity.js';
import type { ItemType } from './movement.entity.js';

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

export type MoveAction = 'send' | 'return' | 'park' | 'unpark' | 'close' | 'reopen';

/**
 * What the movement use cases need to know about one kind of item. Each module (dak, files)
 * describes its item once; send, pull back, return, park, close and reopen are written once.
 */
export interface MovableKind<T extends MovableItem = MovableItem, Out = unknown> {
  type: ItemType;
  /** Path segment of its routes: /api/receipts, /api/files. */
  plural: 'receipts' | 'files';
  schema: EntitySchema<T, any>;
  /** The item, or NOT_FOUND when it does not exist for this user. */
  loadVisible(em: EntityManager, actor: Actor, id: string): Promise<T>;
  /** Whether the item exists for this user (their posts are in its access list). */
  canSee(em: EntityManager, actor: Actor, item: T): Promise<boolean>;
  present(em: EntityManager, actor: Actor, item: T): Promise<Out>;
  presentCommitted(scope: Scope, id: string): Promise<Out>;
  /** Throws INVALID_STATE (with the reason) when the item's own state forbids the action. */
  assertState(item: T, action: MoveAction, actor: Actor): void;
  /** Work done in the same transaction when the item leaves its holder (files: notes turn green). */
  onLeave?(tx: Tx, item: T): Promise<void>;
  /** The values of `status` for a live and a closed item. */
  liveStatus: string;
}
