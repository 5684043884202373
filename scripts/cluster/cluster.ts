/**
 * A whole Patravali installation on one machine, as it runs on several (README, "Running on several
 * machines"): PostgreSQL from the system's packages as the external database (its own data folder and
 * port, an owner role and the application's least-privilege role), the S3-protocol server as a process
 * of its own, two API nodes and two workers (`node --import tsx backend/src/main.ts api|worker`, the
 * production entry point and NODE_ENV=production), and nginx in front as the load balancer. Only the
 * addresses differ from production. Everything lives in one temporary folder and is stopped (and the
 * folder removed) by stop(). Used by `npm run cluster` (scripts/cluster/main.ts) and by
 * tests/integration/cluster.test.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, chmod, chown, constants, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { isAlive } from '../../tests/support/process.js';

/** Where Debian's PostgreSQL server binaries are (postgresql-15; newer majors work as well). */
const PG_BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];
const NGINX_BIN = '/usr/sbin/nginx';

export interface ClusterOptions {
  /** Parent of the cluster's temporary folder (default: the system's temp folder; must be enterable by user postgres). */
  parentDir?: string;
  /** Extra settings for every application node (e.g. shorter job timeouts in a test). */
  env?: Record<string, string>;
  /** Extra settings for the workers only. */
  workerEnv?: Record<string, string>;
  /** Keep the folder (data and logs) after stop(). */
  keep?: boolean;
  /** Progress lines ("PostgreSQL is up on …"); default: none. */
  say?: (line: string) => void;
}

/** One process the cluster started; its output goes to `logs/<name>.log` (and the last 64 KiB are kept in memory). */
export interface Service {
  readonly name: string;
  /** The port it serves (S3, PostgreSQL, nginx, an API node) or null (a worker). */
  readonly port: number | null;
  readonly logFile: string;
  child: ChildProcess | null;
  /** The latest output (up to 64 KiB). */
  tail(): string;
  running(): boolean;
  /** Starts it again (after kill/stop) with the same command, settings and port; resolves when it is ready. */
  start(): Promise<void>;
  /** Sends a signal and waits until it has exited (SIGKILL for a crash; default its orderly stop). */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<void>;
  /** Resolves when the output (since the last start) matches. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
}

export interface Cluster {
  /** The load balancer: what users open. */
  url: string;
  dir: string;
  postgres: Service & { ownerUrl: string; appUrl: string; superuserUrl: string };
  s3: Service & { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  apis: Array<Service & { url: string }>;
  /** metricsUrl: the worker's own /metrics (METRICS_PORT, its only HTTP port). */
  workers: Array<Service & { metricsUrl: string }>;
  nginx: Service & { configFile: string };
  /** Bearer token of every node's /metrics (kept off the load balancer). */
  metricsToken: string;
  /** Stops everything it started, in order (load balancer, nodes, storage, database), and removes the folder unless `keep`. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on now, on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The uid/gid PostgreSQL must run as when we are root (it refuses to run as root). */
async function postgresIds(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root, but user "postgres" (made by the postgresql package) is missing');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

async function pgBinDir(): Promise<string> {
  for (const dir of PG_BIN_DIRS) {
    try {
      await access(path.join(dir, 'postgres'), constants.X_OK);
      return dir;
    } catch {
      // next
    }
  }
  throw new Error(`no PostgreSQL server binaries in ${PG_BIN_DIRS.join(', ')}: apt-get install postgresql`);
}

interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  port: number | null;
  ids?: { uid: number; gid: number } | null;
  /** When it is ready to serve (checked on output, and/or by a probe). */
  ready: { output?: RegExp; probe?: () => Promise<boolean> };
  /** Its orderly stop. */
  stopSignal: NodeJS.Signals;
}

function createService(spec: ServiceSpec, logDir: string): Service {
  const logFile = path.join(logDir, `${spec.name}.log`);
  let log: WriteStream | null = null;
  let out = '';
  let exited: Promise<void> = Promise.resolve();
  let spawnFailed = false;
  const service: Service = {
    name: spec.name,
    port: spec.port,
    logFile,
    child: null,
    tail: () => out,
    running: () => !!service.child && !spawnFailed && service.child.exitCode === null && service.child.signalCode === null,
    async start() {
      if (service.running()) throw new Error(`${spec.name} is already running`);
      out = '';
      log ??= createWriteStream(logFile, { flags: 'a' });
      // its own process group: a Ctrl-C in the terminal reaches only the launcher, which stops everything in order
      const child = spawn(spec.command, spec.args, {
        cwd: ROOT_DIR,
        env: spec.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
        ...(spec.ids ?? {}),
      });
      service.child = child;
      const onData = (d: Buffer) => {
        log?.write(d);
        out = (out + d.toString('utf8')).slice(-65_536);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      spawnFailed = false;
      child.once('error', (err) => {
        spawnFailed = true;
        onData(Buffer.from(`\n[cluster] could not start ${spec.command}: ${err.message}\n`));
      });
      const deadline = Date.now() + 120_000;
      for (;;) {
        if (!service.running())
          throw new Error(
            `${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready; its output:\n${out.slice(-4000)}`,
          );
        const outputOk = !spec.ready.output || spec.ready.output.test(out);
        if (outputOk && (!spec.ready.probe || (await spec.ready.probe().catch(() => false)))) return;
        if (Date.now() > deadline) throw new Error(`${spec.name} was not ready within 120 s; its output:\n${out.slice(-4000)}`);
        await sleep(100);
      }
    },
    async stop(signal = spec.stopSignal, ms = 25_000) {
      const child = service.child;
      if (!child || !service.running()) return;
      child.kill(signal);
      const done = await Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
      if (!done && child.pid && isAlive(child.pid)) {
        child.kill('SIGKILL');
        await exited;
      }
    },
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > deadline) throw new Error(`${spec.name}: timed out waiting for ${pattern}; output:\n${out.slice(-4000)}`);
        await sleep(100);
      }
    },
  };
  return service;
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer();
  return res.ok;
}

