/**
 * The dashboard (issue 19) in a real browser, as the head of the demo municipality: the charts are
 * drawn (Chart.js, bundled like the designer), a figure opens the register list behind it with the
 * same count, and axe-core finds nothing serious in Latvian and English. Screenshots:
 * test-artifacts/dashboard-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { seriousViolations } from '../support/axe.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

describeInChromium('the dashboard in Chromium', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    world = await startDemoServer('dashboard');
    server = world.server;
    browser = await launchChromium();
    // A letter registered today, so that this year's figures are never all zero.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await logInAs(page, server, 'registrar', 'lv');
      await page.goto(`${server.url}/documents/new`);
      const ien = await page.locator('#registerId option', { hasText: 'IEN' }).getAttribute('value');
      await page.selectOption('#registerId', ien ?? '');
      await page.fill('#subject', 'Iesniegums par soliņiem parkā');
      await Promise.all([
        page.waitForURL(/\/documents\/[0-9a-f-]{36}$/),
        page.click('button[name=action][value=register]'),
      ]);
    } finally {
      await context.close();
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  it('draws the charts and opens the list behind a figure with the same count', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const errors = watchConsole(page);
      await logInAs(page, server, 'head', 'en');
      // The menu leads there.
      await Promise.all([page.waitForURL(/\/dashboard$/), page.click('nav.menu a[href="/dashboard"]')]);
      await page.waitForSelector('[data-chart][data-rendered] canvas', { timeout: 120_000 });
      expect(await page.locator('[data-chart][data-rendered] canvas').count()).toBe(3);
      // A drawn canvas has pixels that are not blank (the tests compile without the DOM types).
      const drawn = await page.locator('[data-chart] canvas').evaluateAll((canvases) =>
        canvases.map((element) => {
          const canvas = element as unknown as {
            width: number;
            height: number;
            getContext(kind: '2d'): { getImageData(...box: number[]): { data: ArrayLike<number> } } | null;
          };
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          return canvas.width > 100 && canvas.height > 50 && Array.from(pixels).some((value) => value !== 0);
        }),
      );
      expect(drawn).toEqual([true, true, true]);
      await screenshot(page, 'dashboard-en');
      const received = page.locator('a[data-figure=received]');
      const count = Number((await received.textContent())?.replace(/\D/g, ''));
      expect(count).toBeGreaterThan(0);
      await Promise.all([page.waitForURL(/\/documents\?/), received.click()]);
      const url = new URL(page.url());
      expect(url.searchParams.get('from')).toMatch(/^\d{4}-01-01$/);
      await expect(page.locator('main').textContent()).resolves.toContain(`Documents found: ${count}`);
      expect(errors).toEqual([]);
      // The same figures as CSV and XLSX, in the page's language.
      const csv = await page.request.get(`${server.url}/dashboard.csv`);
      expect(csv.headers()['content-type']).toContain('text/csv');
      expect(await csv.text()).toContain(`Total;Total;Received;${count}`);
      const xlsx = await page.request.get(`${server.url}/dashboard.xlsx`);
      expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    } finally {
      await context.close();
    }
  }, 240_000);

  it('refuses the dashboard to an executor', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await logInAs(page, server, 'executor', 'en');
      const response = await page.goto(`${server.url}/dashboard`);
      expect(response?.status()).toBe(403);
      expect(await page.locator('nav.menu a[href="/dashboard"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('finds nothing serious with axe in Latvian and English', async () => {
    for (const language of ['lv', 'en']) {
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await context.newPage();
        await logInAs(page, server, 'head', language);
        await page.goto(`${server.url}/dashboard`);
        await page.waitForSelector('[data-chart][data-rendered] canvas', { timeout: 120_000 });
        await screenshot(page, `dashboard-axe-${language}`);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 240_000);
});
