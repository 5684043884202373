import type { Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { UserSchema, loadHeldPosts } from '../org/index.js';
import { presentMe } from './auth.presenter.js';

/** The signed-in user, the posts they hold today and the one they act as. */
export async function getMe(scope: Scope) {
  const user = await scope.em.findOne(UserSchema, { id: scope.actor.userId });
  if (!user) throw new AppError('UNAUTHENTICATED');
  return presentMe(user, await loadHeldPosts(scope.em, user.id), scope.actor.postId);
}
