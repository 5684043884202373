import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import type { Tx } from '../../shared/scope.js';
import { ItemAccessSchema } from '../movement/movement.entity.js';
import { EFileSchema, type EFile } from './files.entity.js';

/**
 * A file exists for a user only if one of their posts is in its access list (every post it was
 * with, sent from or copied to); otherwise it is NOT_FOUND, graded or not. Changing it needs the
 * acting post to hold it, and the file to be open.
 */
export async function loadVisibleFile(em: EntityManager, actor: Actor, id: string): Promise<EFile> {
  const file = await em.findOne(EFileSchema, { id }, { populate: ['head'] });
  if (!file || !(await canSeeFile(em, actor, id))) throw new AppError('NOT_FOUND');
  return file;
}

export async function canSeeFile(em: EntityManager, actor: Actor, id: string): Promise<boolean> {
  if (actor.heldPostIds.length === 0) return false;
  return (await em.count(ItemAccessSchema, { itemType: 'file', itemId: id, post: { $in: [...actor.heldPostIds] } })) > 0;
}

/** Which of these files the user may see (for references and links). */
export async function visibleFileIds(em: EntityManager, actor: Actor, ids: string[]): Promise<Set<string>> {
  if (!ids.length || !actor.heldPostIds.length) return new Set();
  const rows = await em.find(ItemAccessSchema, { itemType: 'file', itemId: { $in: ids }, post: { $in: [...actor.heldPostIds] } });
  return new Set(rows.map((r) => r.itemId));
}

/**
 * Locks the file for a change its holder makes from `version` (the version the user saw): a stale
 * version is a CONFLICT carrying the current file, so nothing the user typed is lost.
 */
export async function lockFileForChange(tx: Tx, actor: Actor, id: string, version: number, present: (f: EFile) => Promise<unknown>): Promise<EFile> {
  const file = await loadForUpdate(tx.em, EFileSchema, id, version, (f) => present(f as EFile));
  if (file.holderPost.id !== actor.postId) throw new AppError('NOT_WITH_YOU');
  if (file.status === 'closed') throw invalidState('fileClosed');
  return file;
}

/** Marks the file changed, so its version moves on and a concurrent action from the old version is a conflict. */
export function touch(file: EFile): void {
  file.updatedAt = new Date();
}
