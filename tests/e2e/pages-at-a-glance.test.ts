/**
 * Every main page at a glance, in Hindi, at a desktop (1366×900) and a phone (390×844): a screenshot
 * of each (tests/.tmp/screenshots/, git-ignored, for people to look at), no page wider than the
 * screen (nothing scrolls sideways), axe clean, and on the phone the inbox shows its first item's
 * subject on the first screen (lists become cards: number, subject, sender, age, priority).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT_DIR } from '../../backend/src/config/env.js';
import { loggedIn, type ApiClient } from '../support/api-client.js';
import { chooseLanguage, expectNoAxeViolations, login, POLL, startE2E, type E2E } from '../support/browser.js';

const SHOTS = path.join(ROOT_DIR, 'tests', '.tmp', 'screenshots');
const VIEWPORTS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
] as const;

let e2e: E2E;
const pages: Record<'anonymous' | 'munshi' | 'sho' | 'admin', Page> = {} as never;
let receiptId: string;
let fileId: string;
const SUBJECTS = [
  'पुलिस लाइन में जल आपूर्ति की मरम्मत के संबंध में अनुरोध पत्र',
  'थाना क्षेत्र में रात्रि गश्त बढ़ाने हेतु ग्राम प्रधान का प्रार्थना पत्र',
  'Request for additional force for the Ramnavami procession on the Station Road',
];

interface PageCheck {
  name: string;
  who: keyof typeof pages;
  url: () => string;
  /** An element that shows the page has its content. */
  ready: (p: Page) => Promise<unknown>;
}
const byTestId = (id: string) => (p: Page) => p.getByTestId(id).first().waitFor();
const heading = (p: Page) => p.locator('h1').first().waitFor();

const CHECKS: PageCheck[] = [
  {
    name: 'login',
    who: 'anonymous',
    url: () => '/login',
    ready: byTestId('login-username'),
  },
  { name: 'verify', who: 'anonymous', url: () => '/verify', ready: heading },
  {
    name: 'inbox',
    who: 'sho',
    url: () => '/inbox',
    ready: (p) => p.locator('[data-testid^="inbox-row-"]').first().waitFor(),
  },
  {
    name: 'dak-desk',
    who: 'munshi',
    url: () => '/dak',
    ready: byTestId('dak-drop-zone'),
  },
  {
    name: 'diarise',
    who: 'munshi',
    url: () => '/dak/register',
    ready: byTestId('diarise-sender'),
  },
  {
    name: 'receipt',
    who: 'sho',
    url: () => `/receipts/${receiptId}`,
    ready: heading,
  },
  { name: 'files', who: 'sho', url: () => '/files', ready: heading },
  { name: 'file', who: 'sho', url: () => `/files/${fileId}`, ready: heading },
  { name: 'pendency', who: 'sho', url: () => '/pendency', ready: heading },
  {
    name: 'pendency-items',
    who: 'sho',
    url: () => '/pendency/items',
    ready: heading,
  },
  {
    name: 'search',
    who: 'sho',
    url: () => '/search?q=%E0%A4%97%E0%A4%B6%E0%A5%8D%E0%A4%A4',
    ready: heading,
  },
  { name: 'my-dsc', who: 'sho', url: () => '/signing', ready: heading },
  { name: 'dispatch', who: 'sho', url: () => '/dispatch', ready: heading },
  { name: 'admin', who: 'admin', url: () => '/admin', ready: heading },
];

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  e2e = await startE2E();
  const [munshiApi, shoApi] = (await Promise.all(['munshi.kotwali', 'sho.kotwali'].map((u) => loggedIn(e2e.base, u)))) as [
    ApiClient,
    ApiClient,
  ];
  const shoPost = (await munshiApi.get('/api/org/posts?q=PBT-PS-KOTWALI-SHO')).body.items[0].id;
  for (const subject of SUBJECTS) {
    const r = (
      await munshiApi.post('/api/receipts', {
        receivedDate: '2026-11-20',
        mode: 'post',
        sender: 'ग्राम प्रधान, बरखेड़ा, जनपद पीलीभीत',
        subject,
        priority: 'immediate',
      })
    ).body.receipt;
    const sent = await munshiApi.post(`/api/receipts/${r.id}/send`, {
      version: r.version,
      toPostId: shoPost,
      remarks: 'आवश्यक कार्यवाही हेतु',
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    receiptId = r.id;
  }
  const head = (await shoApi.get('/api/file-heads')).body.items[0];
  const file = await shoApi.post('/api/files', {
    headId: head.id,
    subject: 'रात्रि गश्त की व्यवस्था एवं समीक्षा',
  });
  expect(file.status, JSON.stringify(file.body)).toBe(201);
  fileId = file.body.id;

  pages.anonymous = await e2e.newPage();
  await pages.anonymous.goto('/login');
  await chooseLanguage(pages.anonymous, 'hi');
  for (const [who, username] of [
    ['munshi', 'munshi.kotwali'],
    ['sho', 'sho.kotwali'],
    ['admin', 'admin'],
  ] as const) {
    pages[who] = await e2e.newPage();
    await login(pages[who], username, 'hi');
  }
}, 120_000);
afterAll(async () => e2e?.close());

/** How much wider than the window the page is (0: nothing scrolls sideways), and what sticks out (not inside a scroller). */
const overflow = (p: Page) =>
  p.evaluate(() => {
    const g = globalThis as any;
    const doc = g.document.documentElement;
    const width = g.innerWidth as number;
    const clipped = (el: any) => {
      for (let a = el.parentElement; a && a !== g.document.body; a = a.parentElement)
        if (g.getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    const wide = [...g.document.querySelectorAll('body *')]
      .filter((el: any) => el.getClientRects().length && el.getBoundingClientRect().right > width + 1 && !clipped(el))
      .slice(0, 5)
      .map(
        (el: any) =>
          `${el.tagName.toLowerCase()}.${String(el.className?.baseVal ?? el.className)
            .split(' ')
            .join('.')}`,
      );
    return { excess: doc.scrollWidth - width, wide };
  });

describe.each(VIEWPORTS)('main pages in Hindi at $width×$height', (viewport) => {
  for (const check of CHECKS) {
    it(check.name, async () => {
      const page = pages[check.who];
      await page.setViewportSize(viewport);
      await page.goto(check.url());
      await check.ready(page);
      await page.locator('html[lang="hi"]').waitFor({ state: 'attached' });
      // let lazy data settle (spinners gone)
      await expect.poll(() => page.locator('.p-datatable-mask, .p-progressbar-indeterminate').count(), POLL).toBe(0);
      await page.screenshot({
        path: path.join(SHOTS, `${check.name}-${viewport.width}.png`),
        fullPage: true,
      });
      const o = await overflow(page);
      expect(o.excess, `${check.name} at ${viewport.width}px is wider than the screen: ${o.wide.join(', ')}`).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page, `${check.name} at ${viewport.width}px`);
    });
  }

  if (viewport.width === 390) {
    it('the first inbox item’s subject is on the first screen', async () => {
      const page = pages.sho;
      await page.goto('/inbox');
      const first = page.locator('[data-testid^="inbox-row-"]').first();
      await first.waitFor();
      const subject = first.locator('.subject');
      expect((await subject.textContent())?.trim()).toBeTruthy();
      expect(await subject.isVisible()).toBe(true);
      const box = (await subject.boundingBox())!;
      expect(box.y + box.height, 'the subject ends within the first screen').toBeLessThanOrEqual(844);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    });
  }
});
