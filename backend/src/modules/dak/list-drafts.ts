import type { Scope } from '../../shared/scope.js';
import type { Priority } from '../../shared/items.js';
import { listInbox } from '../movement/index.js';
import { ReceiptPageSchema, ReceiptUploadSchema } from './dak.entity.js';
import { hasImages, pageImageUrl } from './page-image.js';
import type { z } from 'zod';
import type { draftsOut } from './dak.schemas.js';

/** Draft receipts shown on the desk at most (the oldest beyond are still in the inbox). */
const MAX_DRAFTS = 200;

/** The first line of text OCR read (blank lines and stray marks skipped), cut to a line's length. */
export function firstLine(text: string | null): string | null {
  const line = (text ?? '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .find((l) => /[\p{L}\p{N}]{2}/u.test(l));
  if (!line) return null;
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * The draft receipts on the acting post's desk (the inbox's drafts, newest first), each with what
 * tells look-alike drafts apart before they are diarised: the scan's file name, the first page's
 * thumbnail and the first line OCR read.
 */
export async function listDrafts(scope: Scope): Promise<z.infer<typeof draftsOut>> {
  const inbox = await listInbox(scope, {
    tab: 'inbox',
    type: 'receipt',
    status: 'draft',
    sort: 'received',
    page: 1,
    pageSize: MAX_DRAFTS,
  });
  const ids = inbox.items.map((i) => i.id);
  if (!ids.length) return { items: [], total: inbox.total };
  const em = scope.em.fork();
  const [uploads, pages] = await Promise.all([
    em.find(ReceiptUploadSchema, { receipt: { $in: ids } }, { orderBy: { createdAt: 'asc' } }),
    em.find(ReceiptPageSchema, { receipt: { $in: ids }, pageNo: 1 }),
  ]);
  const fileName = new Map<string, string>();
  for (const u of uploads) if (!fileName.has(u.receipt.id)) fileName.set(u.receipt.id, u.filename);
  const first = new Map(pages.map((p) => [p.receipt.id, p]));
  return {
    items: inbox.items.map((i) => {
      const page = first.get(i.id);
      return {
        id: i.id,
        version: i.version,
        subject: i.subject,
        sender: i.sender,
        priority: i.priority as Priority,
        pageCount: i.pageCount,
        since: i.since,
        fileName: fileName.get(i.id) ?? null,
        firstLine: page?.status === 'done' ? firstLine(page.ocrText ?? null) : null,
        thumbnail: page && hasImages(page) ? pageImageUrl(i.id, page.id, 'thumb') : null,
      };
    }),
    total: inbox.total,
  };
}
