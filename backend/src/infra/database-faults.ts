import pg from 'pg';
import type { Logger } from '../shared/logger.js';

/**
 * How the system lives through a PostgreSQL that is down, restarting or frozen.
 *
 * - Every connection (the ORM's, the plain pool's, the job queue's, the realtime adapter's) gets the
 *   same bounds: connecting, waiting for an answer (client side: a frozen server enforces nothing)
 *   and a statement's own run time (server side) — `connectionBounds`.
 * - A query that got no answer in time leaves its connection in an unknown state (the server may yet
 *   run what it received). `installQueryTimeoutGuard` destroys such a connection at once, so the
 *   server rolls back whatever that connection had open instead of the pool handing it to the next
 *   request mid-transaction (where the next COMMIT would commit the abandoned write too).
 * - `isDatabaseUnavailable` tells a dependency failure (answered 503) from a bug (500).
 * - `guardPool` gives every pooled client an error listener: a server that goes away emits `error`
 *   on checked-out clients too, and an unheard `error` event ends the process.
 */

/** Connection settings that bound every wait on the database; all pools and clients use them. */
export function connectionBounds(timeoutMs: number) {
  return {
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    // a transaction left open by a client that vanished must not hold its locks for long
    idle_in_transaction_session_timeout: Math.max(60_000, timeoutMs * 6),
    keepAlive: true,
  };
}

/** Marks an error raised while a COMMIT was on its way: the change may or may not have been saved. */
export const COMMIT_IN_DOUBT = Symbol('commitInDoubt');

const QUERY_TIMEOUT = 'Query read timeout';
let guardInstalled = false;

/**
 * Wraps pg's Client#query once per process: when a query times out on the client side, the
 * connection's socket is destroyed (so it is never reused) and the error says whether it carried a
 * COMMIT (then the outcome is unknown, not failed).
 */
export function installQueryTimeoutGuard(): void {
  if (guardInstalled) return;
  guardInstalled = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function guardedQuery(this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
    const onError = (err: unknown) => {
      if (!(err instanceof Error) || err.message !== QUERY_TIMEOUT) return;
      if (/\bcommit\s*;?\s*$/i.test(text)) (err as Error & { [COMMIT_IN_DOUBT]?: boolean })[COMMIT_IN_DOUBT] = true;
      const self = this as unknown as { connection?: { stream?: { destroy(): void } }; __knex__disposed?: unknown };
      self.__knex__disposed = err; // knex's pool drops it on the next acquire
      self.connection?.stream?.destroy();
    };
    // callback style: query(text, cb), query(text, values, cb), query(config, cb), query({ callback })
    const cbIndex = args.findIndex((a) => typeof a === 'function');
    if (cbIndex >= 0) {
      const cb = args[cbIndex] as (err: unknown, res?: unknown) => void;
      args[cbIndex] = (err: unknown, res?: unknown) => {
        if (err) onError(err);
        cb(err, res);
      };
      return original.apply(this, args);
    }
    const config = args[0] as { callback?: (err: unknown, res?: unknown) => void; submit?: unknown } | undefined;
    if (config && typeof config === 'object' && typeof config.callback === 'function') {
      const cb = config.callback;
      config.callback = (err: unknown, res?: unknown) => {
        if (err) onError(err);
        cb(err, res);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).catch((err: unknown) => {
        onError(err);
        throw err;
      });
    }
    return result;
  };
}

// SQLSTATE classes and codes that mean "the database is not there right now", not "your query is wrong".
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENOENT',
]);
const UNAVAILABLE_MESSAGES = [
  QUERY_TIMEOUT,
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Timeout acquiring a connection',
  'is not queryable',
  'Client was closed',
  'Connection ended unexpectedly',
  'the database system is starting up',
  'the database system is shutting down',
  'terminating connection due to',
  'canceling statement due to statement timeout',
  'connect ECONNREFUSED',
  'Unable to acquire a connection',
];

/** Whether an error (from pg, knex or MikroORM, possibly wrapped) means the database is unreachable or did not answer in time. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e.name === 'StorageUnavailableError') return false; // the object store's, not ours
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNO.has(code))) {
      // ENOENT only as a connection error (a Unix socket that is gone), not any missing file
      if (code !== 'ENOENT' || e.syscall === 'connect') return true;
    }
    if (e.name === 'ConnectionException' || e.name === 'KnexTimeoutError') return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNAVAILABLE_MESSAGES.some((m) => message.includes(m))) return true;
    e = (e.cause ?? e.previous ?? e.originalError) as Record<string, unknown> | undefined;
  }
  return false;
}

/** Whether the failed query carried a COMMIT that got no answer: the change may have been saved. */
export function isCommitInDoubt(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { [COMMIT_IN_DOUBT]?: boolean })[COMMIT_IN_DOUBT]);
}

/**
 * Every client of `pool` gets an error listener for its whole life (pg's pool listens only while a
 * client is idle; a client checked out for LISTEN or a transaction would otherwise crash the process
 * when the server goes away). Errors are logged once per burst, not once per client.
 */
export function guardPool(pool: pg.Pool, log: Logger, name: string): pg.Pool {
  let lastLogged = 0;
  const report = (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < 5000) return;
    lastLogged = now;
    if (isDatabaseUnavailable(err)) log.warn({ err: err.message, pool: name }, 'database connection lost; will reconnect');
    else log.error({ err, pool: name }, 'database connection error');
  };
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}
