import { describe, expect, it } from 'vitest';
import { canonicalJson, chainParts, GENESIS_HASH, hashAuditRow, type ChainedFields } from './append-audit.js';

const row: ChainedFields = {
  seq: 1, at: '2026-11-22T10:00:00.000Z', actorUserId: null, actorLabel: 'system', actorPostId: null, action: 'x.create',
  objectType: 'x', objectId: '1', details: { b: 1, a: [2, { d: 1, c: 2 }] }, clientIp: null, prevHash: GENESIS_HASH,
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

describe('the parts of a row the database completes', () => {
  it('hash like hashAuditRow once at, the previous hash and the seq are filled in', async () => {
    const { createHash } = await import('node:crypto');
    const other = { ...row, seq: 123456789, prevHash: 'a'.repeat(64), actorUserId: '6a35f698-7c80-426d-885b-4b9ee4f0af37', actorPostId: 'p', clientIp: '10.0.0.1', details: { z: 'नमस्ते "quoted" ?', at: '\u0000', a: null, n: [1.5, -2] } };
    for (const r of [row, other]) {
      const { at, prevHash, seq, ...rest } = r;
      const [beforeAt, afterAt] = chainParts(rest);
      // what the INSERT of appendAudit puts together in SQL
      const text = `${beforeAt}${at}${afterAt}${prevHash}","seq":${seq}}`;
      expect(text).toBe(canonicalJson(r));
      expect(createHash('sha256').update(text).digest('hex')).toBe(hashAuditRow(r));
    }
  });
});
