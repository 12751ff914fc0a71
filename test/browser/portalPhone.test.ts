/**
 * A citizen applies through the demo municipality's e-service on a phone-size page (390 px), in
 * real Chromium, with the keyboard: the form refused once (messages by the fields), then sent with
 * a PDF; the page gives the registration number and the tracking link, and the tracking page shows
 * the status. Every page has no serious axe finding, in English, Latvian and Russian; screenshots
 * in test-artifacts/portal-*.png. Skipped only where Chromium is missing.
 */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.js';
import { chromiumAvailable, launchChromium, screenshot, watchConsole } from '../support/chromium.js';
import { samplePdf } from '../support/samplePdf.js';
import { type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;
const PHONE = { width: 390, height: 844 };

describeInChromium('a citizen applies through the e-services portal on a phone', () => {
  let world: BrowserWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let files: string;

  beforeAll(async () => {
    world = await startDemoServer('portal-phone');
    browser = await launchChromium();
    // axe is injected as an inline script, which the portal's own strict CSP refuses (as it should):
    // the header itself is checked by test/portal/portalHttp.test.ts.
    context = await browser.newContext({ viewport: PHONE, bypassCSP: true });
    page = await context.newPage();
    files = await mkdtemp(path.join(tmpdir(), 'kanceleja-portal-files-'));
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await world?.stop();
    if (files) await rm(files, { recursive: true, force: true });
  });

  const url = (p: string) => `${world.server.url}${p}`;

  async function typeInto(selector: string, text: string) {
    await page.focus(selector);
    await page.keyboard.type(text);
  }

  it('applies with a file, gets the number and the tracking link, and sees the status', async () => {
    const consoleErrors = watchConsole(page);
    await page.goto(url('/language/en?back=/e-services'));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-list-phone');
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).not.toContain('kanceleja.sid');

    // From the list to the form by the keyboard alone.
    await page.getByRole('link', { name: 'Application to the municipality' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/e-services\/iesniegums$/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(PHONE.width);

    // Refused first: the addresses differ; the messages stand by their fields.
    await typeInto('#name', 'Ilze Kalēja');
    await typeInto('#email', 'ilze@example.lv');
    await typeInto('#emailAgain', 'ilze@example.com');
    await typeInto('#personalCode', '010190-12345');
    await typeInto('#f_topic', 'Par koku izciršanu');
    await typeInto('#f_text', 'Lūdzu atļaut nozāģēt divus kokus.');
    await page.focus("input[name='f_answerBy'][value='email']");
    await page.keyboard.press('Space');
    await page.focus("button[type='submit']");
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    expect(await page.textContent('#emailAgain-error')).toContain('the two e-mail addresses differ');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-refused-phone');

    // Corrected, with a PDF.
    await page.fill('#emailAgain', '');
    await typeInto('#emailAgain', 'ilze@example.lv');
    const pdf = path.join(files, 'plans.pdf');
    await writeFile(pdf, await samplePdf(['Koku plāns']));
    await page.setInputFiles('#attachments', pdf);
    await page.focus("button[type='submit']");
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tracking-link');
    const done = (await page.textContent('main')) ?? '';
    const number = /registered as (IES-\d{4}\/\d{4})/.exec(done)?.[1] ?? '';
    expect(number).toMatch(/^IES-\d{4}\/\d{4}$/);
    expect(done).toContain('010190-*****');
    expect(done).not.toContain('010190-12345');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-done-phone');

    await page.focus('#tracking-link');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/e-services\/track\//);
    expect(await page.textContent('main')).toContain(number);
    expect(await page.textContent('#tracking-status')).toMatch(/Registered|In progress/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'portal-track-phone');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('kanceleja.sid');

    // The form in the other page languages: no serious finding either.
    for (const language of ['lv', 'ru']) {
      await page.goto(url(`/language/${language}?back=/e-services/iesniegums`));
      expect(await page.getAttribute('html', 'lang')).toBe(language);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `portal-form-${language}-phone`);
    }
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
  }, 240_000);
});
