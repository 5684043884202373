/**
 * What the benchmarks share: percentiles, the results table, a free port, and SQL capture — what
 * the ORM sends to PostgreSQL, recorded while a use case runs in the benchmark's own process, so
 * that the same statements can be replayed straight through `pg` as the floor.
 */
import http from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';

export const log = (line = '') => console.log(line);

/** A non-negative number from the environment, or the fallback when unset. */
export const envNum = (name: string, fallback: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got "${v}"`);
  return n;
};

/** The seeded data's sizes, shared by the benchmarks that seed (and reuse) the same data set. */
export const seedSizes = () => ({
  items: Math.floor(envNum('BENCH_ITEMS', 1_000_000)),
  movements: Math.floor(envNum('BENCH_MOVEMENTS', 5_000_000)),
  receiptShare: envNum('BENCH_RECEIPT_SHARE', 0.6),
  live: envNum('BENCH_LIVE', 0.2),
  skew: envNum('BENCH_SKEW', 1),
});
export const fmtMs = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '-' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export function table(rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? '').length)));
  for (const [i, r] of rows.entries()) {
    log(r.map((v, c) => (c === 0 ? String(v).padEnd(widths[c]!) : String(v).padStart(widths[c]!))).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Stmt {
  text: string;
  values: unknown[];
}

let capturing: Stmt[] | null = null;
/** SQL capture: `start()`, run the use case, read `list`, `stop()`. */
export const sql = {
  start(): void {
    capturing = [];
  },
  get list(): Stmt[] {
    return capturing ?? [];
  },
  stop(): Stmt[] {
    const out = capturing ?? [];
    capturing = null;
    return out;
  },
};

/** Hooks both copies of `pg` in the tree (ours and MikroORM's) once. */
export function installCapture() {
  const req = createRequire(import.meta.url);
  const mods = new Set<any>([req('pg'), createRequire(req.resolve('@mikro-orm/postgresql'))('pg')]);
  for (const m of mods) {
    const proto = m.Client.prototype;
    if (proto.__benchCapture) continue;
    const orig = proto.query;
    proto.query = function (this: unknown, ...args: any[]) {
      if (capturing) {
        const a = args[0];
        if (typeof a === 'string') capturing.push({ text: a, values: Array.isArray(args[1]) ? args[1] : [] });
        else if (a && typeof a.text === 'string') capturing.push({ text: a.text, values: a.values ?? [] });
      }
      return orig.apply(this, args);
    };
    proto.__benchCapture = true;
  }
}
export const isRead = (s: Stmt) => /^\s*(select|with)\b/i.test(s.text);
export const oneLine = (text: string, max = 150) => {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** One browser-like session (cookies, CSRF) over one keep-alive connection. */
export class BenchClient {
  private agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  /** Cookies and CSRF token: set directly for a session made another way (an applicant's, inserted as sign-in makes it). */
  cookies = new Map<string, string>();
  csrf = '';
  /** Sent with every request (e.g. X-Forwarded-For: a client address of its own behind a trusted proxy). */
  headers: Record<string, string> = {};

  constructor(
    private base: URL,
    readonly username = '',
    readonly lang: 'hi' | 'en' = 'en',
  ) {}

  get sessionToken(): string | undefined {
    return this.cookies.get('pv_session');
  }

  request(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: any; ms: number }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: Record<string, string | number> = { ...this.headers, 'accept-language': this.lang, accept: 'application/json' };
      if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': payload.length });
      if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
      const t0 = performance.now();
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path: urlPath, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - t0;
            // login and logout answer with the new CSRF token (it is bound to the session)
            const rotated = res.headers['x-csrf-token'];
            if (typeof rotated === 'string') this.csrf = rotated;
            for (const line of res.headers['set-cookie'] ?? []) {
              const pair = line.split(';')[0]!;
              const eq = pair.indexOf('=');
              const name = pair.slice(0, eq).trim();
              const value = pair.slice(eq + 1).trim();
              if (!value || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async login(password: string): Promise<any> {
    const c = await this.request('GET', '/api/auth/csrf');
    this.csrf = c.body.token;
    const r = await this.request('POST', '/api/auth/login', { username: this.username, password });
    if (r.status !== 200) throw new Error(`login ${this.username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  close() {
    this.agent.destroy();
  }
}

/**
 * A benchmark's folder — BENCH_DIR kept and reused (a seed takes long), else a temporary one removed at
 * the end — with its data directory, seed marker and the file of indexes dropped for a load; `closers`
 * run last-first by `cleanup`, also on Ctrl-C.
 */
export async function benchWorkspace(name: string, dir: string | null) {
  const tmpBase = path.join(ROOT_DIR, 'tests', '.tmp');
  await mkdir(tmpBase, { recursive: true });
  await chmod(tmpBase, 0o755);
  const benchDir = dir ?? (await mkdtemp(path.join(tmpBase, `bench-${name}-`)));
  await mkdir(benchDir, { recursive: true });
  await chmod(benchDir, 0o755);
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const cleanup = async () => {
    for (const c of closers.splice(0).reverse())
      await Promise.resolve()
        .then(c)
        .catch(() => undefined);
    if (!dir) await rm(benchDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  return {
    benchDir,
    dataDir: path.join(benchDir, 'data'),
    marker: path.join(benchDir, 'seeded.json'),
    indexFile: path.join(benchDir, 'dropped-indexes.json'),
    closers,
    cleanup,
  };
}

/**
 * Boots Patravali as `npm start` does — its own process in production mode, embedded PostgreSQL and S3
 * in `dataDir`, migrations, the demo district — with `env` added; answers its address and the
 * application role's database URL.
 */
export async function bootBenchServer(dataDir: string, env: Record<string, string>, timeoutMs = 300_000) {
  const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const started = performance.now();
  const server: NodeProcess = spawnPatravali({
    NODE_ENV: 'production',
    ROLE: 'both',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_S3_PORT: String(s3Port),
    DEMO_SEED: 'true',
    LOG_LEVEL: 'warn',
    ...env,
  });
  try {
    await server.waitFor(/is running/, timeoutMs);
  } catch (err) {
    await server.stop('SIGINT').catch(() => undefined);
    throw new Error(`${(err as Error).message}; the server's last output:\n${server.output().slice(-4000)}`);
  }
  const baseUrl = /Open (http:\/\/\S+)/.exec(server.output())?.[1] ?? `http://127.0.0.1:${port}`;
  const { password } = JSON.parse(await readFile(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as { password: string };
  const dbUrl = `postgres://patravali:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/patravali`;
  return { server, baseUrl, dbUrl, port, pgPort, s3Port, seconds: (performance.now() - started) / 1000 };
}
