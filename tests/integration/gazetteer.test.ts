import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bootSystem, storesEnv, type TestSystem } from '../support/boot.js';
import { runCommand } from '../support/process.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { areaOfLocality, servingOfficeFor, servingOffices } from '../../backend/src/modules/gazetteer/index.js';
import { AreaSchema } from '../../backend/src/modules/gazetteer/gazetteer.entity.js';
import { AREA_POPULATE, chainFields, chainOf } from '../../backend/src/modules/gazetteer/jurisdiction.js';
import { ApiClient, loggedIn } from '../support/api-client.js';

/** The gazetteer through the HTTP API: CSV import (all lines checked first, idempotent), staff lists, the public search. */
let system: TestSystem;
let admin: ApiClient;
let adminHi: ApiClient;

const HEADER = 'kind,code,name_en,name_hi,parent,state,police_area,pins,role,office,post';
const GOOD = [
  HEADER,
  'district,GZ,Gazetteer District,गज़ेटियर ज़िला,,UP,,,,,',
  'tehsil,GZ-T1,Gazetteer Sadar,गज़ेटियर सदर,GZ,,,,,,',
  'police_area,GZ-PS1,PS Area Kotwali,थाना क्षेत्र कोतवाली,GZ,,,,,,',
  'locality,GZ-L1,Tulsipur Kalan,तुलसीपुर कलां,GZ-T1,,GZ-PS1,845121,,,',
  'locality,GZ-L2,Rampura Khas,रामपुरा ख़ास,GZ-T1,,GZ-PS1,845122;845123,,,',
  'serving,GZ,,,,,,,dm,PBT-DM,PBT-DM-DM',
  'serving,GZ,,,,,,,sp,PBT-SP,PBT-SP-SP',
  'serving,GZ-PS1,,,,,,,police_station,PBT-PS-KOTWALI,PBT-PS-KOTWALI-SHO',
].join('\n');

beforeAll(async () => {
  system = await bootSystem();
  admin = await loggedIn(system.url!, 'admin');
  adminHi = await loggedIn(system.url!, 'admin', 'hi');
});
afterAll(async () => system?.stop());

const importCsv = (client: ApiClient, csv: string) => client.post('/api/admin/areas/import', { csv });

