import { AppError, invalidState } from '../../shared/app-error.js';
import { transact, type Scope } from '../../shared/scope.js';
import { EFileSchema, FileLinkSchema } from './files.entity.js';
import { loadVisibleFile, lockFileForChange, touch } from './files.policy.js';
import { presentCommittedFile, presentFile } from './files.presenter.js';

const pair = (x: string, y: string) => (x < y ? { a: x, b: y } : { a: y, b: x });

/** Links a related file (one the user can see); stored once for both sides. */
export async function linkFile(scope: Scope, fileId: string, input: { version: number; fileId: string }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await loadVisibleFile(scope.em, scope.actor, input.fileId);
  if (input.fileId === fileId) throw invalidState('linkSelf');
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const existing = await tx.em.findOne(FileLinkSchema, {
      $or: [
        { a: fileId, b: input.fileId },
        { a: input.fileId, b: fileId },
      ],
    });
    if (existing) throw invalidState('alreadyLinked');
    tx.em.create(FileLinkSchema, {
      ...pair(fileId, input.fileId),
      kind: 'related',
      createdByPost: scope.actor.postId!,
      createdAt: new Date(),
    });
    touch(file);
    await tx.em.flush();
    const other = await tx.em.findOneOrFail(EFileSchema, { id: input.fileId });
    tx.emit({
      type: 'file.linked',
      fileId,
      holderPostId: file.holderPost.id,
      otherId: input.fileId,
      otherHolderPostId: other.holderPost.id,
    });
  });
  return presentCommittedFile(scope, fileId);
}

/** Removes a related-file link (parts and volumes stay linked to their main file). */
export async function unlinkFile(scope: Scope, fileId: string, otherId: string, input: { version: number }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const link = await tx.em.findOne(FileLinkSchema, pair(fileId, otherId));
    if (!link || link.kind !== 'related') throw new AppError('NOT_FOUND');
    tx.em.remove(link);
    touch(file);
    await tx.em.flush();
    const other = await tx.em.findOneOrFail(EFileSchema, { id: otherId });
    tx.emit({ type: 'file.unlinked', fileId, holderPostId: file.holderPost.id, otherId, otherHolderPostId: other.holderPost.id });
  });
  return presentCommittedFile(scope, fileId);
}
