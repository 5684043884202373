import type { Scope } from '../../shared/scope.js';
import { AppError } from '../../shared/app-error.js';
import { errorAnswer } from '../../http/middlewares/errors.js';
import type { MovableKind } from './movable.js';
import type { ItemType } from './movement.entity.js';
import { changeItemState, markRead, sendItem } from './move-item.js';
import type { BulkInput, BulkOutput } from './movement.schemas.js';

/**
 * One action on many items (a clerk's stack of dak): send them all to one post (with copies), park
 * them or mark them read. Each item goes through the same use case as a single move, in its own
 * transaction, so the rules (visibility, holder, version, state) stay in one place; an item that
 * cannot be done is reported with the code and message a single move would answer, and the others
 * go on.
 */
/**
 * How one item of a bulk action that failed is reported: the code and message its single route would
 * answer (a field issue, e.g. an unknown post, says more than "some entries are not valid"). Anything
 * but an AppError is not the item's fault and fails the whole request.
 */
export function bulkFailure(scope: Pick<Scope, 'actor'>, err: unknown): { error: string; message: string } {
  if (!(err instanceof AppError)) throw err;
  const answer = errorAnswer(err, scope.actor.locale);
  const issue = (answer.details?.issues as Array<{ message: string }> | undefined)?.[0]?.message;
  return { error: err.code, message: issue ?? answer.message };
}

export async function bulkMove(scope: Scope, kinds: ReadonlyMap<ItemType, MovableKind>, input: BulkInput): Promise<BulkOutput> {
  const results: BulkOutput['results'] = [];
  for (const item of input.items) {
    const kind = kinds.get(item.kind);
    try {
      if (!kind) throw new AppError('NOT_FOUND');
      const version = await applyOne(scope, kind, item, input);
      results.push({ kind: item.kind, id: item.id, ok: true, version, error: null, message: null });
    } catch (err) {
      results.push({ kind: item.kind, id: item.id, ok: false, version: null, ...bulkFailure(scope, err) });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

async function applyOne(scope: Scope, kind: MovableKind, item: BulkInput['items'][number], input: BulkInput): Promise<number> {
  switch (input.action) {
    case 'send':
      return (
        await sendItem(scope, kind, item.id, {
          version: item.version,
          toPostId: input.toPostId!,
          copyTo: input.copyToPostIds,
          remarks: input.remarks,
          priority: input.priority,
          dueDate: input.dueDate,
        })
      ).version;
    case 'park':
      return (await changeItemState(scope, kind, item.id, 'park', { version: item.version, remarks: input.remarks })).version;
    case 'markRead': {
      const loaded = await kind.loadVisible(scope.em.fork(), scope.actor, item.id);
      if (!(await markRead(scope, kind, loaded))) return loaded.version;
      return (await kind.loadVisible(scope.em.fork(), scope.actor, item.id)).version;
    }
  }
}
