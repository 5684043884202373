import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { istDate } from '../../backend/src/shared/dates.js';

/**
 * A supervising post searches within its supervision scope (issue 14 item 4): the SP finds by a word
 * the receipt and the file pending at Kotwali that the SHO finds, marked as reached through
 * supervision; a graded one stays hidden; a post outside finds nothing; opening a hit is the
 * drill-down's audited inspect.
 */
let system: TestSystem;
let c: Record<'sp' | 'sho' | 'munshi' | 'shoSgh' | 'coBsp' | 'co', ApiClient>;
let posts: Record<string, string>;
const today = istDate();
const WORD = 'Kasganjwali';
const made: Record<'receipt' | 'graded' | 'file', any> = {} as never;
const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);
const search = async (client: ApiClient, word = WORD) => {
  const res = await client.get(`/api/search?q=${encodeURIComponent(word)}&pageSize=50`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

async function receiptToSho(subject: string, extra: Record<string, unknown> = {}) {
  const created = await c.munshi.post('/api/receipts', {
    receivedDate: today,
    mode: 'post',
    sender: 'Gram Pradhan, Barkhera',
    subject,
    ...extra,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const r = created.body.receipt;
  const sent = await c.munshi.post(`/api/receipts/${r.id}/send`, { version: r.version, toPostId: posts['PBT-PS-KOTWALI-SHO'] });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return r;
}

beforeAll(async () => {
  system = await bootSystem();
  const users = {
    sp: 'sp',
    sho: 'sho.kotwali',
    munshi: 'munshi.kotwali',
    shoSgh: 'sho.sungarhi',
    coBsp: 'co.bisalpur',
    co: 'co.city',
  } as const;
  c = Object.fromEntries(
    await Promise.all(Object.entries(users).map(async ([k, u]) => [k, await loggedIn(system.url!, u)] as const)),
  ) as typeof c;
  const admin = await loggedIn(system.url!, 'admin');
  posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));
  made.receipt = await receiptToSho(`Tenant verification, Mohalla ${WORD}`);
  made.graded = await receiptToSho(`Intelligence input, procession at ${WORD}`, { grading: 'confidential' });
  const head = (await c.sho.get('/api/file-heads')).body.items[0];
  const file = await c.sho.post('/api/files', { headId: head.id, subject: `Land dispute, ${WORD} road` });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  made.file = file.body;
});
afterAll(async () => system?.stop());

describe('search within the supervision scope', () => {
  it('the SHO finds all three as its own; the SP finds the ungraded receipt and file, marked as reached through supervision', async () => {
    const sho = await search(c.sho);
    expect(new Set(sho.items.map((i: any) => i.id))).toEqual(new Set([made.receipt.id, made.graded.id, made.file.id]));
    expect(sho.items.every((i: any) => i.viaSupervision === false)).toBe(true);

    const sp = await search(c.sp);
    expect(sp.total).toBe(2);
    expect(sp.items.map((i: any) => [i.type, i.id, i.viaSupervision]).sort()).toEqual(
      [
        ['file', made.file.id, true],
        ['receipt', made.receipt.id, true],
      ].sort(),
    );
    // the circle officer over Kotwali too; the graded receipt is not in any answer of theirs
    expect((await search(c.co)).items.map((i: any) => i.id).sort()).toEqual([made.receipt.id, made.file.id].sort());
    expect(JSON.stringify(sp)).not.toContain('Intelligence input');
  });

  it('posts outside the scope find nothing: another station’s SHO, another circle’s officer', async () => {
    expect((await search(c.shoSgh)).total).toBe(0);
    expect((await search(c.coBsp)).total).toBe(0);
  });

  it('opening a hit is the audited inspect: read-only access, then the item opens and is no longer "via supervision"', async () => {
    expect((await c.sp.get(`/api/receipts/${made.receipt.id}`)).status).toBe(404);
    const inspect = await c.sp.post(`/api/pendency/items/receipt/${made.receipt.id}/inspect`);
    expect(inspect.status, JSON.stringify(inspect.body)).toBe(200);
    expect(inspect.body).toEqual({ type: 'receipt', id: made.receipt.id, granted: true });
    expect((await c.sp.get(`/api/receipts/${made.receipt.id}`)).status).toBe(200);
    const audit = await q(`select actor_post_id, details from audit_event where object_id = $1 and action = 'receipt.inspect'`, [
      made.receipt.id,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_post_id).toBe(posts['PBT-SP-SP']);
    const after = (await search(c.sp)).items.find((i: any) => i.id === made.receipt.id);
    expect(after.viaSupervision).toBe(false);
    // the file: inspectable the same way
    expect((await c.sp.post(`/api/pendency/items/file/${made.file.id}/inspect`)).body.granted).toBe(true);
    // the graded receipt cannot be inspected (not found), as in the drill-down
    expect((await c.sp.post(`/api/pendency/items/receipt/${made.graded.id}/inspect`)).status).toBe(404);
  });

  it('a closed item is no longer pending: it leaves the supervision scope (as it leaves the dashboard)', async () => {
    const fresh = (await c.sho.get(`/api/files/${made.file.id}`)).body;
    const closed = await c.sho.post(`/api/files/${made.file.id}/close`, { version: fresh.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    // the SP inspected it above, so it is on the access list now and still finds it; the CO never was
    expect((await search(c.co)).items.map((i: any) => i.id)).toEqual([made.receipt.id]);
  });
});
