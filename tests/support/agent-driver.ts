import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../backend/src/config/env.js';

/**
 * Drives the real signing agent process the way the browser does (Origin header, pairing code
 * read from the agent's own console, bearer token, PIN session), for integration tests of the
 * whole signing flow: backend → agent → token (SoftHSM) → backend.
 */
export interface RunningAgent {
  url: string;
  origin: string;
  token: string | null;
  output(): string;
  call(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }>;
  pair(): Promise<void>;
  openSession(pin: string): Promise<void>;
  certificates(): Promise<Array<{ id: string; certificate: string; chain: string[]; serialNumber: string }>>;
  sign(
    certificateId: string,
    items: Array<{ title: string; digest: string }>,
  ): Promise<{ certificate: string; chain: string[]; signatures: Array<{ digest: string; signature: string }> }>;
  stop(): Promise<void>;
}

export async function startAgent(o: {
  origin: string;
  args: string[];
  env?: Record<string, string>;
  home?: string;
}): Promise<RunningAgent> {
  const home = o.home ?? (await mkdtemp(path.join(os.tmpdir(), 'agent-home-')));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'signing-agent/src/main.ts', '--port', '0', '--origin', o.origin, '--home', home, ...o.args],
    {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const wait = async (re: RegExp, ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const m = re.exec(out);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`agent exited: ${out}`);
      if (Date.now() > end) throw new Error(`agent: timed out waiting for ${re}: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const url = (await wait(/listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
  const agent: RunningAgent = {
    url,
    origin: o.origin,
    token: null,
    output: () => out,
    async call(method, p, body) {
      const res = await fetch(url + p, {
        method,
        headers: {
          origin: o.origin,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(agent.token ? { authorization: `Bearer ${agent.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async pair() {
      const codes = [...out.matchAll(/Pairing code: (\d{6})/g)];
      const code = codes.at(-1)?.[1] ?? (await wait(/Pairing code: (\d{6})/))[1];
      const r = await agent.call('POST', '/v1/pair', { code });
      if (r.status !== 200) throw new Error(`pairing failed: ${JSON.stringify(r.body)}`);
      agent.token = r.body.token;
    },
    async openSession(pin) {
      const r = await agent.call('POST', '/v1/session', { pin });
      if (r.status !== 200) throw new Error(`PIN refused: ${JSON.stringify(r.body)}`);
    },
    async certificates() {
      const r = await agent.call('GET', '/v1/certificates');
      if (r.status !== 200) throw new Error(`certificates: ${JSON.stringify(r.body)}`);
      return r.body.certificates;
    },
    async sign(certificateId, items) {
      const r = await agent.call('POST', '/v1/sign', { certificateId, items });
      if (r.status !== 200) throw new Error(`sign: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
  return agent;
}
