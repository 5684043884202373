import { invalidState } from '../../shared/app-error.js';
import type { MovableKind } from '../movement/movable.js';
import { EFileSchema, NoteSchema, type EFile } from './files.entity.js';
import { canSeeFile, loadVisibleFile } from './files.policy.js';
import { presentCommittedFile, presentFile } from './files.presenter.js';
import type { FileOut } from './files.schemas.js';

/**
 * Files move while open; only the post that opened a file may close or reopen it. When a file
 * leaves its holder (sent, returned, closed) the holder's yellow notes turn green: numbered and
 * locked for ever.
 */
export const fileKind: MovableKind<EFile, FileOut> = {
  type: 'file',
  plural: 'files',
  schema: EFileSchema,
  liveStatus: 'open',
  loadVisible: loadVisibleFile,
  canSee: (em, actor, f) => canSeeFile(em, actor, f.id),
  present: presentFile,
  presentCommitted: presentCommittedFile,
  assertState(f, action, actor) {
    if ((action === 'close' || action === 'reopen') && f.createdByPost.id !== actor.postId) throw invalidState('onlyCreatorCloses');
    if (action === 'reopen') {
      if (f.status !== 'closed') throw invalidState('notClosed');
      return;
    }
    if (f.status !== 'open') throw invalidState('fileClosed');
  },
  async onLeave(tx, f) {
    const yellow = await tx.em.find(NoteSchema, { file: f.id, state: 'yellow' }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    if (!yellow.length) return;
    const [row] = await tx.em.getConnection().execute<Array<{ last: number | null }>>('select max(seq) as last from note where file_id = ?', [f.id], 'all', tx.em.getTransactionContext());
    let seq = Number(row?.last ?? 0);
    const now = new Date();
    for (const n of yellow) Object.assign(n, { state: 'green', seq: ++seq, lockedAt: now });
  },
};
