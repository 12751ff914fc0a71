/**
 * Sign-in with an OpenID provider in a real browser: the demo server configured through OIDC_*
 * variables, a real provider (oidc-provider) on loopback. The person clicks the provider's button on
 * our login page, signs in on the provider's page, and lands signed in on our home page; logging
 * out ends the sign-in at the provider too. Screenshot: test-artifacts/oidc-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, screenshot } from '../support/chromium.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { startOidcProvider, type TestOidcProvider } from '../support/oidcProvider.js';
import { freeLoopbackPort } from '../support/ports.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

describeInChromium('signing in with an OpenID provider in Chromium', () => {
  let provider: TestOidcProvider;
  let server: RunningServer;
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider({
      redirectUris: [`${publicUrl}/auth/oidc/callback`],
      postLogoutRedirectUris: [`${publicUrl}/login`],
    });
    provider.setAccount('sub-marta', {
      name: 'Marta Kalniņa',
      preferred_username: 'marta.kalnina',
      email: 'marta@novads.lv',
      groups: ['kanceleja-registry', 'kanceleja-buv'],
    });
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-oidc-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      OIDC_LABEL: 'Novada ID',
      OIDC_GROUP_ROLES: 'registrar:kanceleja-registry',
      OIDC_GROUP_DEPARTMENTS: 'BUV:kanceleja-buv',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await provider?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("clicks the provider's button, signs in there, and lands signed in on the home page", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      // Our pages' errors only: the provider's development login page loads a web font it cannot reach.
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' && message.location().url.startsWith(server.url)) {
          errors.push(message.text());
        }
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/language/en?back=/login`);

      const button = page.getByRole('link', { name: 'Novada ID' });
      expect(await page.getByRole('heading', { name: 'Or log in with' }).isVisible()).toBe(true);
      await screenshot(page, 'oidc-login-page');
      await button.click();

      // The provider's own login page.
      await page.waitForURL((url) => url.origin === provider.issuer);
      await page.fill('input[name=login]', 'sub-marta');
      await page.fill('input[name=password]', 'any password');
      await Promise.all([
        page.waitForURL((url) => url.origin === server.url && url.pathname === '/'),
        page.click('button[type=submit]'),
      ]);

      expect(await page.locator('.user-name').first().textContent()).toBe('Marta Kalniņa');
      await screenshot(page, 'oidc-home');
      const user = await server.store.users.getByUsername('marta.kalnina');
      expect(user).toMatchObject({ source: 'oidc', roles: ['registrar'], active: true });
      expect(user?.departmentId).toBe((await server.store.departments.getByCode('BUV'))?.id);

      // Logging out here ends the sign-in at the provider too, which sends the browser back.
      await page.locator('form.logout button').click();
      await page.waitForURL((url) => url.origin === provider.issuer);
      await Promise.all([
        page.waitForURL((url) => url.origin === server.url && url.pathname === '/login'),
        page.click('button[name=logout]'),
      ]);
      expect(await page.getByRole('link', { name: 'Novada ID' }).isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
