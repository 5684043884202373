/**
 * Checkpoints and gates (issue 16, point 5): the bundle a phone caches to check passes offline (ETag,
 * 304), checks recorded from the phone once each by their id, online verification and lookup by
 * reference number with every verdict on real tokens signed with the installation's active key, and
 * a gate's entries and exits (who is inside now). Posts without the checkpoint capability are refused.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { issuePass, istDay, type IssuedPass } from '../support/issued-pass.js';

let system: TestSystem;
let db: pg.Pool;
let gate: ApiClient;
let road: ApiClient;
let collectorate: ApiClient;
let sp: ApiClient;
let spOffice: string;

beforeAll(async () => {
  system = await bootSystem();
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  const base = system.url!;
  [gate, road, collectorate, sp] = await Promise.all([
    loggedIn(base, 'gate.sp'),
    loggedIn(base, 'check.bareilly-border'),
    loggedIn(base, 'gate.collectorate'),
    loggedIn(base, 'sp'),
  ]);
  spOffice = (await db.query(`select id from office where code = 'PBT-SP'`)).rows[0].id;
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

const issue = (opts: Parameters<typeof issuePass>[2] = {}) => issuePass(system.deps.orm, db, opts);
const record = (p: Partial<{ token: string; reference: string; verdict: string; direction: string; checkedAt: string; kind: string }>) => ({
  id: randomUUID(),
  checkedAt: new Date().toISOString(),
  kind: 'scan',
  verdict: 'valid',
  ...p,
});

describe('the bundle', () => {
  it('carries the published keys, the revocation list and the place; an unchanged one is a 304', async () => {
    const cancelled = await issue({ status: 'cancelled' });
    const res = await gate.get('/api/check/bundle');
    expect(res.status).toBe(200);
    const kid = (await db.query(`select kid from verification_key where active`)).rows[0].kid;
    expect(res.body.keys.map((k: any) => k.kid)).toContain(kid);
    expect(res.body.keys.every((k: any) => !('d' in k))).toBe(true); // public keys only
    expect(res.body.revoked).toContain(cancelled.id);
    expect(res.body.place).toMatchObject({ officeCode: 'PBT-SP', gate: true });
    expect(res.body.closingTime).toBe('18:00');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"/);

    const again = await gate.request('GET', '/api/check/bundle', undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();

    // another cancellation: the list changed, so the whole bundle comes again
    const later = await issue({ status: 'cancelled' });
    const fresh = await gate.request('GET', '/api/check/bundle', undefined, { 'if-none-match': etag });
    expect(fresh.status).toBe(200);
    expect(fresh.body.revoked).toEqual(expect.arrayContaining([cancelled.id, later.id]));
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  it('a road checkpoint is no gate; posts without the checkpoint capability are refused everywhere', async () => {
    expect((await road.get('/api/check/bundle')).body.place).toMatchObject({ officeCode: 'PBT-PS-JAHANABAD', gate: false });
    const pass = await issue();
    for (const res of [
      await sp.get('/api/check/bundle'),
      await sp.post('/api/check/records', { records: [record({ token: pass.token })] }),
      await sp.post('/api/check/verify', { token: pass.token }),
      await sp.get(`/api/check/lookup?ref=${encodeURIComponent(pass.referenceNumber)}`),
      await sp.get('/api/check/inside'),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
    }
    expect((await db.query(`select count(*)::int as n from check_record where document_id = $1`, [pass.id])).rows[0].n).toBe(0);
  });
});

describe('verifying a pass online', () => {
  const verdictOf = async (client: ApiClient, token: string) => {
    const res = await client.post('/api/check/verify', { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('valid, expired, not yet valid, cancelled, forged and wrong gate — each as the one rule says, with the holder’s details', async () => {
    const valid = await issue({ holder: 'रामेश्वर प्रसाद' });
    const ok = await verdictOf(gate, valid.token);
    expect(ok.verdict).toBe('valid');
    expect(ok.claims).toMatchObject({ n: 'रामेश्वर प्रसाद', r: valid.referenceNumber, m: 'voterId:4567', g: 'PBT-SP' });
    expect(ok.documentId).toBe(valid.id);
    expect(ok.issuingOffice.en).toContain('Superintendent of Police');
    expect(ok.photoUrl).toBeNull();

    const expired = await issue({ claims: { f: istDay(-3), u: istDay(-1) } });
    expect((await verdictOf(gate, expired.token)).verdict).toBe('expired');
    const early = await issue({ claims: { f: istDay(1), u: istDay(2) } });
    expect((await verdictOf(gate, early.token)).verdict).toBe('notYetValid');
    const cancelled = await issue({ status: 'cancelled' });
    const c = await verdictOf(gate, cancelled.token);
    expect(c.verdict).toBe('cancelled');
    expect(c.claims.n).toBe('कमला देवी');
    // a changed claim breaks the signature
    const [h, , sig] = valid.token.split('.');
    const body = Buffer.from(JSON.stringify({ ...valid.claims, u: '2099-12-31' })).toString('base64url');
    const forged = await verdictOf(gate, `${h}.${body}.${sig}`);
    expect(forged).toMatchObject({ verdict: 'forged', claims: null, documentId: null });
    // a Collectorate visitor pass at the SP office's gate; a road checkpoint does not judge gates
    const dm = await issue({ claims: { g: 'PBT-DM' } });
    expect((await verdictOf(gate, dm.token)).verdict).toBe('wrongPlace');
    expect((await verdictOf(road, dm.token)).verdict).toBe('valid');
    expect((await verdictOf(collectorate, dm.token)).verdict).toBe('valid');

    // every online look at a holder's details is in the audit chain
    const audited = await db.query(`select object_id, details from audit_event where action = 'check.verified' and object_id = $1`, [
      valid.id,
    ]);
    expect(audited.rows[0].details).toMatchObject({ verdict: 'valid', via: 'token' });
  });

  it('a damaged QR: the lookup by reference number answers the same, with the photo when the pass has one', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#884422' } })
      .png()
      .toBuffer();
    const key = `test/photo-${randomUUID()}.png`;
    await system.deps.store.put(key, png, png.length, 'image/png');
    const pass = await issue({ photoKey: key });
    await db.query(`update application_upload set size = $1 where object_key = $2`, [png.length, key]);
    const byRef = await gate.get(`/api/check/lookup?ref=${encodeURIComponent(pass.referenceNumber.toLowerCase())}`);
    expect(byRef.status, JSON.stringify(byRef.body)).toBe(200);
    const byToken = await gate.post('/api/check/verify', { token: pass.token });
    expect(byRef.body.verdict).toBe('valid');
    expect(byRef.body.claims).toEqual(byToken.body.claims);
    expect(byRef.body.token).toBe(pass.token);
    expect(byRef.body.photoUrl).toBe(`/api/check/documents/${pass.id}/photo`);
    const photo = await fetch(system.url + byRef.body.photoUrl, { headers: { cookie: gate.cookieHeader() } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(png)).toBe(true);

    const cancelled = await issue({ status: 'cancelled' });
    expect((await gate.get(`/api/check/lookup?ref=${encodeURIComponent(cancelled.referenceNumber)}`)).body.verdict).toBe('cancelled');
    const none = await gate.get('/api/check/lookup?ref=VPSP/PBT/SP/2026/000000');
    expect(none.status).toBe(404);
    expect(none.body.error).toBe('NOT_FOUND');
  });
});

describe('recording checks', () => {
  it('stores each check once by its id: a replayed batch stores nothing again and answers the same', async () => {
    const pass = await issue();
    const batch = {
      records: [
        record({ token: pass.token, verdict: 'valid', checkedAt: new Date(Date.now() - 60_000).toISOString() }),
        { ...record({ reference: pass.referenceNumber, kind: 'manual', verdict: 'valid' }), offline: true },
      ],
    };
    const first = await road.post('/api/check/records', batch);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.ids).toEqual(batch.records.map((r) => r.id));
    const replay = await road.post('/api/check/records', batch);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);

    const rows = (
      await db.query(
        `select r.kind, r.verdict, r.server_verdict, r.offline, r.document_id, r.reference_number, p.code as post, o.code as office
           from check_record r join post p on p.id = r.post_id join office o on o.id = r.office_id where r.document_id = $1 order by r.checked_at`,
        [pass.id],
      )
    ).rows;
    expect(rows).toEqual([
      {
        kind: 'scan',
        verdict: 'valid',
        server_verdict: 'valid',
        offline: false,
        document_id: pass.id,
        reference_number: pass.referenceNumber,
        post: 'PBT-PS-JAHANABAD-CHECK-BAREILLY',
        office: 'PBT-PS-JAHANABAD',
      },
      expect.objectContaining({ kind: 'manual', offline: true, server_verdict: 'valid', document_id: pass.id }),
    ]);
    const audit = await db.query(`select count(*)::int as n from audit_event where action = 'check.recorded' and object_id = any($1)`, [
      batch.records.map((r) => r.id),
    ]);
    expect(audit.rows[0].n).toBe(2);
  });

  it('the server judges again with what it knows: a pass cancelled after the phone’s list was made', async () => {
    const pass = await issue({ status: 'cancelled' });
    const r = record({ token: pass.token, verdict: 'valid' });
    expect((await road.post('/api/check/records', { records: [r] })).status).toBe(200);
    const row = (await db.query(`select verdict, server_verdict from check_record where id = $1`, [r.id])).rows[0];
    expect(row).toEqual({ verdict: 'valid', server_verdict: 'cancelled' });
  });

  it('refuses a malformed batch with what is wrong, and another user’s record id', async () => {
    const noToken = await road.post('/api/check/records', { records: [record({})] });
    expect(noToken.status).toBe(400);
    expect(noToken.body.error).toBe('VALIDATION_FAILED');
    expect(noToken.body.details.issues[0].path).toEqual(['records', '0', 'token']);
    expect(noToken.body.details.issues[0].message).toMatch(/reference number/);

    const badVerdict = await road.post('/api/check/records', { records: [record({ token: 'a.b.c', verdict: 'ok' })] });
    expect(badVerdict.status).toBe(400);
    expect(badVerdict.body.details.issues[0].path).toEqual(['records', '0', 'verdict']);
    expect((await road.post('/api/check/records', { records: [] })).status).toBe(400);
    const notUuid = await road.post('/api/check/records', { records: [{ ...record({ token: 'a.b.c' }), id: '42' }] });
    expect(notUuid.status).toBe(400);
    expect(notUuid.body.details.issues[0].path).toEqual(['records', '0', 'id']);
    const future = await road.post('/api/check/records', {
      records: [record({ token: 'a.b.c', checkedAt: new Date(Date.now() + 3_600_000).toISOString() })],
    });
    expect(future.status).toBe(400);
    expect(future.body.details.issues[0].path).toEqual(['records', '0', 'checkedAt']);

    const mine = record({ token: 'a.b.c', verdict: 'forged' });
    expect((await road.post('/api/check/records', { records: [mine] })).status).toBe(200);
    const theirs = await gate.post('/api/check/records', { records: [mine] });
    expect(theirs.status).toBe(409);
    // a post the user does not hold
    const other = await road.post('/api/check/records', {
      records: [{ ...record({ token: 'a.b.c' }), postId: (await db.query(`select id from post where code = 'PBT-SP-GATE'`)).rows[0].id }],
    });
    expect(other.status).toBe(403);
  });
});

describe('a gate', () => {
  it('logs entry and exit: who is inside now; another office’s gate cannot see it', async () => {
    const before = (await gate.get('/api/check/inside')).body.count as number;
    const a: IssuedPass = await issue({ holder: 'आगंतुक एक' });
    const b: IssuedPass = await issue({ holder: 'आगंतुक दो' });
    const t = (s: number) => new Date(Date.now() - s * 1000).toISOString();
    await gate.post('/api/check/records', {
      records: [
        record({ token: a.token, direction: 'in', checkedAt: t(50) }),
        record({ token: b.token, direction: 'in', checkedAt: t(40) }),
        // turned away: a forged pass does not enter
        record({ token: 'x.y.z', verdict: 'forged', direction: 'in', checkedAt: t(30) }),
      ],
    });
    let inside = await gate.get('/api/check/inside');
    expect(inside.status).toBe(200);
    expect(inside.body.count).toBe(before + 2);
    expect(inside.body.office).toMatchObject({ id: spOffice, code: 'PBT-SP' });
    expect(inside.body.items.map((i: any) => i.holderName)).toEqual(expect.arrayContaining(['आगंतुक एक', 'आगंतुक दो']));

    await gate.post('/api/check/records', {
      records: [record({ reference: a.referenceNumber, kind: 'manual', direction: 'out', checkedAt: t(10) })],
    });
    inside = await gate.get(`/api/check/inside?office=${spOffice}`);
    expect(inside.body.count).toBe(before + 1);
    const names = inside.body.items.map((i: any) => i.holderName);
    expect(names).toContain('आगंतुक दो');
    expect(names).not.toContain('आगंतुक एक');
    expect(typeof inside.body.afterClosing).toBe('boolean');
    const item = inside.body.items.find((i: any) => i.documentId === b.id);
    expect(item.stillInsideAfterClosing).toBe(inside.body.afterClosing);

    const elsewhere = await collectorate.get(`/api/check/inside?office=${spOffice}`);
    expect(elsewhere.status).toBe(404);
    expect((await road.get('/api/check/inside')).status).toBe(404);
  });

  it('visitors still inside after closing time are listed as such', async () => {
    const late = await bootSystem({ db: system.db, env: { GATE_CLOSING_TIME: '00:00' } });
    try {
      const guard = await loggedIn(late.url!, 'gate.sp');
      const v = await issue({ holder: 'देर तक रुका आगंतुक' });
      await guard.post('/api/check/records', { records: [record({ token: v.token, direction: 'in' })] });
      const inside = (await guard.get('/api/check/inside')).body;
      expect(inside.closingTime).toBe('00:00');
      expect(inside.afterClosing).toBe(true);
      expect(inside.items.find((i: any) => i.documentId === v.id)).toMatchObject({
        holderName: 'देर तक रुका आगंतुक',
        stillInsideAfterClosing: true,
      });
    } finally {
      await late.stop();
    }
  });
});
