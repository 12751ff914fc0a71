/**
 * The incoming-letter story clicked in real Chromium by five people, in English and in Latvian:
 * the clerk registers a letter with a PDF, the mayor resolves it to executors of two departments,
 * each executor reports, and the controller accepts. Every page is kept as a screenshot in
 * test-artifacts/, and the pages people use on the move are also shot at phone size.
 * The file is skipped only where Chromium is missing; `.ci/run` installs it, so CI never skips.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { samplePdf } from '../support/samplePdf.js';
import { addUser, type BrowserWorld, startDemoServer } from './browserWorld.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

const PHONE = { width: 390, height: 844 };
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describeInChromium('the incoming-letter story in the browser', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    world = await startDemoServer('browser-story');
    server = world.server;
    // The demo has one executor; the resolution goes to a second department's executor too.
    await addUser(server, {
      username: 'executor2',
      displayName: 'Dace Sproģe',
      roles: ['executor'],
      departmentCode: 'SOC',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await world?.stop();
  });

  interface Person {
    page: Page;
    /** Script errors and failed requests, with the page they happened on. */
    errors: string[];
  }

  /** One logged-in browser per person and screen size, kept for the whole file (logins are slow). */
  const people = new Map<string, Person>();

  async function personAs(username: string, language: string, viewport = { width: 1280, height: 900 }) {
    const key = `${username} ${viewport.width}`;
    const known = people.get(key);
    if (known) {
      await known.page.goto(`${server.url}/language/${language}?back=/`);
      return known;
    }
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    const consoleErrors = watchConsole(page);
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()} on ${page.url()}`);
    });
    await logInAs(page, server, username, language);
    // The console's line about a failed request names no address (the listener above does), and
    // also counts the favicon the browser asks for by itself.
    const person: Person = {
      page,
      get errors() {
        return [...errors, ...consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))];
      },
    };
    people.set(key, person);
    return person;
  }

  /** Waits for the page's scripts to finish loading what they load (the process diagram). */
  const settled = (person: Person) => person.page.waitForLoadState('networkidle');

  async function registerLetter(clerk: Person, subject: string): Promise<void> {
    await clerk.page.goto(`${server.url}/documents/new`);
    const ien = await clerk.page.locator('#registerId option', { hasText: 'IEN' }).getAttribute('value');
    await clerk.page.selectOption('#registerId', ien ?? '');
    await clerk.page.fill('#subject', subject);
    await clerk.page.fill('#correspondentName', 'Jānis Bērziņš');
  }

  /** Opens, from the inbox, the one task of this person on the document with `subject`. */
  async function openTask(person: Person, subject: string): Promise<string> {
    await person.page.goto(`${server.url}/`);
    const link = person.page.locator('tr', { hasText: subject }).locator('a[href^="/tasks/"]');
    await expect(link.count()).resolves.toBe(1);
    await Promise.all([person.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/), link.click()]);
    return new URL(person.page.url()).pathname;
  }

  async function submitTask(person: Person, taskPath: string): Promise<void> {
    await Promise.all([
      person.page.waitForURL((url) => url.pathname !== taskPath),
      person.page.locator(`form[action="${taskPath}"] button[type=submit]`).click(),
    ]);
    await settled(person);
  }

  // The whole story, every person's steps: minutes on a loaded machine (each step may wait
  // BROWSER_STEP_MS); it is not a speed check.
  it.each(['en', 'lv'])(
    'walks the story clicking, in %s',
    async (language) => {
      const subject = `Iesniegums par ceļa remontu (${language})`;
      const shot = (who: string, step: string, page: Page) =>
        screenshot(page, `story-${language}-${step}-${who}`);

      // given: the clerk registers the letter with a PDF attachment
      const clerk = await personAs('registrar', language);
      await registerLetter(clerk, subject);
      await clerk.page.selectOption('#channel', 'post');
      await clerk.page.setInputFiles('#attachments', {
        name: 'iesniegums.pdf',
        mimeType: 'application/pdf',
        buffer: await samplePdf(['Lūdzu salabot ceļu Liepu ielā.']),
      });
      await shot('clerk', '1-new-document', clerk.page);
      await Promise.all([
        clerk.page.waitForURL(/\/documents\/[0-9a-f-]{36}$/),
        clerk.page.click('button[name=action][value=register]'),
      ]);
      const documentPath = new URL(clerk.page.url()).pathname;
      await expect(clerk.page.getAttribute('html', 'lang')).resolves.toBe(language);
      await expect(clerk.page.locator('main').textContent()).resolves.toContain(subject);
      await expect(clerk.page.locator('a', { hasText: 'iesniegums.pdf' }).count()).resolves.toBeGreaterThan(
        0,
      );
      await shot('clerk', '2-document-card', clerk.page);

      // when: the mayor resolves it to executors of two departments, under the department head's control
      const mayor = await personAs('head', language);
      await shot('mayor', '3-inbox', mayor.page);
      const resolution = await openTask(mayor, subject);
      await mayor.page.check('input[name=decision][value=execute]');
      await mayor.page.check('input[name=executors][value=executor]');
      await mayor.page.check('input[name=executors][value=executor2]');
      await mayor.page.selectOption('select[name=responsible]', 'executor');
      await mayor.page.selectOption('select[name=controller]', 'depthead');
      await mayor.page.fill('input[name=deadline]', inDays(14));
      await mayor.page.fill('textarea[name=text]', 'Izskatīt un atbildēt kopā ar Sociālo dienestu.');
      await shot('mayor', '4-resolution', mayor.page);
      await submitTask(mayor, resolution);

      // and each executor reports execution; the responsible one writes the report
      for (const username of ['executor2', 'executor']) {
        const executor = await personAs(username, language);
        const execution = await openTask(executor, subject);
        await executor.page.check('input[name=outcome][value=done]');
        await shot(username, '5-execution', executor.page);
        await submitTask(executor, execution);
        expect(executor.errors).toEqual([]);
      }
      const responsible = await personAs('executor', language);
      const report = await openTask(responsible, subject);
      await responsible.page.fill('textarea[name=report]', 'Ceļš salabots, atbilde nosūtīta.');
      await shot('executor', '6-report', responsible.page);
      await submitTask(responsible, report);

      // and the controller accepts
      const controller = await personAs('depthead', language);
      const control = await openTask(controller, subject);
      await controller.page.check('input[name=control][value=accept]');
      await shot('controller', '7-control', controller.page);
      await submitTask(controller, control);

      // then the document is closed, with the resolution on its card, and nobody saw a script error
      await clerk.page.goto(`${server.url}${documentPath}`);
      const card = (await clerk.page.locator('main').textContent()) ?? '';
      expect(card).toContain('Izskatīt un atbildēt kopā ar Sociālo dienestu.');
      expect(
        await clerk.page
          .locator('.badge', { hasText: language === 'lv' ? /slēgts|izpildīts/i : /closed/i })
          .count(),
      ).toBeGreaterThan(0);
      await shot('clerk', '8-closed', clerk.page);
      await settled(clerk);
      expect([clerk, mayor, responsible, controller].flatMap((person) => person.errors)).toEqual([]);
    },
    600_000,
  );

  it('fits a phone: inbox, register, document card and task page', async () => {
    const subject = 'Tālruņa pārbaude';
    const clerk = await personAs('registrar', 'lv', PHONE);
    await registerLetter(clerk, subject);
    await screenshot(clerk.page, 'phone-new-document');
    await Promise.all([
      clerk.page.waitForURL(/\/documents\/[0-9a-f-]{36}$/),
      clerk.page.click('button[name=action][value=register]'),
    ]);
    await screenshot(clerk.page, 'phone-document-card');
    await clerk.page.goto(`${server.url}/documents`);
    await screenshot(clerk.page, 'phone-register');
    const mayor = await personAs('head', 'lv', PHONE);
    await mayor.page.goto(`${server.url}/`);
    await screenshot(mayor.page, 'phone-inbox');
    await openTask(mayor, subject);
    await screenshot(mayor.page, 'phone-task');

    // Nothing may be wider than the phone: a page that scrolls sideways is broken on it.
    for (const page of [clerk.page, mayor.page]) {
      const width = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      expect(width).toBeLessThanOrEqual(PHONE.width);
    }
  });
});
