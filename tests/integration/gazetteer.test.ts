import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bootSystem, dbEnv, type TestSystem } from '../support/boot.js';
import { runCommand } from '../support/process.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';
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
  'locality,GZ-L1,Barkheda Kalan,बरखेड़ा कलां,GZ-T1,,GZ-PS1,262121,,,',
  'locality,GZ-L2,Naugawan Pakadiya,नौगवां पकड़िया,GZ-T1,,GZ-PS1,262122;262123,,,',
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
      'locality,GZ-BAD-L,Bad Village,ख़राब गाँव,GZ-BAD,,GZ-NOWHERE,26212,,,', // 4: parent a district, unknown PS area, bad PIN
      'serving,GZ-BAD,,,,,,,police_station,PBT-NOWHERE,', // 5: role, office
    ].join('\n');
    const res = await importCsv(admin, bad);
    expect(res.status).toBe(422);
    expect(res.body.error).toBe('IMPORT_REJECTED');
    expect(res.body.message).toContain('Nothing was imported');
    const problems = res.body.details.problems as Array<{ line: number; column: string; message: string }>;
    expect(problems.map((p) => [p.line, p.column])).toEqual([[3, 'name_hi'], [4, 'pins'], [5, 'role'], [5, 'office']]);
    expect(problems[0]!.message).toBe('Line 3, column "name_hi": This field is required.');

    const fixedPin = bad.replace('26212,', '262121,');
    const again = (await importCsv(admin, fixedPin)).body.details.problems as Array<{ line: number; column: string; message: string }>;
    expect(again.map((p) => [p.line, p.column])).toEqual([[3, 'name_hi'], [4, 'parent'], [4, 'police_area'], [5, 'role'], [5, 'office']]);
    expect(again[1]!.message).toBe('Line 4, column "parent": a locality lies in a tehsil, but "GZ-BAD" is a district');

    const hi = await importCsv(adminHi, bad);
    expect(hi.body.message).toContain('कुछ भी आयात नहीं हुआ');
    expect(hi.body.details.problems[0].message).toBe('पंक्ति 3, स्तंभ "name_hi": यह प्रविष्टि आवश्यक है।');

    expect((await admin.get('/api/areas?q=GZ-BAD')).body.total).toBe(0);
  });

  it('imports a good file, and importing it again changes nothing', async () => {
    const first = await importCsv(admin, GOOD);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ counts: { district: 1, tehsil: 1, police_area: 1, locality: 2, serving: 3 }, created: 8, updated: 0, unchanged: 0 });
    const again = await importCsv(admin, GOOD);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 8 });
    // a corrected file updates in place
    const renamed = await importCsv(admin, GOOD.replace('Naugawan Pakadiya,', 'Naugawan Pakariya,').replace('serving,GZ,,,,,,,sp,PBT-SP,PBT-SP-SP', 'serving,GZ,,,,,,,sp,PBT-SP,PBT-SP-ASP'));
    expect(renamed.body).toMatchObject({ created: 0, updated: 2, unchanged: 6 });
    const list = (await admin.get('/api/areas?q=GZ&pageSize=50')).body;
    expect(list.items.map((a: any) => a.code)).toEqual(['GZ', 'GZ-L1', 'GZ-L2', 'GZ-PS1', 'GZ-T1']);
    expect(list.items.find((a: any) => a.code === 'GZ').serving.map((s: any) => `${s.role}:${s.post.code}`)).toEqual(['dm:PBT-DM-DM', 'sp:PBT-SP-ASP']);
  });

  it('finds areas by Hindi or English name and by PIN; an area shows every office serving it', async () => {
    expect((await admin.get('/api/areas?q=बरखेड़ा')).body.items.map((a: any) => a.code)).toEqual(['GZ-L1']);
    expect((await admin.get('/api/areas?q=pakariya')).body.items.map((a: any) => a.code)).toEqual(['GZ-L2']);
    expect((await admin.get('/api/areas?q=262123')).body.items.map((a: any) => a.code)).toEqual(['GZ-L2']);
    expect((await admin.get('/api/areas?q=26212&kind=locality')).body.items.map((a: any) => a.code)).toEqual(['GZ-L1', 'GZ-L2']);
    const l1 = (await admin.get('/api/areas?q=262121')).body.items[0];
    expect(l1).toMatchObject({ kind: 'locality', pins: ['262121'], parent: { code: 'GZ-T1' }, policeArea: { code: 'GZ-PS1' }, district: { code: 'GZ' }, serving: [] });
    const reader = await loggedIn(system.url!, 'reader.sp');
    const detail = await reader.get(`/api/areas/${l1.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.jurisdiction.map((s: any) => `${s.role}:${s.office.code}`)).toEqual(['police_station:PBT-PS-KOTWALI', 'dm:PBT-DM', 'sp:PBT-SP']);
    expect((await reader.get('/api/areas/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('public search: names, codes and PINs of an area and the areas it lies in, nothing internal', async () => {
    const anon = new ApiClient(system.url!);
    const res = await anon.get('/api/public/areas?q=262122');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([{
      code: 'GZ-L2', kind: 'locality', name: { en: 'Naugawan Pakariya', hi: 'नौगवां पकड़िया' }, pins: ['262122', '262123'],
      tehsil: { code: 'GZ-T1', name: { en: 'Gazetteer Sadar', hi: 'गज़ेटियर सदर' } },
      policeArea: { code: 'GZ-PS1', name: { en: 'PS Area Kotwali', hi: 'थाना क्षेत्र कोतवाली' } },
      district: { code: 'GZ', name: { en: 'Gazetteer District', hi: 'गज़ेटियर ज़िला' }, state: 'UP' },
    }]);
    expect(JSON.stringify((await anon.get('/api/public/areas?q=गज़ेटियर')).body)).not.toMatch(/"id"|PBT-|post|office/i);
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
    const s3 = inject('s3');
    const run = (file: string, ...args: string[]) => runCommand(['--import', 'tsx', 'backend/src/cli/gazetteer-import.ts', file, ...args], {
      ...dbEnv(system.db), DATA_DIR: inject('tmpRoot'), S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: s3.accessKey, S3_SECRET_KEY: s3.secretKey, S3_BUCKET: system.db.bucket, LOG_LEVEL: 'warn',
    });
    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, [HEADER, 'district,GZ-CLI,CLI District,सीएलआई ज़िला,,UP,,,,,', 'tehsil,GZ-CLI-T,CLI Tehsil,सीएलआई तहसील,GZ-NONE,,,,,,'].join('\n'));
    const refused = await run(bad, '--lang', 'hi');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('कुछ भी आयात नहीं हुआ');
    expect(refused.stderr).toContain('पंक्ति 3, स्तंभ "parent": क्षेत्र "GZ-NONE" ज्ञात नहीं है');
    const good = path.join(dir, 'good.csv');
    await writeFile(good, [HEADER, 'district,GZ-CLI,CLI District,सीएलआई ज़िला,,UP,,,,,', 'tehsil,GZ-CLI-T,CLI Tehsil,सीएलआई तहसील,GZ-CLI,,,,,,'].join('\n'));
    const first = await run(good);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
    expect((await run(good)).stdout).toContain('0 created, 0 updated, 2 unchanged');
  });
});
