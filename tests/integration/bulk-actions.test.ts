/**
 * Bulk actions on the desk (POST /api/items/bulk): a clerk's stack of letters sent to one post with
 * copies, parked or marked read in one request; each item is moved by the same use case as a single
 * move, in its own transaction, and answered on its own: a stale one is CONFLICT, one the user may
 * not see NOT_FOUND exactly as for an item that does not exist, and the others are done.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';

let system: TestSystem;
let dak: ApiClient;
let reader: ApiClient;
let est: ApiClient;
let sho: ApiClient;
let posts: Record<string, string>;

beforeAll(async () => {
  system = await bootSystem();
  const base = system.url!;
  [dak, reader, est, sho] = (await Promise.all(['dak.sp', 'reader.sp', 'est.sp', 'sho.kotwali'].map((u) => loggedIn(base, u)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
    ApiClient,
  ];
  posts = Object.fromEntries((await dak.get('/api/org/posts?pageSize=100')).body.items.map((p: any) => [p.code, p.id]));
});
afterAll(async () => system?.stop());

async function receipt(client: ApiClient, subject: string) {
  const res = await client.post('/api/receipts', {
    receivedDate: '2026-11-20',
    mode: 'post',
    sender: 'Bulk sender, Bareilly',
    subject,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.receipt as { id: string; version: number };
}
const item = (r: { id: string; version: number }, version = r.version) => ({
  kind: 'receipt',
  id: r.id,
  version,
});
const inboxIds = async (client: ApiClient, tab = 'inbox') =>
  (await client.get(`/api/inbox?tab=${tab}&pageSize=200`)).body.items.map((i: any) => i.id as string);

describe('bulk send', () => {
  it('sends three receipts to one post with a copy: two go, the stale one is CONFLICT and stays', async () => {
    const [a, b, c] = [await receipt(dak, 'Bulk letter A'), await receipt(dak, 'Bulk letter B'), await receipt(dak, 'Bulk letter C')];
    // b changes after the clerk saw it (parked and unparked elsewhere)
    const parked = (await dak.post(`/api/receipts/${b.id}/park`, { version: b.version })).body;
    await dak.post(`/api/receipts/${b.id}/unpark`, { version: parked.version });

    const res = await dak.post('/api/items/bulk', {
      action: 'send',
      toPostId: posts['PBT-SP-READER'],
      copyToPostIds: [posts['PBT-SP-EST']],
      remarks: 'For necessary action',
      dueDate: '2026-12-31',
      items: [item(a), item(b), item(c)],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: any) => [r.id, r.ok, r.error])).toEqual([
      [a.id, true, null],
      [b.id, false, 'CONFLICT'],
      [c.id, true, null],
    ]);
    expect(res.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(res.body.results[1].message).toMatch(/changed/i);
    expect(res.body.results[0].version).toBeGreaterThan(a.version);

    const readerInbox = await inboxIds(reader);
    expect(readerInbox).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(readerInbox).not.toContain(b.id);
    expect(await inboxIds(est, 'copies')).toEqual(expect.arrayContaining([a.id, c.id]));
    expect(await inboxIds(dak)).toContain(b.id);
    const got = (await reader.get(`/api/receipts/${a.id}`)).body;
    expect(got.dueDate).toBe('2026-12-31');
    expect(got.movements.map((m: any) => [m.kind, m.remarks])).toEqual(
      expect.arrayContaining([
        ['send', 'For necessary action'],
        ['copy', 'For necessary action'],
      ]),
    );
  });

  it("an outsider's item is NOT_FOUND, told exactly as for an item that does not exist", async () => {
    const mine = await receipt(dak, 'Bulk letter of the SP office');
    const res = await sho.post('/api/items/bulk', {
      action: 'park',
      items: [item(mine), { kind: 'receipt', id: randomUUID(), version: 1 }],
    });
    expect(res.status).toBe(200);
    const [outsider, missing] = res.body.results;
    expect(outsider).toMatchObject({
      ok: false,
      error: 'NOT_FOUND',
      version: null,
    });
    expect({ ...outsider, id: null }).toEqual({ ...missing, id: null });
    expect(JSON.stringify(outsider)).not.toContain('Bulk letter');
    // nothing happened to it
    expect((await dak.get(`/api/receipts/${mine.id}`)).body.parkedAt).toBeNull();
  });

  it('refuses a send to an unknown post per item with the reason', async () => {
    const r = await receipt(dak, 'Bulk letter to nobody');
    const res = await dak.post('/api/items/bulk', {
      action: 'send',
      toPostId: randomUUID(),
      items: [item(r)],
    });
    expect(res.body.results[0]).toMatchObject({
      ok: false,
      error: 'VALIDATION_FAILED',
    });
    expect(res.body.results[0].message).toMatch(/post/i);
  });
});

describe('bulk park and mark read', () => {
  it('parks several at once (out of the working inbox)', async () => {
    const [a, b] = [await receipt(dak, 'Bulk park A'), await receipt(dak, 'Bulk park B')];
    const res = await dak.post('/api/items/bulk', {
      action: 'park',
      items: [item(a), item(b)],
    });
    expect(res.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await inboxIds(dak, 'parked')).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('marks received items and copies read: the holder’s opens them, the copy recipient’s reads the copy', async () => {
    const [a, b] = [await receipt(dak, 'Bulk read A'), await receipt(dak, 'Bulk read B')];
    const sent = await dak.post('/api/items/bulk', {
      action: 'send',
      toPostId: posts['PBT-SP-READER'],
      copyToPostIds: [posts['PBT-SP-EST']],
      items: [item(a), item(b)],
    });
    expect(sent.body.succeeded).toBe(2);
    const unread = async (client: ApiClient, tab: string) =>
      (await client.get(`/api/inbox?tab=${tab}&unread=true&pageSize=200`)).body.items.map((i: any) => i.id);
    expect(await unread(reader, 'inbox')).toEqual(expect.arrayContaining([a.id, b.id]));
    const read = await reader.post('/api/items/bulk', {
      action: 'markRead',
      items: sent.body.results.map((r: any) => ({
        kind: 'receipt',
        id: r.id,
        version: r.version,
      })),
    });
    expect(read.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect(await unread(reader, 'inbox')).not.toContain(a.id);
    // opened: the sender can no longer pull it back
    const pull = await dak.post(`/api/receipts/${a.id}/pull-back`, {
      version: read.body.results[0].version,
    });
    expect(pull.status).toBe(422);
    expect(await unread(est, 'copies')).toEqual(expect.arrayContaining([a.id]));
    await est.post('/api/items/bulk', {
      action: 'markRead',
      items: [item(a, 1)],
    });
    expect(await unread(est, 'copies')).not.toContain(a.id);
  });
});

describe('bulk input', () => {
  it('is validated: a send names its post, at most 200 items, no item twice — in the user’s language', async () => {
    const r = await receipt(dak, 'Bulk validation');
    const noPost = await dak.post('/api/items/bulk', {
      action: 'send',
      items: [item(r)],
    });
    expect(noPost.status).toBe(400);
    expect(noPost.body.details.issues.map((i: any) => i.path.join('.'))).toEqual(['toPostId']);
    const many = await dak.post('/api/items/bulk', {
      action: 'park',
      items: Array.from({ length: 201 }, () => ({
        kind: 'receipt',
        id: randomUUID(),
        version: 1,
      })),
    });
    expect(many.status).toBe(400);
    const twice = await dak.post('/api/items/bulk', {
      action: 'park',
      items: [item(r), item(r)],
    });
    expect(twice.status).toBe(400);
    const hi = await loggedIn(system.url!, 'dak.sp', 'hi');
    const hiTwice = await hi.post('/api/items/bulk', {
      action: 'park',
      items: [item(r), item(r)],
    });
    expect(hiTwice.body.details.issues[0].message).toBe('यह मद एक से अधिक बार दी गई है।');
    const empty = await dak.post('/api/items/bulk', {
      action: 'markRead',
      items: [],
    });
    expect(empty.status).toBe(400);
  });
});
