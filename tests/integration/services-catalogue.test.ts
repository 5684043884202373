/**
 * The service catalogue (issue 15, item 1): the demo district's services are live; an administrator
 * imports definitions as JSON — all checked first, every problem listed in the user's language, nothing
 * written when one is bad —, each becomes a draft version, publishing makes it live and retires the
 * one before, an unchanged import changes nothing, and the export is what the import takes. The public
 * sees only live services; staff who are not administrators get 403, the public 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, type TestSystem } from '../support/boot.js';
import { ApiClient, loggedIn } from '../support/api-client.js';

let system: TestSystem;
let db: pg.Pool;
let admin: ApiClient;

beforeAll(async () => {
  system = await bootSystem();
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
  admin = await loggedIn(system.url!, 'admin');
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

const SEEDED = ['CHARVERIFY', 'EPASS', 'EVENTNOC', 'LOUDSPEAKER', 'VISITOR-DM', 'VISITOR-SP'];

describe('the service catalogue', () => {
  it('has the demo district’s services live, and shows the public their timelines, documents and forms', async () => {
    const list = await admin.get('/api/services');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.code)).toEqual(SEEDED);
    expect(list.body.items.every((s: any) => s.liveVersion === 1 && !s.hasDraft)).toBe(true);

    const pub = await new ApiClient(system.url!, 'hi').get('/api/public/services');
    expect(pub.status).toBe(200);
    const epass = pub.body.items.find((s: any) => s.code === 'EPASS');
    expect(epass.name.hi).toBe('आवागमन ई-पास');
    expect(epass.timelineDays).toBe(1);
    expect(epass.documents).toEqual([
      { key: 'supportingDocument', label: { en: 'Supporting document', hi: 'सहायक दस्तावेज़' }, required: false },
    ]);
    expect(epass.form.find((f: any) => f.key === 'category').options).toHaveLength(22);
  });

  it('imports a new version as a draft, publishes it (retiring the old), and an unchanged import changes nothing', async () => {
    const { definitions } = (await admin.get('/api/services/export')).body;
    expect(definitions.map((d: any) => d.code).sort()).toEqual(SEEDED);
    const loud = definitions.find((d: any) => d.code === 'LOUDSPEAKER');

    const same = await admin.post('/api/services/import', { definitions: [loud] });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.results).toEqual([{ code: 'LOUDSPEAKER', number: 1, outcome: 'unchanged' }]);

    const changed = {
      ...loud,
      timelineDays: 2,
      workflow: {
        ...loud.workflow,
        states: loud.workflow.states.map((s: any) => (s.code === 'submitted' ? { ...s, deadlineDays: 2 } : s)),
      },
    };
    const drafted = await admin.post('/api/services/import', { definitions: [changed] });
    expect(drafted.body.results).toEqual([{ code: 'LOUDSPEAKER', number: 2, outcome: 'created' }]);
    // a second draft replaces the first (still version 2)
    const again = await admin.post('/api/services/import', { definitions: [{ ...changed, timelineDays: 4 }] });
    expect(again.body.results).toEqual([{ code: 'LOUDSPEAKER', number: 2, outcome: 'created' }]);
    expect((await admin.get('/api/services/LOUDSPEAKER')).body).toMatchObject({ liveVersion: 1, latestVersion: 2, hasDraft: true });
    // the public still sees version 1
    const before = (await new ApiClient(system.url!).get('/api/public/services')).body.items.find((s: any) => s.code === 'LOUDSPEAKER');
    expect(before).toMatchObject({ version: 1, timelineDays: 3 });

    // a citizen files under version 1 (filings read the live version from a cache, which publishing must clear)
    const applicant = new ApiClient(system.url!);
    expect((await applicant.post('/api/public/otp', { mobile: '9100000777' })).status).toBe(201);
    const { rows: otp } = await db.query(
      `select body from outbox_message where recipient = '9100000777' and related_type = 'applicant_otp' order by created_at desc limit 1`,
    );
    const code = /\b(\d{6})\b/.exec(otp[0].body)![1];
    expect((await applicant.post('/api/public/session', { mobile: '9100000777', code })).status).toBe(200);
    const { rows: venue } = await db.query(`select id from area where code = 'PBT-L-KHAKRA'`);
    const loudspeaker = (day: number) => ({
      service: 'LOUDSPEAKER',
      confirmDuplicate: true,
      data: {
        name: 'Sita Devi',
        mobile: '9100000777',
        venue: { areaId: venue[0].id, line: 'Ramlila ground' },
        useDate: new Date(Date.now() + (5.5 * 3600 + day * 86_400) * 1000).toISOString().slice(0, 10),
        hours: '18:00–22:00',
        purpose: 'Jagran',
        idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
      },
    });
    const versionOf = async (ref: string) =>
      (
        await db.query(
          `select v.number from application a join service_version v on v.id = a.service_version_id where a.reference_number = $1`,
          [ref],
        )
      ).rows[0].number;
    const filedBefore = await applicant.post('/api/public/applications', loudspeaker(2));
    expect(filedBefore.status, JSON.stringify(filedBefore.body)).toBe(201);
    expect(await versionOf(filedBefore.body.referenceNumber)).toBe(1);

    const published = await admin.post('/api/services/LOUDSPEAKER/versions/2/publish');
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const filedAfter = await applicant.post('/api/public/applications', loudspeaker(3));
    expect(filedAfter.status, JSON.stringify(filedAfter.body)).toBe(201);
    expect(await versionOf(filedAfter.body.referenceNumber)).toBe(2);
    expect(published.body.versions.map((v: any) => [v.number, v.status])).toEqual([
      [2, 'live'],
      [1, 'retired'],
    ]);
    const after = (await new ApiClient(system.url!).get('/api/public/services')).body.items.find((s: any) => s.code === 'LOUDSPEAKER');
    expect(after).toMatchObject({ version: 2, timelineDays: 4 });
    // version 1 is kept as it was (applications filed under it keep it)
    expect((await admin.get('/api/services/LOUDSPEAKER/versions/1')).body.definition).toEqual(loud);

    const twice = await admin.post('/api/services/LOUDSPEAKER/versions/2/publish');
    expect(twice.status).toBe(422);
    expect(twice.body.message).toMatch(/not a draft/);
    expect((await admin.post('/api/services/LOUDSPEAKER/versions/9/publish')).status).toBe(404);
    expect((await admin.get('/api/services/NOSUCH')).status).toBe(404);

    const audit = await db.query(
      `select action, details from audit_event where object_type = 'service' and details->>'code' = 'LOUDSPEAKER' order by seq`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'service.draft',
      'service.publish',
      'service.draft',
      'service.draft',
      'service.publish',
    ]);
  });

  it('checks every definition first and lists every problem in the user’s language; nothing is written when one is bad', async () => {
    const { definitions } = (await admin.get('/api/services/export')).body;
    const good = { ...definitions.find((d: any) => d.code === 'EVENTNOC'), code: 'NEWSERVICE' };
    const bad = structuredClone(definitions.find((d: any) => d.code === 'EPASS'));
    bad.code = 'EPASS2';
    bad.workflow.actions[0].to = 'granted';
    bad.routing.from = 'mobile';
    const hi = await loggedIn(system.url!, 'admin', 'hi');
    const res = await hi.post('/api/services/import', { definitions: [good, bad, good] });
    expect(res.status).toBe(400);
    const issues = res.body.details.issues.map((i: any) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'definitions.1.workflow.actions.0.to: कोई स्थिति "granted" नहीं है।',
        'definitions.1.routing.from: फ़ॉर्म में पता प्रकार का कोई क्षेत्र "mobile" नहीं है।',
        'definitions.2.code: सेवा "NEWSERVICE" दो बार है।',
      ]),
    );
    const { rows } = await db.query(`select count(*)::int as n from service where code in ('NEWSERVICE', 'EPASS2')`);
    expect(rows[0].n).toBe(0);
  });

  it('parallel imports of a new service make one service and one draft', async () => {
    const { definitions } = (await admin.get('/api/services/export')).body;
    const def = { ...definitions.find((d: any) => d.code === 'EVENTNOC'), code: 'PARALLEL' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => admin.post('/api/services/import', { definitions: [def] })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const { rows } = await db.query(
      `select v.number, v.status from service s join service_version v on v.service_id = s.id where s.code = 'PARALLEL'`,
    );
    expect(rows).toEqual([{ number: 1, status: 'draft' }]);
  });

  it('is for administrators only; the public catalogue is for everyone', async () => {
    const sp = await loggedIn(system.url!, 'sp');
    expect((await sp.get('/api/services')).status).toBe(403);
    expect((await sp.post('/api/services/import', { definitions: [{}] })).status).toBe(403);
    expect((await new ApiClient(system.url!).get('/api/services')).status).toBe(401);
    expect((await sp.get('/api/public/services')).status).toBe(200);
  });
});
