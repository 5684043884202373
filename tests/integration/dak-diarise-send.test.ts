import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import sharp from 'sharp';
import { waitForOcr } from '../support/scans.js';

let system: TestSystem;
let base: string;
let dak: ApiClient;
let reader: ApiClient;
let sp: ApiClient;
let posts: Record<string, string>;

const physical = (subject: string, extra: Record<string, unknown> = {}) => ({
  receivedDate: '2026-11-20',
  mode: 'post',
  sender: 'Additional SP, Bareilly',
  letterNumber: 'ASP/117/2026',
  letterDate: '2026-11-14',
  subject,
  ...extra,
});

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  [dak, reader, sp] = await Promise.all([loggedIn(base, 'dak.sp'), loggedIn(base, 'reader.sp'), loggedIn(base, 'sp')]);
  const list = (await dak.get('/api/org/posts?pageSize=100')).body.items;
  posts = Object.fromEntries(list.map((p: any) => [p.code, p.id]));
});
afterAll(async () => system?.stop());

describe('diary numbers', () => {
  it('50 parallel diarisations in one office give 50 distinct consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => dak.post('/api/receipts', physical(`Parallel letter ${i}`))));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const numbers = results.map((r) => r.body.diaryNumber as string);
    expect(new Set(numbers).size).toBe(50);
    const year = new Date().getFullYear();
    for (const n of numbers) expect(n).toMatch(new RegExp(`^PBT/SP/${year}/\\d{6}$`));
    const seqs = numbers.map((n) => Number(n.split('/').pop())).sort((a, b) => a - b);
    expect(seqs[seqs.length - 1]! - seqs[0]! + 1).toBe(50); // consecutive: no gaps
  });

  it('a failed diarisation gives its number back (gap-free)', async () => {
    const before = (await dak.post('/api/receipts', physical('Before the failure'))).body.diaryNumber as string;
    const bad = await dak.post('/api/receipts', physical('x', { sender: '' }));
    expect(bad.status).toBe(400);
    const after = (await dak.post('/api/receipts', physical('After the failure'))).body.diaryNumber as string;
    expect(Number(after.split('/').pop())).toBe(Number(before.split('/').pop()) + 1);
  });

  it('only a post with the dak capability may register dak', async () => {
    const res = await reader.post('/api/receipts', physical('Not a dak post'));
    expect(res.status).toBe(403);
  });

  it('explains every invalid field in the user’s language', async () => {
    const hi = await loggedIn(base, 'dak.sp', 'hi');
    const res = await hi.post('/api/receipts', { receivedDate: '2026-13-45', mode: 'pigeon', subject: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/प्रविष्टियाँ/);
    expect(res.body.details.issues.map((i: any) => i.path[0]).sort()).toEqual(['mode', 'receivedDate', 'sender', 'subject']);
  });
});

