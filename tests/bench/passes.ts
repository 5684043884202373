/**
 * Passes benchmark, server side (npm run bench:passes; the browser's offline verification is
 * npm run bench:passes:browser). Boots Patravali as `npm start` does (its own process: embedded PostgreSQL
 * and S3, demo district, the demo office's document signer — a SoftHSM token whose key was generated inside
 * it), then measures:
 *
 *   1. issuing      BENCH_PASSES e-passes filed by signed-in citizens to the SDM Sadar, who approves them in
 *                   bulk (200 a request, as from the queue): each approval makes the pass's token in its
 *                   transaction and queues a job that renders the bilingual PDF and signs it (PAdES) with the
 *                   HSM key; once signed the applicant's SMS with the short link is queued. Measured from the
 *                   database's own times: passes signed per second while the queue drains, and per pass the
 *                   time from its approval to its SMS with the link (p50/p95).
 *                   Floor: the same rendering and HSM signing (renderPassPdf + sealPdf on a SoftHSM token made
 *                   for the run) one after another in this process — no database, job or storage.
 *   2. verifying    tokens of the issued passes checked by a checkpoint post through POST /api/check/verify
 *                   (BENCH_VERIFY_CLIENTS connections, BENCH_SECONDS): answers per second and latency; floor:
 *                   the same check (`checkPassToken`: signature, revocation list, validity) in this process.
 *
 * Environment: BENCH_PASSES (200), BENCH_APPLICANTS (20), BENCH_SECONDS (10), BENCH_VERIFY_CLIENTS (20),
 * DEMO_PASSWORD. Exits 0 after measuring: a missed target is a finding, printed as MISSED.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { JWK } from 'jose';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { spawnPatravali, type NodeProcess } from '../support/process.js';
import { createCa } from '../support/pki.js';
import { BenchClient, envNum, fmtMs, freePort, log, pct, table } from './kit.js';
import { ensureSoftHsmDocumentSigner } from '../../backend/src/infra/hsm/softhsm.js';
import { openPkcs11DocumentSigner } from '../../backend/src/infra/hsm/document-signer.js';
import { renderPassPdf } from '../../backend/src/modules/passes/pass-pdf.js';
import { checkPassToken } from '../../backend/src/modules/passes/index.js';
import { sealPdf } from '../../backend/src/modules/signing/index.js';

const CFG = {
  passes: envNum('BENCH_PASSES', 200),
  applicants: envNum('BENCH_APPLICANTS', 20),
  seconds: envNum('BENCH_SECONDS', 10),
  verifyClients: envNum('BENCH_VERIFY_CLIENTS', 20),
  password: process.env.DEMO_PASSWORD ?? 'patravali-demo',
};
const TARGET = { signedPerSecond: 50, verifiedPerSecond: 1000 };

const istToday = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
const plusDays = (n: number) => new Date(Date.parse(`${istToday()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const perSecond = (n: number, ms: number) => (ms > 0 ? (n * 1000) / ms : 0);

async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** The native floor of issuing: render and HSM-sign typical e-passes one after another in this process. */
async function floorIssue(dir: string, seconds: number): Promise<{ n: number; ms: number; renderMs: number[]; signMs: number[] }> {
  const root = createCa({ commonName: 'Bench Root CA' });
  const hsm = await ensureSoftHsmDocumentSigner({
    dir: path.join(dir, 'floor-hsm'),
    label: 'Bench document signer',
    pin: '246810',
    soPin: '13579246',
    ca: root,
    commonName: 'Document Signer, Bench District',
    organization: 'Bench',
  });
  const signer = await openPkcs11DocumentSigner({
    library: hsm.library,
    tokenLabel: 'Bench document signer',
    pin: '246810',
    keyId: hsm.keyId,
  });
  const token = `eyJhbGciOiJFZERTQSIsImtpZCI6ImJlbmNoIiwidHlwIjoicHYtcGFzcyJ9.${Buffer.from(
    JSON.stringify({
      v: 1,
      j: '0b7c6f6e-2b1a-4c53-9d7e-1f2a3b4c5d6e',
      k: 'pass',
      r: 'EPASS/PBT/TEH-SDR/2026/000123',
      s: 'EPASS',
      n: 'रामेश्वर प्रसाद',
      m: 'aadhaar:0123',
      f: istToday(),
      u: plusDays(1),
      d: 'खाकरा → सुनगढ़ी',
      o: 'PBT-TEH-SDR',
      iss: 'patravali',
    }),
  ).toString('base64url')}.${'A'.repeat(86)}`;
  const content = {
    kind: 'pass' as const,
    service: { hi: 'आवागमन ई-पास', en: 'Movement e-pass' },
    office: { hi: 'तहसील पीलीभीत सदर', en: 'Tehsil Pilibhit Sadar' },
    referenceNumber: 'EPASS/PBT/TEH-SDR/2026/000123',
    holderName: 'रामेश्वर प्रसाद',
    maskedId: 'aadhaar:0123',
    validFrom: istToday(),
    validUntil: plusDays(1),
    lines: [
      { label: { hi: 'श्रेणी', en: 'Category' }, value: 'Medical / चिकित्सा' },
      { label: { hi: 'से', en: 'From' }, value: 'House 12, Khakra, Pilibhit Sadar' },
      { label: { hi: 'तक', en: 'To' }, value: 'Bazaar, Sungarhi, Pilibhit' },
      { label: { hi: 'वाहन', en: 'Vehicle' }, value: 'UP26AB1234' },
      { label: { hi: 'व्यक्ति', en: 'Persons' }, value: '2' },
    ],
    finding: null,
    authority: {
      designation: { hi: 'उप जिलाधिकारी', en: 'Sub-Divisional Magistrate' },
      office: { hi: 'तहसील पीलीभीत सदर', en: 'Tehsil Pilibhit Sadar' },
    },
    signer: 'office' as const,
    token,
    verifyUrl: 'http://127.0.0.1/verify',
    photo: null,
    issuedOn: istToday().split('-').reverse().join('.'),
  };
  // warm up: fonts parsed, the HSM session open
  for (let i = 0; i < 3; i++)
    await sealPdf(
      (await renderPassPdf(content)).pdf,
      { name: 'Bench', reason: 'r', location: 'l', contactInfo: 'c', signingTime: new Date() },
      signer,
    );
  const renderMs: number[] = [];
  const signMs: number[] = [];
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const a = performance.now();
    const { pdf } = await renderPassPdf(content);
    const b = performance.now();
    await sealPdf(
      pdf,
      { name: 'Bench', reason: `Issued ${n}`, location: 'Pilibhit', contactInfo: 'Document signer', signingTime: new Date() },
      signer,
    );
    const c = performance.now();
    renderMs.push(b - a);
    signMs.push(c - b);
    n++;
  }
  const ms = performance.now() - t0;
  await signer.close();
  return { n, ms, renderMs, signMs };
}

