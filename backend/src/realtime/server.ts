import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { parse as parseCookie } from 'cookie';
import pg from 'pg';
import type { Publisher } from '../shared/scope.js';
import type { Logger } from '../shared/logger.js';
import type { Actor } from '../shared/actor.js';
import { judgeOrigin } from '../shared/request-origin.js';
import { connectionBounds, guardPool, isDatabaseUnavailable } from '../infra/database-faults.js';
import { rooms, type Hint, type Room } from '../shared/hints.js';
import { decodeHints, encodeHints, HINT_CHANNEL, type ClientToServerEvents, type ServerToClientEvents } from './hints.js';

export interface Realtime extends Publisher {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  /** Resolves once this process listens for hints (at once in a process without sockets). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Socket.IO with the PostgreSQL adapter, so every API (and worker) process can move every socket
 * between rooms. The session cookie is checked at handshake; a socket joins the rooms of its
 * session, user, acting post and that post's office. Who a cookie belongs to is auth's to say: the
 * composition root passes `authenticate`.
 *
 * Hints do not go through the adapter: after a transaction commits, its hints join this process's
 * outgoing batch, and the batch goes out within 20 ms as one notification on HINT_CHANNEL
 * (more when it is large); every process serving sockets listens on that channel and emits to its
 * own sockets. A hint is sent only for a committed change. Notifications are batched because
 * PostgreSQL serialises the commits of notifying transactions: a NOTIFY inside every change made
 * changes queue behind each other's commit; one small notifying transaction every 20 ms
 * does not.
 */
export function createRealtime(opts: {
  httpServer: http.Server | null;
  databaseUrl: string;
  /** Bound on every wait on the database (see infra/database-faults.ts). */
  timeoutMs: number;
  log: Logger;
  /** The actor behind a handshake's cookies, or null (the socket is refused). */
  authenticate(cookies: Record<string, string | undefined>, ip: string): Promise<Actor | null>;
  allowedOrigins: string[] | null;
  /** Judge a handshake's Origin by X-Forwarded-Proto/-Host (behind a trusted proxy). */
  trustProxy?: boolean;
}): Realtime {
  const originRule = { publicUrl: opts.allowedOrigins?.[0] ?? null, trustProxy: opts.trustProxy ?? false };
  const io = new Server<ClientToServerEvents, ServerToClientEvents>({
    serveClient: false,
    cors: opts.allowedOrigins ? { origin: opts.allowedOrigins, credentials: true } : undefined,
    // A page of another site must not open a socket with the user's cookie: a handshake whose Origin
    // is neither ours nor PUBLIC_URL's is refused (browsers always send Origin on a WebSocket or
    // cross-origin handshake; a client without one is no browser and still needs a session cookie).
    allowRequest: (req, callback) => {
      const { verdict } = judgeOrigin(req.headers, 'encrypted' in req.socket && req.socket.encrypted === true, originRule);
      callback(verdict === 'foreign' ? 'ORIGIN_REFUSED' : null, verdict !== 'foreign');
    },
    // the adapter keeps its own listener connection; heartbeat tuned for quick failover
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
  });
  // Its own small pool: the adapter keeps one client for LISTEN and publishes through the others.
  const adapterPool = guardPool(
    new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 4,
      application_name: 'patravali-realtime',
      ...connectionBounds(opts.timeoutMs),
    }),
    opts.log,
    'realtime',
  );
  let lastAdapterOutage = 0;
  let closing = false;
  const adapterError = (err: Error) => {
    if (closing) return; // its farewell message may still be waiting for a connection of the pool being ended
    if (!isDatabaseUnavailable(err)) return opts.log.error({ err }, 'realtime adapter error');
    if (Date.now() - lastAdapterOutage > 5000) opts.log.warn({ err: err.message }, 'realtime adapter: database unavailable');
    lastAdapterOutage = Date.now();
  };
  const adapterView = listenSafePool(adapterPool);
  io.adapter(
    createAdapter(adapterView.view, {
      tableName: 'socket_io_attachments',
      heartbeatInterval: 5000,
      heartbeatTimeout: 15000,
      errorHandler: adapterError,
    }),
  );

  /** Why the handshake is refused, or undefined when its session admits it (never rejects). */
  const handshake = async (socket: Socket): Promise<Error | undefined> => {
    try {
      const cookies = parseCookie(socket.handshake.headers.cookie ?? '');
      const actor = await opts.authenticate(cookies, socket.handshake.address);
      if (!actor) return new Error('UNAUTHENTICATED');
      socket.data.actor = actor;
      return undefined;
    } catch (err) {
      if (isDatabaseUnavailable(err)) return new Error('SERVICE_UNAVAILABLE');
      opts.log.error({ err }, 'socket handshake failed');
      return new Error('INTERNAL');
    }
  };
  // Socket.IO does not await a middleware: the handshake answers through next() once it knows
  io.use((socket: Socket, next) => void handshake(socket).then(next));

  io.on('connection', (socket) => {
    const actor = socket.data.actor as { sessionId: string; userId: string; postId: string | null; officeId: string | null };
    const join: Room[] = [rooms.session(actor.sessionId), rooms.user(actor.userId), rooms.org];
    if (actor.postId) join.push(rooms.post(actor.postId));
    if (actor.officeId) join.push(rooms.office(actor.officeId));
    void socket.join(join);
  });

  if (opts.httpServer) io.attach(opts.httpServer);
  const outbox = hintOutbox(adapterPool, opts.log);
  const listener = opts.httpServer
    ? listenForHints(
        opts.databaseUrl,
        opts.log,
        (batch) => {
          for (const [to, hint] of batch) io.local.to(to).emit('hint', hint);
        },
        () => io.local.emit('resync'),
      )
    : null;

  return {
    io,
    ready: listener?.ready ?? Promise.resolve(),
    publish: (messages) => outbox.add(messages),
    async moveSession(sessionId, leave, join) {
      const target = io.in(rooms.session(sessionId));
      if (leave.length) target.socketsLeave(leave);
      if (join.length) target.socketsJoin(join);
    },
    async close() {
      closing = true;
      adapterView.close();
      await outbox.flush();
      await listener?.close();
      if (opts.httpServer)
        await io.close(); // resolves once the HTTP server has closed
      else await (io.of('/').adapter as unknown as { close(): Promise<void> | void }).close();
      // @socket.io/postgres-adapter 0.5.0 leaks its LISTEN client when closed while it is still
      // connecting (a stop right after start); don't let that hold the process open.
      await Promise.race([adapterPool.end(), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}

/**
 * The pool as the Socket.IO adapter sees it. The adapter checks out one client for LISTEN and, when
 * that connection ends (the database restarted), drops it without releasing it: pg's pool would count
 * it as busy forever and, after a few outages, have no connection left for publishing. Here a client
 * that ends while checked out is released (as broken) at once, and a later release is a no-op.
 */
function listenSafePool(pool: pg.Pool): { view: pg.Pool; close(): void } {
  const view = Object.create(pool) as pg.Pool;
  let closed = false;
  // after close, the adapter's reconnect attempt waits forever instead of retrying on a timer
  // (the adapter schedules reconnections even after it was closed; a pending promise holds nothing open)
  const never = () => new Promise<never>(() => undefined);
  view.connect = (async () => {
    if (closed) return never();
    const client = await pool.connect();
    if (closed) {
      client.release();
      return never();
    }
    const release = client.release.bind(client);
    let released = false;
    const releaseOnce = (err?: Error | boolean) => {
      if (released) return;
      released = true;
      release(err);
    };
    client.release = releaseOnce;
    client.once('end', () => releaseOnce(new Error('connection ended')));
    return client;
  }) as pg.Pool['connect'];
  view.query = pool.query.bind(pool);
  return { view, close: () => void (closed = true) };
}

/**
 * A dedicated connection LISTENing on the hint channel; it reconnects after a lost connection, and
 * then tells this process's sockets to `resync` (hints sent meanwhile never reached it; the clients
 * catch up through the API, as after their own reconnect).
 */
function listenForHints(
  databaseUrl: string,
  log: Logger,
  deliver: (batch: ReturnType<typeof decodeHints>) => void,
  resync: () => void,
): { ready: Promise<void>; close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let lost = false;
  let retry: NodeJS.Timeout | null = null;
  let listening: () => void;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const connect = async () => {
    const c = new pg.Client({
      connectionString: databaseUrl,
      application_name: 'patravali-hints',
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    client = c;
    c.on('notification', (msg) => {
      if (msg.channel !== HINT_CHANNEL || !msg.payload) return;
      try {
        deliver(decodeHints(msg.payload));
      } catch (err) {
        log.error({ err }, 'bad hint notification');
      }
    });
    const onLost = (err: Error | null) => {
      if (closed || client !== c) return;
      if (!lost) log.warn({ err: err?.message ?? 'connection ended' }, 'hint listener lost its connection; reconnecting');
      lost = true;
      client = null;
      void c.end().catch(() => undefined);
      schedule();
    };
    c.on('error', onLost);
    c.on('end', () => onLost(null));
    try {
      await c.connect();
      await c.query(`listen ${HINT_CHANNEL}`);
      listening();
      if (closed) return void (await c.end());
      if (lost) {
        lost = false;
        log.warn('hint listener reconnected; clients catch up');
        resync();
      }
    } catch (err) {
      if (closed) return;
      if (!lost) log.warn({ err: (err as Error).message }, 'hint listener could not connect; retrying');
      lost = true;
      if (client === c) client = null;
      void c.end().catch(() => undefined);
      schedule();
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, 1000);
  };
  void connect();
  return {
    ready,
    async close() {
      closed = true;
      listening!();
      if (retry) clearTimeout(retry);
      await Promise.race([client?.end().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}

/** How long a hint may wait for others to share its notification. */
const HINT_BATCH_MS = 20;

/**
 * Hints committed on this process, sent in batches: the first hint of a batch starts a short timer;
 * while one batch is being sent the next one gathers. Each batch is one `pg_notify` per payload
 * (encodeHints packs a batch into as few as fit).
 */
function hintOutbox(pool: pg.Pool, log: Logger) {
  let queue: Array<{ room: Room; hint: Hint }> = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> | null = null;
  const send = async () => {
    timer = null;
    const batch = queue;
    queue = [];
    for (const payload of encodeHints(batch)) {
      await pool.query('select pg_notify($1, $2)', [HINT_CHANNEL, payload]).catch((err) => {
        // lost with the database: the listeners' resync makes clients catch up when it is back
        if (isDatabaseUnavailable(err)) log.warn({ err: (err as Error).message }, 'could not publish hints: database unavailable');
        else log.error({ err }, 'could not publish hints');
      });
    }
  };
  const schedule = () => {
    if (timer || sending || !queue.length) return;
    timer = setTimeout(() => {
      sending = send().finally(() => {
        sending = null;
        schedule();
      });
    }, HINT_BATCH_MS);
  };
  return {
    add(messages: ReadonlyArray<{ room: Room; hint: Hint }>) {
      if (!messages.length) return;
      queue.push(...messages);
      schedule();
    },
    /** Sends what is queued now (at shutdown). */
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      await sending;
      await send();
    },
  };
}
