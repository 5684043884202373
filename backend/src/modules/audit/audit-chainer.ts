import type pg from 'pg';
import type { Logger } from '../../shared/logger.js';
import { isDatabaseUnavailable } from '../../infra/database-faults.js';
import { AUDIT_CHAIN_LOCK, GENESIS_HASH, hashAuditRow, type ChainedFields } from './append-audit.js';

/** A row's fields as stored, with the three the chain adds. */
export function chainedFields(r: Record<string, any>, prevHash: string): ChainedFields {
  return {
    seq: Number(r.seq),
    at: (r.at as Date).toISOString(),
    actorUserId: r.actor_user_id,
    actorLabel: r.actor_label,
    actorPostId: r.actor_post_id,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    details: r.details,
    clientIp: r.client_ip,
    prevHash,
  };
}

export const AUDIT_COLUMNS = 'seq, at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip';

/**
 * Links committed, unchained audit rows into the hash chain, oldest first, up to `max` rows: each
 * gets the next chain number, the previous row's hash and its own hash (hashAuditRow), filled in by
 * the database function audit_chain_link. One chainer at a time across all processes (a
 * transaction advisory lock; a busy lock answers `null` at once), and it reads the chain's head after taking the lock, so every row links to the one chained before it.
 * A row committed while this runs is simply left for the next run. Answers how many rows it chained.
 */
export async function chainPendingAudit(pool: pg.Pool, max = 2000): Promise<number | null> {
  const c = await pool.connect();
  let open = false;
  try {
    await c.query('begin');
    open = true;
    const {
      rows: [lock],
    } = await c.query('select pg_try_advisory_xact_lock($1) as ok', [AUDIT_CHAIN_LOCK]);
    if (!lock.ok) return null;
    const { rows: pending } = await c.query(`select ${AUDIT_COLUMNS} from audit_event where hash is null order by seq limit $1`, [max]);
    if (!pending.length) return 0;
    const {
      rows: [head],
    } = await c.query('select chain_no, hash from audit_event where chain_no is not null order by chain_no desc limit 1');
    const afterNo = head ? Number(head.chain_no) : 0;
    const afterHash: string = head?.hash ?? GENESIS_HASH;
    let prev = afterHash;
    const seqs: string[] = [];
    const hashes: string[] = [];
    for (const r of pending) {
      const hash = hashAuditRow(chainedFields(r, prev));
      seqs.push(String(r.seq));
      hashes.push(hash);
      prev = hash;
    }
    // The application's role has no UPDATE on audit_event: this function (owned by the schema's owner)
    // checks the head we linked to, numbers the rows in this order and fills them in (see the migration).
    await c.query('select audit_chain_link($1::bigint, $2::text, $3::bigint[], $4::text[])', [afterNo, afterHash, seqs, hashes]);
    await c.query('commit');
    open = false;
    return pending.length;
  } finally {
    if (open) await c.query('rollback').catch(() => undefined);
    c.release();
  }
}

/** Chains everything pending now (waits its turn when another chainer is busy). */
export async function chainAllPendingAudit(pool: pg.Pool): Promise<number> {
  let total = 0;
  for (let idle = 0; ;) {
    const n = await chainPendingAudit(pool);
    if (n === null) {
      if (++idle > 200) throw new Error('the audit chain lock stayed busy for 10 s');
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    total += n;
    if (n === 0) return total;
  }
}

export interface AuditChainer {
  stop(): Promise<void>;
}

/**
 * Runs in every process: chains pending rows every `busyMs` while there are some, and looks for
 * them every `idleMs` otherwise (a cheap probe of a partial index). Several processes take turns
 * through the lock; a row waits at most about `idleMs` + one run to be chained.
 */
export function startAuditChainer(pool: pg.Pool, log: Logger, opts: { idleMs?: number; busyMs?: number } = {}): AuditChainer {
  const idleMs = opts.idleMs ?? 250;
  const busyMs = opts.busyMs ?? 200;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let outage = false;
  const tick = async () => {
    let next = idleMs;
    try {
      const { rows } = await pool.query('select exists (select 1 from audit_event where hash is null) as pending');
      outage = false;
      if (rows[0]?.pending) {
        const n = await chainPendingAudit(pool);
        if (n === null || n > 0) next = busyMs;
      }
    } catch (err) {
      // a database that is away is expected to come back: say so once per outage, as a warning
      if (!stopped && isDatabaseUnavailable(err)) {
        if (!outage) log.warn({ err: (err as Error).message }, 'audit chainer: database unavailable; retrying');
        outage = true;
      } else if (!stopped) log.error({ err }, 'audit chainer run failed; retrying');
      next = 1000;
    }
    if (!stopped) timer = setTimeout(run, next);
  };
  const run = () => {
    running = tick();
  };
  timer = setTimeout(run, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
