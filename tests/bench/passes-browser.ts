/**
 * `npm run bench:passes:browser` — the browser part of `bench:passes`: how long a checkpoint phone
 * takes to verify a scanned pass offline, in Chromium, with the very module the checkpoint app runs
 * (backend/src/modules/passes/pass-token.ts, bundled here with esbuild as the app's build bundles it):
 * signature against the published keys (several, as after key rotations), the revocation list (a Set
 * of BENCH_REVOKED ids), the dates in India time and the gate. Target: under 50 ms per scan.
 *
 * BENCH_SCANS (default 500) tokens of varied holders and kinds are judged one after another, as scans
 * come; the first (cold: the keys are imported) is reported apart. Chromium runs with CPU throttling
 * BENCH_CPU_SLOWDOWN (default 4, roughly a low-end phone against this machine's core; 1 = none).
 */
import http from 'node:http';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { build } from 'esbuild';
import type { JWK } from 'jose';
import { chromium } from 'playwright-core';
import { signPassToken, type PassClaims } from '../../backend/src/modules/passes/index.js';
import { envNum, fmtMs, freePort, log, pct, table } from './kit.js';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
const SCANS = Math.floor(envNum('BENCH_SCANS', 500));
const REVOKED = Math.floor(envNum('BENCH_REVOKED', 20_000));
const SLOWDOWN = envNum('BENCH_CPU_SLOWDOWN', 4);

function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { kid, privateKey, jwk: { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'EdDSA', use: 'sig' } };
}

// three published keys (two retired), the newest signs
const keys = [keyPair('k-2024'), keyPair('k-2025'), keyPair('k-2026')];
const signer = keys[2]!;
const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
const revoked = Array.from({ length: REVOKED }, () => randomUUID());
const tokens: string[] = [];
for (let i = 0; i < SCANS; i++) {
  const visitor = i % 2 === 0;
  const claims: PassClaims = {
    v: 1,
    j: i % 50 === 7 ? revoked[i % revoked.length]! : randomUUID(),
    k: visitor ? 'visitor' : 'pass',
    r: `${visitor ? 'VPSP' : 'EPASS'}/PBT/SP/2026/${String(i).padStart(6, '0')}`,
    s: visitor ? 'VISITOR-SP' : 'EPASS',
    n: i % 3 ? 'रामेश्वर प्रसाद' : 'Kamla Devi',
    m: `aadhaar:${String(1000 + i).slice(-4)}`,
    f: visitor ? `${today}T00:00` : today,
    u: visitor ? `${today}T23:59` : today,
    d: visitor ? 'अपराध शाखा' : 'पीलीभीत → बरेली',
    ...(visitor ? { g: 'PBT-SP' } : { vh: 'UP26AB1234' }),
    o: 'PBT-SP',
    iss: 'patravali',
  };
  tokens.push(await signPassToken(claims, signer));
}

// the module, bundled for the browser as the web app's build does (jose's browser build, WebCrypto)
const bundled = await build({
  stdin: {
    contents: `export { checkPassToken } from './backend/src/modules/passes/pass-token.ts';`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  minify: true,
  write: false,
});
const moduleSource = bundled.outputFiles[0]!.text;

const page = `<!doctype html><meta charset="utf-8"><title>bench</title><script type="module">
import { checkPassToken } from '/pass-token.js';
globalThis.runBench = async (tokens, keys, revokedIds) => {
  const revoked = new Set(revokedIds);
  const times = [];
  const verdicts = {};
  for (const token of tokens) {
    const t0 = performance.now();
    const r = await checkPassToken(token, { keys, isRevoked: (j) => revoked.has(j), now: new Date(), place: 'PBT-SP' });
    times.push(performance.now() - t0);
    verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  }
  return { times, verdicts };
};
globalThis.benchReady = true;
</script>`;

const port = await freePort();
const server = http.createServer((req, res) => {
  if (req.url === '/pass-token.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(moduleSource);
  else res.writeHead(200, { 'content-type': 'text/html' }).end(page);
});
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const tab = await context.newPage();
  if (SLOWDOWN > 1) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  }
  await tab.goto(`http://127.0.0.1:${port}/`);
  await tab.waitForFunction(() => (globalThis as { benchReady?: boolean }).benchReady === true);
  const publicKeys = keys.map((k) => k.jwk);
  const { times, verdicts } = await tab.evaluate(
    ([t, k, r]) =>
      (
        globalThis as unknown as {
          runBench: (t: string[], k: JWK[], r: string[]) => Promise<{ times: number[]; verdicts: Record<string, number> }>;
        }
      ).runBench(t, k, r),
    [tokens, publicKeys, revoked] as const,
  );
  const [cold, ...warm] = times;
  const total = times.reduce((a, b) => a + b, 0);
  log(
    `Offline pass verification in Chromium (${SCANS} scans, ${publicKeys.length} published keys, ${REVOKED} revoked ids, CPU slowdown ×${SLOWDOWN})`,
  );
  log();
  table([
    ['', 'ms'],
    ['first scan (cold)', fmtMs(cold)],
    ['p50', fmtMs(pct(warm, 50))],
    ['p95', fmtMs(pct(warm, 95))],
    ['p99', fmtMs(pct(warm, 99))],
    ['max', fmtMs(Math.max(...warm))],
  ]);
  log();
  log(`scans per second: ${((times.length / total) * 1000).toFixed(0)}; verdicts: ${JSON.stringify(verdicts)}`);
  const p95 = pct(warm, 95);
  log(`target < 50 ms per scan: ${p95 < 50 && (cold ?? 0) < 50 ? 'met' : 'NOT met'} (p95 ${fmtMs(p95)} ms, first ${fmtMs(cold)} ms)`);
} finally {
  await browser.close();
  server.close();
}
