import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, type Reader } from '../../shared/persistence.js';

/** What a document shows of an application's parts that the applications module keeps (uploads, steps) and of the gazetteer. */

export interface AreaName {
  id: string;
  name_en: string;
  name_hi: string;
  kind: string;
}

/** Names of gazetteer areas (an address's locality, tehsil, district). */
export async function areaNames(read: Reader, ids: readonly string[]): Promise<Map<string, AreaName>> {
  if (!ids.length) return new Map();
  const rows = (await read('select id, name_en, name_hi, kind from area where id = any(?::uuid[])', [pgArray(ids)])) as AreaName[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The photo uploaded in a form field of the application (object key, type, SHA-256 hex), if any. */
export async function applicationUpload(
  read: Reader,
  applicationId: string,
  uploadId: string,
): Promise<{ object_key: string; mime: string; sha256: string } | null> {
  const [row] = (await read('select object_key, mime, sha256 from application_upload where id = ? and application_id = ?', [
    uploadId,
    applicationId,
  ])) as Array<{ object_key: string; mime: string; sha256: string }>;
  return row ?? null;
}

/** The police station's last findings on the application (a `report` step): antecedents none | found. */
export async function stationFinding(read: Reader, applicationId: string): Promise<'none' | 'found' | null> {
  const [row] = (await read(
    `select report->>'antecedents' as antecedents from application_step where application_id = ? and report is not null order by seq desc limit 1`,
    [applicationId],
  )) as Array<{ antecedents: string | null }>;
  return row?.antecedents === 'none' || row?.antecedents === 'found' ? row.antecedents : null;
}

export interface RegisterRow {
  id: string;
  reference_number: string;
  kind: string;
  holder_name: string;
  status: string;
  signer: string;
  valid_from: string;
  valid_until: string | null;
  issued_at: Date;
  signed_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  service_code: string;
  designation_en: string;
  designation_hi: string;
  total: string;
}

/** The register of issued documents of an office over [from, to] (India dates of issue), newest first, with optional kind and status. */
export async function registerRows(
  em: EntityManager,
  q: { officeId: string; from?: string | undefined; to?: string | undefined; kind?: string | undefined; status?: string | undefined },
  page: { limit: number; offset: number },
): Promise<RegisterRow[]> {
  const where = ['d.office_id = ?'];
  const params: unknown[] = [q.officeId];
  if (q.from) {
    where.push(`d.issued_at >= (?::date)::timestamp at time zone 'Asia/Kolkata'`);
    params.push(q.from);
  }
  if (q.to) {
    where.push(`d.issued_at < ((?::date + 1)::timestamp at time zone 'Asia/Kolkata')`);
    params.push(q.to);
  }
  if (q.kind) {
    where.push('d.kind = ?');
    params.push(q.kind);
  }
  if (q.status) {
    where.push('d.status = ?');
    params.push(q.status);
  }
  return em.getConnection().execute<RegisterRow[]>(
    `select d.id, d.reference_number, d.kind, d.holder_name, d.status, d.signer, d.valid_from, d.valid_until, d.issued_at, d.signed_at,
            d.cancelled_at, d.cancel_reason, d.claims->>'s' as service_code, p.designation_en, p.designation_hi, count(*) over () as total
       from issued_document d join post p on p.id = d.issued_by_post_id
      where ${where.join(' and ')}
      order by d.issued_at desc, d.reference_number desc
      limit ? offset ?`,
    [...params, page.limit, page.offset],
  );
}
