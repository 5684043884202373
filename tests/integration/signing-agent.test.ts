/**
 * The local DSC signing agent as the browser meets it: a real agent process, real HTTP on
 * 127.0.0.1, a real PKCS#11 token (SoftHSM), a real .pfx, the demo PKI; signatures checked with
 * node:crypto and certificates/CRLs with openssl.
 */
import crypto from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCa, createCrl, issueCertificate, toPfx, type Issued } from '../support/pki.js';
import { ensureDemoPki } from '../support/pki.js';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm.js';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ORIGIN = 'https://eoffice.district.test';
const PIN = '246810';
const DAY = 86_400_000;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(inject('tmpRoot'), 'signing-agent-'));
});

// ---------------------------------------------------------------- helpers

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One HTTP request with exactly the headers given (fetch would add or hide some). */
function request(
  port: number,
  method: string,
  urlPath: string,
  o: { origin?: string | null; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  const headers: Record<string, string> = { ...o.headers };
  if (o.origin !== null) headers.origin = o.origin ?? ORIGIN;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface AgentProcess {
  port: number;
  home: string;
  child: ChildProcess;
  output(): string;
  /** Every pairing code printed so far, oldest first. */
  codes(): string[];
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  stop(): Promise<void>;
  call(method: string, urlPath: string, o?: Parameters<typeof request>[3]): Promise<Reply>;
}

const running = new Set<AgentProcess>();
afterAll(async () => {
  await Promise.all([...running].map((a) => a.stop()));
});

/** Starts `node --import tsx signing-agent/src/main.ts` as `npm run agent` does, on a free port. */
async function startAgent(env: Record<string, string>, home: string): Promise<AgentProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'signing-agent/src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      AGENT_PORT: '0',
      AGENT_ORIGINS: ORIGIN,
      AGENT_HOME: home,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waitFor = (pattern: RegExp, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        if (pattern.test(out)) {
          clearInterval(poll);
          resolve();
        } else if (child.exitCode !== null || Date.now() - started > ms) {
          clearInterval(poll);
          reject(
            new Error(`agent ${child.exitCode !== null ? `exited (${child.exitCode})` : 'timed out'} before ${pattern}; output:\n${out}`),
          );
        }
      }, 25);
    });
  await waitFor(/Pairing code: \d{6}/);
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)![1]);
  const agent: AgentProcess = {
    port,
    home,
    child,
    output: () => out,
    codes: () => [...out.matchAll(/Pairing code: (\d{6})/g)].map((m) => m[1]!),
    waitFor,
    async stop() {
      running.delete(agent);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await exited;
      }
    },
    call: (method, urlPath, o) => request(port, method, urlPath, o),
  };
  running.add(agent);
  return agent;
}

async function pair(agent: AgentProcess): Promise<string> {
  const printed = agent.codes().length;
  const res = await agent.call('POST', '/v1/pair', { body: { code: agent.codes().at(-1) } });
  expect(res.status).toBe(200);
  expect(res.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // the used code is replaced by a new one, printed (stdout may trail the HTTP answer)
  await agent.waitFor(new RegExp(`(Pairing code: \\d{6}[\\s\\S]*){${printed + 1}}`));
  return res.body.token as string;
}

function sha256(data: Buffer | string): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

function expectError(res: Reply, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.body.message.en).toEqual(expect.any(String));
  expect(res.body.message.hi).toMatch(/[\u0900-\u097F]/); // Devanagari
}

function publicKeyOf(certificateB64: string): crypto.KeyObject {
  return new crypto.X509Certificate(Buffer.from(certificateB64, 'base64')).publicKey;
}

// ---------------------------------------------------------------- pki.ts, checked by openssl