describe('gazetteer import', () => {
  it('reports every bad line with its line and column, and writes nothing', async () => {
    const bad = [
      HEADER,
      'district,GZ-BAD,Bad District,ख़राब ज़िला,,UP,,,,,', // fine on its own: must not be written
      'tehsil,GZ-BAD-T,Bad Tehsil,,GZ-BAD,,,,,,', // 3: no Hindi name
      'locality,GZ-BAD-L,Bad Village,ख़राब गाँव,GZ-BAD,,GZ-NOWHERE,84512,,,', // 4: parent a district, unknown PS area, bad PIN
      'serving,GZ-BAD,,,,,,,police_station,PBT-NOWHERE,', // 5: role, office
    ].join('\n');
    const res = await importCsv(admin, bad);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('IMPORT_REJECTED');
    expect(res.body.message).toContain('Nothing was imported');
    const problems = res.body.details.problems as Array<{ line: number; column: string; message: string }>;
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'name_hi'],
      [4, 'pins'],
      [5, 'role'],
      [5, 'office'],
    ]);
    expect(problems[0]!.message).toBe('Line 3, column "name_hi": This field is required.');

    const fixedPin = bad.replace('84512,', '845121,');
    const again = (await importCsv(admin, fixedPin)).body.details.problems as Array<{ line: number; column: string; message: string }>;
    expect(again.map((p) => [p.line, p.column])).toEqual([
      [3, 'name_hi'],
      [4, 'parent'],
      [4, 'police_area'],
      [5, 'role'],
      [5, 'office'],
    ]);
    expect(again[1]!.message).toBe('Line 4, column "parent": a locality lies in a tehsil, but "GZ-BAD" is a district');

    const hi = await importCsv(adminHi, bad);
    expect(hi.body.message).toContain('कुछ भी आयात नहीं हुआ');
    expect(hi.body.details.problems[0].message).toBe('पंक्ति 3, स्तंभ "name_hi": यह प्रविष्टि आवश्यक है।');

    expect((await admin.get('/api/areas?q=GZ-BAD')).body.total).toBe(0);
  });

  it('imports a good file, and importing it again changes nothing', async () => {
    const first = await importCsv(admin, GOOD);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({
      counts: { district: 1, tehsil: 1, police_area: 1, locality: 2, serving: 3 },
      created: 8,
      updated: 0,
      unchanged: 0,
    });
    const again = await importCsv(admin, GOOD);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    // a corrected file updates in place
    const renamed = await importCsv(
      admin,
      GOOD.replace('Rampura Khas,', 'Rampura Khaas,').replace(
        'serving,GZ,,,,,,,sp,PBT-SP,PBT-SP-SP',
        'serving,GZ,,,,,,,sp,PBT-SP,PBT-SP-ASP',
      ),
    );
    expect(renamed.body).toMatchObject({ created: 0, updated: 2, unchanged: 6 });
    const list = (await admin.get('/api/areas?q=GZ&pageSize=50')).body;
    expect(list.items.map((a: any) => a.code)).toEqual(['GZ', 'GZ-L1', 'GZ-L2', 'GZ-PS1', 'GZ-T1']);
    expect(list.items.find((a: any) => a.code === 'GZ').serving.map((s: any) => `${s.role}:${s.post.code}`)).toEqual([
      'dm:PBT-DM-DM',
      'sp:PBT-SP-ASP',
    ]);
  });

  it('finds areas by Hindi or English name and by PIN; an area shows every office serving it', async () => {
    expect((await admin.get('/api/areas?q=तुलसीपुर')).body.items.map((a: any) => a.code)).toEqual(['GZ-L1']);
    expect((await admin.get('/api/areas?q=khaas')).body.items.map((a: any) => a.code)).toEqual(['GZ-L2']);
    expect((await admin.get('/api/areas?q=845123')).body.items.map((a: any) => a.code)).toEqual(['GZ-L2']);
    expect((await admin.get('/api/areas?q=84512&kind=locality')).body.items.map((a: any) => a.code)).toEqual(['GZ-L1', 'GZ-L2']);
    const l1 = (await admin.get('/api/areas?q=845121')).body.items[0];
    expect(l1).toMatchObject({
      kind: 'locality',
      pins: ['845121'],
      parent: { code: 'GZ-T1' },
      policeArea: { code: 'GZ-PS1' },
      district: { code: 'GZ' },
      serving: [],
    });
    const reader = await loggedIn(system.url!, 'reader.sp');
    const detail = await reader.get(`/api/areas/${l1.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.jurisdiction.map((s: any) => `${s.role}:${s.office.code}`)).toEqual([
      'police_station:PBT-PS-KOTWALI',
      'dm:PBT-DM',
      'sp:PBT-SP',
    ]);
    expect((await reader.get('/api/areas/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('public search: names, codes and PINs of an area and the areas it lies in, nothing internal', async () => {
    const anon = new ApiClient(system.url!);
    const res = await anon.get('/api/public/areas?q=845122');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        code: 'GZ-L2',
        kind: 'locality',
        name: { en: 'Rampura Khaas', hi: 'रामपुरा ख़ास' },
        pins: ['845122', '845123'],
        tehsil: { code: 'GZ-T1', name: { en: 'Gazetteer Sadar', hi: 'गज़ेटियर सदर' } },
        policeArea: { code: 'GZ-PS1', name: { en: 'PS Area Kotwali', hi: 'थाना क्षेत्र कोतवाली' } },
        district: { code: 'GZ', name: { en: 'Gazetteer District', hi: 'गज़ेटियर ज़िला' }, state: 'UP' },
      },
    ]);
    // an address field holds the area's id; a returned application's form shows the area again by it
    const again = await anon.get(`/api/public/areas?id=${res.body.items[0].id}`);
    expect(again.body.items).toEqual(res.body.items);
    expect((await anon.get('/api/public/areas')).status).toBe(400);
    expect(JSON.stringify((await anon.get('/api/public/areas?q=गज़ेटियर')).body)).not.toMatch(/PBT-|post|office/i);
    expect((await anon.get('/api/public/areas?q=GZ&limit=2')).body.items).toHaveLength(2);
    expect((await anon.get('/api/public/areas?q=GZ&limit=500')).status).toBe(400);
    expect((await anon.get('/api/public/areas?q=G')).status).toBe(400);
  });

  it('only admins import; only staff list', async () => {
    const sp = await loggedIn(system.url!, 'sp');
    const refused = await importCsv(sp, GOOD);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('FORBIDDEN');
    const anon = new ApiClient(system.url!);
    expect((await anon.get('/api/areas')).status).toBe(401);
    expect((await importCsv(anon, GOOD)).status).toBe(401);
  });
});

describe('npm run gazetteer:import', () => {
  it('lists every problem in Hindi and imports nothing; a good file imports, and again changes nothing', async () => {
    const dir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'gazetteer-'));
    await chmod(dir, 0o755);
    const run = (file: string, ...args: string[]) =>
      runCommand(['--import', 'tsx', 'backend/src/cli/gazetteer-import.ts', file, ...args], { ...storesEnv(system.db), LOG_LEVEL: 'warn' });
    const bad = path.join(dir, 'bad.csv');
    await writeFile(
      bad,
      [HEADER, 'district,GZ-CLI,CLI District,सीएलआई ज़िला,,UP,,,,,', 'tehsil,GZ-CLI-T,CLI Tehsil,सीएलआई तहसील,GZ-NONE,,,,,,'].join('\n'),
    );
    const refused = await run(bad, '--lang', 'hi');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('कुछ भी आयात नहीं हुआ');
    expect(refused.stderr).toContain('पंक्ति 3, स्तंभ "parent": क्षेत्र "GZ-NONE" ज्ञात नहीं है');
    const good = path.join(dir, 'good.csv');
    await writeFile(
      good,
      [HEADER, 'district,GZ-CLI,CLI District,सीएलआई ज़िला,,UP,,,,,', 'tehsil,GZ-CLI-T,CLI Tehsil,सीएलआई तहसील,GZ-CLI,,,,,,'].join('\n'),
    );
    const first = await run(good);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
    expect((await run(good)).stdout).toContain('0 created, 0 updated, 2 unchanged');
  });
});

describe('the demo district (Pilibhit)', () => {
  it('has five tehsils with an SDM each, six police-station areas and their localities', async () => {
    const district = (await admin.get('/api/areas?kind=district&q=Pilibhit')).body.items[0];
    const tehsils = (await admin.get(`/api/areas?kind=tehsil&parentId=${district.id}`)).body.items;
    expect(tehsils.map((a: any) => a.name.en).sort()).toEqual(['Amariya', 'Bisalpur', 'Kalinagar', 'Pilibhit Sadar', 'Puranpur']);
    for (const t of tehsils)
      expect(t.serving.map((s: any) => [s.role, s.office.kind, s.post.code])).toEqual([
        ['sdm', 'tehsil', `PBT-TEH-${t.code.slice(4)}-SDM`],
      ]);
    expect((await admin.get(`/api/areas?kind=police_area&parentId=${district.id}`)).body.total).toBe(6);
    expect(district.serving.map((s: any) => `${s.role}:${s.post.code}`)).toEqual([
      'adm:PBT-DM-ADM',
      'csc:PBT-CSC-PILIBHIT-OPERATOR',
      'dm:PBT-DM-DM',
      'sp:PBT-SP-SP',
    ]);
    for (const l of (await admin.get('/api/areas?kind=locality&q=PBT-L-&pageSize=100')).body.items) {
      expect(l.pins.length).toBeGreaterThan(0);
      for (const p of l.pins) {
        expect(Number(p)).toBeGreaterThanOrEqual(262001);
        expect(Number(p)).toBeLessThanOrEqual(262203);
      }
    }
  });

  it('resolves a locality to its tehsil, police-station area and district, and the offices serving it', async () => {
    const em = system.deps.orm.em.fork();
    const chain = await areaOfLocality(em, { code: 'PBT-L-MADHOTANDA' });
    expect([chain?.locality?.code, chain?.tehsil?.code, chain?.policeArea?.code, chain?.district?.code, chain?.district?.state]).toEqual([
      'PBT-L-MADHOTANDA',
      'PBT-KALINAGAR',
      'PBT-PSA-PURANPUR',
      'PBT',
      'UP',
    ]);
    const id = chain!.locality!.id;
    expect((await servingOffices(em, id)).map((s) => `${s.role}:${s.post?.code}`)).toEqual([
      'sdm:PBT-TEH-KALINAGAR-SDM',
      'police_station:PBT-PS-PURANPUR-SHO',
      'adm:PBT-DM-ADM',
      'csc:PBT-CSC-PILIBHIT-OPERATOR',
      'dm:PBT-DM-DM',
      'sp:PBT-SP-SP',
    ]);
    expect((await servingOfficeFor(em, id, 'sdm'))?.post?.code).toBe('PBT-TEH-KALINAGAR-SDM');
    expect(await servingOfficeFor(em, chain!.tehsil!.id, 'police_station')).toBeNull();
    expect(await areaOfLocality(em, { code: 'PBT-L-NOWHERE' })).toBeNull();
  });

  it("reads an area's chain in SQL (routing) exactly as chainOf reads the loaded entities (the API), for every area of the demo", async () => {
    const em = system.deps.orm.em.fork();
    const areas = await em.find(AreaSchema, {}, { populate: AREA_POPULATE });
    expect(areas.length).toBeGreaterThan(20);
    for (const a of areas) {
      const byEntity = chainFields(a);
      const bySql = await areaOfLocality(em, { id: a.id });
      expect(bySql, a.code).toEqual(byEntity);
      // who serves it, nearest first: the SQL chain joined to area_service, as the entities' chain orders them
      const order = chainOf(a).map((x) => x.id);
      const serving = await servingOffices(em, a.id);
      expect(
        serving.map((x) => order.indexOf(x.areaId)),
        a.code,
      ).toEqual([...serving.map((x) => order.indexOf(x.areaId))].sort((p, q) => p - q));
      expect(
        serving.every((x) => order.includes(x.areaId)),
        a.code,
      ).toBe(true);
    }
  });

  it('lets the new officers, receptions and the CSC operator log in with the demo password', async () => {
    for (const [username, post] of [
      ['sdm.sadar', 'PBT-TEH-SADAR-SDM'],
      ['sdm.kalinagar', 'PBT-TEH-KALINAGAR-SDM'],
      ['adm', 'PBT-DM-ADM'],
      ['dm', 'PBT-DM-DM'],
      ['reception.sp', 'PBT-SP-RECEPTION'],
      ['reception.collectorate', 'PBT-DM-RECEPTION'],
      ['csc.pilibhit', 'PBT-CSC-PILIBHIT-OPERATOR'],
    ]) {
      const me = await new ApiClient(system.url!).login(username!);
      expect(me.posts.map((p: any) => p.code)).toEqual([post]);
    }
  });
});
