import type pg from 'pg';
import { GENESIS_HASH, hashAuditRow, type ChainedFields } from './append-audit.js';

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastHash: string;
  /** The first row that does not link or does not hash to what it says. */
  brokenAt?: { seq: number; reason: 'hash-mismatch' | 'broken-link'; expected: string; found: string };
}

/** Walks the whole audit chain in order (streamed in pages) and reports the first broken link. */
export async function verifyAuditChain(pool: pg.Pool, pageSize = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await pool.query(
      `select seq, at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip, prev_hash, hash
       from audit_event where seq > $1 order by seq limit $2`,
      [afterSeq, pageSize],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      if (r.prev_hash !== prev) return { ok: false, checked, lastHash: prev, brokenAt: { seq, reason: 'broken-link', expected: prev, found: r.prev_hash } };
      const fields: ChainedFields = {
        seq,
        at: (r.at as Date).toISOString(),
        actorUserId: r.actor_user_id,
        actorLabel: r.actor_label,
        actorPostId: r.actor_post_id,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        details: r.details,
        clientIp: r.client_ip,
        prevHash: r.prev_hash,
      };
      const computed = hashAuditRow(fields);
      if (computed !== r.hash) return { ok: false, checked, lastHash: prev, brokenAt: { seq, reason: 'hash-mismatch', expected: computed, found: r.hash } };
      prev = r.hash;
      afterSeq = seq;
      checked++;
    }
  }
  return { ok: true, checked, lastHash: prev };
}
