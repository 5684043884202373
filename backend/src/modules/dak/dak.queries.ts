import type { EntityManager } from '@mikro-orm/postgresql';
import { visibleSql, type SqlPart } from '../movement/index.js';

// ---------------------------------------------------------------------------------------------- registers

/** One entry of the diary register as the register's statement returns it. */
export interface DiaryRow {
  id: string;
  diary_number: string;
  received_date: string | null;
  diarised_at: string | Date;
  mode: string | null;
  sender: string | null;
  letter_number: string | null;
  letter_date: string | null;
  subject: string | null;
  grading: 'normal' | 'confidential' | 'secret';
  remarks: string | null;
  visible: boolean;
  marked_to: string | null;
  copies: string[] | null;
  total: string;
}

/**
 * The diary register of an office over [start, end): every receipt diarised in it, in diary-number
 * order, with the post it was first marked to (the first send) and the copies sent with it. `desk`:
 * the office's dak desk sees every entry (graded ones it may not see withheld: `visible` false);
 * any other post only the receipts it may see (movement/access.ts).
 */
export function diaryRegisterSql(
  officeId: string,
  held: readonly string[],
  desk: boolean,
  start: Date,
  end: Date,
  page: { limit: number; offset: number },
): SqlPart {
  const visible = visibleSql('r', 'receipt', held);
  return {
    sql: `select r.id, r.diary_number, r.received_date::text as received_date, r.diarised_at, r.mode, r.sender, r.letter_number, r.letter_date::text as letter_date,
            r.subject, r.grading, r.remarks, ${visible.sql} as visible, fm.to_post_id as marked_to,
            (select array_agg(c.to_post_id order by c.sent_at, c.id) from movement c
              where c.item_type = 'receipt' and c.item_id = r.id and c.kind = 'copy' and c.sent_at = fm.sent_at) as copies,
            count(*) over () as total
     from receipt r
     left join lateral (select m.to_post_id, m.sent_at from movement m where m.item_type = 'receipt' and m.item_id = r.id and m.kind = 'send'
                        order by m.sent_at, m.id limit 1) fm on true
     where r.office_id = ? and r.diary_number is not null and r.diarised_at >= ? and r.diarised_at < ?${desk ? '' : ` and ${visible.sql}`}
     order by r.diary_year, r.diary_seq
     limit ? offset ?`,
    params: [...visible.params, officeId, start, end, ...(desk ? [] : visible.params), page.limit, page.offset],
  };
}

/** One movement of the sent register. */
export interface SentRow {
  movement_id: string;
  receipt_id: string;
  kind: 'send' | 'copy' | 'return';
  from_post_id: string;
  to_post_id: string;
  remarks: string | null;
  sent_at: string | Date;
  opened_at: string | Date | null;
  diary_number: string | null;
  subject: string | null;
  sender: string | null;
  grading: 'normal' | 'confidential' | 'secret';
  holder_post_id: string;
  visible: boolean;
  total: string;
}

/**
 * The sent register of the acting post over [start, end): each receipt it sent, returned or copied
 * on, newest first, with the exact time, the recipient, when the recipient opened it and who holds
 * it now. A receipt whose details the post may no longer see (its grading was raised since) is
 * listed withheld (`visible` false).
 */
export function sentRegisterSql(
  postId: string,
  held: readonly string[],
  start: Date,
  end: Date,
  page: { limit: number; offset: number },
): SqlPart {
  const visible = visibleSql('r', 'receipt', held);
  return {
    sql: `select m.id as movement_id, r.id as receipt_id, m.kind, m.from_post_id, m.to_post_id, m.remarks, m.sent_at, m.opened_at,
            r.diary_number, r.subject, r.sender, r.grading, r.holder_post_id, ${visible.sql} as visible, count(*) over () as total
     from movement m join receipt r on r.id = m.item_id
     where m.item_type = 'receipt' and m.from_post_id = ? and m.kind in ('send', 'copy', 'return') and m.sent_at >= ? and m.sent_at < ?
     order by m.sent_at desc, m.id
     limit ? offset ?`,
    params: [...visible.params, postId, start, end, page.limit, page.offset],
  };
}

/**
 * Marks a receipt changed for catch-up lists (`updated_at`) without moving its version: its pages
 * being prepared in the background is no edit of its particulars, and must not make the clerk's open
 * diarise form stale (a version bump would answer their save with a CONFLICT).
 */
export async function touchReceiptPages(em: EntityManager, id: string): Promise<void> {
  await em.getConnection().execute('update receipt set updated_at = now() where id = ?', [id], 'run');
}