describe('test PKI (pki.ts) as openssl sees it', () => {
  let root: Issued;
  let sub: Issued;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmp, 'pki-'));
    root = createCa({ commonName: 'Patravali Test Root CA', organization: 'Patravali Tests' });
    sub = createCa({ commonName: 'Patravali Test Sub CA', parent: root });
    await writeFile(path.join(dir, 'root.pem'), root.certPem);
    await writeFile(path.join(dir, 'sub.pem'), sub.certPem);
  });

  it('issues Class 3 signing certificates (RSA and P-256) that chain to the root', async () => {
    const rsa = issueCertificate(sub, {
      commonName: 'रमेश कुमार',
      organization: 'Collectorate Lucknow',
      organizationalUnit: 'Revenue',
      state: 'Uttar Pradesh',
      email: 'ramesh@up.gov.in',
      crlUrl: 'http://crl.test/sub.crl',
    });
    const ec = issueCertificate(sub, { commonName: 'EC Officer', keyType: 'ec' });
    await writeFile(path.join(dir, 'rsa.pem'), rsa.certPem);
    await writeFile(path.join(dir, 'ec.pem'), ec.certPem);
    const verify = await run('openssl', [
      'verify',
      '-CAfile',
      path.join(dir, 'root.pem'),
      '-untrusted',
      path.join(dir, 'sub.pem'),
      path.join(dir, 'rsa.pem'),
      path.join(dir, 'ec.pem'),
    ]);
    expect(verify.stdout).toBe(`${path.join(dir, 'rsa.pem')}: OK\n${path.join(dir, 'ec.pem')}: OK\n`);

    const text = (
      await run('openssl', ['x509', '-in', path.join(dir, 'rsa.pem'), '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus_space'])
    ).stdout;
    expect(text).toContain('Subject: C=IN, ST=Uttar Pradesh, O=Collectorate Lucknow, OU=Revenue, CN=रमेश कुमार');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation\n/);
    expect(text).toContain('Policy: 2.16.356.100.2.3');
    expect(text).toContain('URI:http://crl.test/sub.crl');
    expect(text).toContain('email:ramesh@up.gov.in');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(rsa.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
    expect(new crypto.X509Certificate(ec.certDer).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    // an openssl-verified chain is not enough if the check cannot fail: a leaf of another CA must not pass
    const stranger = createCa({ commonName: 'Stranger CA' });
    await writeFile(path.join(dir, 'stranger.pem'), issueCertificate(stranger, { commonName: 'Impostor' }).certPem);
    await expect(
      run('openssl', [
        'verify',
        '-CAfile',
        path.join(dir, 'root.pem'),
        '-untrusted',
        path.join(dir, 'sub.pem'),
        path.join(dir, 'stranger.pem'),
      ]),
    ).rejects.toThrow();
  });

  it('writes CRLs that openssl verifies, listing the revoked serial', async () => {
    const revoked = issueCertificate(sub, { commonName: 'Revoked Officer' });
    const crlPath = path.join(dir, 'sub.crl');
    await writeFile(crlPath, createCrl(sub, [{ serialHex: revoked.serialHex, date: new Date(Date.now() - DAY) }]));
    const res = await run('openssl', ['crl', '-inform', 'DER', '-in', crlPath, '-CAfile', path.join(dir, 'sub.pem'), '-noout', '-text']);
    expect(res.stderr).toContain('verify OK');
    expect(res.stdout).toContain(`Serial Number: ${revoked.serialHex.toUpperCase()}`);
    expect(res.stdout).toMatch(/Issuer: C ?= ?IN, CN ?= ?Patravali Test Sub CA\n/);
    // signed by the sub CA, so the root's key must not verify it
    const wrong = await run('openssl', ['crl', '-inform', 'DER', '-in', crlPath, '-CAfile', path.join(dir, 'root.pem'), '-noout']).catch(
      (e: { stderr: string }) => e,
    );
    expect(wrong.stderr).not.toContain('verify OK');
  });

  it('writes .pfx files that openssl opens with the password', async () => {
    const leaf = issueCertificate(sub, { commonName: 'PFX Officer' });
    const pfxPath = path.join(dir, 'officer.pfx');
    await writeFile(pfxPath, toPfx(leaf, [sub, root], 'secret pw'));
    const res = await run('openssl', ['pkcs12', '-in', pfxPath, '-passin', 'pass:secret pw', '-nokeys']);
    expect(res.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    expect(res.stdout).toContain('friendlyName: PFX Officer');
    await expect(run('openssl', ['pkcs12', '-in', pfxPath, '-passin', 'pass:wrong', '-nokeys'])).rejects.toThrow();
  });

  it('makes one demo CA, reused, even when processes race to create it', async () => {
    const demoDir = path.join(dir, 'demo-race');
    const script =
      "import { ensureDemoPki } from '@patravali/signing-agent/demo-pki'; console.log(ensureDemoPki(process.env.DEMO_DIR).ca.serialHex);";
    const racers = await Promise.all(
      [1, 2, 3].map(() =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: ROOT,
          env: { ...process.env, DEMO_DIR: demoDir },
        }),
      ),
    );
    const serials = racers.map((r) => r.stdout.trim());
    expect(serials[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(serials).size).toBe(1);
    const again = ensureDemoPki(demoDir);
    expect(again.ca.serialHex).toBe(serials[0]);
    expect(again.caPath).toBe(path.join(demoDir, 'demo-ca.pem'));
    expect(new crypto.X509Certificate(again.ca.certPem).checkPrivateKey(crypto.createPrivateKey(again.ca.keyPem))).toBe(true);
  });
});

