/**
 * `npm test`: runs the guardrails (typecheck, lint, formatting, module dependency rules — each
 * counted as one test), builds the web app (the e2e tests drive the built app in Chromium), runs every
 * vitest project (unit, frontend, integration, e2e) and ends with a plain "N passed, N failed, N skipped"
 * line. With CI=true a skipped test fails the run: nothing may be skipped there.
 * `npm test -- <vitest args>` (e.g. a file) runs only vitest, without the guardrails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = path.join(root, 'tests', '.tmp', 'vitest-report.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });

const extra = process.argv.slice(2);

/** The guardrails: each an npm script that must exit 0; its output is shown only when it fails. */
const GUARDRAILS = ['typecheck', 'lint', 'format:check', 'depcheck'];
let guardPassed = 0;
let guardFailed = 0;
if (extra.length === 0) {
  for (const script of GUARDRAILS) {
    const started = Date.now();
    const res = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (res.status === 0) {
      guardPassed++;
      console.log(`✓ guardrail ${script} (${seconds} s)`);
    } else {
      guardFailed++;
      console.log(`✗ guardrail ${script} (${seconds} s)\n${res.stdout ?? ''}${res.stderr ?? ''}`);
    }
  }
}

// (only when its sources changed since the last build)
const build = spawnSync('npm', ['run', 'build:web:changed'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log(`${guardPassed} passed, ${guardFailed + 1} failed`);
  console.error('The web app did not build.');
  process.exit(1);
}

const run = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

let passed = guardPassed;
let failed = guardFailed;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: Array<{ status: string; message?: string; name: string }>;
  };
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  // a file that failed to load has no tests but must count as a failure
  failed += json.testResults.filter((f) => f.status === 'failed' && f.message).length;
} catch {
  failed += 1;
}
const ci = process.env.CI === 'true';
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (ci && skipped > 0) console.error('CI: skipped tests are not allowed.');
process.exit(run.status !== 0 || failed > 0 || (ci && skipped > 0) ? 1 : 0);
