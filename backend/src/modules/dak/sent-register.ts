import type { Scope } from '../../shared/scope.js';
import { periodBounds, resolvePeriod } from '../../shared/print.js';
import { postRefs, type PostRef } from '../movement/index.js';
import { sentRegisterSql, type SentRow } from './dak.queries.js';
import type { SentRegisterQuery } from './dak.schemas.js';

export interface SentEntry {
  movementId: string;
  receiptId: string;
  kind: SentRow['kind'];
  sentAt: string;
  withheld: boolean;
  diaryNumber: string | null;
  subject: string | null;
  sender: string | null;
  grading: SentRow['grading'];
  from: PostRef;
  to: PostRef;
  remarks: string | null;
  openedAt: string | null;
  holder: PostRef;
}

/**
 * The acting post's sent register for a period of IST days: every receipt it sent, returned or
 * marked a copy of, newest first, with the exact time of each, the recipient, when the recipient
 * opened it, and who holds it now (the dak desk's "Sent" tab, as a register).
 */
export async function sentRegister(
  scope: Scope,
  q: { from?: string | undefined; to?: string | undefined },
  page: { limit: number; offset: number },
) {
  const period = resolvePeriod(q);
  const postId = scope.actor.postId;
  if (!postId) return { ...period, entries: [] as SentEntry[], total: 0 };
  const { start, end } = periodBounds(period);
  const query = sentRegisterSql(postId, scope.actor.heldPostIds, start, end, page);
  const rows = await scope.em.getConnection().execute<SentRow[]>(query.sql, query.params);
  const refs = await postRefs(
    scope.em,
    rows.flatMap((r) => [r.from_post_id, r.to_post_id, r.holder_post_id]),
  );
  const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
  const entries = rows.map((r): SentEntry => {
    const shown = Boolean(r.visible);
    return {
      movementId: r.movement_id,
      receiptId: r.receipt_id,
      kind: r.kind,
      sentAt: iso(r.sent_at)!,
      withheld: !shown,
      diaryNumber: r.diary_number,
      subject: shown ? r.subject : null,
      sender: shown ? r.sender : null,
      grading: r.grading,
      from: refs.get(r.from_post_id)!,
      to: refs.get(r.to_post_id)!,
      remarks: shown ? r.remarks : null,
      openedAt: iso(r.opened_at),
      holder: refs.get(r.holder_post_id)!,
    };
  });
  return { ...period, entries, total: Number(rows[0]?.total ?? 0) };
}

/** The sent register as the API lists it, a page at a time (GET /api/dak/sent-register). */
export async function listSentRegister(scope: Scope, q: SentRegisterQuery) {
  const r = await sentRegister(scope, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { from: r.from, to: r.to, items: r.entries, total: r.total, page: q.page, pageSize: q.pageSize };
}