// ---------------------------------------------------------------- PKCS#11 token

describe('signing agent with a PKCS#11 token (SoftHSM)', () => {
  let root: Issued;
  let sub: Issued;
  let rsaLeaf: Issued;
  let ecLeaf: Issued;
  let expiredLeaf: Issued;
  let alwaysAuthLeaf: Issued;
  let token: SoftHsmToken;
  let agent: AgentProcess;
  let home: string;
  let bearer: string;

  beforeAll(async () => {
    root = createCa({ commonName: 'Patravali Test Root CA' });
    sub = createCa({ commonName: 'Patravali Test Sub CA', parent: root });
    rsaLeaf = issueCertificate(sub, { commonName: 'Anita Sharma', organization: 'Collectorate', email: 'anita@example.gov.in' });
    ecLeaf = issueCertificate(sub, { commonName: 'EC Officer', keyType: 'ec' });
    expiredLeaf = issueCertificate(sub, {
      commonName: 'Old Officer',
      notBefore: new Date(Date.now() - 800 * DAY),
      notAfter: new Date(Date.now() - 70 * DAY),
    });
    alwaysAuthLeaf = issueCertificate(sub, { commonName: 'Strict Key Officer', keyUsage: { nonRepudiation: true } });
    token = await createSoftHsmToken({
      label: 'Officer DSC',
      pin: PIN,
      soPin: '13579135',
      parentDir: tmp,
      entries: [
        { id: '01', leaf: rsaLeaf, chain: [sub, root] },
        { id: '0a02', leaf: ecLeaf, chain: [sub, root] },
        { id: '03', leaf: expiredLeaf, chain: [sub] },
        { id: '04', leaf: alwaysAuthLeaf, alwaysAuth: true },
      ],
    });
    home = await mkdtemp(path.join(tmp, 'home-'));
    agent = await startAgent(
      { ...token.env, AGENT_PKCS11_LIBRARY: token.library, AGENT_TOKEN_LABEL: 'Officer DSC', AGENT_IDLE_TIMEOUT_SECONDS: '600' },
      home,
    );
  });
  afterAll(async () => {
    await agent?.stop();
    await token?.cleanup();
  });

  it('prints where it listens and a pairing code, and reports its status to the allowed origin', async () => {
    expect(agent.output()).toMatch(/^Patravali signing agent listening on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(agent.output()).toMatch(/^Pairing code: \d{6}$/m);
    const res = await agent.call('GET', '/v1/status');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      agent: 'patravali-signing-agent',
      version: expect.any(String),
      store: 'pkcs11',
      demo: false,
      paired: false,
      session: { open: false, expiresAt: null },
    });
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['access-control-allow-headers']).toBe('content-type, authorization');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, DELETE, OPTIONS');
  });

  it('refuses foreign and missing origins, preflights included, with no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:3000', `${ORIGIN}.evil.example`, 'null', null]) {
      for (const [method, p] of [
        ['GET', '/v1/status'],
        ['POST', '/v1/pair'],
        ['OPTIONS', '/v1/sign'],
      ] as const) {
        const res = await agent.call(method, p, {
          origin,
          headers:
            method === 'OPTIONS' ? { 'access-control-request-method': 'POST', 'access-control-request-private-network': 'true' } : {},
        });
        expectError(res, 403, 'FOREIGN_ORIGIN');
        expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      }
    }
  });

  it('answers the private-network preflight for the allowed origin', async () => {
    const pna = await agent.call('OPTIONS', '/v1/sign', {
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
        'access-control-request-private-network': 'true',
      },
    });
    expect(pna.status).toBe(204);
    expect(pna.headers['access-control-allow-private-network']).toBe('true');
    expect(pna.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(pna.headers['access-control-allow-headers']).toBe('content-type, authorization');
    expect(pna.headers['access-control-allow-methods']).toBe('GET, POST, DELETE, OPTIONS');
    const plain = await agent.call('OPTIONS', '/v1/sign', { headers: { 'access-control-request-method': 'POST' } });
    expect(plain.status).toBe(204);
    expect(plain.headers['access-control-allow-private-network']).toBeUndefined();
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const res = await agent.call('GET', '/v1/status', { headers: { host: `evil.example:${agent.port}` } });
    expectError(res, 403, 'FOREIGN_HOST');
  });

  it('refuses unpaired clients', async () => {
    expectError(await agent.call('POST', '/v1/session', { body: { pin: PIN } }), 401, 'NOT_PAIRED');
    expectError(await agent.call('GET', '/v1/certificates'), 401, 'NOT_PAIRED');
    expectError(
      await agent.call('POST', '/v1/sign', {
        body: { certificateId: '01', items: [{ title: 'x', digest: sha256('x').toString('base64') }] },
      }),
      401,
      'NOT_PAIRED',
    );
    expectError(await agent.call('GET', '/v1/certificates', { token: crypto.randomBytes(32).toString('base64url') }), 401, 'NOT_PAIRED');
  });

  it('counts wrong pairing codes, replaces the code after 5, and pairs once with the right one', async () => {
    const first = agent.codes().at(-1)!;
    const wrong = first === '000000' ? '000001' : '000000';
    for (const left of [4, 3, 2, 1]) {
      const res = await agent.call('POST', '/v1/pair', { body: { code: wrong } });
      expectError(res, 401, 'BAD_PAIRING_CODE');
      expect(res.body.triesLeft).toBe(left);
    }
    const fifth = await agent.call('POST', '/v1/pair', { body: { code: wrong } });
    expectError(fifth, 401, 'BAD_PAIRING_CODE');
    expect(fifth.body.triesLeft).toBe(0);
    await agent.waitFor(/Pairing code: \d{6}[\s\S]*Pairing code: \d{6}/); // stdout may trail the HTTP answer
    expect(agent.codes()).toHaveLength(2);
    // the first code died with its fifth wrong try (unless the new one happens to be equal)
    if (agent.codes()[1] !== first) expectError(await agent.call('POST', '/v1/pair', { body: { code: first } }), 401, 'BAD_PAIRING_CODE');

    const code = agent.codes().at(-1)!;
    const res = await agent.call('POST', '/v1/pair', { body: { code } });
    expect(res.status).toBe(200);
    bearer = res.body.token;
    expect(bearer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await agent.waitFor(/Pairing code: \d{6}[\s\S]*Pairing code: \d{6}[\s\S]*Pairing code: \d{6}/);
    // single use
    if (agent.codes().at(-1) !== code) expectError(await agent.call('POST', '/v1/pair', { body: { code } }), 401, 'BAD_PAIRING_CODE');
    expect((await agent.call('GET', '/v1/status', { token: bearer })).body.paired).toBe(true);
    const stored = JSON.parse(await readFile(path.join(home, 'paired.json'), 'utf8'));
    expect(JSON.stringify(stored)).not.toContain(bearer);
    expect(stored.clients[0].tokenSha256).toBe(crypto.createHash('sha256').update(bearer).digest('hex'));
  });

  it('needs a PIN session before listing or signing', async () => {
    expectError(await agent.call('GET', '/v1/certificates', { token: bearer }), 401, 'SESSION_REQUIRED');
    expectError(
      await agent.call('POST', '/v1/sign', {
        token: bearer,
        body: { certificateId: '01', items: [{ title: 'x', digest: sha256('x').toString('base64') }] },
      }),
      401,
      'SESSION_REQUIRED',
    );
  });

  it('says how many PIN tries are left, and a right PIN resets the count', async () => {
    const first = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '000000' } });
    expectError(first, 401, 'WRONG_PIN');
    expect(first.body.triesLeft).toBe(2);
    expect(first.body.message.en).toBe('Wrong PIN: 2 tries left.');
    const second = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '111111' } });
    expect(second.body.triesLeft).toBe(1);
    const ok = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: PIN } });
    expect(ok.status).toBe(200);
    expect(ok.body.open).toBe(true);
    const again = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '000000' } });
    expect(again.body.triesLeft).toBe(2);
  });

  it('opens a session and lists the token certificates with their chains', async () => {
    const before = Date.now();
    const res = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: PIN } });
    expect(res.status).toBe(200);
    expect(res.body.open).toBe(true);
    const expires = Date.parse(res.body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 599_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
    expect((await agent.call('GET', '/v1/status', { token: bearer })).body.session).toEqual({ open: true, expiresAt: expect.any(String) });

    const list = await agent.call('GET', '/v1/certificates', { token: bearer });
    expect(list.status).toBe(200);
    const byId = Object.fromEntries(list.body.certificates.map((c: { id: string }) => [c.id, c]));
    expect(Object.keys(byId).sort()).toEqual(['01', '03', '04', '0a02']); // CA certificates have no key: not listed
    expect(byId['01']).toMatchObject({
      subject: 'CN=Anita Sharma, O=Collectorate, C=IN',
      issuer: 'CN=Patravali Test Sub CA, C=IN',
      serialNumber: rsaLeaf.serialHex,
      keyAlgorithm: 'RSA',
      certificate: rsaLeaf.certDer.toString('base64'),
      chain: [sub.certDer.toString('base64'), root.certDer.toString('base64')],
    });
    expect(byId['0a02']).toMatchObject({ keyAlgorithm: 'EC', certificate: ecLeaf.certDer.toString('base64') });
    // the chain is the issuer path among all CA certificates on the token
    expect(byId['03'].chain).toEqual([sub.certDer.toString('base64'), root.certDer.toString('base64')]);
    expect(Date.parse(byId['03'].notAfter)).toBeLessThan(Date.now());
  });

  it('signs a batch of 3 digests with one PIN entry; each signature verifies against its own data only', async () => {
    const docs = ['पत्र क्रमांक 1/2026 — भूमि आवंटन', 'Letter 2: transfer order', 'Note #3'].map((title, i) => ({
      title,
      data: Buffer.from(`document ${i} ${crypto.randomUUID()}`),
    }));
    const res = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: '01', items: docs.map((d) => ({ title: d.title, digest: sha256(d.data).toString('base64') })) },
    });
    expect(res.status).toBe(200);
    expect(res.body.algorithm).toBe('RSA');
    expect(res.body.certificate).toBe(rsaLeaf.certDer.toString('base64'));
    expect(res.body.chain).toEqual([sub.certDer.toString('base64'), root.certDer.toString('base64')]);
    expect(res.body.signatures).toHaveLength(3);
    const key = publicKeyOf(res.body.certificate);
    res.body.signatures.forEach((s: { digest: string; signature: string }, i: number) => {
      expect(s.digest).toBe(sha256(docs[i]!.data).toString('base64'));
      const sig = Buffer.from(s.signature, 'base64');
      expect(sig).toHaveLength(256);
      expect(crypto.verify('sha256', docs[i]!.data, key, sig)).toBe(true);
      expect(crypto.verify('sha256', docs[(i + 1) % 3]!.data, key, sig)).toBe(false);
    });
    await agent.waitFor(/Signed .*"Note #3" sha256=[0-9a-f]{64} by CN=Anita Sharma/);

    const log = (await readFile(path.join(home, 'signatures.log'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((e) => e.title)).toEqual(docs.map((d) => d.title));
    expect(log.map((e) => e.digest)).toEqual(docs.map((d) => sha256(d.data).toString('hex')));
    for (const e of log) {
      expect(e).toMatchObject({
        subject: 'CN=Anita Sharma, O=Collectorate, C=IN',
        serialNumber: rsaLeaf.serialHex,
        certificateId: '01',
        origin: ORIGIN,
      });
      expect(Math.abs(Date.parse(e.time) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('signs with an EC key on the token (DER ECDSA signature)', async () => {
    const data = Buffer.from('an EC-signed note');
    const res = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: '0a02', items: [{ title: 'EC note', digest: sha256(data).toString('base64') }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.algorithm).toBe('EC');
    const sig = Buffer.from(res.body.signatures[0].signature, 'base64');
    expect(sig[0]).toBe(0x30);
    expect(crypto.verify('sha256', data, { key: publicKeyOf(res.body.certificate), dsaEncoding: 'der' }, sig)).toBe(true);
    expect(crypto.verify('sha256', Buffer.from('other'), { key: publicKeyOf(res.body.certificate), dsaEncoding: 'der' }, sig)).toBe(false);
  });

  it('signs with a key that wants the PIN for every use (CKA_ALWAYS_AUTHENTICATE) without asking again', async () => {
    const docs = [Buffer.from('strict 1'), Buffer.from('strict 2')];
    const res = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: '04', items: docs.map((d, i) => ({ title: `Strict ${i}`, digest: sha256(d).toString('base64') })) },
    });
    expect(res.status).toBe(200);
    docs.forEach((d, i) =>
      expect(crypto.verify('sha256', d, publicKeyOf(res.body.certificate), Buffer.from(res.body.signatures[i].signature, 'base64'))).toBe(
        true,
      ),
    );
  });

  it('refuses an expired certificate, an unknown one and malformed items', async () => {
    const digest = sha256('x').toString('base64');
    const expired = await agent.call('POST', '/v1/sign', { token: bearer, body: { certificateId: '03', items: [{ title: 'x', digest }] } });
    expectError(expired, 422, 'CERT_EXPIRED');
    expectError(
      await agent.call('POST', '/v1/sign', { token: bearer, body: { certificateId: '7f', items: [{ title: 'x', digest }] } }),
      404,
      'NO_CERTIFICATE',
    );
    expectError(
      await agent.call('POST', '/v1/sign', { token: bearer, body: { certificateId: 'zz', items: [{ title: 'x', digest }] } }),
      404,
      'NO_CERTIFICATE',
    );
    const short = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: '01', items: [{ title: 'x', digest: crypto.randomBytes(31).toString('base64') }] },
    });
    expectError(short, 400, 'BAD_REQUEST');
    expect(short.body.issues.join(' ')).toContain('items.0.digest');
    expectError(
      await agent.call('POST', '/v1/sign', {
        token: bearer,
        body: { certificateId: '01', items: [{ title: 'x', digest: crypto.randomBytes(48).toString('base64') }] },
      }),
      400,
      'BAD_REQUEST',
    );
    expectError(await agent.call('POST', '/v1/sign', { token: bearer, body: { certificateId: '01', items: [] } }), 400, 'BAD_REQUEST');
    expectError(
      await agent.call('POST', '/v1/sign', {
        token: bearer,
        body: { certificateId: '01', items: Array.from({ length: 501 }, () => ({ title: 'x', digest })) },
      }),
      400,
      'BAD_REQUEST',
    );
    expectError(
      await agent.call('POST', '/v1/sign', { token: bearer, body: { certificateId: '01', items: [{ title: '', digest }] } }),
      400,
      'BAD_REQUEST',
    );
    // nothing of this was signed or logged
    const log = (await readFile(path.join(home, 'signatures.log'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(6);
  });

  it('closes the session on request', async () => {
    const res = await agent.call('DELETE', '/v1/session', { token: bearer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ open: false, expiresAt: null });
    expectError(await agent.call('GET', '/v1/certificates', { token: bearer }), 401, 'SESSION_REQUIRED');
  });

  it('stops taking PINs after 3 wrong ones (PIN_LOCKED), even the right one', async () => {
    expect((await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '000000' } })).body.triesLeft).toBe(2);
    expect((await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '000000' } })).body.triesLeft).toBe(1);
    const locked = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '000000' } });
    expectError(locked, 423, 'PIN_LOCKED');
    expect(locked.body.lockedBy).toBe('agent');
    expectError(await agent.call('POST', '/v1/session', { token: bearer, body: { pin: PIN } }), 423, 'PIN_LOCKED');
  });

  it('keeps the pairing across a restart (and a restart takes PINs again)', async () => {
    await agent.stop();
    agent = await startAgent({ ...token.env, AGENT_PKCS11_LIBRARY: token.library, AGENT_TOKEN_LABEL: 'Officer DSC' }, home);
    expect((await agent.call('GET', '/v1/status', { token: bearer })).body.paired).toBe(true);
    expect((await agent.call('GET', '/v1/status', { token: crypto.randomBytes(32).toString('base64url') })).body.paired).toBe(false);
    const res = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: PIN } });
    expect(res.status).toBe(200);
    const data = Buffer.from('after restart');
    const signed = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: '01', items: [{ title: 'After restart', digest: sha256(data).toString('base64') }] },
    });
    expect(
      crypto.verify('sha256', data, publicKeyOf(signed.body.certificate), Buffer.from(signed.body.signatures[0].signature, 'base64')),
    ).toBe(true);
  });

  it('answers NO_TOKEN when the configured token is not there', async () => {
    const other = await startAgent(
      { ...token.env, AGENT_PKCS11_LIBRARY: token.library, AGENT_TOKEN_LABEL: 'Some Other Token' },
      await mkdtemp(path.join(tmp, 'home-')),
    );
    try {
      const t = await pair(other);
      expectError(await other.call('POST', '/v1/session', { token: t, body: { pin: PIN } }), 503, 'NO_TOKEN');
    } finally {
      await other.stop();
    }
  });
});

