import { transact, type Scope } from '../../shared/scope.js';
import { SessionSchema } from './session.entity.js';
import { rooms } from '../../shared/hints.js';

/** Ends the current session and disconnects its sockets from every room. */
export async function logout(scope: Scope) {
  await transact(scope, async (tx) => {
    await tx.em.nativeDelete(SessionSchema, { id: scope.actor.sessionId });
    tx.emit({ type: 'session.ended', userId: scope.actor.userId, sessionId: scope.actor.sessionId });
  });
  const { actor } = scope;
  await scope.deps.realtime.moveSession(
    actor.sessionId,
    [
      rooms.org,
      rooms.user(actor.userId),
      ...(actor.postId ? [rooms.post(actor.postId)] : []),
      ...(actor.officeId ? [rooms.office(actor.officeId)] : []),
    ],
    [],
  );
}
