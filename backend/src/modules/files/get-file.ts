import type { Scope } from '../../shared/scope.js';
import { markRead } from '../movement/index.js';
import { fileKind } from './file.movable.js';
import { loadVisibleFile } from './files.policy.js';
import { presentFile } from './files.presenter.js';

/** A file as its viewer sees it. The holder's first look after a move marks it opened (no pull back after that). */
export async function getFile(scope: Scope, id: string) {
  let file = await loadVisibleFile(scope.em, scope.actor, id);
  if (await markRead(scope, fileKind, file)) file = await loadVisibleFile(scope.em.fork(), scope.actor, id);
  return presentFile(scope.em, scope.actor, file);
}
