import { describe, expect, it } from 'vitest';
import { grantSql, refVisibleSql, registerItemAccess, visibleSql } from './access.js';

registerItemAccess({ type: 'file', table: 'efile', via: [{ type: 'file', column: 'id', property: 'id' }] });
registerItemAccess({
  type: 'receipt',
  table: 'receipt',
  via: [
    { type: 'receipt', column: 'id', property: 'id' },
    { type: 'file', column: 'filed_in', property: 'filedIn' },
  ],
});

describe('the visibility rule as SQL', () => {
  it('admits through the item’s own access list, and a receipt also through the file it was put in', () => {
    const file = visibleSql('f', 'file', ['p1', 'p2']);
    expect(file.sql).toBe(
      `exists (select 1 from item_access ia where (ia.item_type = 'file' and ia.item_id = f.id) and ia.post_id = any(?::uuid[]))`,
    );
    expect(file.params).toEqual(['{p1,p2}']);
    const receipt = visibleSql('r', 'receipt', ['p1']);
    expect(receipt.sql).toContain(
      `((ia.item_type = 'receipt' and ia.item_id = r.id) or (ia.item_type = 'file' and ia.item_id = r.filed_in))`,
    );
  });

  it('takes the posts as an SQL expression too (no parameter then), and items named by expressions over every kind', () => {
    expect(visibleSql('x', 'file', { sql: 'array[m.to_post_id]' })).toEqual({
      sql: expect.stringContaining('any(array[m.to_post_id])'),
      params: [],
    });
    const byRef = refVisibleSql('m.item_type', 'm.item_id', ['p1']);
    expect(byRef.sql).toContain(`(m.item_type = 'file' and exists (select 1 from efile x where x.id = m.item_id and`);
    expect(byRef.sql).toContain(`(m.item_type = 'receipt' and exists (select 1 from receipt x where x.id = m.item_id and`);
    expect(byRef.params).toEqual(['{p1}', '{p1}']);
  });

  it('refuses an unregistered kind loudly', () => {
    expect(() => visibleSql('x', 'application' as never, [])).toThrow(/not registered/);
  });
});

describe('grants', () => {
  it('give access in one insert that never downgrades full access to read-only', () => {
    const at = new Date('2026-11-20T10:00:00Z');
    const g = grantSql(
      'file',
      'f1',
      [
        { post: 'p1', readOnly: false },
        { post: 'p2', readOnly: true },
      ],
      at,
    );
    expect(g.sql).toMatch(
      /values \(\?, \?, \?, \?, \?\), \(\?, \?, \?, \?, \?\)\s+on conflict \(item_type, item_id, post_id\) do update set read_only = item_access.read_only and excluded.read_only/,
    );
    expect(g.params).toEqual(['file', 'f1', 'p1', false, at, 'file', 'f1', 'p2', true, at]);
  });
});
