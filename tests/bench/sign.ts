/**
 * Signing benchmark (npm run bench:sign). A SoftHSM token holds an officer's RSA-2048 key under a
 * test CA (made now), the real signing agent serves it over HTTP, and:
 *
 *   1. prepare + sign + embed   a rendered 10-page Hindi/English letter: placeholder + ByteRange
 *                               digest + signed attributes (prepare), the agent signs through
 *                               PKCS#11 (sign; PIN entered once, before timing), CMS assembled and
 *                               written into /Contents (embed). Target p50 < 100 ms. Rendering the
 *                               letter (pdfkit) is measured on its own line.
 *   2. verification             our verifier on the signed letter (chain, CRL, ByteRange digest,
 *                               CMS signature). Target p50 < 100 ms.
 *   3. agent throughput         signatures/s of one /v1/sign batch of BENCH_BATCH digests, against
 *                               `openssl speed rsa2048` sign/s on this machine (one core), as a ratio.
 *
 * Environment: BENCH_N (50 iterations), BENCH_BATCH (200). Exits 0 after measuring; a missed
 * target is printed as MISSED.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createCa, createCrl, issueCertificate } from '../support/pki.js';
import { createSoftHsmToken, SOFTHSM_LIBRARY } from '../support/softhsm.js';
import { startAgent } from '../support/agent-driver.js';
import { renderLetter } from '../../backend/src/modules/signing/letter-pdf.js';
import { embedCms, preparePdf } from '../../backend/src/modules/signing/crypto/pades.js';
import { assembleSignedData, parseCertificate, prepareSignedAttributes } from '../../backend/src/modules/signing/crypto/cms.js';
import { TrustStore } from '../../backend/src/modules/signing/crypto/certificates.js';
import { verifyPdf } from '../../backend/src/modules/signing/crypto/verify-pdf.js';

const run = promisify(execFile);
const N = Number(process.env.BENCH_N ?? 50);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const PIN = '112233';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-sign-'));
const root = createCa({ commonName: 'Bench Root CA' });
const officer = issueCertificate(root, { commonName: 'बेंच अधिकारी (Bench Officer)' });
await writeFile(path.join(dir, 'root.pem'), root.certPem);
await writeFile(path.join(dir, 'root.crl'), createCrl(root, []));
const token = await createSoftHsmToken({
  label: 'Bench DSC',
  pin: PIN,
  soPin: '87654321',
  entries: [{ id: '01', leaf: officer, chain: [root] }],
  parentDir: dir,
});
const agent = await startAgent({ origin: 'http://127.0.0.1:3000', args: ['--pkcs11', SOFTHSM_LIBRARY], env: token.env });

try {
  await agent.pair();
  await agent.openSession(PIN);
  const [entry] = await agent.certificates();
  const cert = parseCertificate(Buffer.from(entry!.certificate, 'base64'));
  const chain = entry!.chain.map((c) => parseCertificate(Buffer.from(c, 'base64')));
  const store = new TrustStore({ anchorFiles: [path.join(dir, 'root.pem')], crlSources: [path.join(dir, 'root.crl')] });

  const para =
    'पुलिस अधीक्षक पीलीभीत द्वारा थाना कोतवाली के संबंध में आवश्यक कार्यवाही हेतु निर्देशित किया जाता है कि सभी संवेदनशील स्थलों पर पर्याप्त बल की व्यवस्था सुनिश्चित की जाए। The Station House Officer shall ensure adequate deployment at all sensitive points and report compliance by the due date.';
  const content = {
    office: { nameHi: 'पुलिस अधीक्षक कार्यालय, पीलीभीत', nameEn: 'Office of the Superintendent of Police, Pilibhit' },
    issueNumber: 'PBT/SP/D-15/2026',
    date: '22-11-2026',
    fileNumber: 'PBT/SP/CRIME/12/2026',
    subject: 'होली पर्व पर सुरक्षा व्यवस्था / Security arrangements for Holi',
    addressee: 'थानाध्यक्ष, थाना कोतवाली, पीलीभीत',
    body: Array.from({ length: 68 }, (_, i) => `${i + 1}. ${para}`).join('\n'),
    signatory: { name: 'राम कुमार (Ram Kumar)', designation: 'पुलिस अधीक्षक / Superintendent of Police' },
    verifyUrl: `http://127.0.0.1:3000/verify/${'x'.repeat(260)}`,
  };

  // warm-up (module loading, font parsing, JIT)
  let pdf = await renderLetter(content);
  for (let i = 0; i < 3; i++) pdf = await renderLetter(content);
  await writeFile(path.join(dir, 'letter.pdf'), pdf);
  const { stdout: info } = await run('pdfinfo', [path.join(dir, 'letter.pdf')]);
  const pages = Number(/Pages:\s+(\d+)/.exec(String(info))?.[1] ?? '0');

  const render: number[] = [];
  for (let i = 0; i < Math.min(N, 30); i++) {
    const t = performance.now();
    await renderLetter(content);
    render.push(performance.now() - t);
  }

  const prep: number[] = [];
  const sign: number[] = [];
  const emb: number[] = [];
  const total: number[] = [];
  let signed: Buffer = Buffer.alloc(0);
  for (let i = 0; i < N + 3; i++) {
    const t0 = performance.now();
    const prepared = preparePdf(pdf, {
      name: 'Bench Officer',
      reason: 'Issued as PBT/SP/D-15/2026',
      location: 'Pilibhit',
      contactInfo: 'SP',
      signingTime: new Date(),
    });
    const attrs = prepareSignedAttributes(prepared.digest, cert);
    const t1 = performance.now();
    const res = await agent.sign(entry!.id, [{ title: content.issueNumber, digest: attrs.digest.toString('base64') }]);
    const t2 = performance.now();
    signed = embedCms(prepared, assembleSignedData(attrs, Buffer.from(res.signatures[0]!.signature, 'base64'), cert, chain));
    const t3 = performance.now();
    if (i < 3) continue; // warm-up
    prep.push(t1 - t0);
    sign.push(t2 - t1);
    emb.push(t3 - t2);
    total.push(t3 - t0);
  }

  const verify: number[] = [];
  for (let i = 0; i < N + 3; i++) {
    const t = performance.now();
    const r = await verifyPdf(store, signed);
    const took = performance.now() - t;
    if (!r.isPdf || !r.readable || !r.signatures[0]?.integrity || !r.signatures[0].trusted || r.signatures[0].revocation !== 'good')
      throw new Error('the benchmark letter did not verify');
    if (i >= 3) verify.push(took);
  }
  await writeFile(path.join(dir, 'signed.pdf'), signed);

  // agent throughput against openssl speed
  const digests = Array.from({ length: BATCH }, (_, i) => ({ title: `item ${i}`, digest: Buffer.alloc(32, i % 256).toString('base64') }));
  await agent.sign(entry!.id, digests.slice(0, 10));
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await agent.sign(entry!.id, digests);
    rates.push(BATCH / ((performance.now() - t) / 1000));
  }
  const agentRate = pct(rates, 50);
  const { stdout: speed } = await run('openssl', ['speed', '-seconds', '3', 'rsa2048'], { maxBuffer: 1 << 22 });
  const m = /rsa\s+2048\s+bits\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)/.exec(speed);
  const opensslRate = m ? Number(m[1]) : NaN;

  const { stdout: cpu } = await run('bash', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2; nproc; uptime"]);
  console.log(
    `\nbench:sign — ${pages}-page letter (${(pdf.length / 1024).toFixed(0)} KiB, Hindi + English), SoftHSM RSA-2048 via the agent over HTTP, N=${N}`,
  );
  console.log(`machine: ${cpu.trim().replace(/\n/g, ' | ')}`);
  console.log(
    `render letter (pdfkit)        p50 ${ms(pct(render, 50))}  p95 ${ms(pct(render, 95))}   (not part of the target; done once per letter)`,
  );
  console.log(`prepare (placeholder+digest)  p50 ${ms(pct(prep, 50))}  p95 ${ms(pct(prep, 95))}`);
  console.log(`sign (agent → PKCS#11)        p50 ${ms(pct(sign, 50))}  p95 ${ms(pct(sign, 95))}`);
  console.log(`embed (CMS + /Contents)       p50 ${ms(pct(emb, 50))}  p95 ${ms(pct(emb, 95))}`);
  console.log(
    `prepare + sign + embed        p50 ${ms(pct(total, 50))}  p95 ${ms(pct(total, 95))}   target p50 < 100 ms: ${verdict(pct(total, 50) < 100)}`,
  );
  console.log(`render + prepare + sign + embed p50 ${ms(pct(render, 50) + pct(total, 50))} (sum of p50s)`);
  console.log(
    `verification                  p50 ${ms(pct(verify, 50))}  p95 ${ms(pct(verify, 95))}   target p50 < 100 ms: ${verdict(pct(verify, 50) < 100)}`,
  );
  console.log(`agent signatures/s            ${agentRate.toFixed(0)}/s (batch of ${BATCH}, median of 3)`);
  console.log(`openssl speed rsa2048 sign/s  ${opensslRate.toFixed(0)}/s`);
  console.log(`ratio agent / openssl         ${(agentRate / opensslRate).toFixed(2)}×`);
} finally {
  await agent.stop();
  await token.cleanup();
  await rm(dir, { recursive: true, force: true });
}
