/**
 * The district head's RTS dashboard in a real browser (issue 17): the DM opens it from the navigation
 * and sees the headline tiles with their definitions and the tehsil's on-time figure; when the SDM —
 * the deciding officer, through the API — disposes of a pending application, the open dashboard's
 * on-time % for the tehsil changes without a reload; the DM then drills down from the tehsil's count to
 * the list and opens the application.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { expectNoAxeViolations, login, POLL, startE2E, textOf, watchRealtime, type E2E, type RealtimeWatch } from '../support/browser.js';

let e2e: E2E;
let db: pg.Pool;
let sdm: ApiClient;
let dm: Page;
let dmSocket: RealtimeWatch;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};
const OFFICE = 'PBT-TEH-SADAR';

/** An application of the SDM Sadar filed 20 minutes ago: disposed of late (its due date yesterday), or pending with a due date far ahead. */
async function application(key: string, late: boolean) {
  const id = randomUUID();
  const { rows } = await db.query(
    `select o.id as office, p.id as post, s.id as service, v.id as version from office o, post p, service s join service_version v on v.service_id = s.id and v.status = 'live'
     where o.code = $1 and p.code = $2 and s.code = 'EPASS'`,
    [OFFICE, `${OFFICE}-SDM`],
  );
  const r = rows[0];
  ids[key] = id;
  refs[key] = `EPASS/E2E/${id.slice(0, 8)}`;
  await db.query(
    `insert into application (id, reference_number, service_id, service_version_id, office_id, subject, category, grading, priority, status, stage, channel,
      applicant_name, applicant_mobile, applicant_locale, data, origin_post_id, created_by_post_id, holder_post_id, held_since, closed_at,
      rts_due_date, on_time, version, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, 'EPASS', 'normal', 'normal', $7, $8, 'citizen', 'Ramesh Kumar', '9876543210', 'en', '{}', $9, $9, $9,
      now() - interval '20 minutes', $10, $11, $12, 1, now() - interval '20 minutes', now())`,
    [
      id,
      refs[key],
      r.service,
      r.version,
      r.office,
      `E-pass for ${key}`,
      late ? 'closed' : 'open',
      late ? 'approved' : 'submitted',
      r.post,
      late ? new Date(Date.now() - 10 * 60_000) : null,
      late ? new Date(Date.now() - 86_400_000 * 2).toISOString().slice(0, 10) : '2099-12-31',
      late ? false : null,
    ],
  );
  await db.query(`insert into item_access (item_type, item_id, post_id, read_only, granted_at) values ('appln', $1, $2, false, now())`, [
    id,
    r.post,
  ]);
}

beforeAll(async () => {
  e2e = await startE2E();
  db = new pg.Pool({ connectionString: e2e.system.db.url, max: 2 });
  await application('late', true);
  await application('pending', false);
  sdm = await loggedIn(e2e.base, 'sdm.sadar');
  dm = await e2e.newPage();
  dmSocket = watchRealtime(dm);
  await login(dm, 'dm', 'en');
  await vi.waitFor(() => expect(dmSocket.connects()).toBeGreaterThanOrEqual(1), POLL);
}, 120_000);
afterAll(async () => {
  await db?.end();
  await e2e?.close();
});

describe('RTS dashboard: the DM watches the tehsil’s on-time delivery change live and drills down to the application', () => {
  it('opens from the navigation: the four headline tiles with their definitions, the tehsil at 0% on time', async () => {
    await dm.getByTestId('nav-rts').click();
    await dm.waitForURL((url) => url.pathname === '/rts');
    await dm.getByTestId('rts-offices').waitFor();
    for (const tile of ['processingRate', 'onTimePct', 'processingTime', 'pendencyPct']) {
      await dm.getByTestId(`rts-tile-${tile}`).waitFor();
      expect(await textOf(dm, `rts-tile-${tile}-definition`)).not.toBe('');
    }
    expect(await textOf(dm, 'rts-tile-onTimePct-definition')).toMatch(/on or before their RTS due date/);
    expect(await dm.getByTestId('rts-scope').getAttribute('data-kind')).toBe('offices');
    await vi.waitFor(async () => expect(await textOf(dm, `rts-offices-${OFFICE}-onTimePct`)).toBe('0%'), POLL);
    await expectNoAxeViolations(dm, 'RTS dashboard');
  });

  it('the SDM disposes of the pending application (API): the open dashboard shows 50% without a reload', async () => {
    await dm.evaluate(() => ((globalThis as any).__e2eRealm = 'still-here'));
    const refreshes = Number(await dm.getByTestId('rts-updated').getAttribute('data-live-refreshes'));
    const version = (await sdm.get(`/api/applications/${ids.pending}`)).body.version;
    const decided = await sdm.post(`/api/applications/${ids.pending}/actions/reject`, {
      version,
      reason: 'incomplete',
      remarks: 'Documents missing',
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await vi.waitFor(async () => expect(await textOf(dm, `rts-offices-${OFFICE}-onTimePct`)).toBe('50%'), POLL);
    expect(Number(await dm.getByTestId('rts-updated').getAttribute('data-live-refreshes'))).toBeGreaterThan(refreshes);
    expect(await dm.evaluate(() => (globalThis as any).__e2eRealm ?? null)).toBe('still-here');
    expect(dmSocket.hints.some((h) => h.entity === 'rts')).toBe(true);
  });

  it('drills down from the tehsil’s count to the list, and opens the application', async () => {
    await dm.getByTestId(`rts-offices-${OFFICE}-received`).click();
    await dm.waitForURL((url) => url.pathname === '/rts/applications');
    const params = new URL(dm.url()).searchParams;
    expect(params.get('kind')).toBe('received');
    expect(params.get('atOfficeId')).toMatch(/^[0-9a-f-]{36}$/);
    const row = dm.locator(`[data-testid="rts-drill-row"][data-reference="${refs.pending}"]`);
    await row.waitFor();
    expect(await dm.locator(`[data-testid="rts-drill-row"][data-reference="${refs.late}"]`).count()).toBe(1);
    expect(await textOf(dm, 'rts-drill-narrowing')).toContain('Tehsil Pilibhit Sadar');
    await expectNoAxeViolations(dm, 'RTS drill-down');
    await dm.getByTestId(`rts-drill-open-${ids.pending}`).click();
    await dm.waitForURL((url) => url.pathname === `/applications/${ids.pending}`);
    await vi.waitFor(async () => expect(await textOf(dm, 'appln-reference')).toBe(refs.pending), POLL);
  });
});
