import type { Scope } from '../../shared/scope.js';
import { AuditEventSchema } from '../audit/index.js';
import { postRefs } from '../movement/index.js';
import { loadVisibleFile } from './files.policy.js';

/** Everything done to a file, from the audit chain, oldest first. */
export async function fileHistory(scope: Scope, id: string) {
  await loadVisibleFile(scope.em, scope.actor, id);
  const events = await scope.em.find(AuditEventSchema, { objectType: 'file', objectId: id }, { orderBy: { seq: 'asc' }, limit: 2000 });
  const refs = await postRefs(
    scope.em,
    events.flatMap((e) => (e.actorPostId ? [e.actorPostId] : [])),
  );
  return {
    items: events.map((e) => ({
      seq: Number(e.seq),
      at: e.at.toISOString(),
      action: e.action,
      actor: e.actorLabel,
      post: e.actorPostId ? (refs.get(e.actorPostId) ?? null) : null,
      details: e.details,
    })),
  };
}
