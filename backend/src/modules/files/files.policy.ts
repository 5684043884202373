import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, forbidden, invalidState } from '../../shared/app-error.js';
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
 * Why the acting post may not change the file now, or null when it may: it must hold the file and
 * the file must be open. The one rule behind every holder-only action and its `abilities` flag.
 */
export function holderRefusal(actor: Actor, f: Pick<EFile, 'holderPost' | 'status'>): AppError | null {
  if (f.holderPost.id !== actor.postId) return new AppError('NOT_WITH_YOU');
  if (f.status !== 'open') return invalidState('fileClosed');
  return null;
}

/** Posts that note on files (officers and their staff) may open files; the dak desk only diarises and sends. */
export function mayOpenFiles(actor: Actor): boolean {
  return !!actor.postId && !!actor.officeId && actor.capabilities.some((c) => c === 'noting' || c === 'supervision');
}

/**
 * Why the acting post may not open a part file or a new volume of this file, or null when it may:
 * a post that opens files, holding the main file while it is open (the holder rule of every other
 * action). Used by the use case and by the file's `abilities.createPart`.
 */
export function createPartRefusal(actor: Actor, f: Pick<EFile, 'holderPost' | 'status' | 'kind'>): AppError | null {
  if (!mayOpenFiles(actor)) return forbidden();
  return holderRefusal(actor, f) ?? (f.kind !== 'main' ? invalidState('partOfPart') : null);
}

/**
 * Locks the file for a change its holder makes from `version` (the version the user saw): a stale
 * version is a CONFLICT carrying the current file, so nothing the user typed is lost.
 */
export async function lockFileForChange(tx: Tx, actor: Actor, id: string, version: number, present: (f: EFile) => Promise<unknown>): Promise<EFile> {
  const file = await loadForUpdate(tx.em, EFileSchema, id, version, (f) => present(f as EFile));
  const refusal = holderRefusal(actor, file);
  if (refusal) throw refusal;
  return file;
}

/** Marks the file changed, so its version moves on and a concurrent action from the old version is a conflict. */
export function touch(file: EFile): void {
  file.updatedAt = new Date();
}
