/**
 * Applications for public services (issue 15): citizens file with their OTP session, staff and counters
 * file from their logins; routing picks the competent authority from the gazetteer (every e-pass case);
 * the authority decides by the workflow (stale actions 409, bulk approval); return for correction pauses
 * the clock; the G2G verification goes DM office → SP office → the station of the address → back, and
 * nobody else on the way sees it; hostile input is refused field by field; SMS go out at each outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import sharp from 'sharp';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { createCa } from '../support/pki.js';
import { ensureSoftHsmDocumentSigner } from '../../backend/src/infra/hsm/softhsm.js';
import { ApiClient, loggedIn } from '../support/api-client.js';
import { lastSms as smsTo, signInCitizen } from '../support/citizen.js';

let system: TestSystem;
let db: pg.Pool;
const areas = new Map<string, string>();

let hsmDir: string;
beforeAll(async () => {
  // the office's document signer (issue 16): an approval's SMS goes out with the signed pass's link
  hsmDir = await mkdtemp(path.join(os.tmpdir(), 'applications-hsm-'));
  const hsm = await ensureSoftHsmDocumentSigner({
    dir: hsmDir,
    label: 'Applications test signer',
    pin: '112233',
    soPin: '44556677',
    ca: createCa({ commonName: 'Applications Test Root' }),
    commonName: 'Document Signer, Test',
    organization: 'Test',
  });
  system = await bootSystem({
    env: {
      OTP_PER_MOBILE: '50',
      OTP_PER_IP: '500',
      APPLICATION_UPLOADS_PER_DAY: '4',
      DOCUMENT_SIGNER_PKCS11_LIBRARY: hsm.library,
      DOCUMENT_SIGNER_TOKEN_LABEL: 'Applications test signer',
      DOCUMENT_SIGNER_PIN: '112233',
    },
  });
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  for (const r of (await db.query(`select code, id from area`)).rows) areas.set(r.code, r.id);
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
  if (hsmDir) await rm(hsmDir, { recursive: true, force: true });
});

let nextMobile = 9_100_000_100;
const today = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const lastSms = (mobile: string, related?: string) => smsTo(db, mobile, related);
async function citizen(lang: 'hi' | 'en' = 'en') {
  const mobile = String(nextMobile++);
  return { client: await signInCitizen(system.url!, db, mobile, lang), mobile };
}

const epass = (o: { from?: string; to: Record<string, unknown>; date?: string; extra?: Record<string, unknown> }) => ({
  service: 'EPASS',
  data: {
    name: 'Ramesh Kumar',
    mobile: '9876543210',
    category: 'medical',
    from: { areaId: areas.get(o.from ?? 'PBT-L-KHAKRA'), line: 'House 12' },
    to: o.to,
    travelDate: o.date ?? plusDays(1),
    persons: 2,
    idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
    ...o.extra,
  },
});
const holderCode = async (id: string) =>
  (await db.query(`select p.code from application a join post p on p.id = a.holder_post_id where a.id = $1`, [id])).rows[0].code;

describe('filing and routing an e-pass', () => {
  it('routes within the district to the SDM of the origin tehsil, to another district to the ADM, out of the state to the DM', async () => {
    const { client } = await citizen();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ areaId: areas.get('PBT-L-SUNGARHI'), line: 'Bazaar' }, 'PBT-L-KHAKRA', 'PBT-TEH-SADAR-SDM'],
      [{ areaId: areas.get('PBT-L-KHAKRA'), line: 'Bazaar' }, 'PBT-L-BISALPUR', 'PBT-TEH-BISALPUR-SDM'],
      [{ line: 'Civil Lines', district: 'Bareilly', state: 'UP' }, 'PBT-L-KHAKRA', 'PBT-DM-ADM'],
      [{ line: 'Karol Bagh', district: 'New Delhi', state: 'DL' }, 'PBT-L-AMARIYA', 'PBT-DM-DM'],
    ];
    for (const [i, [to, from, post]] of cases.entries()) {
      const res = await client.post('/api/public/applications', { ...epass({ from, to, date: plusDays(i + 1) }) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.referenceNumber).toMatch(/^EPASS\/PBT\/[A-Z-]+\/\d{4}\/\d{6}$/);
      expect(await holderCode(res.body.id)).toBe(post);
    }
  });

  it('numbers per service, office and year without gaps, and sends the reference number by SMS in the applicant’s language', async () => {
    const { client, mobile } = await citizen('hi');
    const a = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(1) }),
    );
    const b = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(2) }),
    );
    const serial = (r: string) => Number(r.split('/').at(-1));
    expect(serial(b.body.referenceNumber)).toBe(serial(a.body.referenceNumber) + 1);
    expect(await lastSms(mobile, 'application')).toContain(b.body.referenceNumber);
    expect(await lastSms(mobile, 'application')).toMatch(/आवेदन प्राप्त हुआ/);
  });

  it('warns of a similar pending application (same service, same dates) until confirmed', async () => {
    const { client } = await citizen();
    const body = epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(3) });
    expect((await client.post('/api/public/applications', body)).status).toBe(201);
    const again = await client.post('/api/public/applications', body);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('POSSIBLE_DUPLICATE');
    expect(again.body.details.duplicates).toHaveLength(1);
    expect((await client.post('/api/public/applications', { ...body, confirmDuplicate: true })).status).toBe(201);
  });

  it('refuses bad form data field by field, in the user’s language, and writes nothing', async () => {
    const { client, mobile } = await citizen('hi');
    const before = (await db.query(`select count(*)::int as n from application`)).rows[0].n;
    const res = await client.post('/api/public/applications', {
      service: 'EPASS',
      data: {
        name: '',
        mobile: '123',
        category: 'joyride',
        from: { line: 'x' },
        to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' },
        travelDate: plusDays(30),
        persons: 0,
        vehicle: 'XYZ',
        idProof: { kind: 'aadhaar', number: '1234' },
        extra: 1,
      },
    });
    expect(res.status).toBe(400);
    const paths = res.body.details.issues.map((i: any) => i.path.join('.'));
    for (const p of [
      'data.name',
      'data.mobile',
      'data.category',
      'data.from.areaId',
      'data.travelDate',
      'data.persons',
      'data.vehicle',
      'data.idProof.number',
      'data',
    ])
      expect(paths, p).toContain(p);
    expect(res.body.details.issues.find((i: any) => i.path.join('.') === 'data.vehicle').message).toMatch(/वाहन संख्या/);
    expect((await db.query(`select count(*)::int as n from application`)).rows[0].n).toBe(before);
    expect(await lastSms(mobile, 'application')).toBe('');
    // an unknown service, and one not taken from citizens
    expect((await client.post('/api/public/applications', { service: 'NOPE', data: {} })).status).toBe(404);
    expect((await client.post('/api/public/applications', { service: 'CHARVERIFY', data: {} })).status).toBe(403);
  });

  it('keeps an ID number masked but for its last four digits', async () => {
    const { client } = await citizen();
    const res = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(4) }),
    );
    const { rows } = await db.query(`select data from application where id = $1`, [res.body.id]);
    expect(rows[0].data.idProof).toEqual({ kind: 'aadhaar', number: 'XXXXXXXX0123' });
    expect(JSON.stringify(rows[0].data)).not.toContain('234567890123');
  });

  it('takes a document checked by its bytes; refuses a disguised or empty one with the reason; only its owner can attach it', async () => {
    const { client } = await citizen();
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const form = (bytes: Buffer, name: string) => {
      const f = new FormData();
      f.append('file', new Blob([bytes]), name);
      return f;
    };
    const ok = await client.request('POST', '/api/public/uploads', form(png, 'prescription.png'));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ mime: 'image/png', pages: 1 });
    const fake = await client.request('POST', '/api/public/uploads', form(Buffer.from('MZ\x90\x00 this is an exe'), 'doc.pdf'));
    expect(fake.status).toBe(400);
    expect(fake.body.details.issues[0].message).toMatch(/not a JPEG, PNG, TIFF or PDF/);
    expect((await client.request('POST', '/api/public/uploads', form(Buffer.alloc(0), 'empty.pdf'))).status).toBe(400);
    // four uploads a day each (set for this test): parallel ones cannot beat it, and another applicant is not affected
    const burst = await Promise.all(
      Array.from({ length: 4 }, (_, i) => client.request('POST', '/api/public/uploads', form(png, `more-${i}.png`))),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 429, 429, 429]);
    expect(burst.find((r) => r.status === 429)!.body.error).toBe('RATE_LIMITED');

    const other = await citizen();
    const stolen = await other.client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(5), extra: { supportingDocument: ok.body.id } }),
    );
    expect(stolen.status).toBe(400);
    expect(stolen.body.details.issues[0].path).toEqual(['data', 'supportingDocument']);
    const mine = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(5), extra: { supportingDocument: ok.body.id } }),
    );
    expect(mine.status).toBe(201);
    const doc = await client.request(
      'GET',
      `/api/public/applications/${encodeURIComponent(mine.body.referenceNumber)}/documents/${ok.body.id}`,
    );
    expect(doc.status).toBe(200);
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    expect((await sdm.request('GET', `/api/applications/${mine.body.id}/documents/${ok.body.id}`)).status).toBe(200);
  });
});

describe('the authority decides', () => {
  it('the SDM sees it in the inbox with its deadline, approves it; the applicant sees it approved, gets an SMS; a stale action answers 409 with the current state', async () => {
    const { client, mobile } = await citizen();
    const filed = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-GAJRAULA'), line: 'x' }, date: plusDays(2) }),
    );
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    const inbox = await sdm.request('GET', '/api/inbox?type=appln&pageSize=200');
    const row = inbox.body.items.find((i: any) => i.id === filed.body.id);
    expect(row).toMatchObject({ type: 'appln', number: filed.body.referenceNumber, category: 'EPASS' });
    expect(row.dueDate).not.toBeNull();
    const app = (await sdm.request('GET', `/api/applications/${filed.body.id}`)).body;
    expect(app.actions.map((a: any) => [a.code, a.allowed])).toEqual([
      ['approve', true],
      ['reject', true],
      ['returnForCorrection', true],
    ]);
    expect(app.data.idProof.number).toBe('XXXXXXXX0123');
    const approved = await sdm.post(`/api/applications/${filed.body.id}/actions/approve`, { version: app.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // the answer says what changed (as a move's does); the application as it now is comes from a GET
    expect(approved.body).toEqual({
      id: filed.body.id,
      referenceNumber: filed.body.referenceNumber,
      version: app.version + 1,
      status: 'closed',
      stage: 'approved',
      holderPostId: app.holder.id,
    });
    expect((await sdm.get(`/api/applications/${filed.body.id}`)).body).toMatchObject({
      status: 'closed',
      stage: 'approved',
      validFrom: plusDays(2),
      validUntil: plusDays(2),
    });
    const stale = await sdm.post(`/api/applications/${filed.body.id}/actions/reject`, {
      version: app.version,
      reason: 'other',
      remarks: 'x',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.details.current.stage).toBe('approved');

    const mineView = await client.request('GET', `/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}`);
    expect(mineView.body).toMatchObject({
      stage: 'approved',
      mayRate: true,
      authority: { designation: { en: 'Sub-Divisional Magistrate, Pilibhit Sadar' } },
    });
    expect(JSON.stringify(mineView.body)).not.toMatch(/Alok Kumar|आलोक/);
    // the approval SMS comes once the pass is signed, with its short link
    await expect.poll(() => lastSms(mobile, 'application'), { timeout: 20_000 }).toMatch(/approved.*\/p\/[A-Za-z0-9_-]{22}/);
    expect(
      (
        await client.post(`/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}/feedback`, {
          rating: 5,
          comment: 'Quick',
        })
      ).status,
    ).toBe(204);
    expect(
      (await client.post(`/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}/feedback`, { rating: 1 })).status,
    ).toBe(422);
  });

  it('a rejection needs a reason from the list; the applicant is told the reason', async () => {
    const { client, mobile } = await citizen();
    const filed = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-GAJRAULA'), line: 'x' }, date: plusDays(3) }),
    );
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    const v = (await sdm.request('GET', `/api/applications/${filed.body.id}`)).body.version;
    const none = await sdm.post(`/api/applications/${filed.body.id}/actions/reject`, { version: v });
    expect(none.status).toBe(400);
    expect(none.body.details.issues[0].path).toEqual(['reason']);
    expect((await sdm.post(`/api/applications/${filed.body.id}/actions/reject`, { version: v, reason: 'notEssential' })).status).toBe(200);
    expect(await lastSms(mobile, 'application')).toMatch(/rejected: Not an essential purpose/);
  });

  it('only the holder with the capability may act; another SDM and a citizen get 404', async () => {
    const { client } = await citizen();
    const filed = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-GAJRAULA'), line: 'x' }, date: plusDays(4) }),
    );
    const other = await loggedIn(system.url!, 'sdm.bisalpur');
    expect((await other.request('GET', `/api/applications/${filed.body.id}`)).status).toBe(404);
    expect((await other.post(`/api/applications/${filed.body.id}/actions/approve`, { version: 1 })).status).toBe(404);
    const stranger = await citizen();
    expect(
      (await stranger.client.request('GET', `/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}`)).status,
    ).toBe(404);
    expect((await stranger.client.request('GET', `/api/applications/${filed.body.id}`)).status).toBe(401);
  });

  it('return for correction pauses the clock; the applicant corrects and resubmits; the deadline resumes with the days that were left', async () => {
    const { client, mobile } = await citizen();
    const filed = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-GAJRAULA'), line: 'x' }, date: plusDays(5) }),
    );
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    // the deadline is 3 working days away (as if the state's deadline were longer)
    const due = (
      await db.query(`select pendency_add_days(office_id, $2::date, 3, 'working')::text as d from application where id = $1`, [
        filed.body.id,
        today(),
      ])
    ).rows[0].d;
    await db.query(`update application set due_date = $2 where id = $1`, [filed.body.id, due]);
    const v = (await sdm.request('GET', `/api/applications/${filed.body.id}`)).body.version;
    const back = await sdm.post(`/api/applications/${filed.body.id}/actions/returnForCorrection`, {
      version: v,
      remarks: 'Attach the doctor’s prescription.',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: 'with_applicant', stage: 'returned' });
    expect((await sdm.get(`/api/applications/${filed.body.id}`)).body).toMatchObject({ status: 'with_applicant', dueDate: null });
    expect((await db.query(`select clock_left from application where id = $1`, [filed.body.id])).rows[0].clock_left).toBe(3);
    expect((await db.query(`select count(*)::int as n from pendency_item where item_id = $1`, [filed.body.id])).rows[0].n).toBe(0);
    expect(await lastSms(mobile, 'application')).toMatch(/returned for correction: Attach the doctor/);
    // while it is with the applicant the SDM can do nothing with it
    const stuck = await sdm.post(`/api/applications/${filed.body.id}/actions/approve`, { version: back.body.version });
    expect(stuck.status).toBe(422);

    const ref = encodeURIComponent(filed.body.referenceNumber);
    const mine = (await client.request('GET', `/api/public/applications/${ref}`)).body;
    expect(mine.mayResubmit).toBe(true);
    expect(mine.timeline.at(-1).remarks).toBe('Attach the doctor’s prescription.');
    const data = { ...epass({ to: { areaId: areas.get('PBT-L-GAJRAULA'), line: 'x' }, date: plusDays(5) }).data, persons: 3 };
    const bad = await client.post(`/api/public/applications/${ref}/resubmit`, { version: mine.version, data: { ...data, persons: 99 } });
    expect(bad.status).toBe(400);
    const again = await client.post(`/api/public/applications/${ref}/resubmit`, { version: mine.version, data });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'open', stage: 'submitted', dueDate: due });
    expect((await db.query(`select due_date::text as d from pendency_item where item_id = $1`, [filed.body.id])).rows[0].d).toBe(due);
  });

  it('bulk approval: an SDM approves a queue at once; a changed or foreign one is reported and the rest go on', async () => {
    const { client } = await citizen();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(
        (
          await client.post('/api/public/applications', {
            ...epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(1 + (i % 7)) }),
            confirmDuplicate: true,
          })
        ).body.id,
      );
    const bisalpurs = (
      await client.post('/api/public/applications', {
        ...epass({ from: 'PBT-L-BISALPUR', to: { areaId: areas.get('PBT-L-BILSANDA'), line: 'x' }, date: plusDays(6) }),
        confirmDuplicate: true,
      })
    ).body.id;
    const sdm = await loggedIn(system.url!, 'sdm.sadar');
    const items = ids.map((id) => ({ id, version: 1 }));
    items[0]!.version = 7;
    const res = await sdm.post('/api/applications/bulk', { action: 'approve', items: [...items, { id: bisalpurs, version: 1 }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ done: 5, failed: 2 });
    expect(res.body.results[0]).toMatchObject({ ok: false, error: 'CONFLICT' });
    expect(res.body.results.at(-1)).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    const stages = (await db.query(`select stage from application where id = any($1)`, [ids.slice(1)])).rows.map((r) => r.stage);
    expect(stages).toEqual(Array(5).fill('approved'));
  });
});

describe('character verification (G2G): DM office → SP office → the station of the address → back', () => {
  it('moves along the chain, records the station’s findings, shows every level, and nobody else sees it', async () => {
    const dm = await loggedIn(system.url!, 'dm');
    const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const f = new FormData();
    f.append('file', new Blob([png]), 'consent.png');
    const up = await dm.request('POST', '/api/applications/uploads', f);
    expect(up.status).toBe(201);
    const filed = await dm.post('/api/applications', {
      service: 'CHARVERIFY',
      applicant: { name: 'Mohd. Arif', mobile: '9876500099' },
      data: {
        subjectName: 'Mohd. Arif',
        fatherName: 'Mohd. Yusuf',
        dateOfBirth: '1994-05-12',
        subjectAddress: { areaId: areas.get('PBT-L-SUNGARHI'), line: 'Sungarhi' },
        purpose: 'employment',
        idProof: { kind: 'voterId', number: 'ABC1234567' },
        consent: up.body.id,
      },
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.referenceNumber).toMatch(/^CV\/PBT\/DM\/\d{4}\/\d{6}$/);
    const id = filed.body.id;
    const act = async (who: ApiClient, action: string, extra: Record<string, unknown> = {}) => {
      const v = (await who.request('GET', `/api/applications/${id}`)).body.version;
      const r = await who.post(`/api/applications/${id}/actions/${action}`, { version: v, ...extra });
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    await act(dm, 'forwardToSp');
    expect(await holderCode(id)).toBe('PBT-SP-SP');
    const sp = await loggedIn(system.url!, 'sp');
    await act(sp, 'askStation');
    expect(await holderCode(id)).toBe('PBT-PS-SUNGARHI-SHO');

    // another station, another tehsil's SDM and the ADM: it does not exist for them
    for (const user of ['sho.kotwali', 'sdm.sadar', 'adm']) {
      const c = await loggedIn(system.url!, user);
      expect((await c.request('GET', `/api/applications/${id}`)).status, user).toBe(404);
      const inbox = await c.request('GET', '/api/inbox?type=appln&pageSize=200');
      expect(
        inbox.body.items.some((i: any) => i.id === id),
        user,
      ).toBe(false);
    }

    const sho = await loggedIn(system.url!, 'sho.sungarhi');
    const noReport = await sho.post(`/api/applications/${id}/actions/submitReport`, {
      version: (await sho.request('GET', `/api/applications/${id}`)).body.version,
    });
    expect(noReport.status).toBe(400);
    const found = await sho.post(`/api/applications/${id}/actions/submitReport`, {
      version: (await sho.request('GET', `/api/applications/${id}`)).body.version,
      report: { antecedents: 'found', cases: [], remarks: 'x' },
    });
    expect(found.body.details.issues[0].path).toEqual(['report', 'cases']);
    await act(sho, 'submitReport', {
      report: {
        antecedents: 'found',
        cases: [{ number: 'FIR 112/2019', policeStation: 'Sungarhi', sections: 'IPC 323, 504', status: 'Acquitted' }],
        remarks: 'Acquitted in 2021; nothing pending.',
      },
    });
    expect(await holderCode(id)).toBe('PBT-DM-DM');
    // the station cannot take back what the workflow handed on with its report
    const stationView = (await sho.request('GET', `/api/applications/${id}`)).body;
    expect(stationView.abilities).toMatchObject({ pullBack: false, send: false, return: false });
    expect([404, 405]).toContain((await sho.post(`/api/applications/${id}/pull-back`, { version: stationView.version })).status);

    expect(await act(dm, 'issueCertificate')).toMatchObject({ status: 'closed', stage: 'issued' });
    const view = (await dm.request('GET', `/api/applications/${id}`)).body;
    expect(view.steps.find((s: any) => s.action === 'submitReport').report).toMatchObject({
      antecedents: 'found',
      cases: [{ number: 'FIR 112/2019' }],
    });
    expect(view.levels.map((l: any) => l.post.code)).toEqual(['PBT-DM-DM', 'PBT-SP-SP', 'PBT-PS-SUNGARHI-SHO', 'PBT-DM-DM']);
    expect(view.levels.every((l: any) => l.until !== null && l.seconds >= 0)).toBe(true);
    // the station that reported still sees the case it worked on; Kotwali never did
    expect((await sho.request('GET', `/api/applications/${id}`)).status).toBe(200);
  });
});

describe('a counter files for a walk-in applicant', () => {
  it('confirms the applicant’s mobile by the OTP they read out; the application is theirs when they sign in', async () => {
    const reception = await loggedIn(system.url!, 'reception.sp');
    const mobile = String(nextMobile++);
    const visit = {
      service: 'VISITOR-SP',
      data: {
        name: 'Kamla Devi',
        mobile,
        section: 'crime',
        visitDate: plusDays(1),
        purpose: 'Meet the in-charge about a complaint',
        idProof: { kind: 'voterId', number: 'XYZ7654321' },
      },
    };
    const wrongFirst = await reception.post('/api/applications', { ...visit, applicant: { name: 'Kamla Devi', mobile, otp: '000000' } });
    expect(wrongFirst.status).toBe(401);
    expect((await reception.post('/api/public/otp', { mobile })).status).toBe(201);
    const code = /\b(\d{6})\b/.exec(await lastSms(mobile))![1]!;
    const filed = await reception.post('/api/applications', { ...visit, applicant: { name: 'Kamla Devi', mobile, otp: code } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(await holderCode(filed.body.id)).toBe('PBT-SP-CRIME');
    expect((await db.query(`select channel from application where id = $1`, [filed.body.id])).rows[0].channel).toBe('counter');
    // the code is spent
    expect(
      (
        await reception.post('/api/applications', {
          ...visit,
          confirmDuplicate: true,
          applicant: { name: 'Kamla Devi', mobile, otp: code },
        })
      ).status,
    ).toBe(401);
    // she signs in later and finds it under "My applications"
    const client = new ApiClient(system.url!, 'hi');
    await client.post('/api/public/otp', { mobile });
    await client.post('/api/public/session', { mobile, code: /\b(\d{6})\b/.exec(await lastSms(mobile))![1]! });
    const mine = await client.request('GET', '/api/public/applications');
    expect(mine.body.items.map((i: any) => i.referenceNumber)).toEqual([filed.body.referenceNumber]);
    // filed at the counter, as the list and the application both say
    expect(mine.body.items[0].channel).toBe('counter');
    expect((await client.get(`/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}`)).body.channel).toBe('counter');
  });
});

describe('public status lookup and the outbox', () => {
  it('tells anyone where an application stands by its reference number, without personal details', async () => {
    const { client } = await citizen();
    const filed = await client.post(
      '/api/public/applications',
      epass({ to: { areaId: areas.get('PBT-L-ASAM'), line: 'x' }, date: plusDays(6) }),
    );
    const anon = new ApiClient(system.url!, 'hi');
    const res = await anon.request('GET', `/api/public/status/${encodeURIComponent(filed.body.referenceNumber)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      referenceNumber: filed.body.referenceNumber,
      stage: 'submitted',
      authority: { designation: { hi: 'उप जिलाधिकारी, पीलीभीत सदर' } },
    });
    expect(res.body.mobile).toMatch(/^\*{6}\d{4}$/);
    expect(JSON.stringify(res.body)).not.toMatch(/Ramesh|House 12|0123/);
    expect((await anon.request('GET', `/api/public/status/${encodeURIComponent('EPASS/PBT/X/2026/999999')}`)).status).toBe(404);
    // the full details need the applicant's own session
    expect((await anon.request('GET', `/api/public/applications/${encodeURIComponent(filed.body.referenceNumber)}`)).status).toBe(401);
    // reference numbers run in series: one address may look up 120 a minute, however fast it asks
    const burst = await Promise.all(
      Array.from({ length: 125 }, (_, i) => anon.request('GET', `/api/public/status/${encodeURIComponent(`EPASS/PBT/X/2026/${i}`)}`)),
    );
    expect(burst.filter((r) => r.status === 404).length).toBe(118);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
  });

  it('shows administrators the messages sent to the public; in demo mode with their text, one-time passwords included', async () => {
    const { mobile } = await citizen();
    const admin = await loggedIn(system.url!, 'admin');
    const res = await admin.request('GET', `/api/admin/outbox?q=${mobile}`);
    expect(res.status).toBe(200);
    expect(res.body.demo).toBe(true);
    expect(res.body.items[0]).toMatchObject({ channel: 'sms', recipient: mobile, template: 'applicants.otpSms' });
    expect(res.body.items[0].body).toMatch(/\d{6}/);
    expect((await (await loggedIn(system.url!, 'sdm.sadar')).request('GET', '/api/admin/outbox')).status).toBe(403);
  });
});
