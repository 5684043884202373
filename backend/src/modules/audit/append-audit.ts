import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_LOCK = 7331002;

/** Stable JSON: keys sorted at every level, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface ChainedFields {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorLabel: string;
  actorPostId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  details: Record<string, unknown>;
  clientIp: string | null;
  prevHash: string;
}

export function hashAuditRow(fields: ChainedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appends one row to the audit chain inside the caller's transaction. An advisory transaction lock
 * serialises appenders, so every row links to the one committed before it.
 */
export async function appendAudit(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  const conn = em.getConnection();
  const trx = em.getTransactionContext();
  await conn.execute('select pg_advisory_xact_lock(?)', [AUDIT_LOCK], 'run', trx);
  // a statement of its own after the lock: its snapshot sees the row the previous holder committed
  const [row] = await conn.execute<Array<{ hash: string | null; seq: string }>>(
    "select (select hash from audit_event order by seq desc limit 1) as hash, nextval(pg_get_serial_sequence('audit_event', 'seq')) as seq", [], 'all', trx,
  );
  const fields: ChainedFields = {
    seq: Number(row!.seq),
    at: new Date().toISOString(),
    actorUserId: UUID.test(actor.userId) ? actor.userId : null,
    actorLabel: actor.username,
    actorPostId: actor.postId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: entry.details ?? {},
    clientIp: actor.ip || null,
    prevHash: row?.hash ?? GENESIS_HASH,
  };
  const hash = hashAuditRow(fields);
  await conn.execute(
    `insert into audit_event (seq, at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip, prev_hash, hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)`,
    [fields.seq, fields.at, fields.actorUserId, fields.actorLabel, fields.actorPostId, fields.action, fields.objectType, fields.objectId, JSON.stringify(fields.details), fields.clientIp, fields.prevHash, hash],
    'run',
    trx,
  );
}