// ---------------------------------------------------------------- .pfx file

describe('signing agent with a .pfx file', () => {
  let ca: Issued;
  let leaf: Issued;
  let agent: AgentProcess;

  beforeAll(async () => {
    ca = createCa({ commonName: 'Patravali PFX Test CA' });
    leaf = issueCertificate(ca, { commonName: 'Suresh Verma', organization: 'SP Office' });
    const dir = await mkdtemp(path.join(tmp, 'pfx-'));
    const pfx = path.join(dir, 'suresh.pfx');
    await writeFile(pfx, toPfx(leaf, [ca], 'pfx-पासवर्ड-1'));
    agent = await startAgent({ AGENT_PFX: pfx }, path.join(dir, 'home'));
  });
  afterAll(() => agent?.stop());

  it('opens with the file password as PIN and signs digests that verify', async () => {
    const bearer = await pair(agent);
    expect((await agent.call('GET', '/v1/status')).body).toMatchObject({ store: 'pkcs12', demo: false });
    const wrong = await agent.call('POST', '/v1/session', { token: bearer, body: { pin: 'not the password' } });
    expectError(wrong, 401, 'WRONG_PIN');
    expect(wrong.body.triesLeft).toBe(2);
    expect((await agent.call('POST', '/v1/session', { token: bearer, body: { pin: 'pfx-पासवर्ड-1' } })).body.open).toBe(true);

    const list = await agent.call('GET', '/v1/certificates', { token: bearer });
    expect(list.body.certificates).toHaveLength(1);
    const [entry] = list.body.certificates;
    expect(entry).toMatchObject({
      subject: 'CN=Suresh Verma, O=SP Office, C=IN',
      keyAlgorithm: 'RSA',
      serialNumber: leaf.serialHex,
      chain: [ca.certDer.toString('base64')],
    });
    expect(entry.id).toMatch(/^[0-9a-f]{40}$/);

    const docs = [Buffer.from('pfx doc 1'), Buffer.from('pfx doc 2')];
    const res = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: entry.id, items: docs.map((d, i) => ({ title: `PFX ${i}`, digest: sha256(d).toString('base64') })) },
    });
    expect(res.status).toBe(200);
    const key = publicKeyOf(res.body.certificate);
    docs.forEach((d, i) => expect(crypto.verify('sha256', d, key, Buffer.from(res.body.signatures[i].signature, 'base64'))).toBe(true));
    expect(crypto.verify('sha256', docs[1]!, key, Buffer.from(res.body.signatures[0].signature, 'base64'))).toBe(false);
  });
});

