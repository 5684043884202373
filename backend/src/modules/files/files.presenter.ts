import { isoOrNull } from '../../shared/dates.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { Scope } from '../../shared/scope.js';
import { bi } from '../../shared/i18n.js';
import { postRefs, presentMovements, userRefs, moveAbilities, moveFacts, type PostRef } from '../movement/index.js';
import { ReceiptPageSchema } from '../dak/index.js';
import {
  CorrespondenceSchema,
  DraftSchema,
  EFileSchema,
  FileHeadSchema,
  FileLinkSchema,
  NoteSchema,
  type Draft,
  type EFile,
  type Note,
} from './files.entity.js';
import {
  createPartRefusal,
  fileStateRefusal,
  holderRefusal,
  loadVisibleFile,
  noteEditRefusal,
  noteSignRefusal,
  noteVisible,
  visibleFileIds,
} from './files.policy.js';
import type { FileOut } from './files.schemas.js';
import { fileAddons } from './file-addons.js';

/** Where a draft stands: its status and versions, who made it and when (a file's list of drafts, one draft). */
export function draftState(d: Draft, refs: ReadonlyMap<string, PostRef>) {
  return {
    status: d.status,
    currentVersion: d.currentVersion,
    approvedVersion: d.approvedVersion ?? null,
    createdBy: refs.get(d.createdByPost.id)!,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
  };
}

/** Notes in notesheet order: green by paragraph number, then yellow drafts by time, numbered on. */
export function orderNotes<T extends Pick<Note, 'seq' | 'state' | 'createdAt'>>(notes: T[]): Array<T & { no: number }> {
  const green = notes.filter((n) => n.state === 'green').sort((a, b) => a.seq! - b.seq!);
  const yellow = notes.filter((n) => n.state === 'yellow').sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const last = green.length ? green[green.length - 1]!.seq! : 0;
  return [...green.map((n) => Object.assign(n, { no: n.seq! })), ...yellow.map((n, i) => Object.assign(n, { no: last + i + 1 }))];
}

