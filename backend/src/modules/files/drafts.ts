import { isoOrNull } from '../../shared/dates.js';
import { randomUUID } from 'node:crypto';
import { diffWords } from 'diff';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import { AppError, invalidState, refuse } from '../../shared/app-error.js';
import { loadForUpdate } from '../../shared/persistence.js';
import { t } from '../../shared/i18n.js';
import { transact, type Scope, type Tx } from '../../shared/scope.js';
import { postRefs, userRefs } from '../movement/index.js';
import { DraftCommentSchema, DraftSchema, DraftVersionSchema, EFileSchema, type Draft } from './files.entity.js';
import { fileAddons } from './file-addons.js';
import { draftRefusal, loadVisibleFile, lockFileForChange, touch, type DraftAction } from './files.policy.js';
import { draftState, presentFile } from './files.presenter.js';
import { cleanRichText } from './rich-text.js';

function cleanDraftBody(actor: Actor, body: string) {
  const clean = cleanRichText(body);
  if (!clean.text)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { issues: [{ path: ['body'], code: 'invalid', message: t(actor.locale, 'fields.required') }] },
    );
  return clean;
}

/** The draft with all its versions and comments; `byApprover` marks versions written by someone other than its drafter. */
async function presentDraft(em: EntityManager, actor: Actor, d: Draft) {
  const [versions, comments, file] = await Promise.all([
    em.find(DraftVersionSchema, { draft: d.id }, { orderBy: { no: 'asc' } }),
    em.find(DraftCommentSchema, { draft: d.id }, { orderBy: { createdAt: 'asc' } }),
    em.findOneOrFail(EFileSchema, { id: d.file.id }),
  ]);
  const refs = await postRefs(em, [
    d.createdByPost.id,
    ...(d.approvedByPost ? [d.approvedByPost.id] : []),
    ...versions.map((v) => v.authorPost.id),
    ...comments.map((c) => c.authorPost.id),
  ]);
  const users = await userRefs(em, [...versions.map((v) => v.authorUser.id), ...comments.map((c) => c.authorUser.id)]);
  const issue = (await fileAddons.use.issuedLetters(em, file.id)).get(d.id) ?? null;
  const may = (action: DraftAction) => !draftRefusal(actor, file, d, !!issue, action);
  return {
    id: d.id,
    fileId: d.file.id,
    subject: d.subject,
    addressee: d.addressee ?? null,
    ...draftState(d, refs),
    approvedBy: d.approvedByPost ? refs.get(d.approvedByPost.id)! : null,
    approvedAt: isoOrNull(d.approvedAt),
    readyForSigning: d.status === 'approved' && !issue,
    issue,
    versions: versions.map((v) => ({
      no: v.no,
      body: v.body,
      bodyText: v.bodyText,
      remark: v.remark ?? null,
      author: refs.get(v.authorPost.id)!,
      authorUser: users.get(v.authorUser.id)!,
      createdAt: v.createdAt.toISOString(),
      byApprover: v.authorPost.id !== d.createdByPost.id,
    })),
    comments: comments.map((c) => ({
      id: c.id,
      versionNo: c.versionNo,
      text: c.text,
      author: refs.get(c.authorPost.id)!,
      authorUser: users.get(c.authorUser.id)!,
      createdAt: c.createdAt.toISOString(),
    })),
    abilities: { revise: may('revise'), approve: may('approve'), comment: may('comment') },
  };
}

async function loadVisibleDraft(em: EntityManager, actor: Actor, fileId: string, draftId: string) {
  await loadVisibleFile(em, actor, fileId);
  const draft = await em.findOne(DraftSchema, { id: draftId, file: fileId });
  if (!draft) throw new AppError('NOT_FOUND');
  return draft;
}

async function committed(scope: Scope, fileId: string, draftId: string) {
  const em = scope.em.fork();
  return presentDraft(em, scope.actor, await loadVisibleDraft(em, scope.actor, fileId, draftId));
}

export const getDraft = async (scope: Scope, fileId: string, draftId: string) =>
  presentDraft(scope.em, scope.actor, await loadVisibleDraft(scope.em, scope.actor, fileId, draftId));

/** Starts a draft reply (DFA) in a file the acting post holds: version 1. */
export async function createDraft(
  scope: Scope,
  fileId: string,
  input: { version: number; subject: string; addressee?: string | null | undefined; body: string },
) {
  await loadVisibleFile(scope.em, scope.actor, fileId);
  const clean = cleanDraftBody(scope.actor, input.body);
  const id = randomUUID();
  await transact(scope, async (tx) => {
    const file = await lockFileForChange(tx, scope.actor, fileId, input.version, (f) => presentFile(tx.em, scope.actor, f));
    const now = new Date();
    tx.em.create(DraftSchema, {
      id,
      file: fileId,
      subject: input.subject,
      addressee: input.addressee ?? null,
      status: 'draft',
      currentVersion: 1,
      approvedVersion: null,
      approvedByPost: null,
      approvedByUser: null,
      approvedAt: null,
      createdByPost: scope.actor.postId!,
      createdByUser: scope.actor.userId,
      createdAt: now,
    });
    tx.em.create(DraftVersionSchema, {
      id: randomUUID(),
      draft: id,
      no: 1,
      body: clean.html,
      bodyText: clean.text,
      remark: null,
      authorPost: scope.actor.postId!,
      authorUser: scope.actor.userId,
      createdAt: now,
    });
    touch(file);
    await tx.em.flush();
    tx.emit({ type: 'draft.created', fileId, holderPostId: file.holderPost.id, draftId: id, subject: input.subject });
  });
  return committed(scope, fileId, id);
}

