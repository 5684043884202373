import { transact, type Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { SessionSchema } from './session.entity.js';
import { UserSchema } from '../org/org.entity.js';
import { loadHeldPosts } from '../org/held-posts.js';
import { presentMe } from './auth.presenter.js';
import { rooms } from '../../realtime/hints.js';

/** Makes another held post the acting one for this session; its sockets follow to that post's rooms. */
export async function switchActingPost(scope: Scope, input: { postId: string }) {
  const { actor } = scope;
  const held = await loadHeldPosts(scope.em, actor.userId);
  const target = held.find((h) => h.post.id === input.postId);
  if (!target) throw new AppError('NOT_HOLDER');
  await transact(scope, async (tx) => {
    await tx.em.nativeUpdate(SessionSchema, { id: actor.sessionId }, { actingPost: target.post.id });
    tx.emit({ type: 'session.post-switched', sessionId: actor.sessionId, from: actor.postId, to: target.post.id });
  });
  const leave = [...(actor.postId ? [rooms.post(actor.postId)] : []), ...(actor.officeId ? [rooms.office(actor.officeId)] : [])];
  await scope.deps.realtime.moveSession(actor.sessionId, leave, [rooms.post(target.post.id), rooms.office(target.post.office.id)]);
  const user = await scope.em.findOneOrFail(UserSchema, { id: actor.userId });
  return presentMe(user, held, target.post.id);
}
