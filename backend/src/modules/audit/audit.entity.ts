import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The append-only, hash-chained audit log. A change inserts its row in its own transaction, without
 * a lock (append-audit.ts); the chainer (audit-chainer.ts) then links committed rows into the chain
 * in the order it finds them, filling `chainNo`, `prevHash` and `hash` once. The database refuses
 * DELETE, TRUNCATE and every UPDATE except that one filling-in of an unchained row (see the migrations).
 */
export const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  properties: {
    seq: p.bigint('number').primary().autoincrement(),
    at: p.datetime(),
    actorUserId: p.uuid().nullable(),
    actorLabel: p.string().length(100),
    actorPostId: p.uuid().nullable(),
    action: p.string().length(80).index(),
    objectType: p.string().length(40),
    objectId: p.string().length(80).index(),
    details: p.json<Record<string, unknown>>(),
    clientIp: p.string().length(64).nullable(),
    /** Position in the chain (1, 2, …); null until chained. */
    chainNo: p.bigint('number').nullable().unique(),
    prevHash: p.string().length(64).nullable(),
    hash: p.string().length(64).nullable(),
  },
  checks: [
    {
      name: 'audit_event_chained_whole',
      expression: '("chain_no" is null) = ("hash" is null) and ("hash" is null) = ("prev_hash" is null)',
    },
  ],
  indexes: [
    { name: 'audit_event_unchained', expression: 'create index "audit_event_unchained" on "audit_event" ("seq") where "hash" is null' },
  ],
});
export type AuditEvent = InferEntity<typeof AuditEventSchema>;
