import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { istDate } from '../../backend/src/shared/dates.js';
import { addDays } from '../../backend/src/modules/pendency/working-calendar.js';

/**
 * One meaning of overdue (issue 14 item 3): the inbox's due date column, its overdue count, its
 * overdue filter and its due-date order are pendency's — the explicit date, else the rule (7
 * working days with the holder, CSMOP para 60) or the register date on the working calendar. An
 * item overdue only by the default rule, with no explicit date anywhere, is overdue in both.
 */
let system: TestSystem;
let munshi: ApiClient;
let sho: ApiClient;
let posts: Record<string, string>;
const today = istDate();
const SHO = 'PBT-PS-KOTWALI-SHO';
const made: Record<
  'ruleOverdue' | 'explicitOverdue' | 'ruleFresh' | 'explicitFuture' | 'fileRuleOverdue',
  { type: 'receipt' | 'file'; id: string }
> = {} as never;

const q = (sql: string, params: unknown[] = []) => system.deps.pool.query(sql, params).then((r) => r.rows);

async function receiptToSho(subject: string, dueDate?: string) {
  const created = await munshi.post('/api/receipts', { receivedDate: today, mode: 'post', sender: 'Gram Pradhan, Barkhera', subject });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const r = created.body.receipt;
  const sent = await munshi.post(`/api/receipts/${r.id}/send`, {
    version: r.version,
    toPostId: posts[SHO],
    ...(dueDate ? { dueDate } : {}),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return { type: 'receipt' as const, id: r.id as string };
}

beforeAll(async () => {
  system = await bootSystem();
  [munshi, sho] = await Promise.all([loggedIn(system.url!, 'munshi.kotwali'), loggedIn(system.url!, 'sho.kotwali')]);
  const admin = await loggedIn(system.url!, 'admin');
  posts = Object.fromEntries((await admin.get('/api/org/posts?pageSize=200')).body.items.map((p: any) => [p.code, p.id]));

  made.ruleOverdue = await receiptToSho('Land dispute at Barkhera (no date given)');
  made.explicitOverdue = await receiptToSho('Passport verification (due date given)', addDays(today, -4));
  made.ruleFresh = await receiptToSho('Patrol at the weekly market (no date given)');
  made.explicitFuture = await receiptToSho('Arms licence renewal (due date given)', addDays(today, 20));
  const head = (await sho.get('/api/file-heads')).body.items[0];
  const file = await sho.post('/api/files', { headId: head.id, subject: 'Verification of tenants (no date given)' });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  made.fileRuleOverdue = { type: 'file', id: file.body.id };
  // with the SHO for 20 days, nobody gave a date: overdue by the 7-working-day rule only
  await q(`update receipt set held_since = now() - interval '20 days' where id = $1`, [made.ruleOverdue.id]);
  await q(`update efile set held_since = now() - interval '16 days' where id = $1`, [made.fileRuleOverdue.id]);
  expect(await q(`select due_date from receipt where id = $1`, [made.ruleOverdue.id])).toEqual([{ due_date: null }]);
});
afterAll(async () => system?.stop());

const key = (i: { type: string; id: string }) => `${i.type}:${i.id}`;

describe('the inbox and pendency give the same due date and overdue', () => {
  it('due date, overdue and working days overdue of every held item agree, including one overdue by the default rule alone', async () => {
    const pendency = (await sho.get(`/api/pendency/items?postId=${posts[SHO]}&pageSize=200`)).body.items;
    const inbox = (await sho.get('/api/inbox?pageSize=100')).body.items;
    expect(inbox).toHaveLength(5);
    const byKey = new Map(pendency.map((p: any) => [key(p), p]));
    for (const item of inbox) {
      const p: any = byKey.get(key(item));
      expect(p, key(item)).toBeDefined();
      expect({ dueDate: item.dueDate, overdue: item.overdue, overdueWorkingDays: item.overdueWorkingDays }, item.subject).toEqual({
        dueDate: p.dueDate,
        overdue: p.overdue,
        overdueWorkingDays: p.overdueWorkingDays,
      });
    }
    const rule = inbox.find((i: any) => i.id === made.ruleOverdue.id);
    expect(rule.dueDate).not.toBeNull();
    expect(rule).toMatchObject({ overdue: true });
    expect(rule.overdueWorkingDays).toBeGreaterThan(3);
    expect((byKey.get(key(made.ruleOverdue)) as any).dueSource).toBe('rule');
    expect(inbox.find((i: any) => i.id === made.fileRuleOverdue.id)).toMatchObject({ overdue: true });
    expect(inbox.find((i: any) => i.id === made.explicitOverdue.id)).toMatchObject({ dueDate: addDays(today, -4), overdue: true });
    expect(inbox.find((i: any) => i.id === made.explicitFuture.id)).toMatchObject({
      dueDate: addDays(today, 20),
      overdue: false,
      overdueWorkingDays: 0,
    });
    expect(inbox.find((i: any) => i.id === made.ruleFresh.id)).toMatchObject({ overdue: false });
  });

  it('the overdue count of the desk is the dashboard’s count for the post', async () => {
    const summary = (await sho.get('/api/pendency/summary')).body;
    const mine = summary.offices.flatMap((o: any) => o.sections.flatMap((s: any) => s.posts)).find((p: any) => p.post.code === SHO).totals;
    const counts = (await sho.get('/api/inbox/counts')).body;
    expect(mine.overdue).toBe(3);
    expect(counts.overdue).toBe(mine.overdue);
  });

  it('the overdue filter lists what the drill-down lists, and its complement the rest', async () => {
    const overdueP = (await sho.get(`/api/pendency/items?postId=${posts[SHO]}&overdue=true&pageSize=200`)).body.items.map(key).sort();
    const overdueI = (await sho.get('/api/inbox?overdue=true&pageSize=100')).body.items.map(key).sort();
    expect(overdueI).toEqual(overdueP);
    expect(overdueI).toEqual([key(made.ruleOverdue), key(made.explicitOverdue), key(made.fileRuleOverdue)].sort());
    const onTimeP = (await sho.get(`/api/pendency/items?postId=${posts[SHO]}&overdue=false&pageSize=200`)).body.items.map(key).sort();
    const onTimeI = (await sho.get('/api/inbox?overdue=false&pageSize=100')).body.items.map(key).sort();
    expect(onTimeI).toEqual(onTimeP);
    expect((await sho.get('/api/inbox?overdue=true&type=receipt&pageSize=100')).body.total).toBe(2);
  });

  it('sorted by due date, the inbox follows the pendency due dates (earliest first)', async () => {
    const dues = (await sho.get('/api/inbox?sort=due&pageSize=100')).body.items.map((i: any) => i.dueDate);
    expect(dues.every((d: string | null) => d !== null)).toBe(true);
    expect(dues).toEqual([...dues].sort());
    const byPendency = (await sho.get(`/api/pendency/items?postId=${posts[SHO]}&sort=due&pageSize=200`)).body.items.map(
      (i: any) => i.dueDate,
    );
    expect(dues).toEqual(byPendency);
  });

  it('a register date moves the inbox’s due date as it moves pendency’s', async () => {
    const put = await sho.put(`/api/pendency/items/receipt/${made.ruleFresh.id}/register`, {
      register: 'rti',
      reference: 'RTI/PBT/7/2026',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const p = (await sho.get(`/api/pendency/items/receipt/${made.ruleFresh.id}`)).body.pending;
    const i = (await sho.get('/api/inbox?pageSize=100')).body.items.find((x: any) => x.id === made.ruleFresh.id);
    expect(i.dueDate).toBe(p.dueDate);
  });
});
