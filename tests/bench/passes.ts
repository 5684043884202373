/**
 * Passes benchmark (npm run bench:passes). Boots Patravali as `npm start` does (NODE_ENV=production,
 * embedded PostgreSQL and S3, demo district; the demo document signer — a SoftHSM token whose key is
 * generated inside it and certified by the demo CA — is made at start) and measures, from outside:
 *
 *   1. approval → SMS link       an SDM approves e-passes one at a time; the time from the approval's
 *                                answer until the outbox holds the applicant's SMS with the pass's short
 *                                link (the sign job: render the PDF, PAdES-sign it in the HSM, store it,
 *                                queue the SMS). p50/p95.
 *   2. rendered and signed /s    BENCH_PASSES e-passes approved in bulk (200 a request, as an SDM's
 *                                queue is approved) while no worker runs; then BENCH_WORKERS worker
 *                                processes (ROLE=worker: the sign jobs) start and work the backlog:
 *                                passes issued per second, from the first signature to the last (by
 *                                the documents' signedAt). Target ≥ 50/s on this machine (15,000 in
 *                                five minutes).
 *   3. token verification /s     checkPassToken (the checkpoints' rule, jose EdDSA) on an issued pass's
 *                                token with the published keys, in one process. Target ≥ 1,000/s.
 *   4. the pipeline in one process, per pass and with no database: rendering the PDF (pdfkit,
 *                                Devanagari, QR), then PAdES-signing it with a SoftHSM key (placeholder
 *                                and ByteRange digest, the HSM's signature, CMS embedded) — the CPU cost
 *                                of one pass, the ceiling of one worker process.
 *
 * Environment: BENCH_PASSES (3000: a minute of signing, past the workers' warm-up), BENCH_LATENCY (40). Exits 0 after measuring; a missed target is
 * printed as MISSED.
 */
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { JWK } from 'jose';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { checkPassToken } from '../../backend/src/modules/passes/index.js';
import { renderPassPdf } from '../../backend/src/modules/passes/pass-pdf.js';
import { sealPdf } from '../../backend/src/modules/signing/index.js';
import { ensureSoftHsmDocumentSigner } from '../../backend/src/infra/hsm/softhsm.js';
import { openPkcs11DocumentSigner } from '../../backend/src/infra/hsm/document-signer.js';
import { createCa } from '../support/pki.js';
import { spawnPatravali } from '../support/process.js';
import { ApiClient } from '../support/api-client.js';
import { envNum, freePort, log, pct, table } from './kit.js';

