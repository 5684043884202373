import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, forbidden, invalidState } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import type { Tx } from '../../shared/scope.js';
import { canSee, refKey, visibleRefs, type MoveAbility } from '../movement/index.js';
import { EFileSchema, type Draft, type EFile, type Note } from './files.entity.js';

/**
 * A file exists for a user only if one of their posts is in its access list (every post it was
 * with, sent from or copied to: movement/access.ts); otherwise it is NOT_FOUND, graded or not. Changing it needs the
 * acting post to hold it, and the file to be open.
 */
export async function loadVisibleFile(em: EntityManager, actor: Actor, id: string): Promise<EFile> {
  const file = await em.findOne(EFileSchema, { id }, { populate: ['head'] });
  if (!file || !(await canSee(em, actor, 'file', file))) throw new AppError('NOT_FOUND');
  return file;
}

/** Which of these files the user may see (for references and links). */
export async function visibleFileIds(em: EntityManager, actor: Actor, ids: string[]): Promise<Set<string>> {
  const visible = await visibleRefs(
    em,
    actor.heldPostIds,
    ids.map((id) => ({ type: 'file', id })),
  );
  return new Set(ids.filter((id) => visible.has(refKey({ type: 'file', id }))));
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

/**
 * The file's part of every move rule (movement.policy.ts): files move while open; only the post that
 * opened a file may close or reopen it.
 */
export function fileStateRefusal(f: { status: string; createdByPostId: string }, action: MoveAbility, actor: Actor): AppError | null {
  if ((action === 'close' || action === 'reopen') && f.createdByPostId !== actor.postId) return invalidState('onlyCreatorCloses');
  if (action === 'reopen') return f.status === 'closed' ? null : invalidState('notClosed');
  return f.status === 'open' ? null : invalidState('fileClosed');
}

/** What may be done to a draft for approval. */
export type DraftAction = 'revise' | 'approve' | 'comment';

/**
 * Why the acting post may not do this to a draft now, or null when it may: the holder rule of the
 * file, then the draft's own state (an issued draft keeps its words; the drafter's post does not
 * approve its own draft). Used by the draft use cases and the draft's `abilities`.
 */
export function draftRefusal(
  actor: Actor,
  file: Pick<EFile, 'holderPost' | 'status'>,
  d: Pick<Draft, 'status' | 'createdByPost'>,
  issued: boolean,
  action: DraftAction,
): AppError | null {
  const holder = holderRefusal(actor, file);
  if (holder) return holder;
  if (action === 'revise') return issued ? invalidState('draftAlreadyIssued') : null;
  if (action === 'approve')
    return d.status === 'approved'
      ? invalidState('alreadyApproved')
      : d.createdByPost.id === actor.postId
        ? invalidState('ownDraft')
        : null;
  return null;
}

/**
 * Why the user may not edit this note now, or null: a yellow note of theirs, unsigned, in a file
 * their acting post holds (deleting skips the signature: a signed draft note may still go).
 */
export function noteEditRefusal(
  actor: Actor,
  file: Pick<EFile, 'holderPost' | 'status'>,
  note: Pick<Note, 'state' | 'authorUser'>,
  signed: boolean,
  action: 'edit' | 'delete' = 'edit',
): AppError | null {
  const holder = holderRefusal(actor, file);
  if (holder) return holder;
  if (note.state === 'green') return invalidState('noteLocked');
  if (note.authorUser.id !== actor.userId) return invalidState('notYourNote');
  return action === 'edit' && signed ? invalidState('noteSigned') : null;
}

/** A yellow note is its holder's draft: it exists only for the post holding the file (as in eOffice); a green one for all who see the file. */
export function noteVisible(actor: Actor, file: Pick<EFile, 'holderPost'>, note: Pick<Note, 'state'>): boolean {
  return note.state === 'green' || file.holderPost.id === actor.postId;
}

/** Why the user may not sign this note, or null: their own, not signed yet (the signing use case and the note's `canSign`). */
export function noteSignRefusal(actor: Actor, note: Pick<Note, 'authorUser'>, signed: boolean): AppError | null {
  if (note.authorUser.id !== actor.userId) return invalidState('notYourNote');
  return signed ? invalidState('noteAlreadySigned') : null;
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
export async function lockFileForChange(
  tx: Tx,
  actor: Actor,
  id: string,
  version: number,
  present: (f: EFile) => Promise<unknown>,
): Promise<EFile> {
  const file = await loadForUpdate(tx.em, EFileSchema, id, version, (f) => present(f));
  const refusal = holderRefusal(actor, file);
  if (refusal) throw refusal;
  return file;
}

/** Marks the file changed, so its version moves on and a concurrent action from the old version is a conflict. */
export function touch(file: EFile): void {
  file.updatedAt = new Date();
}
