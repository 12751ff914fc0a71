/**
 * The inbox, the document card, the task page and the designer in each of the six languages, in
 * real Chromium: the page says which language it is in, its words and the shipped process's step
 * names are that language's, and axe finds nothing serious.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { LANGUAGES } from '../../engine/i18n/languages.js';
import { translator } from '../../web/i18n/translate.js';
import type { RunningServer } from '../../web/server.js';
import { logIn, optionValue, taskLinks } from '../pages/pageClient.js';
import { seriousViolations } from '../support/axe.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot } from '../support/chromium.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

/** The Resolution step of the shipped incoming-correspondence process, as its diagram names it. */
const RESOLUTION: Record<(typeof LANGUAGES)[number], string> = {
  lv: 'Rezolūcija',
  en: 'Resolution',
  ru: 'Резолюция',
  lt: 'Rezoliucija',
  cs: 'Rezoluce',
  kk: 'Бұрыштама',
};

describeInChromium('the pages in every language', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  let documentPath: string;
  let taskPath: string;

  beforeAll(async () => {
    world = await startDemoServer('languages');
    server = world.server;
    const registrar = await logIn(server, 'registrar');
    const newForm = await registrar.page('/documents/new');
    const data = new FormData();
    data.set('registerId', optionValue(newForm, 'IEN'));
    data.set('subject', 'Iesniegums par ceļa remontu');
    data.set('correspondentName', 'Jānis Bērziņš');
    data.set('action', 'register');
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

  it.each(LANGUAGES)('shows the inbox, card, task and designer in %s', async (language) => {
    const t = translator(language);
    const pages: [name: string, username: string, path: string, words: string[]][] = [
      ['inbox', 'head', '/', [t('inbox.title'), RESOLUTION[language]]],
      ['card', 'head', documentPath, [RESOLUTION[language]]],
      ['task', 'head', taskPath, [RESOLUTION[language]]],
      ['designer', 'designer', '/designer', [t('designer.title')]],
    ];
    for (const [name, username, path, words] of pages) {
      // axe is injected as a script of its own, which the pages' CSP (scripts from 'self') refuses.
      const context = await browser.newContext({ bypassCSP: true });
      try {
        const page = await context.newPage();
        await logInAs(page, server, username, language);
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, `language-${language}-${name}`);
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        const text = await page.locator('main').innerText();
        for (const word of words) expect(text).toContain(word);
        expect(await seriousViolations(page)).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
