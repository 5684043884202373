import type pg from 'pg';
import { GENESIS_HASH, hashAuditRow } from './append-audit.js';
import { AUDIT_COLUMNS, chainAllPendingAudit, chainedFields } from './audit-chainer.js';

export interface ChainReport {
  ok: boolean;
  checked: number;
  lastHash: string;
  /** Rows committed after the walk began, not yet chained (the chainer links them shortly). */
  pending: number;
  /** The first row that does not link or does not hash to what it says (`seq` is the row's id). */
  brokenAt?: { seq: number; chainNo: number; reason: 'hash-mismatch' | 'broken-link' | 'gap'; expected: string; found: string };
}

/**
 * Chains whatever is pending, then walks the whole audit chain in order (streamed in pages) and
 * reports the first broken link: a row whose content no longer hashes to its hash, whose previous
 * hash is not the hash before it, or a missing chain position.
 */
export async function verifyAuditChain(pool: pg.Pool, pageSize = 5000): Promise<ChainReport> {
  await chainAllPendingAudit(pool);
  let prev = GENESIS_HASH;
  let afterNo = 0;
  let checked = 0;
  const report = async (brokenAt?: ChainReport['brokenAt']): Promise<ChainReport> => {
    const {
      rows: [p],
    } = await pool.query('select count(*)::int as n from audit_event where hash is null');
    return { ok: !brokenAt, checked, lastHash: prev, pending: p.n, ...(brokenAt ? { brokenAt } : {}) };
  };
  for (;;) {
    const { rows } = await pool.query(
      `select ${AUDIT_COLUMNS}, chain_no, prev_hash, hash from audit_event where chain_no > $1 order by chain_no limit $2`,
      [afterNo, pageSize],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      const chainNo = Number(r.chain_no);
      if (chainNo !== afterNo + 1) return report({ seq, chainNo, reason: 'gap', expected: `#${afterNo + 1}`, found: `#${chainNo}` });
      if (r.prev_hash !== prev) return report({ seq, chainNo, reason: 'broken-link', expected: prev, found: r.prev_hash });
      const computed = hashAuditRow(chainedFields(r, r.prev_hash));
      if (computed !== r.hash) return report({ seq, chainNo, reason: 'hash-mismatch', expected: computed, found: r.hash });
      prev = r.hash;
      afterNo = chainNo;
      checked++;
    }
  }
  return report();
}
