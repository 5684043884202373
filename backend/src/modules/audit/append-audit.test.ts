import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashAuditRow, type ChainedFields } from './append-audit.js';

const row: ChainedFields = {
  seq: 1,
  at: '2026-11-22T10:00:00.000Z',
  actorUserId: null,
  actorLabel: 'system',
  actorPostId: null,
  action: 'x.create',
  objectType: 'x',
  objectId: '1',
  details: { b: 1, a: [2, { d: 1, c: 2 }] },
  clientIp: null,
  prevHash: GENESIS_HASH,
};

describe('audit hashing', () => {
  it('is independent of key order', () => {
    expect(canonicalJson({ b: 1, a: { y: 1, x: 2 } })).toBe('{"a":{"x":2,"y":1},"b":1}');
    const reordered = { ...row, details: { a: [2, { c: 2, d: 1 }], b: 1 } };
    expect(hashAuditRow(reordered)).toBe(hashAuditRow(row));
  });

  it('changes when any field changes', () => {
    const base = hashAuditRow(row);
    expect(hashAuditRow({ ...row, action: 'x.delete' })).not.toBe(base);
    expect(hashAuditRow({ ...row, details: { b: 2, a: [2, { d: 1, c: 2 }] } })).not.toBe(base);
    expect(hashAuditRow({ ...row, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
