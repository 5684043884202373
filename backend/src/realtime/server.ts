import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { parse as parseCookie } from 'cookie';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Publisher } from '../shared/scope.js';
import type { Logger } from '../shared/logger.js';
import { resolveSession, SESSION_COOKIE } from '../modules/auth/sessions.js';
import { rooms, type ClientToServerEvents, type Room, type ServerToClientEvents } from './hints.js';

export interface Realtime extends Publisher {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  close(): Promise<void>;
}

/**
 * Socket.IO with the PostgreSQL adapter, so every API (and worker) process reaches every socket.
 * The session cookie is checked at handshake; a socket joins the rooms of its session, user,
 * acting post and that post's office.
 */
export function createRealtime(opts: {
  httpServer: http.Server | null;
  databaseUrl: string;
  orm: MikroORM;
  log: Logger;
  ttlHours: number;
  allowedOrigins: string[] | null;
}): Realtime {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>({
    serveClient: false,
    cors: opts.allowedOrigins ? { origin: opts.allowedOrigins, credentials: true } : undefined,
    // the adapter keeps its own listener connection; heartbeat tuned for quick failover
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
  });
  // Its own small pool: the adapter keeps one client for LISTEN and publishes through the others.
  const adapterPool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4, application_name: 'patravali-realtime' });
  adapterPool.on('error', (err) => opts.log.error({ err }, 'realtime pool error'));
  io.adapter(createAdapter(adapterPool, { tableName: 'socket_io_attachments', heartbeatInterval: 5000, heartbeatTimeout: 15000, errorHandler: (err) => opts.log.error({ err }, 'realtime adapter error') }));

  io.use(async (socket: Socket, next) => {
    try {
      const cookies = parseCookie(socket.handshake.headers.cookie ?? '');
      const em = opts.orm.em.fork();
      const resolved = await resolveSession(em, cookies[SESSION_COOKIE], { ip: socket.handshake.address, fallbackLocale: 'hi', ttlHours: opts.ttlHours });
      if (!resolved) return next(new Error('UNAUTHENTICATED'));
      socket.data.actor = resolved.actor;
      next();
    } catch (err) {
      opts.log.error({ err }, 'socket handshake failed');
      next(new Error('INTERNAL'));
    }
  });

  io.on('connection', (socket) => {
    const actor = socket.data.actor as { sessionId: string; userId: string; postId: string | null; officeId: string | null };
    const join: Room[] = [rooms.session(actor.sessionId), rooms.user(actor.userId), rooms.org];
    if (actor.postId) join.push(rooms.post(actor.postId));
    if (actor.officeId) join.push(rooms.office(actor.officeId));
    void socket.join(join);
  });

  if (opts.httpServer) io.attach(opts.httpServer);

  return {
    io,
    publish(messages) {
      for (const { room, hint } of messages) io.to(room).emit('hint', hint);
    },
    async moveSession(sessionId, leave, join) {
      const target = io.in(rooms.session(sessionId));
      if (leave.length) target.socketsLeave(leave);
      if (join.length) target.socketsJoin(join);
    },
    async close() {
      if (opts.httpServer) await new Promise<void>((resolve) => io.close(() => resolve()));
      else await (io.of('/').adapter as unknown as { close(): Promise<void> | void }).close();
      // @socket.io/postgres-adapter 0.5.0 leaks its LISTEN client when closed while it is still
      // connecting (a stop right after start); don't let that hold the process open.
      await Promise.race([adapterPool.end(), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}
