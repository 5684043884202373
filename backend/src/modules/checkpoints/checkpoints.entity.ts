import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OfficeSchema, PostSchema, UserSchema } from '../org/index.js';
import { IssuedDocumentSchema, type PassVerdict } from '../passes/index.js';

export const CHECK_KINDS = ['scan', 'manual'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const GATE_DIRECTIONS = ['in', 'out'] as const;
export type GateDirection = (typeof GATE_DIRECTIONS)[number];
export const PASS_VERDICTS = [
  'valid',
  'expired',
  'notYetValid',
  'cancelled',
  'forged',
  'wrongPlace',
] as const satisfies readonly PassVerdict[];

/**
 * One check of a pass or certificate at a checkpoint or an office gate, as the phone recorded it
 * (often offline, synced later). The id is the phone's: a batch sent twice is stored once. `verdict`
 * is what the guard saw; `serverVerdict` what the server's rule says of the same token at the same
 * moment with the revocation list as the server knows it at sync (they differ when the phone's list
 * was old). At a gate `direction` logs entry and exit: who is inside an office comes from these rows.
 */
export const CheckRecordSchema = defineEntity({
  name: 'CheckRecord',
  tableName: 'check_record',
  indexes: [{ properties: ['office', 'checkedAt'] }, { properties: ['document', 'checkedAt'] }],
  properties: {
    id: p.uuid().primary(),
    post: () => p.manyToOne(PostSchema).ref(),
    /** The post's office: the gate's office, or the police station of a road checkpoint. */
    office: () => p.manyToOne(OfficeSchema).ref(),
    user: () => p.manyToOne(UserSchema).ref(),
    /** When the guard checked (the phone's clock). */
    checkedAt: p.datetime(),
    /** When the server received it (later than checkedAt for checks made offline). */
    receivedAt: p.datetime(),
    kind: p.string().length(10).$type<CheckKind>(),
    direction: p.string().length(3).$type<GateDirection>().nullable(),
    verdict: p.string().length(12).$type<PassVerdict>(),
    serverVerdict: p.string().length(12).$type<PassVerdict>().nullable(),
    /** Checked without network (keys and revocation list from the phone's cache). */
    offline: p.boolean(),
    /** The document the token or reference number named (null for a forged token or an unknown number). */
    document: () => p.manyToOne(IssuedDocumentSchema).ref().nullable(),
    referenceNumber: p.string().length(80).nullable(),
    token: p.text().nullable(),
  },
});
export type CheckRecord = InferEntity<typeof CheckRecordSchema>;

export const checkpointEntities = [CheckRecordSchema];
