/**
 * axe-core in real Chromium on the main pages, as the people who use them: no violation of
 * impact `serious` or `critical` (labels, contrast, landmarks, names of links and buttons).
 * The file is skipped only where Chromium is missing; `.ci/run` installs it, so CI never skips.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { logIn, optionValue, taskLinks } from '../pages/pageClient.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot } from '../support/chromium.js';
import { samplePdf } from '../support/samplePdf.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;
const require = createRequire(import.meta.url);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describeInChromium('accessibility of the main pages (axe-core)', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  let axeSource: string;
  let documentPath: string;
  let taskPath: string;

  beforeAll(async () => {
    world = await startDemoServer('axe');
    server = world.server;
    axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
    // A registered letter gives the card and the mayor's resolution task something to show.
    const registrar = await logIn(server, 'registrar');
    const newForm = await registrar.page('/documents/new');
    const data = new FormData();
    data.set('registerId', optionValue(newForm, 'IEN'));
    data.set('subject', 'Iesniegums par ceļa remontu');
    data.set('correspondentName', 'Jānis Bērziņš');
    data.set('action', 'register');
    data.append('attachments', new Blob([await samplePdf(['Lūdzu.'])], { type: 'application/pdf' }), 'a.pdf');
    const registered = await registrar.upload('/documents/new', '/documents/new', data);
    documentPath = registered.headers.get('location') ?? '';
    const head = await logIn(server, 'head');
    taskPath = `/tasks/${taskLinks(await head.page('/'))[0] ?? ''}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.stop();
  });

  /** Runs axe on the page as it is now; only what a user would be stopped by fails the test. */
  async function seriousViolations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const { violations, passes } = await page.evaluate(async () => {
      const axe = (
        globalThis as unknown as { axe: { run(): Promise<{ violations: unknown[]; passes: unknown[] }> } }
      ).axe;
      const results = await axe.run();
      return { violations: results.violations, passes: results.passes.length };
    });
    // A page axe could not check would pass silently: it must have checked some rules.
    expect(passes).toBeGreaterThan(10);
    return (violations as AxeViolation[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** Who opens which page; `null`: not logged in. */
  const PAGES: [name: string, username: string | null, path: () => string][] = [
    ['login', null, () => '/login'],
    ['inbox', 'head', () => '/'],
    ['register list', 'registrar', () => '/documents'],
    ['new document', 'registrar', () => '/documents/new'],
    ['document card', 'registrar', () => documentPath],
    ['task page', 'head', () => taskPath],
    ['control', 'head', () => '/control'],
    ['audit log', 'auditor', () => '/audit'],
    ['administration', 'admin', () => '/admin'],
  ];

  it.each(PAGES)('finds nothing serious on the %s page', async (name, username, path) => {
    for (const language of ['lv', 'en']) {
      // axe is injected as a script of its own, which the pages' CSP (scripts from 'self') refuses.
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await context.newPage();
        if (username) await logInAs(page, server, username, language);
        else await page.goto(`${server.url}/language/${language}?back=/login`);
        await page.goto(`${server.url}${path()}`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `axe-${language}-${name.replaceAll(' ', '-')}`);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('lets a keyboard user skip the menu: the first Tab reaches a visible "skip to content" link', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await logInAs(page, server, 'registrar', 'lv');
      await page.goto(`${server.url}/documents/new`);
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      await expect(focused.getAttribute('href')).resolves.toBe('#main');
      await expect(focused.isVisible()).resolves.toBe(true);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      // Focus continues inside the page's content, at its first field.
      await expect(page.locator(':focus').evaluate((el) => el.closest('main') !== null)).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });
});