/** The file as its viewer sees it: notesheet, correspondence with pages, drafts, links, history and what they may do. */
export async function presentFile(em: EntityManager, actor: Actor, f: EFile): Promise<FileOut> {
  const [notes, corr, drafts, links, history, head, parent] = await Promise.all([
    em.find(NoteSchema, { file: f.id }),
    em.find(CorrespondenceSchema, { file: f.id }, { orderBy: { seq: 'asc' }, populate: ['receipt', 'draft'] }),
    em.find(DraftSchema, { file: f.id }, { orderBy: { createdAt: 'asc' } }),
    em.find(FileLinkSchema, { $or: [{ a: f.id }, { b: f.id }] }),
    presentMovements(em, 'file', f.id, [f.holderPost.id, f.createdByPost.id]),
    em.findOneOrFail(FileHeadSchema, { id: f.head.id }),
    f.parent ? em.findOne(EFileSchema, { id: f.parent.id }) : null,
  ]);
  const receiptIds = corr.flatMap((c) => (c.receipt ? [c.receipt.id] : []));
  const pages = receiptIds.length ? await em.find(ReceiptPageSchema, { receipt: { $in: receiptIds } }, { orderBy: { pageNo: 'asc' } }) : [];
  const otherIds = [...new Set([...links.map((l) => (l.a.id === f.id ? l.b.id : l.a.id)), ...notes.flatMap((n) => n.refFiles)])];
  const [visible, others] = await Promise.all([
    visibleFileIds(em, actor, otherIds),
    otherIds.length ? em.find(EFileSchema, { id: { $in: otherIds } }) : [],
  ]);
  const byId = new Map(others.map((o) => [o.id, o]));
  const refs = await postRefs(em, [
    ...history.refs.keys(),
    ...notes.map((n) => n.authorPost.id),
    ...corr.map((c) => c.addedByPost.id),
    ...drafts.map((d) => d.createdByPost.id),
  ]);
  const users = await userRefs(
    em,
    notes.map((n) => n.authorUser.id),
  );
  const [signatures, issued] = await Promise.all([fileAddons.use.noteSignatures(em, f, notes), fileAddons.use.issuedLetters(em, f.id)]);
  const act = !holderRefusal(actor, f);
  return {
    id: f.id,
    fileNumber: f.fileNumber,
    kind: f.kind,
    parent: parent ? { id: parent.id, fileNumber: parent.fileNumber } : null,
    partNo: f.partNo ?? null,
    officeId: f.office.id,
    head: { id: head.id, code: head.code, name: bi(head.nameEn, head.nameHi) },
    subject: f.subject,
    category: f.category ?? null,
    keywords: f.keywords,
    grading: f.grading,
    priority: f.priority,
    dueDate: f.dueDate ?? null,
    status: f.status,
    holder: refs.get(f.holderPost.id)!,
    createdBy: refs.get(f.createdByPost.id)!,
    heldSince: f.heldSince.toISOString(),
    openedAt: isoOrNull(f.openedAt),
    parkedAt: isoOrNull(f.parkedAt),
    closedAt: isoOrNull(f.closedAt),
    createdAt: f.createdAt.toISOString(),
    version: f.version,
    notes: orderNotes(notes.filter((n) => noteVisible(actor, f, n))).map((n) => ({
      id: n.id,
      no: n.no,
      state: n.state,
      body: n.body,
      bodyText: n.bodyText,
      refPages: n.refPages,
      refFiles: n.refFiles.map((id) => ({ id, fileNumber: visible.has(id) ? (byId.get(id)?.fileNumber ?? null) : null })),
      author: refs.get(n.authorPost.id)!,
      authorUser: users.get(n.authorUser.id)!,
      createdAt: n.createdAt.toISOString(),
      updatedAt: n.updatedAt.toISOString(),
      lockedAt: isoOrNull(n.lockedAt),
      version: n.version,
      canEdit: !noteEditRefusal(actor, f, n, signatures.has(n.id)),
      signature: signatures.get(n.id) ?? null,
      canSign: !noteSignRefusal(actor, n, signatures.has(n.id)),
    })),
    correspondence: corr.map((c) => {
      const r = c.receipt?.getEntity();
      const own = r ? pages.filter((p) => p.receipt.id === r.id).slice(0, c.pageCount) : [];
      return {
        id: c.id,
        seq: c.seq,
        kind: c.kind,
        firstPage: c.firstPage,
        lastPage: c.firstPage + c.pageCount - 1,
        pageCount: c.pageCount,
        flag: c.flag ?? null,
        addedAt: c.addedAt.toISOString(),
        addedBy: refs.get(c.addedByPost.id)!,
        receipt: r
          ? {
              id: r.id,
              diaryNumber: r.diaryNumber ?? null,
              subject: r.subject ?? null,
              sender: r.sender ?? null,
              letterNumber: r.letterNumber ?? null,
              letterDate: r.letterDate ?? null,
              receivedDate: r.receivedDate ?? null,
            }
          : null,
        draft: c.draft ? { id: c.draft.id, subject: c.draft.getEntity().subject } : null,
        dispatch: c.draft ? (issued.get(c.draft.id) ?? null) : null,
        pages: own.map((p, i) => {
          const base = `/api/receipts/${r!.id}/pages/${p.id}`;
          return {
            no: c.firstPage + i,
            receiptPageNo: p.pageNo,
            id: p.id,
            status: p.status,
            ocrText: p.ocrText ?? null,
            images: { page: `${base}/page`, preview: `${base}/preview`, thumb: `${base}/thumb` },
          };
        }),
      };
    }),
    drafts: drafts.map((d) => ({
      id: d.id,
      subject: d.subject,
      ...draftState(d, refs),
      issue: issued.get(d.id) ?? null,
    })),
    links: links.flatMap((l) => {
      const otherId = l.a.id === f.id ? l.b.id : l.a.id;
      const o = byId.get(otherId);
      if (!o || !visible.has(otherId)) return [];
      const role = l.kind === 'related' ? ('related' as const) : l.a.id === f.id ? ('child' as const) : ('parent' as const);
      return [{ id: o.id, fileNumber: o.fileNumber, subject: o.subject, kind: l.kind, role }];
    }),
    movements: history.movements,
    // the rules the use cases enforce (files.policy.ts, movement.policy.ts)
    abilities: {
      note: act,
      addCorrespondence: act,
      draft: act,
      link: act,
      createPart: !createPartRefusal(actor, f),
      ...moveAbilities({ stateRefusal: fileStateRefusal }, actor, moveFacts(f, history.lastMove)),
    },
  };
}

export async function presentCommittedFile(scope: Scope, id: string): Promise<FileOut> {
  const em = scope.em.fork();
  return presentFile(em, scope.actor, await loadVisibleFile(em, scope.actor, id));
}