/** Locks the draft for a change from the version the user saw, and checks the action's rule (draftRefusal) under the lock. */
async function lockDraft(tx: Tx, scope: Scope, fileId: string, draftId: string, version: number, action: DraftAction) {
  const draft = await loadForUpdate(tx.em, DraftSchema, draftId, version, (d) => presentDraft(tx.em, scope.actor, d));
  if (draft.file.id !== fileId) throw new AppError('NOT_FOUND');
  const file = await tx.em.findOneOrFail(EFileSchema, { id: fileId });
  refuse(draftRefusal(scope.actor, file, draft, (await fileAddons.use.issuedLetters(tx.em, fileId)).has(draftId), action));
  return draft;
}

/** A new version of the draft (the approver's edits are versions too, marked as theirs); an approved draft goes back to draft. */
export async function reviseDraft(
  scope: Scope,
  fileId: string,
  draftId: string,
  input: {
    version: number;
    body: string;
    subject?: string | undefined;
    addressee?: string | null | undefined;
    remark?: string | null | undefined;
  },
) {
  await loadVisibleDraft(scope.em, scope.actor, fileId, draftId);
  const clean = cleanDraftBody(scope.actor, input.body);
  await transact(scope, async (tx) => {
    const draft = await lockDraft(tx, scope, fileId, draftId, input.version, 'revise');
    const current = await tx.em.findOneOrFail(DraftVersionSchema, { draft: draftId, no: draft.currentVersion });
    const unchanged =
      current.body === clean.html &&
      (input.subject === undefined || input.subject === draft.subject) &&
      (input.addressee === undefined || input.addressee === draft.addressee);
    if (unchanged) throw invalidState('draftUnchanged');
    const no = draft.currentVersion + 1;
    tx.em.create(DraftVersionSchema, {
      id: randomUUID(),
      draft: draftId,
      no,
      body: clean.html,
      bodyText: clean.text,
      remark: input.remark ?? null,
      authorPost: scope.actor.postId!,
      authorUser: scope.actor.userId,
      createdAt: new Date(),
    });
    const wasApproved = draft.status === 'approved';
    Object.assign(draft, {
      currentVersion: no,
      status: 'draft',
      approvedVersion: null,
      approvedByPost: null,
      approvedByUser: null,
      approvedAt: null,
      ...(input.subject !== undefined ? { subject: input.subject } : {}),
      ...(input.addressee !== undefined ? { addressee: input.addressee } : {}),
    });
    await tx.em.flush();
    tx.emit({ type: 'draft.revised', fileId, holderPostId: scope.actor.postId!, draftId, versionNo: no, approvalWithdrawn: wasApproved });
  });
  return committed(scope, fileId, draftId);
}

/** Approves the current version: ready for signing and issue. The drafter's own post cannot approve it. */
export async function approveDraft(scope: Scope, fileId: string, draftId: string, input: { version: number }) {
  await loadVisibleDraft(scope.em, scope.actor, fileId, draftId);
  await transact(scope, async (tx) => {
    const draft = await lockDraft(tx, scope, fileId, draftId, input.version, 'approve');
    Object.assign(draft, {
      status: 'approved',
      approvedVersion: draft.currentVersion,
      approvedByPost: scope.actor.postId!,
      approvedByUser: scope.actor.userId,
      approvedAt: new Date(),
    });
    await tx.em.flush();
    tx.emit({ type: 'draft.approved', fileId, holderPostId: scope.actor.postId!, draftId, versionNo: draft.currentVersion });
  });
  return committed(scope, fileId, draftId);
}

export async function commentOnDraft(scope: Scope, fileId: string, draftId: string, input: { text: string }) {
  const draft = await loadVisibleDraft(scope.em, scope.actor, fileId, draftId);
  const file = await scope.em.findOneOrFail(EFileSchema, { id: fileId });
  refuse(draftRefusal(scope.actor, file, draft, false, 'comment'));
  await transact(scope, async (tx) => {
    const id = randomUUID();
    tx.em.create(DraftCommentSchema, {
      id,
      draft: draftId,
      versionNo: draft.currentVersion,
      text: input.text,
      authorPost: scope.actor.postId!,
      authorUser: scope.actor.userId,
      createdAt: new Date(),
    });
    await tx.em.flush();
    tx.emit({ type: 'draft.commented', fileId, holderPostId: file.holderPost.id, draftId, commentId: id });
  });
  return committed(scope, fileId, draftId);
}

/** A word-by-word difference between two versions of a draft, as readable parts. */
export async function diffDraft(scope: Scope, fileId: string, draftId: string, q: { from: number; to: number }) {
  await loadVisibleDraft(scope.em, scope.actor, fileId, draftId);
  const versions = await scope.em.find(DraftVersionSchema, { draft: draftId, no: { $in: [q.from, q.to] } });
  const from = versions.find((v) => v.no === q.from);
  const to = versions.find((v) => v.no === q.to);
  if (!from || !to) throw new AppError('NOT_FOUND');
  const parts = diffWords(from.bodyText, to.bodyText).map((p) => ({
    value: p.value,
    op: p.added ? ('added' as const) : p.removed ? ('removed' as const) : ('same' as const),
  }));
  const words = (op: string) =>
    parts.filter((p) => p.op === op).reduce((n, p) => n + (p.value.trim() ? p.value.trim().split(/\s+/).length : 0), 0);
  return { from: q.from, to: q.to, parts, added: words('added'), removed: words('removed') };
}
