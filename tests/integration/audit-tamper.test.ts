import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { generateKeyPairSync } from 'node:crypto';
import { CompactSign, compactVerify } from 'jose';
import { ObjectExistsError, objectKeys, AUDIT_CHECKPOINTS } from '@patravali/storage';
import { randomBytes } from 'node:crypto';
import { bootSystem, storesEnv, type TestDatabase } from '../support/boot.js';
import { openOrm } from '../../backend/src/db/orm.js';
import { startJobQueue } from '../../backend/src/jobs/queue.js';
import { allJobs } from '../../backend/src/jobs/registry.js';
import { purgeExpiredSessionsJob } from '../../backend/src/modules/auth/purge-expired-sessions.job.js';
import { createLogger } from '../../backend/src/shared/logger.js';
import { loggedIn } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';
import { runCommand } from '../support/process.js';
import { AUDIT_COLUMNS, chainAllPendingAudit, chainedFields } from '../../backend/src/modules/audit/audit-chainer.js';
import { hashAuditRow } from '../../backend/src/modules/audit/append-audit.js';
import { auditRoleProblems } from '../../backend/src/modules/audit/audit-role-check.js';
import {
  checkpointKeyFile,
  loadOrCreateCheckpointKey,
  loadTrustedCheckpointKeys,
  signCheckpoint,
  writeAuditCheckpoint,
} from '../../backend/src/modules/audit/audit-checkpoint.js';

let system: System;
/** The application's own connection (what a stolen DATABASE_URL password gives). */
let app: pg.Pool;
/** The schema owner (a superuser here): what a stolen owner password gives. */
let owner: pg.Pool;

beforeAll(async () => {
  system = await bootSystem();
  app = new pg.Pool({ connectionString: system.databaseUrl, max: 2 });
  owner = new pg.Pool({ connectionString: system.db.url, max: 2 });
});
afterAll(async () => {
  await app?.end();
  await owner?.end();
  await system?.stop();
});

const runVerify = () => runCommand(['--import', 'tsx', 'backend/src/cli/audit-verify.ts'], storesEnv(system.db));

async function someChanges(n: number, tag: string) {
  const admin = await loggedIn(system.url!, 'admin');
  const sp = (await admin.get('/api/org/offices')).body.items.find((o: any) => o.code === 'PBT-SP');
  for (let i = 0; i < n; i++)
    expect(
      (await admin.post('/api/org/sections', { officeId: sp.id, code: `${tag}-${i}`, name: { en: `${tag}${i}`, hi: `${tag}${i}` } }))
        .status,
    ).toBe(201);
  await chainAllPendingAudit(app);
}

