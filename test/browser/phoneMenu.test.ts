/**
 * Phones and page languages in a real browser. At 390 px the header folds its menu into "Menu" (a
 * <details> disclosure that a keyboard opens, no script needed), keeps the search box, and the
 * inbox's first task is on the first screen; at 1280 px the menu is one line. The shipped process
 * names its steps in the page's language, and the Russian card's longest label never runs into its
 * value. Screenshots: test-artifacts/phone-*.png and desktop-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot } from '../support/chromium.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

describeInChromium('the header on a phone, and names in the page language', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  let documentPath: string;

  beforeAll(async () => {
    world = await startDemoServer('phone-menu');
    server = world.server;
    browser = await launchChromium();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await logInAs(page, server, 'registrar', 'lv');
      await page.goto(`${server.url}/documents/new`);
      const ien = await page.locator('#registerId option', { hasText: 'IEN' }).getAttribute('value');
      await page.selectOption('#registerId', ien ?? '');
      await page.fill('#subject', 'Iesniegums par ielu apgaismojumu Skolas ielā');
      await Promise.all([
        page.waitForURL(/\/documents\/[0-9a-f-]{36}$/),
        page.click('button[name=action][value=register]'),
      ]);
      documentPath = new URL(page.url()).pathname;
    } finally {
      await context.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  async function headIn(language: string, viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await logInAs(page, server, 'head', language);
    return { page, close: () => context.close() };
  }

  const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();

  it('folds the menu at 390 px, keeps the search box, and shows the first task on the first screen', async () => {
    const { page, close } = await headIn('ru', PHONE);
    try {
      await page.goto(`${server.url}/`);
      const header = await page.locator('header.top').boundingBox();
      const firstTask = page.locator('main a[href^="/tasks/"]').first();
      const task = await firstTask.boundingBox();
      await screenshot(page, 'phone-inbox-ru-390');

      expect(await visible(page, 'details.menu-compact > summary')).toBe(true);
      expect(await page.locator('details.menu-compact').getAttribute('open')).toBeNull();
      expect(await visible(page, 'header.top > nav.menu')).toBe(false);
      expect(await visible(page, '#header-search')).toBe(true);
      // Two short lines: the brand and "Menu" (the languages are in it); the search box.
      expect(header?.height).toBeLessThan(120);
      expect(await firstTask.textContent()).toBe('Резолюция');
      expect((task?.y ?? Infinity) + (task?.height ?? 0)).toBeLessThan(PHONE.height);
    } finally {
      await close();
    }
  });

  it('opens the folded menu from the keyboard, and every entry is there', async () => {
    const { page, close } = await headIn('lv', PHONE);
    try {
      await page.goto(`${server.url}/`);
      const summary = page.locator('details.menu-compact > summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      await screenshot(page, 'phone-menu-open-lv-390');

      expect(await page.locator('details.menu-compact').getAttribute('open')).not.toBeNull();
      const links = page.locator('details.menu-compact nav a');
      await expect(links.first().isVisible()).resolves.toBe(true);
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs).toEqual(expect.arrayContaining(['/', '/documents', '/control']));
      await expect(
        page.locator('details.menu-compact button[type=submit]').first().isVisible(),
      ).resolves.toBe(true);
      // The language switch, folded into the menu with it: all six, the page's own marked.
      const languages = page.locator('details.menu-compact .menu-languages button');
      expect(await languages.allTextContents()).toEqual(['LV', 'EN', 'RU', 'LT', 'CS', 'KK']);
      await expect(languages.last().isVisible()).resolves.toBe(true);
      expect(await page.locator('.menu-languages button[aria-current=true]').textContent()).toBe('LV');
      expect(await visible(page, '.who .languages')).toBe(false);
      // Enter on the summary again folds it.
      await summary.focus();
      await page.keyboard.press('Enter');
      expect(await page.locator('details.menu-compact').getAttribute('open')).toBeNull();
    } finally {
      await close();
    }
  });

  it('shows the menu in one line at 1280 px, without the disclosure', async () => {
    const { page, close } = await headIn('en', DESKTOP);
    try {
      await page.goto(`${server.url}/`);
      await screenshot(page, 'desktop-inbox-en-1280');

      expect(await visible(page, 'details.menu-compact')).toBe(false);
      expect(await visible(page, 'header.top > nav.menu')).toBe(true);
      const entries = await page
        .locator('header.top > nav.menu li')
        .evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
      expect(entries).toBe(1);
      await expect(page.locator('main a[href^="/tasks/"]').first().textContent()).resolves.toBe('Resolution');
      await page.locator('main a[href^="/tasks/"]').first().click();
      await expect(page.locator('main h2').first().textContent()).resolves.toBe('Resolution');
      await screenshot(page, 'desktop-task-en-1280');
    } finally {
      await close();
    }
  });

  it('keeps "Конфиденциальность" clear of its value on the Russian card, at 1280 and at 390 px', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, close } = await headIn('ru', viewport);
      try {
        await page.goto(`${server.url}${documentPath}`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `${viewport === PHONE ? 'phone' : 'desktop'}-card-ru-${viewport.width}`);
        const label = page.locator('dl.meta dt', { hasText: 'Конфиденциальность' });
        const box = await label.boundingBox();
        const value = await label.evaluate((dt) => {
          const dd = dt.nextElementSibling?.getBoundingClientRect();
          const range = dt.ownerDocument.createRange();
          range.selectNodeContents(dt);
          const text = range.getBoundingClientRect();
          return { dd: dd ? { x: dd.x, y: dd.y } : null, textRight: text.right, textBottom: text.bottom };
        });

        expect(box).not.toBeNull();
        expect(value.dd).not.toBeNull();
        if (viewport === DESKTOP) expect(value.textRight).toBeLessThanOrEqual((value.dd?.x ?? 0) + 0.5);
        else expect(value.textBottom).toBeLessThanOrEqual((value.dd?.y ?? 0) + 0.5);
        await expect(page.locator('main').textContent()).resolves.toContain('Входящая корреспонденция');
      } finally {
        await close();
      }
    }
  });
});
