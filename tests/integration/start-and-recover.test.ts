import { afterAll, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { isAlive, spawnPatravali, type NodeProcess } from '../support/process.js';
import { freePort } from '../support/global-setup.js';
import { ApiClient } from '../support/api-client.js';
import { ROOT_DIR } from '../../backend/src/config/env.js';

/** The whole system as `npm start` runs it: embedded PostgreSQL and S3 under its own DATA_DIR. */
const started: NodeProcess[] = [];
let dataDir = '';
afterAll(async () => {
  for (const p of started) await p.stop('SIGINT');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('start, crash and restart', () => {
  it('starts from nothing, survives kill -9, restarts on the same data, and stops everything on Ctrl-C', async () => {
    dataDir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'start-'));
    await chmod(dataDir, 0o755);
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freePort()),
      EMBEDDED_S3_PORT: String(await freePort()),
    };
    const base = `http://127.0.0.1:${env.PORT}`;

    const first = spawnPatravali(env);
    started.push(first);
    await first.waitFor(/is running — role: both/, 90_000);
    expect(first.output()).toContain(`Open ${base}`);
    expect(first.output()).toMatch(/reader\.sp/);
    await new ApiClient(base).login('reader.sp');
    const admin = new ApiClient(base);
    await admin.login('admin');
    const created = await admin.post('/api/org/users', {
      username: 'survivor',
      name: { en: 'Survivor', hi: 'उत्तरजीवी' },
      password: 'survives-crash-1',
    });
    expect(created.status).toBe(201);

    const pgPid = Number((await readFile(path.join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(isAlive(pgPid)).toBe(true); // PostgreSQL is orphaned, holding the data dir and the port

    const second = spawnPatravali(env);
    started.push(second);
    await second.waitFor(/is running — role: both/, 90_000);
    expect(second.output()).toMatch(/earlier, crashed start/);
    expect(isAlive(pgPid)).toBe(false);
    await new ApiClient(base).login('survivor', 'survives-crash-1');
    const offices = (await admin.get('/api/org/offices')).body.items.filter((o: any) => o.code === 'PBT');
    expect(offices).toHaveLength(1); // seeded once, not again

    const newPgPid = Number((await readFile(path.join(dataDir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(await second.stop('SIGINT'), second.output().slice(-4000)).toBe(0);
    expect(isAlive(newPgPid)).toBe(false);
  }, 200_000); // two cold starts of the whole system (each waits up to 90 s)

  it('says clearly when the embedded database port is taken by another program', async () => {
    const dir = await mkdtemp(path.join(ROOT_DIR, 'tests', '.tmp', 'busy-'));
    await chmod(dir, 0o755);
    const blocker = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const p = spawnPatravali({
        DATA_DIR: dir,
        PORT: String(await freePort()),
        EMBEDDED_PG_PORT: String(port),
        EMBEDDED_S3_PORT: String(await freePort()),
      });
      started.push(p);
      const code = await new Promise<number | null>((resolve) => p.child.once('exit', resolve));
      expect(code).toBe(1);
      expect(p.output()).toContain(`Port ${port} for the embedded PostgreSQL is in use by another program`);
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad configuration, listing every problem', async () => {
    const p = spawnPatravali({ PORT: 'abc', ROLE: 'everything', S3_ENDPOINT: 'http://minio:9000' });
    started.push(p);
    const code = await new Promise<number | null>((resolve) => p.child.once('exit', resolve));
    expect(code).toBe(2);
    expect(p.output()).toMatch(/PORT/);
    expect(p.output()).toMatch(/ROLE/);
    expect(p.output()).toMatch(/S3_ACCESS_KEY/);
  });
});
