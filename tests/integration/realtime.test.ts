import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { bootSystem, dbEnv } from '../support/boot.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import type { TestSystem as System } from '../support/boot.js';
import { rooms, type Hint } from '../../backend/src/shared/hints.js';
import { transact, type Scope } from '../../backend/src/shared/scope.js';
import { sqlTransaction } from '../../backend/src/shared/sql-transaction.js';
import { systemActor } from '../../backend/src/shared/actor.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';
import { freePort } from '../support/global-setup.js';

declare module '../../backend/src/shared/events.js' {
  interface DomainEvents {
    /** This file's own event: a hint to one user's room, nothing else. */
    'test.marked': { userId: string; marker: string };
  }
}

/**
 * Two API processes on one database — A in this test process, B a separate OS process started as
 * `npm run start:api` would — share Socket.IO rooms through the PostgreSQL adapter.
 */
let nodeA: System;
let processB: NodeProcess;
let nodeB: { url: string };
const sockets: Socket[] = [];

beforeAll(async () => {
  nodeA = await bootSystem();
  const port = await freePort();
  const s3 = inject('s3');
  processB = spawnPatravali(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      ...dbEnv(nodeA.db),
      DEMO_SEED: 'false',
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY: s3.accessKey,
      S3_SECRET_KEY: s3.secretKey,
      S3_BUCKET: nodeA.db.bucket,
    },
    'api',
  );
  await processB.waitFor(/is running — role: api/);
  nodeB = { url: `http://127.0.0.1:${port}` };
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await processB?.stop();
  await nodeA?.stop();
});

function socketFor(base: string, client: ApiClient | null): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(base, {
      transports: ['websocket'],
      extraHeaders: client ? { cookie: client.cookieHeader() } : {},
      reconnection: false,
    });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

const nextHint = (socket: Socket, match: (h: Hint) => boolean, ms = 5000) =>
  new Promise<Hint>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no hint arrived')), ms);
    const handler = (h: Hint) => {
      if (!match(h)) return;
      clearTimeout(timer);
      socket.off('hint', handler);
      resolve(h);
    };
    socket.on('hint', handler);
  });

describe('realtime across API processes', () => {
  it('refuses a socket without a valid session', async () => {
    await expect(socketFor(nodeB.url!, null)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('delivers a hint emitted on process A to a client connected to process B', async () => {
    const sho = await loggedIn(nodeB.url!, 'sho.kotwali');
    const socket = await socketFor(nodeB.url!, sho);
    const admin = await loggedIn(nodeA.url!, 'admin');
    const post = (await admin.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0];
    const arrived = nextHint(socket, (h) => h.entity === 'me');
    const res = await admin.patch(`/api/org/posts/${post.id}`, {
      version: post.version,
      designation: { en: 'SHO Kotwali (City)', hi: 'थानाध्यक्ष, कोतवाली (नगर)' },
    });
    expect(res.status).toBe(200);
    expect(await arrived).toEqual({ entity: 'me', ids: [post.id] });
  });

  it('sends hints, never payloads, and only to the rooms concerned', async () => {
    const kotwali = await loggedIn(nodeB.url!, 'sho.kotwali');
    const sungarhi = await loggedIn(nodeB.url!, 'sho.sungarhi');
    const kSocket = await socketFor(nodeB.url!, kotwali);
    const sSocket = await socketFor(nodeB.url!, sungarhi);
    const seenBySungarhi: Hint[] = [];
    sSocket.on('hint', (h) => seenBySungarhi.push(h));
    const admin = await loggedIn(nodeA.url!, 'admin');
    const post = (await admin.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0];
    const arrived = nextHint(kSocket, (h) => h.entity === 'me');
    await admin.patch(`/api/org/posts/${post.id}`, { version: post.version, capabilities: ['noting', 'supervision', 'dak'] });
    const hint = await arrived;
    expect(Object.keys(hint).sort()).toEqual(['entity', 'ids']);
    await new Promise((r) => setTimeout(r, 300));
    expect(seenBySungarhi.filter((h) => h.entity === 'me')).toEqual([]);
    // everyone hears that the org structure changed, as a hint to refetch
    expect(seenBySungarhi.some((h) => h.entity === 'post' && h.ids.includes(post.id))).toBe(true);
  });

  it('moves a socket to the new post’s room when the user switches post', async () => {
    const reader = await loggedIn(nodeA.url!, 'reader.sp');
    const me = (await reader.get('/api/me')).body;
    const pro = me.posts.find((p: any) => p.code === 'PBT-SP-PRO');
    const socket = await socketFor(nodeB.url!, reader);
    expect((await reader.put('/api/me/acting-post', { postId: pro.id })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    const admin = await loggedIn(nodeA.url!, 'admin');
    const proPost = (await admin.get('/api/org/posts?q=PBT-SP-PRO')).body.items[0];
    const arrived = nextHint(socket, (h) => h.entity === 'me' && h.ids.includes(pro.id));
    await admin.patch(`/api/org/posts/${proPost.id}`, { version: proPost.version, designation: { en: 'PRO to SP', hi: 'जनसंपर्क अधिकारी' } });
    await expect(arrived).resolves.toEqual({ entity: 'me', ids: [pro.id] });
  });

  it('delivers a transaction’s hints after its commit, and never those of a transaction rolled back', async () => {
    const reader = await loggedIn(nodeB.url!, 'reader.sp');
    const me = (await reader.get('/api/me')).body;
    const socket = await socketFor(nodeB.url!, reader);
    const seen: Hint[] = [];
    socket.on('hint', (h) => seen.push(h));
    const scope: Scope = { actor: systemActor(), em: nodeA.deps.orm.em.fork(), deps: nodeA.deps };
    nodeA.deps.events.listen({
      'test.marked': { hints: (e) => [{ room: rooms.user(e.userId), hint: { entity: 'user', ids: [e.marker] } }] },
    });
    const mark = (marker: string) => ({ type: 'test.marked' as const, userId: me.user.id, marker });
    const failing = (marker: string) => async (tx: { emit: (e: ReturnType<typeof mark>) => void }) => {
      tx.emit(mark(marker));
      throw new Error('the change fails after emitting its event');
    };
    await expect(transact(scope, failing('orm-rolled-back'))).rejects.toThrow(/fails/);
    await expect(
      sqlTransaction(scope, async (tx) => {
        await tx.query('select 1', []);
        return failing('sql-rolled-back')(tx);
      }),
    ).rejects.toThrow(/fails/);
    // a statement that fails in the last round trip: no commit, so no hints
    await expect(
      sqlTransaction(scope, async (tx) => {
        tx.emit(mark('sql-failed-commit'));
        await tx.commit('select 1/0', []);
      }),
    ).rejects.toThrow(/division by zero/);
    const committed = nextHint(socket, (h) => h.ids.includes('sql-committed'));
    await sqlTransaction(scope, async (tx) => {
      await tx.query('select 1', []);
      tx.emit(mark('sql-committed'));
      await tx.commit('select 2', []);
    });
    await committed;
    const viaOrm = nextHint(socket, (h) => h.ids.includes('orm-committed'));
    await transact(scope, async (tx) => tx.emit(mark('orm-committed')));
    await viaOrm;
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.flatMap((h) => h.ids)).toEqual(['sql-committed', 'orm-committed']);
    // the rolled-back transactions gave their connections back in a usable state
    const rows = await Promise.all(Array.from({ length: 12 }, () => scope.em.fork().getConnection().execute('select 1 as one')));
    expect(rows.every((r) => r[0]?.one === 1)).toBe(true);
  });
});
