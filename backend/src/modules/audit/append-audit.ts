import { createHash } from 'node:crypto';
import type { Actor } from '../../shared/actor.js';
import type { AuditEntry } from '../../shared/events.js';

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
 * One statement appending these rows in order (null for none): the audit rows of a transaction's
 * events, run inside it, so they commit (or not) with the change they record. The rows are inserted
 * unchained and without any lock, so changes never queue behind each other for the log; the chainer
 * (audit-chainer.ts) links them into the hash chain once committed, within a fraction of a second.
 */
export function auditRowsStatement(actor: Actor, entries: readonly AuditEntry[]): { sql: string; params: unknown[] } | null {
  if (!entries.length) return null;
  const user = UUID.test(actor.userId) ? actor.userId : null;
  return {
    sql: `insert into audit_event (at, actor_user_id, actor_label, actor_post_id, action, object_type, object_id, details, client_ip)
     values ${entries.map(() => "(date_trunc('milliseconds', clock_timestamp()), ?, ?, ?, ?, ?, ?, ?::jsonb, ?)").join(', ')}`,
    params: entries.flatMap((entry) => [
      user,
      actor.username,
      actor.postId,
      entry.action,
      entry.objectType,
      entry.objectId,
      JSON.stringify(entry.details ?? {}),
      actor.ip || null,
    ]),
  };
}
