import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { bootSystem, storesEnv } from '../support/boot.js';
import { ApiClient } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { runCommand } from '../support/process.js';

let system: System;
let dir: string;

beforeAll(async () => {
  system = await bootSystem();
  dir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'csv-'));
  await chmod(dir, 0o755);
});
afterAll(async () => system?.stop());

const HEADER = 'kind,code,name_en,name_hi,parent,type,prefix,office,section,capabilities,username,mobile,email,post,from,to';

function runImport(file: string, ...args: string[]) {
  return runCommand(['--import', 'tsx', 'backend/src/cli/org-import.ts', file, ...args], { ...storesEnv(system.db), LOG_LEVEL: 'warn' });
}

describe('npm run org:import', () => {
  it('imports nothing when any line is bad, and lists each bad line with its number and reason', async () => {
    const file = path.join(dir, 'bad.csv');
    await writeFile(
      file,
      [
        HEADER,
        'office,PBT-PS-BARKHERA,Police Station Barkhera,थाना बरखेड़ा,PBT-CO-BSP,police_station,PBT/PS-BRK,,,,,,,,,',
        'office,PBT-PS-GHUNGCHAI,Police Station Ghungchai,थाना घुंघचाई,PBT-NOWHERE,police_station,,,,,,,,,,',
        'post,PBT-PS-BARKHERA-SHO,SHO Barkhera,थानाध्यक्ष बरखेड़ा,,,,PBT-PS-BARKHERA,,noting;flying,,,,,,',
        'user,,Ravi,रवि,,,,,,,sp,,,,,',
        'charge,,,,,regular,,,,,nobody.known,,,PBT-PS-BARKHERA-SHO,2026-13-01,',
        'tehsil,X,,,,,,,,,,,,,,',
      ].join('\n'),
    );
    const res = await runImport(file);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Nothing was imported.');
    expect(res.stderr).toContain('Line 3: office "PBT-NOWHERE" is not known');
    expect(res.stderr).toMatch(/Line 4: column "capabilities"/);
    expect(res.stderr).toContain('Line 5: Username "sp" already exists.');
    expect(res.stderr).toMatch(/Line 6: column "from"/);
    expect(res.stderr).toContain('Line 7: unknown record type "tehsil"');
    expect(res.stderr).not.toMatch(/Line 2:/);
    const admin = new ApiClient(system.url!);
    await admin.login('admin');
    const offices = (await admin.get('/api/org/offices')).body.items;
    expect(offices.find((o: any) => o.code === 'PBT-PS-BARKHERA')).toBeUndefined();
  });

  it('reports problems in Hindi when asked', async () => {
    const file = path.join(dir, 'bad-hi.csv');
    await writeFile(file, [HEADER, 'section,GD,General Diary,सामान्य दैनिकी,,,,PBT-XX,,,,,,,,'].join('\n'));
    const res = await runImport(file, '--lang', 'hi');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('पंक्ति 2: कार्यालय "PBT-XX" ज्ञात नहीं है');
  });

  it('imports a good file: offices, sections, posts, users and charges, usable at once', async () => {
    const file = path.join(dir, 'good.csv');
    await writeFile(
      file,
      [
        HEADER,
        'post,PBT-PS-BARKHERA-MUNSHI,"Munshi (Dak), PS Barkhera","मुंशी (डाक), थाना बरखेड़ा",,,,PBT-PS-BARKHERA,GD,dak,,,,,,',
        'office,PBT-PS-BARKHERA,Police Station Barkhera,थाना बरखेड़ा,PBT-CO-BSP,police_station,PBT/PS-BRK,,,,,,,,,',
        'section,GD,General Diary,सामान्य दैनिकी,,,,PBT-PS-BARKHERA,,,,,,,,',
        'user,,Ravi Kant,रवि कांत,,,,,,,munshi.barkhera,9812345678,ravi@example.org,,,',
        'charge,,,,,regular,,,,,munshi.barkhera,,,PBT-PS-BARKHERA-MUNSHI,2026-01-01,',
      ].join('\n'),
    );
    const res = await runImport(file, '--password', 'barkhera-initial-1');
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('Imported: 1 office(s), 1 section(s), 1 post(s), 1 user(s), 1 charge(s).');
    const me = await new ApiClient(system.url!).login('munshi.barkhera', 'barkhera-initial-1');
    expect(me.posts[0].code).toBe('PBT-PS-BARKHERA-MUNSHI');
    expect(me.posts[0].office.name.hi).toBe('थाना बरखेड़ा');
    expect(me.posts[0].section.code).toBe('GD');
  });
});
