import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../../shared/actor.js';
import type { AuditEntry } from '../../shared/events.js';

export type { AuditEntry };

export const GENESIS_HASH = '0'.repeat(64);
/** Held by the chainer while it links rows (one chainer at a time across all processes). */
export const AUDIT_CHAIN_LOCK = 7331002;

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
 * Appends one row to the audit log inside the caller's transaction: it commits (or not) with the
 * change it records. The row is inserted unchained and without any lock, so changes never queue
 * behind each other for the log; the chainer (audit-chainer.ts) links it into the hash chain once
 * it is committed, within a fraction of a second.
 */
export async function appendAudit(em: EntityManager, actor: Actor, entry: AuditEntry): Promise<void> {
  const { sql, params } = auditStatements(actor, entry);
  await em.getConnection().execute(sql, params, 'run', em.getTransactionContext());
}

/** The statement that appends a row, to run in the caller's transaction (alone or after the statements of the change it records). */
export function auditStatements(actor: Actor, entry: AuditEntry): { sql: string; params: unknown[] } {
  return auditRowsStatement(actor, [entry])!;
}

/** One statement appending these rows in order (null for none): the audit rows of a transaction's events. */
export function auditRowsStatement(actor: Actor, entries: readonly AuditEntry[]): { sql: string; params: unknown[] } | null {
  if (!entries.length) return null;
  const user = UUID.test(actor.userId) ? actor.userId : null;
  return {
    sql: `insert into audit_event (at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip)
     values ${entries.map(() => "(date_trunc('milliseconds', clock_timestamp()), ?, ?, ?, ?, ?, ?, ?::jsonb, ?)").join(', ')}`,
    params: entries.flatMap((entry) => [user, actor.username, actor.postId, entry.action, entry.objectType, entry.objectId, JSON.stringify(entry.details ?? {}), actor.ip || null]),
  };
}
