/**
 * End-to-end harness: the real system (API + worker + Socket.IO) serving the built web app from
 * frontend/dist, driven by the system's Chromium through playwright-core. Nothing here downloads a
 * browser: the executable is /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import type { System } from '../../backend/src/system.js';
import { bootSystem, type TestDatabase } from './boot.js';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'patravali-demo';
const AXE_PATH = path.join(ROOT_DIR, 'node_modules', 'axe-core', 'axe.min.js');
const DIST_INDEX = path.join(ROOT_DIR, 'frontend', 'dist', 'index.html');

export type Lang = 'hi' | 'en';

export interface E2E {
  system: System & { db: TestDatabase };
  /** Where the app is served, e.g. http://127.0.0.1:41234 */
  base: string;
  browser: Browser;
  /** A fresh browser context (own cookies and localStorage) and page — one per user. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface E2EOptions {
  /** Chromium's fake camera (a moving test pattern) without its permission prompt, and camera permission granted to every page. */
  fakeCamera?: boolean;
  /**
   * What the fake camera shows instead of its test pattern: a .y4m or .mjpeg file made once the system
   * is up (e.g. a QR code of a pass signed with the system's key). Implies `fakeCamera`.
   */
  cameraFile?: (system: E2E['system']) => Promise<string>;
}

/** Boots the system with SERVE_FRONTEND=true (and any extra settings) and launches headless Chromium. */
export async function startE2E(env: Record<string, string> = {}, options: E2EOptions = {}): Promise<E2E> {
  if (!existsSync(DIST_INDEX)) throw new Error('frontend/dist is missing: run `npm run build:web` first (npm test does it).');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const system = await bootSystem({ env: { SERVE_FRONTEND: 'true', ...env } });
  let browser: Browser;
  const fakeCamera = options.fakeCamera || !!options.cameraFile;
  try {
    const cameraFile = options.cameraFile ? await options.cameraFile(system) : null;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        ...(fakeCamera ? ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] : []),
        ...(cameraFile ? [`--use-file-for-fake-video-capture=${cameraFile}`] : []),
      ],
    });
  } catch (e) {
    await system.stop();
    throw e;
  }
  const base = system.url!;
  const contexts: BrowserContext[] = [];
  return {
    system,
    base,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: base,
        viewport: { width: 1366, height: 900 },
        locale: 'en-IN',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(15_000);
      context.setDefaultNavigationTimeout(20_000);
      contexts.push(context);
      if (fakeCamera) await context.grantPermissions(['camera']);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[browser page error] ${err.message}`));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await system.stop();
    },
  };
}

/** The language switch's toggle button for one language (the testid sits on the label inside it). */
export function langButton(page: Page, lang: Lang) {
  return page
    .getByTestId('lang-switch')
    .locator('button')
    .filter({ has: page.getByTestId(`lang-${lang}`) });
}

/** Chooses a language with the switch and waits until the page says so in `<html lang>`. */
export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  await page.getByTestId(`lang-${lang}`).click();
  await page.locator(`html[lang="${lang}"]`).waitFor({ state: 'attached' });
  await langButton(page, lang).and(page.locator('[aria-pressed="true"]')).waitFor();
}

/**
 * Opens /login, makes a language choice on the page (so that it is the one made "here"), and fills
 * and submits the real form. Does not wait for the outcome.
 */
export async function submitLogin(page: Page, username: string, lang: Lang, password = DEMO_PASSWORD): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByTestId('login-username').waitFor();
  // A language already showing counts as no choice; pick the other one first so this one is chosen here.
  if ((await langButton(page, lang).getAttribute('aria-pressed')) === 'true') await chooseLanguage(page, lang === 'hi' ? 'en' : 'hi');
  await chooseLanguage(page, lang);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in through the login form and waits for the shell. */
export async function login(page: Page, username: string, lang: Lang = 'en', password = DEMO_PASSWORD): Promise<void> {
  await submitLogin(page, username, lang, password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.getByTestId('current-user').waitFor();
}

/**
 * Picks an option of a PrimeVue Select: opens it by its root test id, optionally types into the
 * filter box of its overlay (not page-wide: search fields such as `posts-search` are searchboxes too),
 * and clicks the option — given by its test id (`{ testId }`) or its accessible name (`{ name }`).
 */
export async function pickOption(
  page: Page,
  selectTestId: string,
  option: { testId: string } | { name: string },
  filter?: string,
): Promise<void> {
  await page.getByTestId(selectTestId).click();
  const overlay = page.locator('.p-select-overlay');
  await overlay.waitFor();
  if (filter !== undefined) await overlay.getByRole('searchbox').fill(filter);
  const target = 'testId' in option ? overlay.getByTestId(option.testId) : overlay.getByRole('option', { name: option.name, exact: true });
  await target.click();
  await overlay.waitFor({ state: 'detached' });
}

export interface RealtimeWatch {
  /** Socket.IO connections the page has completed (server acknowledged CONNECT). */
  connects(): number;
  /** Every `hint` event the page received, in order. */
  hints: Array<{ entity: string; ids: string[] }>;
}

/**
 * Watches the page's Socket.IO WebSocket frames. Call before the page connects (before login).
 * A hint sent before the socket joined its rooms is lost, so tests wait for `connects()` before
 * making the change they expect to see live.
 */
export function watchRealtime(page: Page): RealtimeWatch {
  let connects = 0;
  const hints: RealtimeWatch['hints'] = [];
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/socket.io/')) return;
    ws.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      if (text.startsWith('40')) connects += 1;
      else if (text.startsWith('42')) {
        try {
          const [event, data] = JSON.parse(text.slice(2)) as [string, { entity: string; ids: string[] }];
          if (event === 'hint') hints.push(data);
        } catch {
          // not an event we know
        }
      }
    });
  });
  return { connects: () => connects, hints };
}

/** The trimmed text of the element with this test id (auto-waits for it to exist). */
export async function textOf(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).textContent()) ?? '').trim();
}

/** Options for `expect.poll` in browser tests (vitest's default of 1 s is too short for UI round trips). */
export const POLL = { timeout: 15_000, interval: 50 } as const;

let axeSourceText: string | undefined;
async function axeSource(): Promise<string> {
  axeSourceText ??= await readFile(AXE_PATH, 'utf8');
  return axeSourceText;
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
}

/**
 * Runs axe-core on the whole document (WCAG 2.0/2.1 A and AA plus best practices) and fails with
 * every violation: rule id, impact, help text and the selectors of the offending nodes.
 */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  // let enter/leave transitions (dialogs, toasts) finish so that colours are final; spinners run forever and are skipped
  await page.evaluate(() => {
    const doc = (globalThis as any).document;
    return Promise.all(
      (doc.getAnimations() as any[])
        .filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity))
        .map((a) => a.finished.catch(() => undefined)),
    );
  });
  // The app's Content-Security-Policy (default-src 'self') rightly refuses the inline <script> that
  // page.addScriptTag would add; rather than switch CSP off for the whole context (bypassCSP, which
  // would hide CSP regressions of the app), axe's source is evaluated through the DevTools protocol.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await axeSource());
  const result = await page.evaluate(
    () =>
      (globalThis as any).axe.run((globalThis as any).document, {
        runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      }) as Promise<AxeResult>,
  );
  const lines = result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`).join('\n')}`,
  );
  if (lines.length) throw new Error(`axe found ${lines.length} violation(s) on ${label}:\n  ${lines.join('\n  ')}`);
}
