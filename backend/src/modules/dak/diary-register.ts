import type { Scope } from '../../shared/scope.js';
import { periodBounds, resolvePeriod } from '../../shared/print.js';
import { OfficeSchema } from '../org/index.js';
import { postRefs, type PostRef } from '../movement/index.js';
import { diaryRegisterSql, type DiaryRow } from './dak.queries.js';
import type { DiaryRegisterQuery } from './dak.schemas.js';
import type { RECEIPT_MODES } from './dak.entity.js';

export interface DiaryEntry {
  id: string;
  diaryNumber: string;
  receivedDate: string | null;
  diarisedAt: string;
  mode: (typeof RECEIPT_MODES)[number] | null;
  withheld: boolean;
  sender: string | null;
  letterNumber: string | null;
  letterDate: string | null;
  subject: string | null;
  grading: DiaryRow['grading'];
  remarks: string | null;
  markedTo: PostRef | null;
  copies: PostRef[];
}

/**
 * The diary register of the acting post's office for a period of IST days (by the day each receipt
 * was diarised), in diary-number order. The office's dak desk (a post with the dak capability) sees
 * every entry, graded ones it may not see withheld (the numbers run without gaps); any other post
 * sees only the receipts it may see.
 */
export async function diaryRegister(
  scope: Scope,
  q: { from?: string | undefined; to?: string | undefined },
  page: { limit: number; offset: number },
) {
  const period = resolvePeriod(q);
  const { actor } = scope;
  if (!actor.officeId) return { office: null, ...period, entries: [] as DiaryEntry[], total: 0 };
  const office = await scope.em.findOneOrFail(OfficeSchema, { id: actor.officeId });
  const desk = actor.capabilities.includes('dak');
  const { start, end } = periodBounds(period);
  const query = diaryRegisterSql(office.id, actor.heldPostIds, desk, start, end, page);
  const rows = await scope.em.getConnection().execute<DiaryRow[]>(query.sql, query.params);
  const refs = await postRefs(
    scope.em,
    rows.flatMap((r) => (r.visible ? [r.marked_to, ...(r.copies ?? [])] : [r.marked_to]).filter((p): p is string => !!p)),
  );
  const entries: DiaryEntry[] = rows.map((r) => {
    const shown = Boolean(r.visible);
    return {
      id: r.id,
      diaryNumber: r.diary_number,
      receivedDate: r.received_date,
      diarisedAt: new Date(r.diarised_at).toISOString(),
      mode: (r.mode ?? null) as DiaryEntry['mode'],
      withheld: !shown,
      sender: shown ? r.sender : null,
      letterNumber: shown ? r.letter_number : null,
      letterDate: shown ? r.letter_date : null,
      subject: shown ? r.subject : null,
      grading: r.grading,
      remarks: shown ? r.remarks : null,
      markedTo: r.marked_to ? (refs.get(r.marked_to) ?? null) : null,
      copies: shown ? (r.copies ?? []).flatMap((p) => refs.get(p) ?? []) : [],
    };
  });
  return {
    office: {
      id: office.id,
      code: office.code,
      name: { en: office.nameEn, hi: office.nameHi },
      nameHi: office.nameHi,
      nameEn: office.nameEn,
    },
    ...period,
    entries,
    total: Number(rows[0]?.total ?? 0),
  };
}

/** The diary register as the API lists it, a page at a time (GET /api/dak/diary-register). */
export async function listDiaryRegister(scope: Scope, q: DiaryRegisterQuery) {
  const r = await diaryRegister(scope, q, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const office = r.office ? { id: r.office.id, code: r.office.code, name: r.office.name } : null;
  return { office, from: r.from, to: r.to, items: r.entries, total: r.total, page: q.page, pageSize: q.pageSize };
}
