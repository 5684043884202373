import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The append-only, hash-chained audit log. Rows are written with raw SQL under an advisory lock
 * (append-audit.ts); the database refuses UPDATE, DELETE and TRUNCATE (see the migration).
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
    prevHash: p.string().length(64),
    hash: p.string().length(64).unique(),
  },
});
export type AuditEvent = InferEntity<typeof AuditEventSchema>;
