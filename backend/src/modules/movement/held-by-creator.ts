import type { Actor } from '../../shared/actor.js';

/** A new item of any kind: made by the acting post and user, and held by that post from now on. */
export function heldByCreator(actor: Actor, now: Date) {
  return { createdByPost: actor.postId!, createdByUser: actor.userId, holderPost: actor.postId!, heldSince: now, openedAt: now };
}
