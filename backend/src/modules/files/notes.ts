import { randomUUID } from 'node:crypto';
import { AppError, refuse } from '../../shared/app-error.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { t } from '../../shared/i18n.js';
import { NoteSchema, type EFile } from './files.entity.js';
import { loadVisibleFile, lockFileForChange, noteEditRefusal, touch, visibleFileIds } from './files.policy.js';
import { presentCommittedFile, presentFile } from './files.presenter.js';
import { cleanRichText, type CleanText } from './rich-text.js';
import { correspondenceEnd } from './files.queries.js';
import { fileAddons } from './file-addons.js';

/** Cleans a note's text and checks its references: pages that exist in this file, files the user can see. */
async function checkedBody(tx: Tx, scope: Scope, file: EFile, body: string): Promise<CleanText> {
  const clean = cleanRichText(body);
  const issue = (message: string) => new AppError('VALIDATION_FAILED', {}, { issues: [{ path: ['body'], code: 'invalid', message }] });
  if (!clean.text) throw issue(t(scope.actor.locale, 'fields.required'));
  if (clean.pages.length) {
    const last = (await correspondenceEnd(tx.em, file.id)).page;
    const missing = clean.pages.filter((p) => p > last);
    if (missing.length) throw issue(t(scope.actor.locale, 'files.noSuchPage', { pages: missing.join(', '), last }));
  }
  const others = clean.files.filter((id) => id !== file.id);
  const visible = await visibleFileIds(tx.em, scope.actor, others);
  if (others.some((id) => !visible.has(id))) throw issue(t(scope.actor.locale, 'files.noSuchFileRef'));
  return { ...clean, files: others };
}

/** Adds a yellow note (a draft paragraph) to the notesheet of a file the acting post holds. */
export async function addNote(scope: Scope, fileId: string, input: { version: number; body: string }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const clean = await checkedBody(tx, scope, file, input.body);
    const now = new Date();
    const id = randomUUID();
    tx.em.create(NoteSchema, {
      id,
      file: fileId,
      seq: null,
      state: 'yellow',
      body: clean.html,
      bodyText: clean.text,
      refPages: clean.pages,
      refFiles: clean.files,
      authorPost: scope.actor.postId!,
      authorUser: scope.actor.userId,
      createdAt: now,
      updatedAt: now,
      lockedAt: null,
    });
    touch(file);
    await tx.em.flush();
    tx.emit({
      type: 'file.note-added',
      fileId,
      holderPostId: file.holderPost.id,
      noteId: id,
      refPages: clean.pages,
      refFiles: clean.files,
    });
  });
  return presentCommittedFile(scope, fileId);
}

/**
 * Loads a note its author may still change (noteEditRefusal: yellow, theirs, in a file their acting
 * post holds; to edit, unsigned: a signature covers its words).
 */
async function changeableNote(tx: Tx, scope: Scope, file: EFile, noteId: string, action: 'edit' | 'delete') {
  const note = await tx.em.findOne(NoteSchema, { id: noteId, file: file.id });
  if (!note) throw new AppError('NOT_FOUND');
  refuse(noteEditRefusal(scope.actor, file, note, action === 'edit' && (await fileAddons.use.noteSigned(tx.em, noteId)), action));
  return note;
}

export async function editNote(scope: Scope, fileId: string, noteId: string, input: { version: number; body: string }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const note = await changeableNote(tx, scope, file, noteId, 'edit');
    const clean = await checkedBody(tx, scope, file, input.body);
    Object.assign(note, { body: clean.html, bodyText: clean.text, refPages: clean.pages, refFiles: clean.files });
    touch(file);
    await tx.em.flush();
    tx.emit({ type: 'file.note-edited', fileId, holderPostId: file.holderPost.id, noteId, refPages: clean.pages, refFiles: clean.files });
  });
  return presentCommittedFile(scope, fileId);
}

export async function deleteNote(scope: Scope, fileId: string, noteId: string, input: { version: number }) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const note = await changeableNote(tx, scope, file, noteId, 'delete');
    tx.em.remove(note);
    touch(file);
    await tx.em.flush();
    tx.emit({ type: 'file.note-deleted', fileId, holderPostId: file.holderPost.id, noteId, text: note.bodyText });
  });
  return presentCommittedFile(scope, fileId);
}
