import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { istDate } from '../../backend/src/shared/dates.js';
import { addDays } from '../../backend/src/modules/pendency/working-calendar.js';

/**
 * A supervisor reminds the holder of a pending item (issue 14 item 2): a notification to the holder's
 * post naming who asks, audited, once per item a day; who may is the policy the use case enforces,
 * and the drill-down's and the item's `abilities` say the same.
 */
let system: TestSystem;
let c: Record<'sp' | 'sho' | 'munshi' | 'shoSgh', ApiClient>;
let posts: Record<string, string>;
const today = istDate();
const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);

beforeAll(async () => {
  system = await bootSystem();
  const users = { sp: 'sp', sho: 'sho.kotwali', munshi: 'munshi.kotwali', shoSgh: 'sho.sungarhi' } as const;
  c = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await loggedIn(system.url!, u)] as const)),
  ) as typeof c;
  const admin = await loggedIn(system.url!, 'admin');
  posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
});
afterAll(async () => system?.stop());

async function overdueAtSho(subject: string, extra: Record<string, unknown> = {}) {
  const created = await c.munshi.post('/api/receipts', {
    receivedDate: addDays(today, -10),
    mode: 'post',
    sender: 'Gram Pradhan',
    subject,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const r = created.body.receipt;
  const sent = await c.munshi.post(`/api/receipts/${r.id}/send`, {
    version: r.version,
    toPostId: posts['PBT-PS-KOTWALI-SHO'],
    dueDate: addDays(today, -2),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return r;
}

describe('a supervisor reminds the holder', () => {
  it('the SP reminds the SHO from the drill-down: notified with who asks, audited, once a day', async () => {
    const r = await overdueAtSho('Land dispute at Barkhera');
    const row = (await c.sp.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}&pageSize=200`)).body.items.find(
      (i: any) => i.id === r.id,
    );
    expect(row.abilities).toEqual({ recordReason: false, setRegister: false, remind: true });
    const shoRow = (await c.sho.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}&pageSize=200`)).body.items.find(
      (i: any) => i.id === r.id,
    );
    expect(shoRow.abilities).toEqual({ recordReason: true, setRegister: true, remind: false });

    const sent = await c.sp.post(`/api/pendency/items/receipt/${r.id}/remind`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.abilities).toMatchObject({ remind: false, recordReason: false });

    const hi = await loggedIn(system.url!, 'sho.kotwali', 'hi');
    const notes = (await hi.get('/api/notifications?unread=true')).body;
    const n = notes.items.find((x: any) => x.item.id === r.id && x.kind === 'nudge');
    expect(n).toMatchObject({ from: { code: 'PBT-SP-SP' }, item: { type: 'receipt', hidden: false }, dueDate: addDays(today, -2) });
    expect(n.title).toContain('पुलिस अधीक्षक');
    expect(n.body).toContain(addDays(today, -2).split('-').reverse().join('.'));
    const audit = await q(`select actor_post_id, details from audit_event where object_id = $1 and action = 'receipt.remind'`, [r.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_post_id).toBe(posts['PBT-SP-SP']);
    expect(audit[0].details).toMatchObject({ holder: posts['PBT-PS-KOTWALI-SHO'], from: posts['PBT-SP-SP'] });

    // again today: refused, in the user's language, and nothing more is sent
    const again = await c.sp.post(`/api/pendency/items/receipt/${r.id}/remind`);
    expect(again.status).toBe(422);
    expect(again.body.message).toMatch(/already sent today/);
    const co = await loggedIn(system.url!, 'co.city');
    expect((await co.post(`/api/pendency/items/receipt/${r.id}/remind`)).status).toBe(422);
    expect((await q(`select count(*)::int as n from notification where item_id = $1 and kind = 'nudge'`, [r.id]))[0].n).toBe(1);
    // tomorrow it may go again
    await q(`update pendency_nudge set day = day - 1 where item_id = $1`, [r.id]);
    expect((await c.sp.get(`/api/pendency/items/receipt/${r.id}`)).body.abilities.remind).toBe(true);
  });

  it('only a supervising post over the holder may: the holder and a plain post are refused, an outsider finds nothing', async () => {
    const r = await overdueAtSho('Passport verification');
    const own = await c.sho.post(`/api/pendency/items/receipt/${r.id}/remind`);
    expect(own.status).toBe(422);
    expect(own.body.message).toMatch(/supervising officer/);
    expect((await c.munshi.get(`/api/pendency/items/receipt/${r.id}`)).body.abilities.remind).toBe(false);
    expect((await c.munshi.post(`/api/pendency/items/receipt/${r.id}/remind`)).status).toBe(422);
    expect((await c.shoSgh.post(`/api/pendency/items/receipt/${r.id}/remind`)).status).toBe(404);
  });

  it('a graded item is a hidden row for the SP: no actions offered, and reminding it is not found', async () => {
    const r = await overdueAtSho('Intelligence input', { grading: 'confidential' });
    const row = (await c.sp.get(`/api/pendency/items?postId=${posts['PBT-PS-KOTWALI-SHO']}&pageSize=200`)).body.items.find(
      (i: any) => i.id === r.id,
    );
    expect(row).toMatchObject({ hidden: true, abilities: { recordReason: false, setRegister: false, remind: false } });
    expect((await c.sp.post(`/api/pendency/items/receipt/${r.id}/remind`)).status).toBe(404);
  });
});
