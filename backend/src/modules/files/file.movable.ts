import type { MovableKind } from '../movement/movable.js';
import { EFileSchema, fileAccess, type EFile } from './files.entity.js';
import { fileStateRefusal, loadVisibleFile } from './files.policy.js';
import { presentFile } from './files.presenter.js';
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
  access: fileAccess,
  liveStatus: 'open',
  loadVisible: loadVisibleFile,
  present: presentFile,
  stateRefusal: fileStateRefusal,
  // the holder's yellow notes, oldest first, take the next paragraph numbers (one statement; the
  // note trigger lets a yellow note change, never a green one)
  onLeave: (id, now) => ({
    sql: `update note n set state = 'green', seq = y.last + y.rank, locked_at = ?, updated_at = ?, version = n.version + 1
          from (select yn.id, row_number() over (order by yn.created_at, yn.id) as rank,
                       (select coalesce(max(s.seq), 0) from note s where s.file_id = ?) as last
                from note yn where yn.file_id = ? and yn.state = 'yellow') y
          where n.id = y.id`,
    params: [now, now, id, id],
  }),
};
