/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core.
 * Screenshots go to test-artifacts/ (ignored by git, kept by CI as artifacts).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True where Chromium is installed; `.ci/run` installs it, so CI always has it. */
export const chromiumAvailable = existsSync(CHROMIUM);

export const ARTIFACTS = path.resolve('test-artifacts');

/**
 * How long one browser step (a navigation, a click's page load, a wait) may take. Playwright's 30 s
 * default was passed on a loaded 2-core machine while the page had already arrived; nothing here
 * is a speed check, so the steps wait as long as a busy machine needs.
 */
export const BROWSER_STEP_MS = 120_000;

export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(BROWSER_STEP_MS);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(BROWSER_STEP_MS);
    return page;
  };
  return browser;
}

/** Collects console errors and page errors, so a test can assert there were none. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Logs in through the login form in the given language (default English). */
export async function logInAs(
  page: Page,
  server: RunningServer,
  username: string,
  language = 'en',
): Promise<void> {
  const credentials = server.demo?.credentials.find((c) => c.username === username);
  if (!credentials) throw new Error(`no demo user ${username}`);
  await page.goto(`${server.url}/language/${language}?back=/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', credentials.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
