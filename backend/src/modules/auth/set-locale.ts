import { transact, type Scope } from '../../shared/scope.js';
import { UserSchema } from '../org/org.entity.js';
import { loadHeldPosts } from '../org/held-posts.js';
import { presentMe } from './auth.presenter.js';

/** Remembers the user's language (Hindi or English) for the UI and for server messages. */
export async function setLocale(scope: Scope, input: { locale: 'hi' | 'en' }) {
  const user = await transact(scope, async (tx) => {
    const u = await tx.em.findOneOrFail(UserSchema, { id: scope.actor.userId });
    u.locale = input.locale;
    await tx.em.flush();
    tx.emit({ type: 'user.locale-set', userId: u.id, locale: input.locale });
    return u;
  });
  return presentMe(user, await loadHeldPosts(scope.em, user.id), scope.actor.postId);
}
