import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { Scope } from '../../shared/scope.js';
import { loadVisibleReceipt } from './dak.policy.js';
import { OfficeSchema, PostSchema, UserSchema, type Post } from '../org/org.entity.js';
import { bi } from '../org/org.presenter.js';
import { MovementSchema } from '../movement/movement.entity.js';
import { ReceiptPageSchema, ReceiptUploadSchema, type Receipt } from './dak.entity.js';
import type { ReceiptOut } from './dak.schemas.js';
import { t } from '../../shared/i18n.js';

/** Posts with their office names, for the "from/to/holder" columns. */
export async function postRefs(em: EntityManager, ids: Iterable<string>) {
  const unique = [...new Set(ids)];
  const posts = unique.length ? await em.find(PostSchema, { id: { $in: unique } }) : [];
  const offices = new Map((posts.length ? await em.find(OfficeSchema, { id: { $in: [...new Set(posts.map((p) => p.office.id))] } }) : []).map((o) => [o.id, o]));
  return new Map(
    posts.map((p: Post) => {
      const o = offices.get(p.office.id)!;
      return [p.id, { id: p.id, code: p.code, designation: bi(p.designationEn, p.designationHi), officeName: bi(o.nameEn, o.nameHi) }] as const;
    }),
  );
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The receipt as its viewer sees it: fields, pages with OCR, uploads, history and what they may do. */
export async function presentReceipt(em: EntityManager, actor: Actor, r: Receipt): Promise<ReceiptOut> {
  const [pages, uploads, movements] = await Promise.all([
    em.find(ReceiptPageSchema, { receipt: r.id }, { orderBy: { pageNo: 'asc' } }),
    em.find(ReceiptUploadSchema, { receipt: r.id }, { orderBy: { createdAt: 'asc' } }),
    em.find(MovementSchema, { itemType: 'receipt', itemId: r.id }, { orderBy: { sentAt: 'asc' } }),
  ]);
  const refs = await postRefs(em, [r.holderPost.id, r.createdByPost.id, ...movements.flatMap((m) => [m.fromPost.id, m.toPost.id])]);
  const users = new Map((movements.length ? await em.find(UserSchema, { id: { $in: [...new Set(movements.map((m) => m.sentBy.id))] } }) : []).map((u) => [u.id, u]));
  const holder = r.holderPost.id === actor.postId;
  const lastSend = [...movements].reverse().find((m) => m.kind === 'send' || m.kind === 'pull_back');
  const base = `/api/receipts/${r.id}/pages`;
  const ocrDone = pages.filter((p) => p.status === 'done').length;
  const failed = pages.filter((p) => p.status === 'failed').length;
  return {
    id: r.id, status: r.status, diaryNumber: r.diaryNumber ?? null, officeId: r.office.id,
    receivedDate: r.receivedDate ?? null, mode: r.mode ?? null, sender: r.sender ?? null, senderAddress: r.senderAddress ?? null,
    senderMobile: r.senderMobile ?? null, senderEmail: r.senderEmail ?? null, letterNumber: r.letterNumber ?? null, letterDate: r.letterDate ?? null,
    subject: r.subject ?? null, category: r.category ?? null, language: r.language ?? null, grading: r.grading, priority: r.priority,
    dueDate: r.dueDate ?? null, remarks: r.remarks ?? null, holder: refs.get(r.holderPost.id)!, createdBy: refs.get(r.createdByPost.id)!,
    heldSince: r.heldSince.toISOString(), openedAt: iso(r.openedAt), createdAt: r.createdAt.toISOString(), diarisedAt: iso(r.diarisedAt), version: r.version,
    progress: { pages: pages.length, ocrDone, failed, processing: ocrDone + failed < pages.length },
    pages: pages.map((p) => ({
      id: p.id, pageNo: p.pageNo, status: p.status, width: p.width ?? null, height: p.height ?? null, ocrText: p.ocrText ?? null, ocrConfidence: p.ocrConfidence ?? null,
      images: { page: `${base}/${p.id}/page`, preview: `${base}/${p.id}/preview`, thumb: `${base}/${p.id}/thumb` },
    })),
    // a file that passed the upload check but failed deeper down: say why, in the user's language
    uploads: uploads.map((u) => ({ id: u.id, filename: u.filename, kind: u.kind, size: u.size, sha256: u.sha256, pageCount: u.pageCount, status: u.status, error: u.error ? t(actor.locale, `scan.${u.error}`, { file: u.filename, detected: u.kind }) : null })),
    movements: movements.map((m) => {
      const u = users.get(m.sentBy.id)!;
      return {
        id: m.id, kind: m.kind as 'send' | 'copy' | 'pull_back' | 'return', from: refs.get(m.fromPost.id)!, to: refs.get(m.toPost.id)!, sentBy: { id: u.id, username: u.username, name: bi(u.nameEn, u.nameHi) },
        remarks: m.remarks ?? null, priority: m.priority as Receipt['priority'], dueDate: m.dueDate ?? null, sentAt: m.sentAt.toISOString(), openedAt: iso(m.openedAt),
      };
    }),
    abilities: {
      diarise: holder && r.status === 'draft',
      edit: holder && r.status !== 'closed',
      send: holder && r.status === 'diarised',
      pullBack: !holder && r.status === 'diarised' && !r.openedAt && !!lastSend && lastSend.kind === 'send' && lastSend.fromPost.id === actor.postId,
      addPages: holder && r.status !== 'closed',
    },
  };
}

/** The receipt as committed (a fresh identity map, one for loading and presenting) after a change. */
export async function presentCommitted(scope: Scope, id: string): Promise<ReceiptOut> {
  const em = scope.em.fork();
  return presentReceipt(em, scope.actor, await loadVisibleReceipt(em, scope.actor, id));
}