async function main() {
  const machine = `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}`;
  log(
    `bench:passes — ${machine}; load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  // the embedded PostgreSQL runs as its own user: the data directory must be traversable by it
  const tmpBase = path.join(ROOT_DIR, 'tests', '.tmp');
  await mkdir(tmpBase, { recursive: true });
  await chmod(tmpBase, 0o755);
  const dir = await mkdtemp(path.join(tmpBase, 'bench-passes-'));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, 'data');
  let server: NodeProcess | null = null;
  const db = { client: null as pg.Client | null };
  try {
    const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
    server = spawnPatravali({
      NODE_ENV: 'production',
      ROLE: 'both',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      EMBEDDED_S3_PORT: String(s3Port),
      DEMO_SEED: 'true',
      DEMO_PASSWORD: CFG.password,
      LOG_LEVEL: 'warn',
      OCR_WORKERS: '0',
      OTP_PER_IP: '100000',
      OTP_PER_MOBILE: '10',
    });
    await server.waitFor(/is running/, 300_000);
    const base = new URL(`http://127.0.0.1:${port}`);
    const { password } = JSON.parse(await readFile(path.join(dataDir, 'postgres', 'credentials.json'), 'utf8')) as { password: string };
    const client = new pg.Client({
      connectionString: `postgres://patravali:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/patravali`,
    });
    client.on('error', () => undefined);
    await client.connect();
    db.client = client;
    const areas = new Map((await client.query(`select code, id from area`)).rows.map((r) => [r.code as string, r.id as string]));

    // --- citizens sign in with an OTP (read from the outbox, as the demo shows it)
    const citizens: Array<{ c: BenchClient; mobile: string }> = [];
    for (let i = 0; i < CFG.applicants; i++) {
      const mobile = String(9_400_000_000 + i);
      const c = new BenchClient(base, '', 'hi');
      c.csrf = (await c.request('GET', '/api/auth/csrf')).body.token;
      const asked = await c.request('POST', '/api/public/otp', { mobile });
      if (asked.status !== 201) throw new Error(`OTP: ${asked.status} ${JSON.stringify(asked.body)}`);
      const { rows } = await client.query(
        `select body from outbox_message where recipient = $1 and related_type = 'applicant_otp' order by created_at desc limit 1`,
        [mobile],
      );
      const code = /\b(\d{6})\b/.exec(rows[0]?.body ?? '')?.[1];
      const signed = await c.request('POST', '/api/public/session', { mobile, code });
      if (signed.status !== 200) throw new Error(`sign-in: ${signed.status} ${JSON.stringify(signed.body)}`);
      citizens.push({ c, mobile });
    }

    // --- they file e-passes within the tehsil (→ the SDM Sadar)
    const ids: string[] = [];
    const t0 = performance.now();
    await pool(
      Array.from({ length: CFG.passes }, (_, i) => i),
      4,
      async (i) => {
        const { c, mobile } = citizens[i % citizens.length]!;
        const res = await c.request('POST', '/api/public/applications', {
          service: 'EPASS',
          confirmDuplicate: true,
          data: {
            name: `आवेदक ${i + 1}`,
            mobile,
            category: 'medical',
            from: { areaId: areas.get('PBT-L-KHAKRA'), line: `House ${i + 1}` },
            to: { areaId: areas.get('PBT-L-SUNGARHI'), line: 'Bazaar' },
            travelDate: plusDays(1 + (i % 5)),
            persons: 2,
            vehicle: 'UP26AB1234',
            idProof: { kind: 'aadhaar', number: '2345 6789 0123' },
          },
        });
        if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.id);
      },
    );
    log(`${ids.length} e-passes filed by ${citizens.length} citizens in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // --- the SDM approves them from the queue, 200 a request
    const sdm = new BenchClient(base, 'sdm.sadar');
    await sdm.login(CFG.password);
    const versions = new Map(
      (await client.query(`select id, version from application where id = any($1::uuid[])`, [ids])).rows.map((r) => [r.id, r.version]),
    );
    const tApprove = performance.now();
    for (let i = 0; i < ids.length; i += 200) {
      const items = ids.slice(i, i + 200).map((id) => ({ id, version: versions.get(id) }));
      const res = await sdm.request('POST', '/api/applications/bulk', { action: 'approve', items });
      if (res.status !== 200) throw new Error(`bulk approval: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    log(`approved in ${((performance.now() - tApprove) / 1000).toFixed(1)} s (bulk, 200 a request)`);

    // --- wait until every pass is signed and its SMS with the link queued
    const deadline = Date.now() + 15 * 60_000;
    let done = 0;
    while (Date.now() < deadline) {
      const { rows } = await client.query(
        `select count(*)::int as n from issued_document d
           where d.application_id = any($1::uuid[]) and d.status = 'issued'
             and exists (select 1 from outbox_message m where m.related_id = d.application_id and m.body like '%/p/%')`,
        [ids],
      );
      done = rows[0].n;
      if (done >= ids.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows: timing } = await client.query(
      `select extract(epoch from d.issued_at) * 1000 as approved, extract(epoch from d.signed_at) * 1000 as signed,
              (select extract(epoch from min(m.created_at)) * 1000 from outbox_message m
                where m.related_id = d.application_id and m.body like '%/p/%') as sms
         from issued_document d where d.application_id = any($1::uuid[]) and d.status = 'issued'`,
      [ids],
    );
    const signedAt = timing.map((r) => Number(r.signed)).sort((a, b) => a - b);
    const drainMs = signedAt.length > 1 ? signedAt.at(-1)! - signedAt[0]! : 0;
    const signedRate = perSecond(signedAt.length - 1, drainMs);
    const toSms = timing.filter((r) => r.sms !== null).map((r) => Number(r.sms) - Number(r.approved));

    log(
      `issuing: ${signedAt.length} signed in ${(drainMs / 1000).toFixed(1)} s while the queue drained (${signedRate.toFixed(1)}/s); approval → SMS with the link p50 ${fmtMs(pct(toSms, 50))} ms, p95 ${fmtMs(pct(toSms, 95))} ms`,
    );
    const floor = await floorIssue(dir, CFG.seconds);
    const floorRate = perSecond(floor.n, floor.ms);
    log(
      `floor: ${floor.n} passes rendered and HSM-signed one after another in ${(floor.ms / 1000).toFixed(1)} s — render p50 ${fmtMs(pct(floor.renderMs, 50))} ms, sign (prepare + HSM + embed) p50 ${fmtMs(pct(floor.signMs, 50))} ms`,
    );

    // --- verification: the tokens of the issued passes, at a checkpoint
    const tokens = (await client.query(`select token from issued_document where status = 'issued'`)).rows.map((r) => r.token as string);
    const keys = (await new BenchClient(base).request('GET', '/api/verify/keys')).body.keys as JWK[];
    const revoked = new Set<string>();
    let floorVerified = 0;
    const fv0 = performance.now();
    const fvValid = { n: 0 };
    while (performance.now() - fv0 < CFG.seconds * 1000) {
      const r = await checkPassToken(tokens[floorVerified % tokens.length]!, { keys, isRevoked: (j) => revoked.has(j), now: new Date() });
      if (r.verdict === 'valid' || r.verdict === 'notYetValid') fvValid.n++;
      floorVerified++;
    }
    const floorVerifyRate = perSecond(floorVerified, performance.now() - fv0);

    // one sign-in (logins are limited per user), its session on every connection
    const first = new BenchClient(base, 'check.bareilly-border');
    await first.login(CFG.password);
    const checkers = Array.from({ length: CFG.verifyClients }, () => {
      const c = new BenchClient(base, 'check.bareilly-border');
      c.cookies = new Map(first.cookies);
      c.csrf = first.csrf;
      return c;
    });
    const lat: number[] = [];
    const verdicts = new Map<string, number>();
    let k = 0;
    const v0 = performance.now();
    await Promise.all(
      checkers.map(async (c) => {
        while (performance.now() - v0 < CFG.seconds * 1000) {
          const res = await c.request('POST', '/api/check/verify', { token: tokens[k++ % tokens.length] });
          if (res.status !== 200) throw new Error(`verify: ${res.status} ${JSON.stringify(res.body)}`);
          lat.push(res.ms);
          verdicts.set(res.body.verdict, (verdicts.get(res.body.verdict) ?? 0) + 1);
        }
      }),
    );
    const verifyRate = perSecond(lat.length, performance.now() - v0);

    const rows: (string | number)[][] = [
      ['figure', 'target', 'measured', 'floor', 'ratio', 'result'],
      [
        `passes rendered and HSM-signed per second (${signedAt.length} approved in bulk)`,
        `≥ ${TARGET.signedPerSecond}/s`,
        `${signedRate.toFixed(1)}/s`,
        `${floorRate.toFixed(1)}/s`,
        `${(floorRate / Math.max(signedRate, 0.001)).toFixed(2)}×`,
        signedRate >= TARGET.signedPerSecond ? 'met' : 'MISSED',
      ],
      ['approval → SMS with the link, p50 / p95', '-', `${fmtMs(pct(toSms, 50))} / ${fmtMs(pct(toSms, 95))} ms`, '-', '-', '-'],
      [
        `token verification, POST /api/check/verify (${CFG.verifyClients} connections)`,
        `≥ ${TARGET.verifiedPerSecond}/s`,
        `${verifyRate.toFixed(0)}/s (p50 ${fmtMs(pct(lat, 50))}, p95 ${fmtMs(pct(lat, 95))} ms)`,
        `${floorVerifyRate.toFixed(0)}/s in process`,
        `${(floorVerifyRate / Math.max(verifyRate, 0.001)).toFixed(2)}×`,
        verifyRate >= TARGET.verifiedPerSecond ? 'met' : 'MISSED',
      ],
      [
        'token verification in process (checkPassToken: signature, revocations, validity)',
        `≥ ${TARGET.verifiedPerSecond}/s`,
        `${floorVerifyRate.toFixed(0)}/s`,
        '-',
        '-',
        floorVerifyRate >= TARGET.verifiedPerSecond ? 'met' : 'MISSED',
      ],
    ];
    log('');
    log(
      `bench:passes summary — ${machine}; load average now ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
    table(rows);
    log(
      `verdicts at the checkpoint: ${[...verdicts].map(([v, n]) => `${v} ${n}`).join(', ')}; in process ${fvValid.n} of ${floorVerified} valid`,
    );
    if (done < ids.length) log(`NOTE: only ${done} of ${ids.length} passes were signed with their SMS queued within 15 minutes`);
    await writeFile(
      path.join(os.tmpdir(), 'bench-passes-last.json'),
      JSON.stringify({ signedRate, floorRate, toSms, verifyRate, floorVerifyRate }),
    );
    for (const c of [first, ...checkers, sdm, ...citizens.map((x) => x.c)]) c.close();
  } finally {
    await db.client?.end().catch(() => undefined);
    if (server) await server.stop('SIGINT').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
