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
 * The canonical JSON of a row around the three values the database fills in under the chain's
 * lock — `at`, `prevHash` and `seq` — as `[beforeAt, afterAt]`: the row hashes as
 * `beforeAt + at + afterAt + prevHash + '","seq":' + seq + '}'` (the same text as hashAuditRow; keys
 * sort so that `at` falls between the actor and the rest, and `prevHash`, `seq` come last).
 */
export function chainParts(fields: Omit<ChainedFields, 'at' | 'prevHash' | 'seq'>): [string, string] {
  const entries = Object.entries(fields);
  if (entries.some(([k]) => k === 'at' || k >= 'prevHash')) throw new Error('audit fields must sort before prevHash and seq');
  const inner = (e: Array<[string, unknown]>) => canonicalJson(Object.fromEntries(e)).slice(1, -1);
  const before = inner(entries.filter(([k]) => k < 'at'));
  const after = inner(entries.filter(([k]) => k > 'at'));
  return [`{${before}${before && ','}"at":"`, `"${after && ','}${after},"prevHash":"`];
}

/**
 * Appends one row to the audit chain inside the caller's transaction. An advisory transaction lock
 * serialises appenders, so every row links to the one committed before it. The lock is held until
 * the caller commits, so what runs under it is kept to the minimum and to one round trip: the lock
 * and the insert go as two statements of one query (see auditStatements).
 */
export async function appendAudit(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  const { sql, params } = auditStatements(actor, entry);
  await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
}

/**
 * The two statements that append a row, to run in the caller's transaction, at its end (the lock is
 * held till commit), as one query — alone (appendAudit) or after the statements of the change it
 * records. The insert has a snapshot of its own, taken after the lock, so it sees the row the previous
 * holder committed; it takes the time, the next seq and the previous hash and hashes the row in
 * PostgreSQL: sha256 of the same canonical JSON as hashAuditRow, whose other parts are built here.
 */
export function auditStatements(actor: Actor, entry: AuditEntry): { sql: string; params: unknown[] } {
  const fields = {
    actorUserId: UUID.test(actor.userId) ? actor.userId : null,
    actorLabel: actor.username,
    actorPostId: actor.postId,
    action: entry.action,
    objectType: entry.objectType,
    objectId: entry.objectId,
    details: entry.details ?? {},
    clientIp: actor.ip || null,
  };
  const [beforeAt, afterAt] = chainParts(fields);
  return {
    sql: `select pg_advisory_xact_lock(?);
     insert into audit_event (seq, at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip, prev_hash, hash)
     select n.seq, t.at, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, p.hash,
            encode(sha256(convert_to(? || to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || ? || p.hash || '","seq":' || n.seq || '}', 'UTF8')), 'hex')
     from (select date_trunc('milliseconds', clock_timestamp()) as at) t,
          (select nextval(pg_get_serial_sequence('audit_event', 'seq')) as seq) n,
          (select coalesce((select hash from audit_event order by seq desc limit 1), ?) as hash) p`,
    params: [AUDIT_LOCK, fields.actorUserId, fields.actorLabel, fields.actorPostId, fields.action, fields.objectType, fields.objectId, JSON.stringify(fields.details), fields.clientIp, beforeAt, afterAt, GENESIS_HASH],
  };
}