describe('diarising a scanned draft', () => {
  it('the pages being prepared and read in the background do not make the clerk’s form stale (no spurious conflict)', async () => {
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'blank-letter.png');
    const draft = (await dak.request('POST', '/api/receipts/scans', form)).body.receipts[0];
    await waitForOcr(dak, draft.id); // the upload and OCR jobs have touched the receipt meanwhile
    const res = await dak.post(`/api/receipts/${draft.id}/diarise`, {
      ...physical('Scanned while the clerk typed'),
      version: draft.version,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe('sending, inbox and pull back', () => {
  function socketOf(client: ApiClient): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false });
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
  }

  it('sends to a post with a copy; the recipient’s inbox updates live; outsiders get 404', async () => {
    const { receipt } = (
      await dak.post(
        '/api/receipts',
        physical('Theft at Kotwali market', { priority: 'immediate', senderMobile: '9876543210', acknowledge: true }),
      )
    ).body;
    const readerSocket = await socketOf(reader);
    const hint = new Promise((resolve) =>
      readerSocket.on('hint', (h: any) => h.entity === 'inbox' && h.ids.includes(receipt.id) && resolve(h)),
    );
    const sent = await dak.post(`/api/receipts/${receipt.id}/send`, {
      version: receipt.version,
      toPostId: posts['PBT-SP-READER'],
      remarks: 'Please put up',
      dueDate: '2026-11-27',
      copyTo: [posts['PBT-SP-SP']],
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({
      id: receipt.id,
      type: 'receipt',
      version: receipt.version + 1,
      status: 'diarised',
      holder: { postId: posts['PBT-SP-READER'] },
    });
    const afterSend = (await dak.get(`/api/receipts/${receipt.id}`)).body;
    expect(afterSend.holder.code).toBe('PBT-SP-READER');
    expect(afterSend.abilities.pullBack).toBe(true);
    await expect(hint).resolves.toBeTruthy();
    readerSocket.close();

    const inbox = (await reader.get('/api/inbox')).body;
    const item = inbox.items.find((i: any) => i.id === receipt.id);
    expect(item).toMatchObject({ unread: true, priority: 'immediate', remarks: 'Please put up', dueDate: '2026-11-27' });
    expect(item.from.code).toBe('PBT-SP-DAK');
    const copies = (await sp.get('/api/inbox?tab=copies')).body.items.map((i: any) => i.id);
    expect(copies).toContain(receipt.id);
    const sentTab = (await dak.get('/api/inbox?tab=sent')).body.items.find((i: any) => i.id === receipt.id);
    expect(sentTab.to.code).toBe('PBT-SP-READER');

    // the copy is read-only: the SP can see it but not act on it
    const spView = await sp.get(`/api/receipts/${receipt.id}`);
    expect(spView.status).toBe(200);
    expect(spView.body.abilities).toMatchObject({ send: false, diarise: false });
    expect(
      (await sp.post(`/api/receipts/${receipt.id}/send`, { version: spView.body.version, toPostId: posts['PBT-SP-DAK'] })).status,
    ).toBe(409);

    const outsider = await loggedIn(base, 'sho.kotwali');
    expect((await outsider.get(`/api/receipts/${receipt.id}`)).status).toBe(404);
    expect((await outsider.get('/api/inbox?tab=copies')).body.items.map((i: any) => i.id)).not.toContain(receipt.id);
  });

  it('pull back works until the recipient opens it, not after', async () => {
    const { receipt } = (await dak.post('/api/receipts', physical('Pull-back case'))).body;
    const sent = (await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] })).body;
    const pulled = await dak.post(`/api/receipts/${receipt.id}/pull-back`, { version: sent.version });
    expect(pulled.status).toBe(200);
    const afterPull = (await dak.get(`/api/receipts/${receipt.id}`)).body;
    expect(afterPull.holder.code).toBe('PBT-SP-DAK');
    expect(afterPull.movements.map((m: any) => m.kind)).toEqual(['send', 'pull_back']);

    expect(
      (await dak.post(`/api/receipts/${receipt.id}/send`, { version: pulled.body.version, toPostId: posts['PBT-SP-READER'] })).status,
    ).toBe(200);
    const again = (await dak.get(`/api/receipts/${receipt.id}`)).body;
    const opened = await reader.get(`/api/receipts/${receipt.id}`);
    expect(opened.body.openedAt).not.toBeNull();
    const late = await dak.post(`/api/receipts/${receipt.id}/pull-back`, { version: opened.body.version });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/already opened/);
    expect(again.holder.code).toBe('PBT-SP-READER');
  });

  it('of two concurrent sends of the same receipt exactly one wins', async () => {
    const { receipt } = (await dak.post('/api/receipts', physical('Race'))).body;
    const second = await loggedIn(base, 'dak.sp');
    const [a, b] = await Promise.all([
      dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] }),
      second.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-ASP'] }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['CONFLICT', 'NOT_WITH_YOU']).toContain(loser.body.error);
    const history = (await dak.get(`/api/receipts/${receipt.id}`)).body.movements;
    expect(history.filter((m: any) => m.kind === 'send')).toHaveLength(1);
  });

  it('cannot send a receipt it does not hold, nor a draft', async () => {
    const { receipt } = (await dak.post('/api/receipts', physical('Held by dak'))).body;
    const sent = (await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-READER'] })).body;
    const res = await dak.post(`/api/receipts/${receipt.id}/send`, { version: sent.version, toPostId: posts['PBT-SP-SP'] });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('NOT_WITH_YOU');
  });

  it('records an acknowledgement for the sender in the outbox', async () => {
    const { receipt, diaryNumber } = (
      await dak.post(
        '/api/receipts',
        physical('With acknowledgement', { senderMobile: '9876543210', senderEmail: 'asp@example.org', acknowledge: true }),
      )
    ).body;
    const rows = await system.deps.pool.query(
      'select channel, recipient, body from outbox_message where related_id = $1 order by channel',
      [receipt.id],
    );
    expect(rows.rows.map((r) => r.channel)).toEqual(['email', 'sms']);
    expect(rows.rows[1].body).toContain(diaryNumber);
  });
});
