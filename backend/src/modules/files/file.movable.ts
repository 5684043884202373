import type { MovableKind } from '../movement/movable.js';
import { EFileSchema, fileAccess, type EFile } from './files.entity.js';
import { fileStateRefusal, loadVisibleFile } from './files.policy.js';
import { presentFile } from './files.presenter.js';
import type { FileOut } from './files.schemas.js';
import { greenNotesSql } from './files.queries.js';

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
  onLeave: greenNotesSql,
};