/** The load balancer's configuration: README, "A cluster on one machine (`npm run cluster`)". */
export function nginxConfig(opts: { dir: string; port: number; apiPorts: number[] }): string {
  const d = (p: string) => path.join(opts.dir, p);
  // set again in every location that sets headers of its own (nginx inherits proxy_set_header only when a level sets none)
  const proxyHeaders = [
    'proxy_set_header Host $http_host;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_set_header X-Forwarded-Host $http_host;',
    'proxy_set_header X-Request-Id $patravali_request_id;',
  ];
  return `# Written by scripts/cluster/cluster.ts. Open-source nginx has no active health checks: a node that
# fails (refused or reset connection, timeout, 502/503) is taken out for fail_timeout, then tried again
# with one request; readiness (/api/health) and liveness (/api/health/live) are for the orchestrator.
worker_processes 1;
pid ${d('nginx/nginx.pid')};
error_log ${d('logs/nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  access_log ${d('logs/nginx-access.log')};
  client_body_temp_path ${d('nginx/body')};
  proxy_temp_path ${d('nginx/proxy')};
  fastcgi_temp_path ${d('nginx/fastcgi')};
  uwsgi_temp_path ${d('nginx/uwsgi')};
  scgi_temp_path ${d('nginx/scgi')};
  client_max_body_size 512m;
  # the client's own X-Request-Id, else nginx's
  map $http_x_request_id $patravali_request_id { default $http_x_request_id; '' $request_id; }
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream patravali_api {
${opts.apiPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${opts.port};
    proxy_http_version 1.1;
    proxy_connect_timeout 2s;
    proxy_read_timeout 120s;
    # a request no node answered goes to the other node; a POST/PUT/PATCH/DELETE only when it never reached the first.
    # Not http_503: the nodes answer 503 when the database or storage (shared by all) is away, so the other node
    # would say the same, and nginx would count it as the node failing: with both marked down users would get
    # nginx's "no live upstreams" 502 instead of the application's clear, bilingual 503.
    proxy_next_upstream error timeout http_502;
    proxy_next_upstream_tries 2;
    location = /metrics { return 404; }
    location /socket.io/ {
      proxy_pass http://patravali_api;
      ${proxyHeaders.join('\n      ')}
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 1h;
    }
    location / {
      proxy_pass http://patravali_api;
      ${proxyHeaders.join('\n      ')}
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Starts the cluster; on any failure stops what it had started and throws. */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const say = opts.say ?? (() => undefined);
  const parent = opts.parentDir ?? os.tmpdir();
  const dir = await mkdtemp(path.join(parent, 'patravali-cluster-'));
  await chmod(dir, 0o755); // PostgreSQL's own user must enter it
  const logDir = path.join(dir, 'logs');
  await Promise.all(['logs', 'pg', 'nginx', 'data', 's3'].map((p) => mkdir(path.join(dir, p), { recursive: true })));
  const started: Service[] = [];
  let nginxRef: Service | null = null;
  // last resort when this process exits without stop() (a crash): no orphans holding ports
  const killAll = () => {
    for (const s of started) if (s.running()) s.child!.kill('SIGKILL');
  };
  process.once('exit', killAll);
  const stopAll = async () => {
    process.removeListener('exit', killAll);
    if (nginxRef) await nginxRef.stop();
    const nodes = started.filter((s) => s.name.startsWith('api') || s.name.startsWith('worker'));
    await Promise.all(nodes.map((s) => s.stop()));
    for (const s of started.filter((x) => !nodes.includes(x) && x !== nginxRef).reverse()) await s.stop();
    if (!opts.keep) await rm(dir, { recursive: true, force: true });
  };
  const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' };
  try {
    // ---- PostgreSQL (Debian's package), its own cluster in dir/pg ----
    const bin = await pgBinDir();
    await access(NGINX_BIN, constants.X_OK).catch(() => {
      throw new Error(`no ${NGINX_BIN}: apt-get install nginx (the system service may stay off)`);
    });
    const ids = await postgresIds();
    const pgData = path.join(dir, 'pg', 'data');
    const pgRun = path.join(dir, 'pg', 'run');
    await mkdir(pgData, { recursive: true, mode: 0o700 });
    await mkdir(pgRun, { recursive: true });
    const superPassword = randomBytes(18).toString('base64url');
    const ownerPassword = randomBytes(18).toString('base64url');
    const appPassword = randomBytes(18).toString('base64url');
    const pwFile = path.join(dir, 'pg', 'superuser-password');
    await writeFile(pwFile, superPassword, { mode: 0o600 });
    if (ids) for (const p of [pgData, pgRun, pwFile]) await chown(p, ids.uid, ids.gid);
    await new Promise<void>((resolve, reject) => {
      const initdb = spawn(
        path.join(bin, 'initdb'),
        ['-D', pgData, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'],
        { env: { ...baseEnv, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) },
      );
      let text = '';
      initdb.stdout.on('data', (d) => (text += d));
      initdb.stderr.on('data', (d) => (text += d));
      initdb.once('error', reject);
      initdb.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (${code}):\n${text}`))));
    });
    await rm(pwFile);
    const pgPort = await freePort();
    const superuserUrl = `postgres://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${pgPort}/postgres`;
    const postgres = createService(
      {
        name: 'postgres',
        command: path.join(bin, 'postgres'),
        // the settings README asks of an external server ("Running on several machines", 1.)
        args: [
          '-D',
          pgData,
          '-p',
          String(pgPort),
          '-k',
          pgRun,
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'max_connections=200',
          '-c',
          'max_wal_size=4GB',
          '-c',
          'checkpoint_timeout=15min',
        ],
        env: { ...baseEnv, LC_MESSAGES: 'C' },
        ids,
        port: pgPort,
        ready: { output: /database system is ready to accept connections/ },
        stopSignal: 'SIGINT', // fast shutdown
      },
      logDir,
    );
    started.push(postgres);
    await postgres.start();
    // the roles of README "Database roles": an owner (not a superuser) that owns the database and may
    // create the application's role; the application's role with a login; the grants come from the migrations
    const admin = new pg.Client({ connectionString: superuserUrl });
    await admin.connect();
    try {
      await admin.query(`create role patravali_owner login createrole password ${admin.escapeLiteral(ownerPassword)}`);
      await admin.query(`create role patravali_app login nosuperuser nocreatedb nocreaterole password ${admin.escapeLiteral(appPassword)}`);
      await admin.query('create database patravali owner patravali_owner');
    } finally {
      await admin.end();
    }
    const ownerUrl = `postgres://patravali_owner:${encodeURIComponent(ownerPassword)}@127.0.0.1:${pgPort}/patravali`;
    const appUrl = `postgres://patravali_app:${encodeURIComponent(appPassword)}@127.0.0.1:${pgPort}/patravali`;
    say(`PostgreSQL ${path.basename(path.dirname(bin))} is up on 127.0.0.1:${pgPort} (data ${pgData})`);

    // ---- the S3-protocol server, a process of its own ----
    const s3Port = await freePort();
    const bucket = 'patravali';
    const s3 = createService(
      {
        name: 's3',
        command: process.execPath,
        args: ['--import', 'tsx', 'scripts/cluster/s3-server.ts'],
        env: { ...baseEnv, S3_DIR: path.join(dir, 's3'), S3_PORT: String(s3Port), S3_BUCKET: bucket },
        port: s3Port,
        ready: { output: /"ready":true/ },
        stopSignal: 'SIGTERM',
      },
      logDir,
    );
    started.push(s3);
    await s3.start();
    const s3Info = JSON.parse(
      s3
        .tail()
        .split('\n')
        .find((l) => l.includes('"ready":true'))!,
    ) as {
      endpoint: string;
      accessKey: string;
      secretKey: string;
    };
    say(`S3 storage is up at ${s3Info.endpoint}`);

    // ---- the application nodes ----
    const [lbPort, api1Port, api2Port, w1Metrics, w2Metrics] = (await Promise.all(Array.from({ length: 5 }, () => freePort()))) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const url = `http://127.0.0.1:${lbPort}`;
    const metricsToken = randomBytes(18).toString('base64url');
    const nodeEnv: Record<string, string> = {
      ...baseEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: ownerUrl,
      S3_ENDPOINT: s3Info.endpoint,
      S3_ACCESS_KEY: s3Info.accessKey,
      S3_SECRET_KEY: s3Info.secretKey,
      S3_BUCKET: bucket,
      PUBLIC_URL: url,
      TRUST_PROXY: 'true',
      METRICS_TOKEN: metricsToken,
      // the demo district, so there is someone to log in as (production: DEMO_SEED=false)
      DEMO_SEED: 'true',
      DEMO_PASSWORD: 'patravali-demo',
      ...opts.env,
    };
    const node = (name: string, role: 'api' | 'worker', port: number, env: Record<string, string>) =>
      createService(
        {
          name,
          command: process.execPath,
          args: ['--import', 'tsx', 'backend/src/main.ts', role],
          env: { ...nodeEnv, ...env },
          port: role === 'api' ? port : null,
          ready:
            role === 'api'
              ? { output: /is running — role: api/, probe: () => httpOk(`http://127.0.0.1:${port}/api/health/live`) }
              : { output: /is running — role: worker/ },
          stopSignal: 'SIGTERM',
        },
        logDir,
      );
    const apis = [api1Port, api2Port].map((port, i) =>
      Object.assign(node(`api${i + 1}`, 'api', port, { HOST: '127.0.0.1', PORT: String(port) }), { url: `http://127.0.0.1:${port}` }),
    );
    const workers = [w1Metrics, w2Metrics]
      .map((port, i) =>
        node(`worker${i + 1}`, 'worker', port, {
          // a worker's only HTTP port: its metrics
          METRICS_HOST: '127.0.0.1',
          METRICS_PORT: String(port),
          OCR_WORKERS: '1',
          ...opts.workerEnv,
        }),
      )
      .map((w, i) => Object.assign(w, { metricsUrl: `http://127.0.0.1:${[w1Metrics, w2Metrics][i]}/metrics` }));
    // the first node applies the migrations and seeds; the others then start at once, except that the
    // workers make the demo document signer (a SoftHSM token in the shared DATA_DIR) one after the other
    started.push(apis[0]!);
    await apis[0]!.start();
    say(`api1 is up at ${apis[0]!.url} (migrations applied)`);
    started.push(apis[1]!, workers[0]!);
    await Promise.all([apis[1]!.start(), workers[0]!.start()]);
    await workers[0]!.waitFor(/office document signer/, 60_000).catch(() => undefined);
    started.push(workers[1]!);
    await workers[1]!.start();
    say(`api2 is up at ${apis[1]!.url}; worker1 and worker2 work jobs (metrics on ports ${w1Metrics}, ${w2Metrics})`);

    // ---- nginx (Debian's package) in front ----
    const configFile = path.join(dir, 'nginx', 'nginx.conf');
    await writeFile(configFile, nginxConfig({ dir, port: lbPort, apiPorts: [api1Port, api2Port] }));
    const nginx = createService(
      {
        name: 'nginx',
        command: NGINX_BIN,
        args: ['-c', configFile, '-p', path.join(dir, 'nginx'), '-e', path.join(logDir, 'nginx-error.log'), '-g', 'daemon off;'],
        env: baseEnv,
        port: lbPort,
        ready: { probe: () => httpOk(`${url}/api/health`) },
        stopSignal: 'SIGQUIT', // graceful: finishes the requests it has
      },
      logDir,
    );
    started.push(nginx);
    nginxRef = nginx;
    await nginx.start();
    say(`nginx balances ${url} over api1 and api2 (config ${configFile})`);

    return {
      url,
      dir,
      postgres: Object.assign(postgres, { ownerUrl, appUrl, superuserUrl }),
      s3: Object.assign(s3, { ...s3Info, bucket }),
      apis,
      workers,
      nginx: Object.assign(nginx, { configFile }),
      metricsToken,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}
