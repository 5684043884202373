import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { loadHeldPosts, UserSchema } from '../org/index.js';

/**
 * The actor of a user acting as their first held post, for system work done in a user's name (the demo
 * seeds go through the same use cases as the app). Not a login: no session, no throttle.
 */
export async function actorForUser(em: EntityManager, username: string): Promise<Actor> {
  const u = await em.findOne(UserSchema, { username });
  if (!u) throw new Error(`user ${username} is missing`);
  const held = await loadHeldPosts(em, u.id);
  const acting = held[0]!.post;
  return {
    userId: u.id,
    username,
    sessionId: 'seed',
    postId: acting.id,
    officeId: acting.office.id,
    capabilities: [...acting.capabilities],
    heldPostIds: held.map((h) => h.post.id),
    locale: (u.locale as 'hi' | 'en' | null) ?? 'en',
    ip: '127.0.0.1',
  };
}
