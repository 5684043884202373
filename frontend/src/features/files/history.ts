/** Audit actions with a translation (`files.history.action.<verb>`); others are shown as the API names them. */
const KNOWN = new Set([
  'open',
  'first-view',
  'send',
  'pull-back',
  'return',
  'park',
  'unpark',
  'close',
  'reopen',
  'note-add',
  'note-edit',
  'note-delete',
  'correspondence-add',
  'correspondence-flag',
  'link',
  'unlink',
  'part-create',
  'volume-create',
  'part-add',
  'volume-add',
  'draft-create',
  'draft-revise',
  'draft-comment',
  'draft-approve',
  'access-narrow',
]);

/**
 * The i18n key for an audit entry of a file — "file.send", "file.note.add", "file.draft.approve": the
 * segments after the item type, joined by "-" — or null when there is none ("file.open" is the opening
 * of a new file, "file.first-view" the holder's first look after a move).
 */
export function auditActionKey(action: string): string | null {
  const parts = action.split('.');
  const verb = (parts[0] === 'file' || parts[0] === 'receipt' ? parts.slice(1) : parts).join('-');
  return KNOWN.has(verb) ? `files.history.action.${verb}` : null;
}
