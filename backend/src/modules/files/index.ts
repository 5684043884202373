/**
 * The files module's public surface: files, notes, correspondence and drafts. Files knows no module
 * above it: signing shows its signatures on a file's notes and drafts through fileAddons.
 */

// --- for signing (notes and letters are signed; a signed letter joins the file's correspondence)
export { CorrespondenceSchema, DraftSchema, DraftVersionSchema, EFileSchema, NoteSchema, type EFile, type Note } from './files.entity.js';
export { holderRefusal, loadVisibleFile, noteSignRefusal, noteVisible, touch } from './files.policy.js';
export { correspondenceEnd } from './files.queries.js';
export type { FileAddons } from './file-addons.js';

// --- for search: the indexed text of a file, and which notes a post sees
export { FILE_SEARCH_TEXT } from './files.entity.js';
export { noteVisibleSql } from './files.queries.js';

// --- for the demo seed (pendency) and the composition root
export { openFile } from './open-file.js';
export { fileKind } from './file.movable.js';
export { DraftCommentSchema, FileHeadSchema, FileLinkSchema } from './files.entity.js';
export { fileRoutes } from './files.routes.js';
export { filesListeners } from './files.events.js';
export { fileAddons } from './file-addons.js';
export { filesReceiptAddons } from './files.receipt-addons.js';
export { seedDemoFileHeads } from './demo-file-heads.js';