/** A process's CPU time (user + system) in seconds, from /proc (Linux). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** The machine's busy CPU time in seconds, all cores (/proc/stat: everything but idle and iowait). */
const machineCpuSeconds = (): number => {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  return (n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) / 100;
};
const PASSES = Math.floor(envNum('BENCH_PASSES', 3000));
const LATENCY = Math.floor(envNum('BENCH_LATENCY', 40));
const WORKERS = Math.max(1, Math.floor(envNum('BENCH_WORKERS', 2)));
const now = () => performance.now();
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const base = path.join(ROOT_DIR, 'storage', 'data');
await mkdir(base, { recursive: true });
const dataDir = await mkdtemp(path.join(base, 'bench-passes-'));
await chmod(dataDir, 0o755);
const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
const url = `http://127.0.0.1:${port}`;
let t = now();
const env = {
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: String(port),
  PUBLIC_URL: url,
  DATA_DIR: dataDir,
  EMBEDDED_PG_PORT: String(pgPort),
  EMBEDDED_S3_PORT: String(s3Port),
  DEMO_SEED: 'true',
  LOG_LEVEL: 'warn',
  OCR_WORKERS: '0',
  OTP_PER_IP: '100000',
  OTP_PER_MOBILE: '100',
};
// the API on its own; the sign jobs in worker processes (attached to the same embedded PostgreSQL and S3)
const server = spawnPatravali({ ...env, ROLE: 'api' }, 'api');
const workers: Array<ReturnType<typeof spawnPatravali>> = [];
const startWorker = async () => {
  const w = spawnPatravali({ ...env, ROLE: 'worker' }, 'worker');
  workers.push(w);
  await w.waitFor(/is running/, 300_000);
  return w;
};
const cleanup = async () => {
  for (const w of workers) await w.stop('SIGINT').catch(() => undefined);
  await server.stop('SIGINT').catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

try {
  await server.waitFor(/is running/, 300_000);
  const first = await startWorker();
  log(
    `system up in ${((now() - t) / 1000).toFixed(1)} s at ${url} (NODE_ENV=production, demo SoftHSM document signer), ${os.cpus().length} cores`,
  );
  const { password } = JSON.parse(await readFile(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as { password: string };
  const db = new pg.Pool({
    connectionString: `postgres://patravali:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/patravali`,
    max: 3,
  });
  // the API's embedded PostgreSQL goes with it: say why instead of dying on the pool's error
  db.on('error', (err) => log(`bench connection lost: ${err.message}\n${server.output().slice(-4000)}`));

  // an applicant (OTP read from the outbox, the demo gateway) and the SDM of Sadar
  const mobile = '9822200011';
  const citizen = new ApiClient(url, 'en');
  await citizen.post('/api/public/otp', { mobile });
  const otp = /\b(\d{6})\b/.exec(
    (await db.query(`select body from outbox_message where recipient = $1 order by created_at desc limit 1`, [mobile])).rows[0].body,
  )![1]!;
  if ((await citizen.post('/api/public/session', { mobile, code: otp })).status !== 200) throw new Error('applicant sign-in failed');
  const sdm = new ApiClient(url, 'en');
  await sdm.login('sdm.sadar');
  const areas = new Map((await db.query(`select code, id from area`)).rows.map((r) => [r.code as string, r.id as string]));
  const travel = new Date(Date.now() + 5.5 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  const file = async (i: number) => {
    const res = await citizen.post('/api/public/applications', {
      service: 'EPASS',
      confirmDuplicate: true,
      data: {
        name: `राम कुमार ${i}`,
        mobile,
        category: 'medical',
        from: { areaId: areas.get('PBT-L-KHAKRA'), line: `House ${i}` },
        to: { areaId: areas.get('PBT-L-ASAM'), line: 'District hospital' },
        travelDate: travel,
        vehicle: 'UP 26 AB 1234',
        persons: 2,
        idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
      },
    });
    if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const smsAt = async (applicationId: string) =>
    (await db.query(`select 1 from outbox_message where related_id = $1 and body like '%/p/%'`, [applicationId])).rowCount! > 0;

  // --- 1. approval → SMS link, one at a time
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY; i++) {
    const id = await file(i);
    const version = (await sdm.get(`/api/applications/${id}`)).body.version;
    const res = await sdm.post(`/api/applications/${id}/actions/approve`, { version });
    if (res.status !== 200) throw new Error(`approval failed: ${res.status} ${JSON.stringify(res.body)}`);
    const t0 = now();
    while (!(await smsAt(id))) {
      if (now() - t0 > 60_000) throw new Error('no SMS link within 60 s: is the document signer up? ' + server.output().slice(-2000));
      await sleep(5);
    }
    latencies.push(now() - t0);
  }

  // --- 2. throughput: PASSES filed and approved in bulk while no worker runs, then the workers sign the backlog
  await first.stop('SIGINT');
  workers.length = 0;
  const ids: string[] = [];
  for (let i = 0; i < PASSES; i += 8)
    ids.push(...(await Promise.all(Array.from({ length: Math.min(8, PASSES - i) }, (_, j) => file(1000 + i + j)))));
  const versions = new Map<string, number>(
    (await db.query(`select id, version from application where id = any($1::uuid[])`, [ids])).rows.map((r) => [r.id, r.version]),
  );
  t = now();
  for (let i = 0; i < ids.length; i += 200) {
    const res = await sdm.post('/api/applications/bulk', {
      action: 'approve',
      items: ids.slice(i, i + 200).map((id) => ({ id, version: versions.get(id)! })),
    });
    if (res.status !== 200 || res.body.done !== Math.min(200, ids.length - i))
      throw new Error(`bulk approval: ${JSON.stringify(res.body)}`);
  }
  const approvedIn = (now() - t) / 1000;
  await Promise.all(Array.from({ length: WORKERS }, () => startWorker()));
  // CPU used while the backlog drains, by process (steadier than the rate on a shared machine)
  const cpu0 = { workers: workers.map((w) => cpuSeconds(w.child.pid!)), api: cpuSeconds(server.child.pid!), machine: machineCpuSeconds() };
  t = now();
  let signed = 0;
  while (signed < ids.length) {
    signed = (
      await db.query(`select count(*)::int as n from issued_document where status = 'issued' and application_id = any($1::uuid[])`, [ids])
    ).rows[0].n;
    if (now() - t > 30 * 60_000) throw new Error(`only ${signed} of ${ids.length} signed after 30 minutes`);
    await sleep(100);
  }
  const span = (
    await db.query(
      `select extract(epoch from max(signed_at) - min(signed_at))::float8 as s from issued_document where application_id = any($1::uuid[])`,
      [ids],
    )
  ).rows[0].s as number;
  const rate = (ids.length - 1) / span;
  const perPass = (seconds: number) => `${((seconds * 1000) / ids.length).toFixed(1)} ms`;
  const cpuWorkers = workers.reduce((sum, w, i) => sum + cpuSeconds(w.child.pid!) - cpu0.workers[i]!, 0);
  const cpuApi = cpuSeconds(server.child.pid!) - cpu0.api;
  const cpuMachine = machineCpuSeconds() - cpu0.machine;

  // --- 3. token verification
  const { token } = (await db.query(`select token from issued_document where status = 'issued' limit 1`)).rows[0];
  const keys = (await (await fetch(`${url}/api/verify/keys`)).json()) as { keys: JWK[] };
  let n = 0;
  t = now();
  while (now() - t < 3000) {
    const c = await checkPassToken(token, { keys: keys.keys, isRevoked: () => false, now: new Date() });
    if (c.verdict === 'forged') throw new Error('the issued token did not verify');
    n++;
  }
  const verifyRate = n / ((now() - t) / 1000);

  // --- 4. the pipeline in this process: render, then sign with a SoftHSM key of the bench's own
  const hsm = await ensureSoftHsmDocumentSigner({
    dir: path.join(dataDir, 'bench-hsm'),
    label: 'Bench signer',
    pin: '123456',
    soPin: '12345678',
    ca: createCa({ commonName: 'Bench Root' }),
    commonName: 'Bench document signer',
    organization: 'Bench',
  });
  const signer = await openPkcs11DocumentSigner({ library: hsm.library, tokenLabel: 'Bench signer', pin: '123456', keyId: hsm.keyId });
  const renders: number[] = [];
  const seals: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r0 = now();
    const { pdf } = await renderPassPdf({
      kind: 'pass',
      service: { hi: 'आवागमन ई-पास', en: 'Movement e-pass' },
      office: { hi: 'तहसील सदर, पीलीभीत', en: 'Tehsil Sadar, Pilibhit' },
      referenceNumber: 'EPASS/PBT/TEH-SDR/2026/000123',
      holderName: 'राम कुमार',
      maskedId: 'aadhaar:0123',
      validFrom: travel,
      validUntil: travel,
      lines: [
        { label: { hi: 'कहाँ से', en: 'From' }, value: 'House 12, Khakra' },
        { label: { hi: 'कहाँ तक', en: 'To' }, value: 'District hospital, Asam' },
        { label: { hi: 'वाहन संख्या', en: 'Vehicle' }, value: 'UP26AB1234' },
      ],
      finding: null,
      authority: { designation: { hi: 'उप जिलाधिकारी', en: 'Sub-Divisional Magistrate' }, office: { hi: 'तहसील सदर', en: 'Tehsil Sadar' } },
      signer: 'office',
      token,
      verifyUrl: `${url}/verify`,
      photo: null,
      issuedOn: '07.12.2026',
    });
    const r1 = now();
    await sealPdf(
      pdf,
      { name: 'Bench document signer', reason: 'bench', location: 'Pilibhit', contactInfo: '', signingTime: new Date() },
      signer,
    );
    renders.push(r1 - r0);
    seals.push(now() - r1);
  }
  await signer.close();

  log('');
  table([
    ['measure', 'value', 'target', ''],
    ['approval → SMS link, p50', `${pct(latencies, 50).toFixed(0)} ms`, '', ''],
    ['approval → SMS link, p95', `${pct(latencies, 95).toFixed(0)} ms`, '', ''],
    [`bulk approval of ${ids.length} e-passes (pass, claims, token, job)`, `${(ids.length / approvedIn).toFixed(1)}/s`, '', ''],
    [`passes rendered + HSM-signed, ${WORKERS} worker process(es)`, `${rate.toFixed(1)}/s`, '≥ 50/s', verdict(rate >= 50)],
    ['CPU per pass while signing: the worker processes', perPass(cpuWorkers), '', ''],
    ['CPU per pass while signing: the API (embedded S3 server)', perPass(cpuApi), '', ''],
    ['CPU per pass while signing: the whole machine (PostgreSQL, bench)', perPass(cpuMachine), '', ''],
    ['server-side token verification', `${verifyRate.toFixed(0)}/s`, '≥ 1000/s', verdict(verifyRate >= 1000)],
    ['one process: rendering an e-pass PDF, p50', `${pct(renders, 50).toFixed(1)} ms`, '', ''],
    ['one process: PAdES signing in SoftHSM, p50', `${pct(seals, 50).toFixed(1)} ms`, '', ''],
    ['load average of the machine during the run (1 min)', os.loadavg()[0]!.toFixed(1), '', ''],
    ['token length / characters', String(token.length), '', ''],
  ]);
  await db.end();
} catch (err) {
  log(`the API's last output:\n${server.output().slice(-4000)}`);
  throw err;
} finally {
  await cleanup();
}
