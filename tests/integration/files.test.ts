import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';

/**
 * eFile through the HTTP API: opening files (from receipts), the notesheet (yellow → green),
 * correspondence pages, movement (send, copies, pull back, return, park, close, reopen), custody
 * and conflicts, links, parts and volumes, history — and every invalid action's error.
 */
let system: TestSystem;
let base: string;
let dak: ApiClient;
let reader: ApiClient;
let sp: ApiClient;
let asp: ApiClient;
let crime: ApiClient;
let posts: Record<string, string>;
let heads: Record<string, { id: string; code: string }>;
const year = new Date().getFullYear();

const physical = (subject: string, extra: Record<string, unknown> = {}) => ({
  receivedDate: '2026-11-20',
  mode: 'post',
  sender: 'DIG, Bareilly Range',
  letterNumber: 'DIG/88/2026',
  letterDate: '2026-11-14',
  subject,
  ...extra,
});

/** A diarised receipt, sent by the dak clerk to `to`, as the recipient sees it. */
async function receiptFor(to: ApiClient, toPost: string, subject: string, extra: Record<string, unknown> = {}) {
  const { receipt } = (await dak.post('/api/receipts', physical(subject, extra))).body;
  await dak.post(`/api/receipts/${receipt.id}/send`, { version: receipt.version, toPostId: posts[toPost] });
  return (await to.get(`/api/receipts/${receipt.id}`)).body;
}

