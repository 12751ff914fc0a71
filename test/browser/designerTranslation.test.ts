/**
 * The designer in the page's language, in real Chromium: bpmn-js's palette, the properties panel,
 * the lint button and the form editor's properties groups speak Latvian on a Latvian page and
 * Kazakh on a Kazakh one. Skipped only where Chromium is missing (CI installs it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { withoutFaviconErrors } from './designerFixtures.js';

const describeWithChromium = chromiumAvailable ? describe : describe.skip;

// A demo server, Chromium and the first designer bundle on a busy 2-core machine.
jest.setTimeout(300_000);

interface DesignerTexts {
  lang: string;
  startEventLabel: string | null;
  propertiesGroups: string[];
  lintButtonTitle: string | null;
  formGroups: string[];
}

/** Opens an empty diagram in `language` and reads the libraries' texts off the page. */
async function designerTexts(page: Page, server: RunningServer, language: string): Promise<DesignerTexts> {
  await page.goto(`${server.url}/language/${language}?back=/designer/new`);
  await page.waitForSelector('#designer[data-ready=true]');
  await page.waitForSelector('.bio-properties-panel-group-header-title');
  await page.evaluate(async () => {
    const handle = (globalThis as unknown as { kanceleja: { forms: { open(key: string): Promise<void> } } })
      .kanceleja;
    await handle.forms.open('translationCheck');
  });
  await page.waitForSelector('.fjs-properties-panel .bio-properties-panel-group-header-title');
  const texts = (selector: string) =>
    page.$$eval(selector, (nodes) => nodes.map((node) => node.textContent?.trim() ?? ''));
  return {
    lang: await page.$eval('html', (html) => html.lang),
    startEventLabel: await page.getAttribute('.djs-palette [data-action="create.start-event"]', 'aria-label'),
    propertiesGroups: await texts('[data-properties] .bio-properties-panel-group-header-title'),
    lintButtonTitle: await page.getAttribute('.bjsl-button', 'title'),
    formGroups: await texts('.fjs-properties-panel .bio-properties-panel-group-header-title'),
  };
}

describeWithChromium('the designer in the page language', () => {
  let dataDir: string;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-designer-translation-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      SCHEDULER_INTERVAL_SECONDS: '0',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    consoleErrors = withoutFaviconErrors(page, watchConsole(page));
    await logInAs(page, server, 'designer', 'lv');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the palette, properties panel, lint and form editor in Latvian on a Latvian page', async () => {
    // given a designer whose pages are in Latvian / when they open a new diagram
    const texts = await designerTexts(page, server, 'lv');
    await screenshot(page, 'designer-lv');
    // then the libraries' texts are Latvian
    expect(texts.lang).toBe('lv');
    expect(texts.startEventLabel).toBe('Izveidot sākuma notikumu');
    expect(texts.propertiesGroups).toContain('Vispārīgi');
    expect(texts.propertiesGroups).not.toContain('General');
    expect(texts.lintButtonTitle).toBe('Rādīt vai slēpt pārbaudes atzīmes');
    expect(texts.formGroups).toContain('Vispārīgi');
    expect(consoleErrors).toEqual([]);
  });

  it('shows them in Kazakh on a Kazakh page', async () => {
    // given the same designer switching to Kazakh / when they open a new diagram
    const texts = await designerTexts(page, server, 'kk');
    await screenshot(page, 'designer-kk');
    // then the libraries' texts are Kazakh
    expect(texts.lang).toBe('kk');
    expect(texts.startEventLabel).toBe('Бастапқы оқиға жасау');
    expect(texts.propertiesGroups).toContain('Жалпы');
    expect(texts.lintButtonTitle).toBe('Тексеру белгілерін көрсету немесе жасыру');
    expect(texts.formGroups).toContain('Жалпы');
    expect(consoleErrors).toEqual([]);
  });
});
