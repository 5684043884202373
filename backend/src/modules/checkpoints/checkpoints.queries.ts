import type { EntityManager } from '@mikro-orm/postgresql';

const all = <R>(em: EntityManager, sql: string, params: unknown[] = []) =>
  em.getConnection().execute<R[]>(sql, params, 'all', em.getTransactionContext());

/** The revocation list: ids of cancelled documents, oldest cancellation first. */
export async function revokedDocumentIds(em: EntityManager): Promise<string[]> {
  const rows = await all<{ id: string }>(em, `select id from issued_document where status = 'cancelled' order by cancelled_at, id`);
  return rows.map((r) => r.id);
}

export interface DocumentRow {
  id: string;
  status: 'pending' | 'issued' | 'cancelled';
  token: string;
  application_id: string;
  office_en: string;
  office_hi: string;
  has_photo: boolean;
}

const documentSelect = `select d.id, d.status, d.token, d.application_id, o.name_en as office_en, o.name_hi as office_hi,
    exists (select 1 from application_upload u where u.application_id = d.application_id and u.field = 'photo' and u.mime like 'image/%') as has_photo
  from issued_document d join office o on o.id = d.office_id`;

/** A document by id (the token's `j`), pending ones excluded: not yet issued, nobody holds it. */
export async function documentById(em: EntityManager, id: string): Promise<DocumentRow | null> {
  const [row] = await all<DocumentRow>(em, `${documentSelect} where d.id = ? and d.status <> 'pending'`, [id]);
  return row ?? null;
}

/** The latest issued (or cancelled) document of a reference number, for a manual lookup when a QR is damaged. */
export async function documentByReference(em: EntityManager, reference: string): Promise<DocumentRow | null> {
  const [row] = await all<DocumentRow>(
    em,
    `${documentSelect} where upper(d.reference_number) = upper(?) and d.status <> 'pending' order by d.issued_at desc limit 1`,
    [reference],
  );
  return row ?? null;
}

/** The holder's photo of a document's application (the form's `photo` upload). */
export async function documentPhoto(
  em: EntityManager,
  documentId: string,
): Promise<{ object_key: string; mime: string; size: number } | null> {
  const [row] = await all<{ object_key: string; mime: string; size: number }>(
    em,
    `select u.object_key, u.mime, u.size from issued_document d join application_upload u on u.application_id = d.application_id
      where d.id = ? and d.status <> 'pending' and u.field = 'photo' and u.mime like 'image/%' limit 1`,
    [documentId],
  );
  return row ?? null;
}

export interface InsideRow {
  document_id: string;
  reference_number: string;
  holder_name: string;
  kind: 'pass' | 'visitor' | 'certificate' | 'report';
  entered_at: Date;
}

/**
 * Who is inside an office now: per document, its latest entry or exit at the office's gate is an entry
 * the guard let through (the verdict the guard saw was valid). An exit counts whatever its verdict (a
 * visitor whose pass ran out still leaves). Ties at the same minute go to the record received last.
 */
export function insideNow(em: EntityManager, officeId: string): Promise<InsideRow[]> {
  return all<InsideRow>(
    em,
    `select x.document_id, d.reference_number, d.holder_name, d.kind, x.checked_at as entered_at
       from (select distinct on (r.document_id) r.document_id, r.direction, r.checked_at
               from check_record r
              where r.office_id = ? and r.document_id is not null and r.direction is not null
                and (r.direction = 'out' or r.verdict = 'valid')
              order by r.document_id, r.checked_at desc, r.received_at desc) x
       join issued_document d on d.id = x.document_id
      where x.direction = 'in'
      order by x.checked_at`,
    [officeId],
  );
}
