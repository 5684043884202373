import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import type { MovableItem, MoveAbility, MovableKind, MovableRow } from './movable.js';

/** The last move that changed an item's holder (send, pull back or return). */
export interface LastMove {
  kind: string;
  fromPostId: string;
  toPostId: string;
  openedAt: Date | null;
}

/**
 * What the move rules look at: the item's state (under its row lock in a move, as loaded in a
 * presenter) and, for return and pull back, its last holder-changing move.
 */
export type MoveFacts = Pick<MovableRow, 'status' | 'holderPostId' | 'createdByPostId' | 'openedAt' | 'parkedAt'> & {
  lastMove?: LastMove | null;
};

/**
 * Why the acting post may not make this move now, or null when it may: THE rule behind each move
 * (send, return, pull back, park, unpark, close, reopen). The movement use cases enforce it under the
 * item's lock; presenters show it as `abilities`. Only the target of a send is checked elsewhere
 * (it is input, not state).
 */
export function moveRefusal(kind: Pick<MovableKind, 'stateRefusal'>, actor: Actor, item: MoveFacts, action: MoveAbility): AppError | null {
  const last = item.lastMove ?? null;
  if (action === 'pullBack') {
    // only the post that sent it, and only until the recipient opens it
    if (!last || last.kind !== 'send' || last.fromPostId !== actor.postId || item.holderPostId === actor.postId)
      return invalidState('notSentByYou');
    if (item.openedAt || last.openedAt) return invalidState('alreadyOpened');
    return kind.stateRefusal(item, action, actor);
  }
  if (item.holderPostId !== actor.postId) return new AppError('NOT_WITH_YOU');
  const state = kind.stateRefusal(item, action, actor);
  if (state) return state;
  switch (action) {
    case 'return':
      return !last || last.toPostId !== actor.postId || last.kind === 'pull_back' ? invalidState('nobodyToReturnTo') : null;
    case 'park':
      return item.parkedAt ? invalidState('alreadyParked') : null;
    case 'unpark':
      return item.parkedAt ? null : invalidState('notParked');
    case 'close':
      return item.status === 'closed' ? invalidState('alreadyClosed') : null;
    case 'reopen':
      return item.status === 'closed' ? null : invalidState('notClosed');
    case 'send':
      return null; // where to is input, checked by the use case
  }
}

/** The facts of a loaded item (an entity) for the move rules. */
export function moveFacts(item: MovableItem, lastMove: LastMove | null): MoveFacts {
  return {
    status: item.status,
    holderPostId: item.holderPost.id,
    createdByPostId: item.createdByPost.id,
    openedAt: item.openedAt ?? null,
    parkedAt: item.parkedAt ?? null,
    lastMove,
  };
}

const MOVES = ['send', 'return', 'pullBack', 'park', 'unpark', 'close', 'reopen'] as const satisfies readonly MoveAbility[];

/** Each move as an ability flag: exactly when moveRefusal allows it (what the item's presenter shows). */
export function moveAbilities(kind: Pick<MovableKind, 'stateRefusal'>, actor: Actor, item: MoveFacts): Record<MoveAbility, boolean> {
  return Object.fromEntries(MOVES.map((m) => [m, !moveRefusal(kind, actor, item, m)])) as Record<MoveAbility, boolean>;
}
