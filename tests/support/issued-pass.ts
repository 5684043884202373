/**
 * An issued pass for tests of checkpoints: an application and its issued_document written straight
 * into the database, the token signed with the installation's real active QR key (as issuing does).
 * Issuing itself (rendering, signing the PDF) is the passes module's and not needed to check a token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { activeQrKey } from '../../backend/src/modules/signing/index.js';
import { signPassToken, type PassClaims } from '../../backend/src/modules/passes/index.js';

export interface IssuedPass {
  id: string;
  applicationId: string;
  referenceNumber: string;
  token: string;
  claims: PassClaims;
}

let serial = 0;

/** India-time day `offset` days from today, `YYYY-MM-DD`. */
export function istDay(offset = 0): string {
  return new Date(Date.now() + 330 * 60_000 + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Issues a pass of `service` (default the SP office's visitor pass) for `holder`; `claims` override
 * the defaults (valid today, at the SP office's gate). `status: 'cancelled'` puts it on the revocation list.
 */
export async function issuePass(
  orm: MikroORM,
  db: pg.Pool | pg.Client,
  opts: { holder?: string; claims?: Partial<PassClaims>; status?: 'issued' | 'cancelled'; service?: string; photoKey?: string } = {},
): Promise<IssuedPass> {
  const id = randomUUID();
  const applicationId = randomUUID();
  serial += 1;
  const referenceNumber = `VPSP/PBT/SP/2026/${String(900000 + serial + Math.floor(Math.random() * 90000)).padStart(6, '0')}`;
  const holder = opts.holder ?? 'कमला देवी';
  const service = opts.service ?? 'VISITOR-SP';
  const claims: PassClaims = {
    v: 1,
    j: id,
    k: 'visitor',
    r: referenceNumber,
    s: service,
    n: holder,
    m: 'voterId:4567',
    f: istDay(0),
    u: istDay(0),
    d: 'अपराध शाखा',
    g: 'PBT-SP',
    o: 'PBT-SP',
    iss: 'patravali',
    ...opts.claims,
  };
  const key = await activeQrKey(orm.em.fork() as never);
  const token = await signPassToken(claims, key);
  const ids = (
    await db.query(
      `select s.id as service_id, v.id as version_id, o.id as office_id, p.id as post_id
         from service s join service_version v on v.service_id = s.id, office o, post p
        where s.code = $1 and o.code = 'PBT-SP' and p.code = 'PBT-SP-CRIME' order by v.number desc limit 1`,
      [service],
    )
  ).rows[0];
  await db.query(
    `insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority, status,
        stage, channel, applicant_name, applicant_mobile, applicant_locale, data, origin_post_id, created_by_post_id, holder_post_id, held_since,
        version, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, 'visitor', 'normal', 'normal', 'closed', 'approved', 'counter', $7, '9876543210', 'hi', '{}', $8, $8, $8, now(), 1, now(), now())`,
    [applicationId, referenceNumber, ids.service_id, ids.version_id, ids.office_id, `Visitor pass: ${holder}`, holder, ids.post_id],
  );
  const cancelled = opts.status === 'cancelled';
  await db.query(
    `insert into issued_document (id, application_id, office_id, kind, reference_number, holder_name, claims, token, link_id, valid_from, valid_until,
        signer, status, issued_by_post_id, issued_at, cancelled_at, cancelled_by_post_id, cancel_reason, version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'office', $12, $13, now(), $14, $15, $16, 1)`,
    [
      id,
      applicationId,
      ids.office_id,
      claims.k,
      referenceNumber,
      holder,
      JSON.stringify(claims),
      token,
      randomBytes(16).toString('base64url'),
      claims.f,
      claims.u ?? null,
      cancelled ? 'cancelled' : 'issued',
      ids.post_id,
      cancelled ? new Date() : null,
      cancelled ? ids.post_id : null,
      cancelled ? 'test' : null,
    ],
  );
  if (opts.photoKey)
    await db.query(
      `insert into application_upload (id, application_id, field, name, mime, size, pages, sha256, object_key, created_at)
       values ($1, $2, 'photo', 'photo.png', 'image/png', 68, 1, repeat('0', 64), $3, now())`,
      [randomUUID(), applicationId, opts.photoKey],
    );
  return { id, applicationId, referenceNumber, token, claims };
}