describe('the application’s database role', () => {
  it('is not a superuser, owns nothing of the audit log and has only SELECT and INSERT on it', async () => {
    expect(system.databaseUrl).not.toBe(system.ownerDatabaseUrl);
    const {
      rows: [r],
    } = await app.query('select current_user as role, rolsuper, rolcreaterole, rolbypassrls from pg_roles where rolname = current_user');
    expect(r).toEqual({ role: 'patravali_app', rolsuper: false, rolcreaterole: false, rolbypassrls: false });
    expect(await auditRoleProblems(app)).toEqual([]);
    expect(await auditRoleProblems(owner)).not.toEqual([]);
  });

  it('cannot switch the audit triggers off, truncate, delete or rewrite chained rows', async () => {
    await someChanges(2, 'PRIV');
    const {
      rows: [row],
    } = await app.query('select seq from audit_event where chain_no is not null order by chain_no desc limit 1');
    await expect(app.query('alter table audit_event disable trigger all')).rejects.toThrow(/must be owner/);
    await expect(app.query('alter table audit_event disable trigger audit_event_no_update')).rejects.toThrow(/must be owner/);
    await expect(app.query('set session_replication_role = replica')).rejects.toThrow(/permission denied/);
    await expect(app.query('drop trigger audit_event_no_update on audit_event')).rejects.toThrow(/must be owner/);
    await expect(
      app.query(`create or replace function audit_event_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$`),
    ).rejects.toThrow(/must be owner|permission denied/);
    await expect(app.query('truncate audit_event')).rejects.toThrow(/permission denied/);
    await expect(app.query('delete from audit_event where seq = $1', [row.seq])).rejects.toThrow(/permission denied/);
    await expect(app.query('update audit_event set details = \'{"forged": true}\' where seq = $1', [row.seq])).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query('alter role patravali_app superuser')).rejects.toThrow(/permission denied/);
    // the chain's one filling-in only links rows not chained yet
    await expect(
      app.query("select audit_chain_link(0, repeat('0', 64), array[$1::bigint], array[repeat('a', 64)])", [row.seq]),
    ).rejects.toThrow(/chain head is/);
    const {
      rows: [head],
    } = await app.query('select chain_no, hash from audit_event where chain_no is not null order by chain_no desc limit 1');
    await expect(
      app.query("select audit_chain_link($1, $2, array[$3::bigint], array[repeat('a', 64)])", [head.chain_no, head.hash, row.seq]),
    ).rejects.toThrow(/only 0 of 1 rows are waiting/);
    expect((await app.query('select count(*)::int as n from audit_event where seq = $1', [row.seq])).rows[0].n).toBe(1);
  });

  it('can add a row only unchained and dated now (a forged row cannot be placed in the chain or backdated)', async () => {
    await expect(
      app.query(
        `insert into audit_event (seq, at, actor_label, action, object_type, object_id, details) values (1, now(), 'x', 'forged', 'x', '1', '{}')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      app.query(
        `insert into audit_event (at, actor_label, action, object_type, object_id, details, chain_no, prev_hash, hash) values (now(), 'x', 'forged', 'x', '1', '{}', 999999, repeat('0', 64), repeat('a', 64))`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      owner.query(
        `insert into audit_event (at, actor_label, action, object_type, object_id, details, chain_no, prev_hash, hash) values (now(), 'x', 'forged', 'x', '1', '{}', 999999, repeat('0', 64), repeat('a', 64))`,
      ),
    ).rejects.toThrow(/inserted unchained/);
    const c = await app.connect();
    try {
      await c.query('begin');
      const {
        rows: [r],
      } = await c.query(
        `insert into audit_event (at, actor_label, action, object_type, object_id, details) values ('2020-01-01', 'x', 'backdated', 'x', '1', '{}') returning at`,
      );
      expect(Math.abs(new Date(r.at).getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await c.query('rollback');
      c.release();
    }
  });
});

describe('checkpoints of the chain head in object storage', () => {
  it('are signed (EdDSA JWS) with a key kept outside the database, under a key that is never overwritten', async () => {
    await someChanges(1, 'CPA');
    const store = system.deps.store;
    const key = await loadOrCreateCheckpointKey(system.deps.env);
    const pem = await readFile(checkpointKeyFile(system.deps.env), 'utf8');
    // the key file is made once and never replaced
    expect((await loadOrCreateCheckpointKey(system.deps.env)).kid).toBe(key.kid);
    expect(await readFile(checkpointKeyFile(system.deps.env), 'utf8')).toBe(pem);

    const cp = (await writeAuditCheckpoint(app, store, key))!;
    const {
      rows: [head],
    } = await app.query('select chain_no, hash from audit_event where chain_no is not null order by chain_no desc limit 1');
    expect(cp).toMatchObject({ chainNo: Number(head.chain_no), hash: head.hash });
    expect(cp.key).toBe(objectKeys.auditCheckpoint(cp.chainNo, new Date(cp.at)));
    expect(cp.key).toMatch(/^audit\/checkpoints\/\d{16}-\d{8}T\d{6}\.\d{3}Z\.jws$/);
    const jws = (await store.getBuffer(cp.key)).toString();
    const trusted = await loadTrustedCheckpointKeys(system.deps.env);
    const { payload, protectedHeader } = await compactVerify(jws, trusted.get(key.kid)!);
    expect(protectedHeader).toMatchObject({ alg: 'EdDSA', kid: key.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      v: 1,
      iss: 'patravali',
      chainNo: cp.chainNo,
      hash: cp.hash,
      at: cp.at,
    });

    // write-once: an existing checkpoint is never replaced, not even with the same content
    await expect(store.putNew(cp.key, Buffer.from('forged'), 'application/jose')).rejects.toBeInstanceOf(ObjectExistsError);
    expect((await store.getBuffer(cp.key)).toString()).toBe(jws);
    // a second checkpoint of the same head gets a key of its own
    const again = (await writeAuditCheckpoint(app, store, key))!;
    expect(again.key).not.toBe(cp.key);
    expect(again.chainNo).toBe(cp.chainNo);

    const ok = await runVerify();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Audit checkpoints OK: all \d+ signed and agree with the chain/);
  });

  it('are scheduled as a job at least hourly', async () => {
    const schedules = await owner.query("select cron from pgboss.schedule where name = 'audit.checkpoint'");
    expect(schedules.rows).toEqual([{ cron: '0 * * * *' }]);
  });

  it('a checkpoint whose signature does not verify, or made with a key not trusted, is reported', async () => {
    const store = system.deps.store;
    const key = await loadOrCreateCheckpointKey(system.deps.env);
    const {
      rows: [head],
    } = await app.query('select chain_no, hash from audit_event where chain_no is not null order by chain_no desc limit 1');
    const at = new Date(Date.now() + 1000);
    const payload = {
      v: 1 as const,
      iss: 'patravali' as const,
      chainNo: Number(head.chain_no),
      hash: head.hash as string,
      at: at.toISOString(),
    };
    const good = await signCheckpoint(key, payload);
    const [h, p, sig] = good.split('.');
    const tampered = `${h}.${p}.${sig!.slice(0, 10)}${sig![10] === 'A' ? 'B' : 'A'}${sig!.slice(11)}`;
    const badKey = objectKeys.auditCheckpoint(payload.chainNo, at);
    await store.putNew(badKey, Buffer.from(tampered), 'application/jose');
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const strangerAt = new Date(at.getTime() + 1);
    const foreign = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...payload, at: strangerAt.toISOString() })))
      .setProtectedHeader({ alg: 'EdDSA', kid: 'stranger' })
      .sign(stranger);
    const foreignKey = objectKeys.auditCheckpoint(payload.chainNo, strangerAt);
    await store.putNew(foreignKey, Buffer.from(foreign), 'application/jose');
    try {
      const res = await runVerify();
      expect(res.status).toBe(1);
      expect(res.stdout).toMatch(/Audit chain OK/);
      expect(res.stderr).toContain(
        `Audit checkpoint INVALID (bad-signature): ${badKey}: the signature does not verify with key ${key.kid}`,
      );
      expect(res.stderr).toContain(`Audit checkpoint INVALID (unknown-key): ${foreignKey}: signed with key stranger`);
      expect(res.stderr).toMatch(/Audit checkpoints: 2 of \d+ FAILED/);
    } finally {
      await store.remove(badKey);
      await store.remove(foreignKey);
    }
  });

  it('one is written at shutdown', async () => {
    const other = await bootSystem();
    let stopped = false;
    try {
      const admin = await loggedIn(other.url!, 'admin');
      expect(
        (await admin.post('/api/org/users', { username: 'cp.shutdown', name: { en: 'Cp', hi: 'सीपी' }, password: 'cp-password-1' })).status,
      ).toBe(201);
      expect(await other.deps.store.list(AUDIT_CHECKPOINTS)).toEqual([]);
      await other.stop();
      stopped = true;
      const ownerPool = new pg.Pool({ connectionString: other.db.url, max: 1 });
      try {
        const {
          rows: [head],
        } = await ownerPool.query(
          'select chain_no, hash, (select count(*)::int from audit_event where hash is null) as pending from audit_event where chain_no is not null order by chain_no desc limit 1',
        );
        expect(head.pending).toBe(0); // the last rows were chained before the checkpoint
        const keys = await other.deps.store.list(AUDIT_CHECKPOINTS);
        expect(keys).toHaveLength(1);
        expect(keys[0]).toMatch(new RegExp(`^audit/checkpoints/${String(head.chain_no).padStart(16, '0')}-`));
        const trusted = await loadTrustedCheckpointKeys(other.deps.env);
        const jws = (await other.deps.store.getBuffer(keys[0]!)).toString();
        const kid = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString()).kid;
        const { payload } = await compactVerify(jws, trusted.get(kid)!);
        expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ chainNo: Number(head.chain_no), hash: head.hash });
      } finally {
        await ownerPool.end();
      }
    } finally {
      if (!stopped) await other.stop();
    }
  });
});

describe('re-hash tampering', () => {
  it('by the owner (triggers off, one row changed, every later row re-hashed) passes the chain walk but is caught by the checkpoint and named', async () => {
    await someChanges(3, 'RH1');
    const key = await loadOrCreateCheckpointKey(system.deps.env);
    const cp = (await writeAuditCheckpoint(app, system.deps.store, key))!;
    await someChanges(2, 'RH2');

    // the attacker: change an entry before the checkpoint, then re-link and re-hash everything after it
    const target = cp.chainNo - 2;
    const c = await owner.connect();
    try {
      await c.query('begin');
      await c.query('set local session_replication_role = replica'); // triggers off
      await c.query(`update audit_event set details = '{"forged": true}' where chain_no = $1`, [target]);
      const { rows } = await c.query(
        `select ${AUDIT_COLUMNS}, chain_no, prev_hash from audit_event where chain_no >= $1 order by chain_no`,
        [target],
      );
      let prev: string = rows[0].prev_hash;
      for (const r of rows) {
        const hash = hashAuditRow(chainedFields(r, prev));
        await c.query('update audit_event set prev_hash = $1, hash = $2 where chain_no = $3', [prev, hash, r.chain_no]);
        prev = hash;
      }
      await c.query('commit');
    } finally {
      c.release();
    }
    const {
      rows: [now],
    } = await owner.query('select hash from audit_event where chain_no = $1', [cp.chainNo]);
    expect(now.hash).not.toBe(cp.hash);

    const res = await runVerify();
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/Audit chain OK: \d+ entries/); // the walk alone is fooled
    expect(res.stderr).toContain(
      `Audit checkpoint MISMATCH: ${cp.key} (signed ${cp.at}) says chain position ${cp.chainNo} has hash ${cp.hash}; the database has ${now.hash}. The chain was rewritten at or before position ${cp.chainNo}.`,
    );
    expect(res.stderr).toMatch(/Audit checkpoints: \d+ of \d+ FAILED/);
  });
});

describe('a node without the owner’s password', () => {
  it('starts and works on a migrated database as the application’s role alone', async () => {
    const node = await bootSystem({ env: { DATABASE_OWNER_URL: '' } });
    try {
      expect(node.ownerDatabaseUrl).toBe(node.databaseUrl);
      const admin = await loggedIn(node.url!, 'admin');
      expect(
        (await admin.post('/api/org/users', { username: 'strict.node', name: { en: 'Strict', hi: 'स' }, password: 'strict-password-1' }))
          .status,
      ).toBe(201);
    } finally {
      await node.stop();
    }
  });
});

describe('upgrading a district', () => {
  it('a database from before the roles (pg-boss installed by its one role) gets the role and grants from the migration, and runs as patravali_app', async () => {
    const name = `u_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const db: TestDatabase = {
      name,
      url: inject('pgAdminUrl').replace(/\/postgres$/, `/${name}`),
      appUrl: inject('pgAppUrl').replace(/\/postgres$/, `/${name}`),
      bucket: `b-${name.replace(/_/g, '-')}`,
    };
    const log = createLogger('silent');
    // as it was: every migration before this change, and the job queue installed, all by the one role
    const orm = await openOrm(db.url, 2);
    try {
      await orm.getMigrator().up({ to: 'Migration20261123021500' });
    } finally {
      await orm.close();
    }
    const ownerPool = new pg.Pool({ connectionString: db.url, max: 1 });
    const old = await startJobQueue(ownerPool, allJobs, log);
    await old.boss.stop({ graceful: true, timeout: 1000 });
    await ownerPool.query(
      `insert into audit_event (at, actor_label, action, object_type, object_id, details) values (now(), 'system', 'old.row', 'x', '1', '{}')`,
    );

    const upgraded = await bootSystem({ db, env: { DEMO_SEED: 'true' } });
    try {
      const appPool = new pg.Pool({ connectionString: upgraded.databaseUrl, max: 1 });
      try {
        expect((await appPool.query('select current_user as u')).rows[0].u).toBe('patravali_app');
        expect(await auditRoleProblems(appPool)).toEqual([]);
        // the job queue, installed before the role existed, is usable by it
        const id = await upgraded.deps.jobs.enqueue(purgeExpiredSessionsJob, {});
        expect(id).toBeTruthy();
        // the old row and everything since are chained by the application's chainer
        const started = Date.now();
        while (
          (await appPool.query('select count(*)::int as n from audit_event where hash is null')).rows[0].n > 0 &&
          Date.now() - started < 5000
        )
          await new Promise((r) => setTimeout(r, 50));
        expect((await appPool.query("select chain_no from audit_event where action = 'old.row'")).rows[0].chain_no).not.toBeNull();
        await expect(appPool.query('alter table audit_event disable trigger all')).rejects.toThrow(/must be owner/);
      } finally {
        await appPool.end();
      }
    } finally {
      await ownerPool.end();
      await upgraded.stop();
    }
  }, 120_000);
});