async function openFile(client: ApiClient, subject: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/files', { headId: heads.CRIME!.id, subject, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function socketOf(client: ApiClient): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(base, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

beforeAll(async () => {
  system = await bootSystem();
  base = system.url!;
  [dak, reader, sp, asp, crime] = (await Promise.all(['dak.sp', 'reader.sp', 'sp', 'asp', 'crime.sp'].map((u) => loggedIn(base, u)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
    ApiClient,
    ApiClient,
  ];
  const list = (await dak.get('/api/org/posts?pageSize=100')).body.items;
  posts = Object.fromEntries(list.map((p: any) => [p.code, p.id]));
  heads = Object.fromEntries((await reader.get('/api/file-heads')).body.items.map((h: any) => [h.code, h]));
});
afterAll(async () => system?.stop());

describe('opening files', () => {
  it('opens a file from a receipt: numbered by the head scheme, the receipt becomes correspondence 1 and leaves the inbox', async () => {
    const r = await receiptFor(reader, 'PBT-SP-READER', 'Chain snatching near Gandhi Stadium', { grading: 'confidential' });
    const file = await openFile(reader, 'Chain snatching cases, City circle', {
      receiptId: r.id,
      receiptVersion: r.version,
      keywords: ['chain snatching'],
      category: 'Crime',
    });
    expect(file.fileNumber).toMatch(new RegExp(`^PBT/SP/CRIME/\\d+/${year}$`));
    expect(file.holder.code).toBe('PBT-SP-READER');
    expect(file.grading).toBe('confidential'); // raised to the receipt's grading
    expect(file.correspondence).toHaveLength(1);
    expect(file.correspondence[0]).toMatchObject({ seq: 1, firstPage: 1, kind: 'receipt', flag: 'fr' });
    expect(file.correspondence[0].receipt.id).toBe(r.id);
    const receipt = (await reader.get(`/api/receipts/${r.id}`)).body;
    expect(receipt.status).toBe('filed');
    expect(receipt.filedIn.fileNumber).toBe(file.fileNumber);
    const inbox = (await reader.get('/api/inbox?pageSize=200')).body.items;
    expect(inbox.map((i: any) => i.id)).not.toContain(r.id);
    expect(inbox.find((i: any) => i.id === file.id)).toMatchObject({ type: 'file', number: file.fileNumber });
    // a filed receipt moves with its file, never on its own
    const alone = await reader.post(`/api/receipts/${r.id}/send`, { version: receipt.version, toPostId: posts['PBT-SP-SP'] });
    expect(alone.status).toBe(422);
    expect(alone.body.message).toMatch(/in a file/);
  });

  it('gives 20 parallel openings under one head 20 consecutive serials', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => crime.post('/api/files', { headId: (heads.GEN as any).id, subject: `Parallel file ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const serials = results.map((r) => Number(r.body.fileNumber.split('/')[3])).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(20);
    expect(serials[19]! - serials[0]! + 1).toBe(20);
  });

  it('refuses a dak post, an unknown head and a receipt the post does not hold', async () => {
    const byDak = await dak.post('/api/files', { headId: heads.CRIME!.id, subject: 'From the dak desk' });
    expect(byDak.status).toBe(403);
    const badHead = await reader.post('/api/files', { headId: '00000000-0000-4000-8000-000000000000', subject: 'Unknown head' });
    expect(badHead.status).toBe(400);
    expect(badHead.body.details.issues[0].path).toEqual(['headId']);
    const r = await receiptFor(sp, 'PBT-SP-SP', 'Held by the SP');
    const notMine = await reader.post('/api/files', {
      headId: heads.CRIME!.id,
      subject: 'Not my receipt',
      receiptId: r.id,
      receiptVersion: r.version,
    });
    expect(notMine.status).toBe(404);
    // nothing half-created: no file with that subject exists
    const { rows } = await system.deps.pool.query(`select count(*)::int as n from efile where subject = 'Not my receipt'`);
    expect(rows[0].n).toBe(0);
  });

  it('admins keep the file scheme: add a head, refuse a duplicate code', async () => {
    const admin = await loggedIn(base, 'admin');
    const office = (await admin.get('/api/org/offices')).body.items.find((o: any) => o.code === 'PBT-SP');
    const created = await admin.post('/api/admin/file-heads', {
      officeId: office.id,
      code: 'CYBER',
      name: { en: 'Cyber crime', hi: 'साइबर अपराध' },
    });
    expect(created.status).toBe(201);
    const dup = await admin.post('/api/admin/file-heads', { officeId: office.id, code: 'CYBER', name: { en: 'Again', hi: 'फिर' } });
    expect(dup.status).toBe(409);
    expect((await reader.get('/api/file-heads')).body.items.map((h: any) => h.code)).toContain('CYBER');
    const off = await admin.patch(`/api/admin/file-heads/${created.body.id}`, { version: created.body.version, active: false });
    expect(off.body.active).toBe(false);
    expect((await reader.post('/api/files', { headId: created.body.id, subject: 'Inactive head' })).status).toBe(400);
  });
});

describe('the notesheet', () => {
  it('yellow notes are the author’s to edit; references are checked; the text is sanitised', async () => {
    const r = await receiptFor(reader, 'PBT-SP-READER', 'Missing person report, Sungarhi');
    let file = await openFile(reader, 'Missing person, Sungarhi', { receiptId: r.id, receiptVersion: r.version });
    const added = await reader.post(`/api/files/${file.id}/notes`, {
      version: file.version,
      body: '<p onclick="x()">Kindly see <a data-page="1" href="javascript:alert(1)">p. 1/C</a>.<script>alert(1)</script></p>',
    });
    expect(added.status).toBe(200);
    file = added.body;
    expect(file.notes).toHaveLength(1);
    expect(file.notes[0]).toMatchObject({
      no: 1,
      state: 'yellow',
      refPages: [1],
      canEdit: true,
      body: '<p>Kindly see <a data-page="1">p. 1/C</a>.</p>',
    });

    const badPage = await reader.post(`/api/files/${file.id}/notes`, {
      version: file.version,
      body: '<p>See <a data-page="7">p. 7/C</a></p>',
    });
    expect(badPage.status).toBe(400);
    expect(badPage.body.details.issues[0].message).toMatch(/page\(s\) 7.*only 1/);
    const empty = await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p> <script>x</script></p>' });
    expect(empty.status).toBe(400);

    const edited = await reader.patch(`/api/files/${file.id}/notes/${file.notes[0].id}`, {
      version: file.version,
      body: '<p>Kindly see <a data-page="1">p. 1/C</a> and put up a draft.</p>',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.notes[0].bodyText).toBe('Kindly see p. 1/C and put up a draft.');
    file = edited.body;
    const second = (await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Second para</p>' })).body;
    expect(second.notes.map((n: any) => n.no)).toEqual([1, 2]);
    const deleted = await reader.delete(`/api/files/${file.id}/notes/${second.notes[1].id}?version=${second.version}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.notes).toHaveLength(1);
  });

  it('notes turn green and numbered when the file moves on; a green note cannot be changed, even in the database', async () => {
    let file = await openFile(reader, 'Arms licence renewal, Puranpur');
    file = (await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Put up for orders.</p>' })).body;
    const sent = await reader.post(`/api/files/${file.id}/send`, {
      version: file.version,
      toPostId: posts['PBT-SP-SP'],
      remarks: 'For orders',
      priority: 'immediate',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ id: file.id, type: 'file', version: file.version + 1, holder: { postId: posts['PBT-SP-SP'] } });
    const afterSend = (await reader.get(`/api/files/${file.id}`)).body;
    expect(afterSend.version).toBe(sent.body.version);
    expect(afterSend.notes[0]).toMatchObject({ state: 'green', no: 1, canEdit: false });
    expect(afterSend.notes[0].lockedAt).not.toBeNull();

    let atSp = (await sp.get(`/api/files/${file.id}`)).body;
    atSp = (await sp.post(`/api/files/${file.id}/notes`, { version: atSp.version, body: '<p>Approved. Renew.</p>' })).body;
    expect(atSp.notes.map((n: any) => [n.no, n.state])).toEqual([
      [1, 'green'],
      [2, 'yellow'],
    ]);
    // the SP cannot edit the Reader's green note
    const editGreen = await sp.patch(`/api/files/${file.id}/notes/${atSp.notes[0].id}`, { version: atSp.version, body: '<p>changed</p>' });
    expect(editGreen.status).toBe(422);
    expect(editGreen.body.message).toMatch(/green/);
    const back = await sp.post(`/api/files/${file.id}/return`, { version: atSp.version, remarks: 'Done' });
    expect(back.status).toBe(200);
    const seen = (await reader.get(`/api/files/${file.id}`)).body;
    expect(seen.holder.code).toBe('PBT-SP-READER');
    expect(seen.notes.map((n: any) => [n.no, n.state, n.author.code])).toEqual([
      [1, 'green', 'PBT-SP-READER'],
      [2, 'green', 'PBT-SP-SP'],
    ]);
    const deleteGreen = await reader.delete(`/api/files/${file.id}/notes/${seen.notes[0].id}?version=${seen.version}`);
    expect(deleteGreen.status).toBe(422);
    await expect(system.deps.pool.query(`update note set body = 'forged' where id = $1`, [seen.notes[0].id])).rejects.toThrow(/green/);
    await expect(system.deps.pool.query(`delete from note where id = $1`, [seen.notes[1].id])).rejects.toThrow(/green/);
  });
});

describe('movement, custody and conflicts', () => {
  it('sends with a copy; the recipient sees it live; copies are read-only; outsiders get 404', async () => {
    let file = await openFile(reader, 'Traffic diversion plan for Ramlila', { grading: 'confidential' });
    file = (await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Plan placed below.</p>' })).body;
    const spSocket = await socketOf(sp);
    const hint = new Promise((resolve) => spSocket.on('hint', (h: any) => h.entity === 'inbox' && h.ids.includes(file.id) && resolve(h)));
    const sent = await reader.post(`/api/files/${file.id}/send`, {
      version: file.version,
      toPostId: posts['PBT-SP-SP'],
      copyTo: [posts['PBT-SP-ASP']],
      dueDate: '2026-11-30',
    });
    expect(sent.status).toBe(200);
    await expect(hint).resolves.toBeTruthy();
    spSocket.close();
    const inboxRow = (await sp.get('/api/inbox?type=file&pageSize=200')).body.items.find((i: any) => i.id === file.id);
    expect(inboxRow).toMatchObject({ unread: true, dueDate: '2026-11-30', from: { code: 'PBT-SP-READER' } });

    const copy = await asp.get(`/api/files/${file.id}`);
    expect(copy.status).toBe(200);
    expect(copy.body.abilities.note).toBe(false);
    const aspNote = await asp.post(`/api/files/${file.id}/notes`, { version: copy.body.version, body: '<p>not allowed</p>' });
    expect(aspNote.status).toBe(409);
    expect(aspNote.body.error).toBe('NOT_WITH_YOU');
    expect((await asp.get('/api/inbox?tab=copies&type=file&pageSize=200')).body.items.map((i: any) => i.id)).toContain(file.id);

    // outsiders: the file, its history, its drafts and its notes do not exist for them
    for (const path of [`/api/files/${file.id}`, `/api/files/${file.id}/history`]) expect((await crime.get(path)).status).toBe(404);
    const outsiderNote = await crime.post(`/api/files/${file.id}/notes`, { version: sent.body.version, body: '<p>x</p>' });
    expect(outsiderNote.status).toBe(404);
    expect((await crime.get(`/api/files?q=${encodeURIComponent('Traffic diversion')}`)).body.items).toHaveLength(0);
    expect((await crime.get(`/api/search?q=${encodeURIComponent(file.fileNumber)}`)).status).toBe(200);

    // who opened it and when is recorded
    const opened = (await sp.get(`/api/files/${file.id}`)).body;
    const move = opened.movements.find((m: any) => m.kind === 'send');
    expect(move.openedBy.username).toBe('sp');
    expect(move.openedAt).not.toBeNull();
    expect(typeof move.dwellSeconds).toBe('number');
  });

  it('cannot send what it does not hold; pull back works until opened, not after', async () => {
    const file = await openFile(reader, 'Pull-back file');
    const sent = (await reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-ASP'] })).body;
    const again = await reader.post(`/api/files/${file.id}/send`, { version: sent.version, toPostId: posts['PBT-SP-SP'] });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('NOT_WITH_YOU');
    const pulled = await reader.post(`/api/files/${file.id}/pull-back`, { version: sent.version });
    expect(pulled.status).toBe(200);
    expect((await reader.get(`/api/files/${file.id}`)).body.holder.code).toBe('PBT-SP-READER');
    expect((await reader.post(`/api/files/${file.id}/send`, { version: pulled.body.version, toPostId: posts['PBT-SP-ASP'] })).status).toBe(
      200,
    );
    const resent = (await reader.get(`/api/files/${file.id}`)).body;
    const opened = (await asp.get(`/api/files/${file.id}`)).body;
    const late = await reader.post(`/api/files/${file.id}/pull-back`, { version: opened.version });
    expect(late.status).toBe(422);
    expect(late.body.message).toMatch(/already opened/);
    expect(resent.holder.code).toBe('PBT-SP-ASP');
    const notSender = await sp.post(`/api/files/${file.id}/pull-back`, { version: opened.version });
    expect(notSender.status).toBe(404); // the SP never had it
  });

  it('of two holders acting on the same file at once exactly one wins; the stale one gets 409 with the current state', async () => {
    const file = await openFile(reader, 'Race on a file');
    const readerAgain = await loggedIn(base, 'reader.sp');
    const [a, b] = await Promise.all([
      reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] }),
      readerAgain.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Typed in the other tab</p>' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error).toBe('CONFLICT');
    expect(loser.body.details.current.id).toBe(file.id); // the current state, so the client can keep what was typed
    const now = (await reader.get(`/api/files/${file.id}`)).body;
    expect(now.movements.filter((m: any) => m.kind === 'send').length + now.notes.length).toBe(1);

    const fresh = await openFile(reader, 'Stale version');
    const moved = (await reader.post(`/api/files/${fresh.id}/notes`, { version: fresh.version, body: '<p>first</p>' })).body;
    const stale = await reader.post(`/api/files/${fresh.id}/notes`, {
      version: fresh.version,
      body: '<p>typed against the old version</p>',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('CONFLICT');
    expect(stale.body.details.current.version).toBe(moved.version);
    expect(stale.body.details.current.notes).toHaveLength(1);
  });

  it('parks and unparks; only the creator post closes; nothing can be done to a closed file until reopened', async () => {
    let file = await openFile(reader, 'Park and close');
    const parked = await reader.post(`/api/files/${file.id}/park`, { version: file.version, remarks: 'Awaiting report from PS' });
    expect(parked.status).toBe(200);
    expect(parked.body.parkedAt).not.toBeNull();
    expect((await reader.get('/api/inbox?tab=parked&pageSize=200')).body.items.map((i: any) => i.id)).toContain(file.id);
    expect((await reader.get('/api/inbox?pageSize=200')).body.items.map((i: any) => i.id)).not.toContain(file.id);
    expect((await reader.post(`/api/files/${file.id}/park`, { version: parked.body.version })).status).toBe(422);
    file = (await reader.post(`/api/files/${file.id}/unpark`, { version: parked.body.version })).body;
    expect(file.parkedAt).toBeNull();

    const atSp = (await reader.post(`/api/files/${file.id}/send`, { version: file.version, toPostId: posts['PBT-SP-SP'] })).body;
    const byNonCreator = await sp.post(`/api/files/${file.id}/close`, { version: atSp.version });
    expect(byNonCreator.status).toBe(422);
    expect(byNonCreator.body.message).toMatch(/only the post that opened/);
    const returned = (await sp.post(`/api/files/${file.id}/return`, { version: (await sp.get(`/api/files/${file.id}`)).body.version }))
      .body;
    const closed = await reader.post(`/api/files/${file.id}/close`, { version: returned.version, remarks: 'Action complete' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await reader.get('/api/inbox?tab=closed&pageSize=200')).body.items.map((i: any) => i.id)).toContain(file.id);
    for (const [path, body] of [
      [`/api/files/${file.id}/notes`, { version: closed.body.version, body: '<p>late</p>' }],
      [`/api/files/${file.id}/send`, { version: closed.body.version, toPostId: posts['PBT-SP-SP'] }],
      [`/api/files/${file.id}/park`, { version: closed.body.version }],
    ] as const) {
      const res = await reader.post(path, body);
      expect(res.status, path).toBe(422);
      expect(res.body.message).toMatch(/closed/);
    }
    const reopened = await reader.post(`/api/files/${file.id}/reopen`, { version: closed.body.version });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
  });

  it('receipts move the same way: return, park, close and reopen', async () => {
    const r = await receiptFor(reader, 'PBT-SP-READER', 'Receipt moves');
    const back = await reader.post(`/api/receipts/${r.id}/return`, { version: r.version, remarks: 'Wrong desk' });
    expect(back.status).toBe(200);
    expect(back.body.holder.postId).toBe(posts['PBT-SP-DAK']);
    expect((await reader.get(`/api/receipts/${r.id}`)).body.holder.code).toBe('PBT-SP-DAK');
    const atDak = (await dak.get(`/api/receipts/${r.id}`)).body;
    const noOne = await dak.post(`/api/receipts/${r.id}/return`, { version: atDak.version });
    expect(noOne.status).toBe(200); // it came back to dak from the reader, so dak may return it again
    const atReader = (await reader.get(`/api/receipts/${r.id}`)).body;
    const closed = (await reader.post(`/api/receipts/${r.id}/close`, { version: atReader.version, remarks: 'Filed, no action' })).body;
    expect(closed.status).toBe('closed');
    expect((await reader.post(`/api/receipts/${r.id}/send`, { version: closed.version, toPostId: posts['PBT-SP-SP'] })).status).toBe(422);
    expect((await reader.post(`/api/receipts/${r.id}/reopen`, { version: closed.version })).body.status).toBe('diarised');
  });
});

describe('inbox', () => {
  it('lists receipts and files together or apart, with counts, filters and a catch-up after a reconnect', async () => {
    const since = new Date().toISOString();
    const r = await receiptFor(crime, 'PBT-SP-CRIME', 'Inbox mix receipt', { priority: 'most_immediate' });
    const f = await openFile(reader, 'Inbox mix file', { priority: 'immediate' });
    await reader.post(`/api/files/${f.id}/send`, { version: f.version, toPostId: posts['PBT-SP-CRIME'], dueDate: '2020-01-01' });
    const all = (await crime.get('/api/inbox?pageSize=200')).body.items;
    expect(all.slice(0, 2).map((i: any) => i.id)).toEqual([r.id, f.id]); // most immediate first
    expect((await crime.get('/api/inbox?type=receipt&pageSize=200')).body.items.every((i: any) => i.type === 'receipt')).toBe(true);
    expect((await crime.get('/api/inbox?overdue=true&pageSize=200')).body.items.map((i: any) => i.id)).toEqual([f.id]);
    expect((await crime.get('/api/inbox?unread=true&pageSize=200')).body.items.map((i: any) => i.id)).toContain(f.id);
    const counts = (await crime.get('/api/inbox/counts')).body;
    expect(counts.overdue).toBe(1);
    expect(counts.inbox).toBeGreaterThanOrEqual(2);
    const changes = (await crime.get(`/api/inbox/changes?since=${encodeURIComponent(since)}`)).body;
    expect(changes.arrived.map((c: any) => c.id).sort()).toEqual([r.id, f.id].sort());
    const sentTab = (await reader.get('/api/inbox?tab=sent&type=file&pageSize=200')).body.items.find((i: any) => i.id === f.id);
    expect(sentTab.to.code).toBe('PBT-SP-CRIME');
    expect((await crime.get('/api/inbox?tab=nonsense')).status).toBe(400);
  });
});

describe('links, parts and history', () => {
  it('links related files, opens parts and volumes with suffixed numbers, and shows the file’s history', async () => {
    let main = await openFile(reader, 'Land dispute, village Madhopur');
    const other = await openFile(reader, 'Earlier land dispute file');
    main = (await reader.post(`/api/files/${main.id}/links`, { version: main.version, fileId: other.id })).body;
    expect(main.links).toEqual([expect.objectContaining({ id: other.id, kind: 'related', role: 'related' })]);
    expect((await reader.post(`/api/files/${main.id}/links`, { version: main.version, fileId: other.id })).status).toBe(422);
    expect((await reader.post(`/api/files/${main.id}/links`, { version: main.version, fileId: main.id })).status).toBe(422);
    const part = await reader.post(`/api/files/${main.id}/parts`, { kind: 'part' });
    expect(part.status).toBe(201);
    expect(part.body.fileNumber).toBe(`${main.fileNumber} (Part-1)`);
    expect(part.body.parent.id).toBe(main.id);
    const vol = (await reader.post(`/api/files/${main.id}/parts`, { kind: 'volume' })).body;
    expect(vol.fileNumber).toBe(`${main.fileNumber} (Vol-2)`);
    expect((await reader.post(`/api/files/${part.body.id}/parts`, { kind: 'part' })).status).toBe(422);
    main = (await reader.get(`/api/files/${main.id}`)).body;
    expect(main.links.map((l: any) => [l.kind, l.role]).sort()).toEqual([
      ['part', 'child'],
      ['related', 'related'],
      ['volume', 'child'],
    ]);
    // a note may refer to another file the user can see, not to one they cannot
    main = (
      await reader.post(`/api/files/${main.id}/notes`, {
        version: main.version,
        body: `<p>See <a data-file="${other.id}">${other.fileNumber}</a></p>`,
      })
    ).body;
    expect(main.notes[0].refFiles).toEqual([{ id: other.id, fileNumber: other.fileNumber }]);
    const hidden = await openFile(crime, 'Crime branch only');
    const badRef = await reader.post(`/api/files/${main.id}/notes`, {
      version: main.version,
      body: `<p>See <a data-file="${hidden.id}">x</a></p>`,
    });
    expect(badRef.status).toBe(400);

    const history = (await reader.get(`/api/files/${main.id}/history`)).body.items.map((e: any) => e.action);
    expect(history).toEqual(['file.open', 'file.link', 'file.part.add', 'file.volume.add', 'file.note.add']);
    const verify = await system.deps.pool.query(`select count(*)::int as n from audit_event where object_id = $1`, [main.id]);
    expect(verify.rows[0].n).toBe(5);
  });
});

describe('parts and volumes follow the holder rule', () => {
  it('only the holder opens them: a supervisor after inspecting, a copy recipient and the previous holder get 409 NOT_WITH_YOU and nothing is created; the view says the same', async () => {
    const main = await openFile(reader, 'Parts only by the holder');
    const parts = async () =>
      Number((await system.deps.pool.query(`select count(*)::int as n from efile where parent_id = $1`, [main.id])).rows[0].n);
    const refused = async (client: ApiClient) => {
      const view = await client.get(`/api/files/${main.id}`);
      expect(view.status).toBe(200);
      expect(view.body.abilities.createPart).toBe(false);
      for (const kind of ['part', 'volume']) {
        const res = await client.post(`/api/files/${main.id}/parts`, { kind });
        expect(res.status, JSON.stringify(res.body)).toBe(409);
        expect(res.body.error).toBe('NOT_WITH_YOU');
      }
    };
    // the SP inspects the Reader's file from pendency: read-only, like a copy
    expect((await sp.post(`/api/pendency/items/file/${main.id}/inspect`)).body.granted).toBe(true);
    await refused(sp);
    const sent = await reader.post(`/api/files/${main.id}/send`, {
      version: main.version,
      toPostId: posts['PBT-SP-ASP'],
      copyTo: [posts['PBT-SP-CRIME']],
    });
    expect(sent.status).toBe(200);
    await refused(crime);
    await refused(reader);
    expect(await parts()).toBe(0);

    const atAsp = (await asp.get(`/api/files/${main.id}`)).body;
    expect(atAsp.abilities.createPart).toBe(true);
    const part = await asp.post(`/api/files/${main.id}/parts`, { kind: 'part' });
    expect(part.status).toBe(201);
    expect(part.body.holder.code).toBe('PBT-SP-ASP');
    expect(await parts()).toBe(1);
  });
});

describe('raising a file’s grading narrows who sees it', () => {
  it('a confidential receipt filed into a normal file withdraws copies and inspections (audited): those posts get 404, the file leaves their copies, counts and search; the holder chain keeps it', async () => {
    let file = await openFile(reader, 'Boundary dispute, village Shahgarh');
    expect((await sp.post(`/api/pendency/items/file/${file.id}/inspect`)).body.granted).toBe(true);
    file = (
      await reader.post(`/api/files/${file.id}/send`, {
        version: file.version,
        toPostId: posts['PBT-SP-CRIME'],
        copyTo: [posts['PBT-SP-ASP']],
      })
    ).body;
    const copies = async () => (await asp.get('/api/inbox?tab=copies&type=file&pageSize=200')).body.items.map((i: any) => i.id);
    const unreadCopies = async () => (await asp.get('/api/inbox/counts')).body.copies;
    const found = async (client: ApiClient) => (await client.get('/api/search?q=Shahgarh&pageSize=50')).body.items.map((i: any) => i.id);
    // before: the copy recipient finds it everywhere (without opening it, so it stays unread)
    expect(await copies()).toContain(file.id);
    const unreadBefore = await unreadCopies();
    expect(await found(asp)).toContain(file.id);
    expect((await sp.get(`/api/files/${file.id}`)).status).toBe(200);

    const receipt = await receiptFor(crime, 'PBT-SP-CRIME', 'LIU report on the boundary dispute', { grading: 'confidential' });
    const atCrime = (await crime.get(`/api/files/${file.id}`)).body;
    const filed = await crime.post(`/api/files/${file.id}/correspondence`, {
      version: atCrime.version,
      receiptId: receipt.id,
      receiptVersion: receipt.version,
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    expect(filed.body.grading).toBe('confidential');

    for (const client of [asp, sp]) {
      for (const path of [`/api/files/${file.id}`, `/api/files/${file.id}/history`, `/api/pendency/items/file/${file.id}`])
        expect((await client.get(path)).status, path).toBe(404);
      expect(await found(client)).not.toContain(file.id);
    }
    expect((await asp.get(`/api/receipts/${receipt.id}`)).status).toBe(404);
    expect(await copies()).not.toContain(file.id);
    expect(await unreadCopies()).toBe(unreadBefore - 1);
    // inspecting again is refused: a supervisor's inspection admits ungraded items only
    expect((await sp.post(`/api/pendency/items/file/${file.id}/inspect`)).status).toBe(404);

    // the holder chain keeps it: the holder, and the Reader who held it before
    expect((await crime.get(`/api/files/${file.id}`)).status).toBe(200);
    expect((await reader.get(`/api/files/${file.id}`)).status).toBe(200);
    const history = (await crime.get(`/api/files/${file.id}/history`)).body.items;
    const narrowed = history.find((e: any) => e.action === 'file.access.narrow');
    expect(narrowed.details).toEqual({
      from: 'normal',
      to: 'confidential',
      receiptId: receipt.id,
      revokedPosts: [posts['PBT-SP-ASP'], posts['PBT-SP-SP']].sort(),
    });
    expect(narrowed.post.code).toBe('PBT-SP-CRIME');
  });
});

describe('search', () => {
  it('finds files by number, subject, keyword and the words of their notes, Hindi and English; never files the user cannot see', async () => {
    let file = await openFile(reader, 'अवैध खनन की शिकायत, ग्राम रमनगरा', { keywords: ['Mining'] });
    file = (
      await reader.post(`/api/files/${file.id}/notes`, {
        version: file.version,
        body: '<p>थानाध्यक्ष अमरिया से आख्या प्राप्त करने हेतु प्रस्तुत। Tractor seized on 12 November.</p>',
      })
    ).body;
    const hit = async (client: ApiClient, q: string) =>
      (await client.get(`/api/search?q=${encodeURIComponent(q)}&pageSize=50`)).body.items.find((i: any) => i.id === file.id);
    expect(await hit(reader, file.fileNumber)).toMatchObject({ type: 'file', number: file.fileNumber });
    expect(await hit(reader, 'खनन')).toBeTruthy();
    expect(await hit(reader, 'mining')).toBeTruthy();
    const inNote = await hit(reader, 'tractor');
    expect(inNote.snippet).toMatch(/«Tractor»/);
    expect(await hit(reader, 'आख्या')).toBeTruthy();
    expect(await hit(reader, 'Tracter')).toBeTruthy(); // misspelt
    expect(
      (await reader.get(`/api/search?q=${encodeURIComponent('tractor')}&type=receipt`)).body.items.find((i: any) => i.id === file.id),
    ).toBeUndefined();
    expect(await hit(crime, 'tractor')).toBeUndefined();
    expect(await hit(crime, file.fileNumber)).toBeUndefined();
  });
});

describe('yellow notes are the holder’s drafts', () => {
  it('a copy recipient sees the green notes, not the holder’s yellow ones, nor finds them in search', async () => {
    let file = await openFile(reader, 'Drafts stay with the holder');
    file = (await reader.post(`/api/files/${file.id}/notes`, { version: file.version, body: '<p>Sent on: green.</p>' })).body;
    file = (
      await reader.post(`/api/files/${file.id}/send`, {
        version: file.version,
        toPostId: posts['PBT-SP-SP'],
        copyTo: [posts['PBT-SP-ASP']],
      })
    ).body;
    let atSp = (await sp.get(`/api/files/${file.id}`)).body;
    atSp = (
      await sp.post(`/api/files/${file.id}/notes`, { version: atSp.version, body: '<p>Zebracrossing still being thought about.</p>' })
    ).body;
    expect(atSp.notes.map((n: any) => n.state)).toEqual(['green', 'yellow']);
    const copy = (await asp.get(`/api/files/${file.id}`)).body;
    expect(copy.notes.map((n: any) => [n.no, n.state])).toEqual([[1, 'green']]);
    const found = async (client: ApiClient) => (await client.get('/api/search?q=Zebracrossing')).body.items.map((i: any) => i.id);
    expect(await found(sp)).toContain(file.id);
    expect(await found(asp)).not.toContain(file.id);
  });
});
