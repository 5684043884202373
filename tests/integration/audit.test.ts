import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { bootSystem, storesEnv } from '../support/boot.js';
import { loggedIn } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';
import { verifyAuditChain } from '../../backend/src/modules/audit/verify-audit-chain.js';
import { chainPendingAudit } from '../../backend/src/modules/audit/audit-chainer.js';
import { runCommand } from '../support/process.js';

let system: System;
/** As the schema's owner (a superuser here): what an attacker with the owner's password could do. */
let db: pg.Pool;

beforeAll(async () => {
  system = await bootSystem();
  db = new pg.Pool({ connectionString: system.db.url, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await system?.stop();
});

const runVerify = () => runCommand(['--import', 'tsx', 'backend/src/cli/audit-verify.ts'], storesEnv(system.db));

describe('audit chain', () => {
  it('records every state change with who, acting post, action, object and client address', async () => {
    const admin = await loggedIn(system.url!, 'admin');
    const me = (await admin.get('/api/me')).body;
    const user = await admin.post('/api/org/users', {
      username: 'audit.user',
      name: { en: 'Audit', hi: 'लेखा' },
      password: 'audit-password-1',
    });
    const { rows } = await db.query("select * from audit_event where action = 'user.create' and object_id = $1", [user.body.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_user_id).toBe(me.user.id);
    expect(rows[0].actor_post_id).toBe(me.actingPostId);
    expect(rows[0].client_ip).toMatch(/127\.0\.0\.1/);
    expect(rows[0].details).toEqual({ username: 'audit.user' });
    const logins = await db.query("select count(*)::int as n from audit_event where action = 'auth.login' and actor_user_id = $1", [
      me.user.id,
    ]);
    expect(logins.rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('links many concurrent writers into one unbroken chain', async () => {
    const admin = await loggedIn(system.url!, 'admin');
    const offices = (await admin.get('/api/org/offices')).body.items;
    const sp = offices.find((o: any) => o.code === 'PBT-SP');
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        admin.post('/api/org/sections', { officeId: sp.id, code: `CONC-${i}`, name: { en: `C${i}`, hi: `C${i}` } }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(20).fill(201));
    const report = await verifyAuditChain(db);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThan(20);
  });

  it('changes do not wait for the chain: a row is written unchained and linked within moments by the running chainer', async () => {
    const admin = await loggedIn(system.url!, 'admin');
    const offices = (await admin.get('/api/org/offices')).body.items;
    const sp = offices.find((o: any) => o.code === 'PBT-SP');
    const res = await admin.post('/api/org/sections', { officeId: sp.id, code: 'CHAIN-LAG', name: { en: 'Lag', hi: 'लैग' } });
    expect(res.status).toBe(201);
    const started = Date.now();
    let row: any;
    do {
      row = (
        await db.query("select chain_no, prev_hash, hash from audit_event where action = 'section.create' and object_id = $1", [
          res.body.id,
        ])
      ).rows[0];
      if (!row?.hash) await new Promise((r) => setTimeout(r, 25));
    } while (!row?.hash && Date.now() - started < 5000);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.now() - started).toBeLessThan(2000);
    const {
      rows: [before],
    } = await db.query('select hash from audit_event where chain_no = $1', [Number(row.chain_no) - 1]);
    expect(row.prev_hash).toBe(before.hash);
  });

  it('many chainers at once (several processes) still make one chain, each row chained once', async () => {
    const admin = await loggedIn(system.url!, 'admin');
    const offices = (await admin.get('/api/org/offices')).body.items;
    const sp = offices.find((o: any) => o.code === 'PBT-SP');
    const chainers = new pg.Pool({ connectionString: system.db.appUrl, max: 6 });
    try {
      const writes = Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          admin.post('/api/org/sections', { officeId: sp.id, code: `MANY-${i}`, name: { en: `M${i}`, hi: `M${i}` } }),
        ),
      );
      const chaining = Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let k = 0; k < 20; k++) await chainPendingAudit(chainers);
        }),
      );
      expect((await writes).map((r) => r.status)).toEqual(Array(30).fill(201));
      await chaining;
    } finally {
      await chainers.end();
    }
    const report = await verifyAuditChain(db);
    expect(report).toMatchObject({ ok: true, pending: 0 });
    const {
      rows: [n],
    } = await db.query('select count(*)::int as rows, max(chain_no)::int as top from audit_event');
    expect(n.top).toBe(n.rows);
  });

  it('is refused UPDATE and DELETE by the database itself; an unchained row may only be given its place in the chain, once', async () => {
    await expect(db.query("update audit_event set action = 'x' where seq = (select min(seq) from audit_event)")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query("update audit_event set hash = repeat('f', 64) where seq = (select min(seq) from audit_event)")).rejects.toThrow(
      /append-only/,
    );
    // a row not chained yet (inserted here in an open transaction, so no chainer can see it)
    const c = await db.connect();
    try {
      await c.query('begin');
      const {
        rows: [r],
      } = await c.query(
        `insert into audit_event (at, actor_label, action, object_type, object_id, details) values (now(), 'test', 'test.row', 'test', '1', '{}') returning seq`,
      );
      await expect(
        c.query(
          "update audit_event set action = 'forged', chain_no = -1, prev_hash = repeat('0', 64), hash = repeat('e', 64) where seq = $1",
          [r.seq],
        ),
      ).rejects.toThrow(/append-only/);
    } finally {
      await c.query('rollback');
      c.release();
    }
    await expect(db.query('delete from audit_event')).rejects.toThrow(/append-only/);
    await expect(db.query('truncate audit_event')).rejects.toThrow(/append-only/);
  });

  it('npm run audit:verify passes on an intact chain and names the first broken link after tampering', async () => {
    const ok = await runVerify();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Audit chain OK: \d+ entries/);

    // An attacker with table-owner rights switches the trigger off and edits one row.
    const { rows } = await db.query('select seq from audit_event order by seq limit 1 offset 3');
    const target = Number(rows[0].seq);
    await db.query('alter table audit_event disable trigger audit_event_no_update');
    await db.query('update audit_event set details = \'{"forged": true}\' where seq = $1', [target]);
    await db.query('alter table audit_event enable trigger audit_event_no_update');

    const broken = await runVerify();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`BROKEN at entry #${target}, chain position \\d+ \\(hash-mismatch\\)`));
    const report = await verifyAuditChain(db);
    expect(report.brokenAt?.seq).toBe(target);
  });
});