// ---------------------------------------------------------------- demo mode + idle timeout

describe('signing agent in demo mode', () => {
  let agent: AgentProcess;
  let demoDir: string;

  beforeAll(async () => {
    demoDir = await mkdtemp(path.join(tmp, 'demo-pki-'));
    agent = await startAgent({ AGENT_DEMO: '1', AGENT_DEMO_DIR: demoDir, AGENT_IDLE_TIMEOUT_SECONDS: '2' }, path.join(demoDir, 'home'));
  });
  afterAll(() => agent?.stop());

  it('says it is a demo, with its PIN, and signs with a certificate of the demo CA', async () => {
    expect(agent.output()).toContain('DEMO MODE');
    expect(agent.output()).toContain('PIN: 123456');
    expect(agent.output()).toContain('डेमो मोड');
    const bearer = await pair(agent);
    expect((await agent.call('GET', '/v1/status')).body).toMatchObject({ store: 'pkcs12', demo: true });
    expect((await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '123456' } })).body.open).toBe(true);
    const [entry] = (await agent.call('GET', '/v1/certificates', { token: bearer })).body.certificates;
    expect(entry.subject).toContain('CN=Demo Officer (Patravali)');
    const data = Buffer.from('demo letter');
    const res = await agent.call('POST', '/v1/sign', {
      token: bearer,
      body: { certificateId: entry.id, items: [{ title: 'Demo letter', digest: sha256(data).toString('base64') }] },
    });
    expect(res.status).toBe(200);
    expect(crypto.verify('sha256', data, publicKeyOf(res.body.certificate), Buffer.from(res.body.signatures[0].signature, 'base64'))).toBe(
      true,
    );

    // the backend's view: the same demo CA, read from the same directory
    const { ca } = ensureDemoPki(demoDir);
    const caCert = new crypto.X509Certificate(ca.certDer);
    const leaf = new crypto.X509Certificate(Buffer.from(res.body.certificate, 'base64'));
    expect(leaf.checkIssued(caCert)).toBe(true);
    expect(leaf.verify(caCert.publicKey)).toBe(true);
    expect(res.body.chain).toEqual([ca.certDer.toString('base64')]);
    expect(caCert.subject).toContain('Patravali Demo CA — not for real use');
  });

  it('closes the PIN session after the idle timeout; each use extends it', async () => {
    const bearer = await pair(agent);
    const opened = Date.now();
    expect((await agent.call('POST', '/v1/session', { token: bearer, body: { pin: '123456' } })).body.open).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await agent.call('GET', '/v1/certificates', { token: bearer })).status).toBe(200); // extends to ~now + 2 s
    await new Promise((r) => setTimeout(r, 1200));
    // 2.4 s after opening: alive only because the listing extended it
    const mid = await agent.call('GET', '/v1/status', { token: bearer });
    expect(mid.body.session.open).toBe(true);
    expect(Date.parse(mid.body.session.expiresAt)).toBeGreaterThan(opened + 2400);
    let closedAt = 0;
    while (!closedAt && Date.now() - opened < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      if (!(await agent.call('GET', '/v1/status', { token: bearer })).body.session.open) closedAt = Date.now();
    }
    expect(closedAt).toBeGreaterThan(opened + 3000);
    expectError(await agent.call('GET', '/v1/certificates', { token: bearer }), 401, 'SESSION_REQUIRED');
    await agent.waitFor(/Signing session closed after inactivity/, 5000);
  });
});
