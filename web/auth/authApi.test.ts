import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { hashPassword } from '../../engine/auth/passwords.js';
import { createLogger } from '../../engine/logger.js';
import type { Store, User } from '../../engine/store/ports.js';
import { browserClient, form, json } from '../../test/support/browserClient.js';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { type TestClock, testClock } from '../../test/support/testClock.js';
import { createApp } from '../app.js';
import { defaultWebAuthOptions, SESSION_COOKIE } from './authentication.js';

const PASSWORD = 'Kancelejas-parole-1';

describe('login, sessions and CSRF over HTTP (local accounts)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let server: Server;
  let base: string;
  let clerk: User;
  const clock: TestClock = testClock(new Date('2026-03-02T08:00:00Z'));

  beforeAll(async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no adapter');
    ({ store, dispose } = await createTestStore(adapter));
    clerk = await store.users.insert({
      username: 'registrar',
      displayName: 'Ieva Lietvede',
      roles: ['registrar'],
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
    const auth = {
      ...defaultWebAuthOptions(),
      clock,
      login: { maxAttempts: 3, maxAttemptsPerIp: 100, lockoutMinutes: 10 },
    };
    server = createApp({ store, logger: createLogger('silent'), auth }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await dispose();
  });
  beforeEach(() => clock.advance(24 * 60 * 60 * 1000));

  async function loggedIn() {
    const browser = browserClient(base);
    const response = await browser.fetch(
      '/api/auth/login',
      json({ username: 'registrar', password: PASSWORD }),
    );
    const body = (await response.json()) as { csrfToken: string };
    return { browser, response, csrfToken: body.csrfToken };
  }

  it('logs in with JSON, sets an httpOnly SameSite=Lax session cookie and answers /api/me', async () => {
    const { browser, response, csrfToken } = await loggedIn();

    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect(csrfToken).toMatch(/^[0-9a-f]{32,}$/);
    const me = await browser.fetch('/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: {
        id: clerk.id,
        username: 'registrar',
        displayName: 'Ieva Lietvede',
        email: null,
        roles: ['registrar'],
        departmentId: null,
        source: 'local',
      },
      csrfToken,
    });
  });

  it('answers /api/me with 401 and a readable message without a session', async () => {
    const response = await fetch(`${base}/api/me`, { headers: { 'accept-language': 'en' } });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'unauthorized', message: 'Log in first.' });
  });

  it('refuses wrong credentials with 401 in the language of the browser', async () => {
    const wrong = await fetch(
      `${base}/api/auth/login`,
      json({ username: 'registrar', password: 'x' }, { 'accept-language': 'ru' }),
    );
    const unknown = await fetch(`${base}/api/auth/login`, json({ username: 'nobody', password: 'x' }));

    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: 'unauthorized',
      message: 'Неверное имя пользователя или пароль.',
    });
    // A request that names no language gets the API's English (README; issue 12 §4).
    expect(await unknown.json()).toEqual({
      error: 'unauthorized',
      message: 'Wrong username or password.',
    });
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('answers a malformed login body with 400 and a non-JSON login with 415', async () => {
    const malformed = await fetch(
      `${base}/api/auth/login`,
      json({ username: 7 }, { 'accept-language': 'en' }),
    );
    const formLogin = await fetch(
      `${base}/api/auth/login`,
      form({ username: 'registrar', password: PASSWORD }),
    );

    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: 'invalid',
      message: 'Enter a username and a password.',
    });
    expect(formLogin.status).toBe(415);
  });

  it('locks out after repeated failures with 429 and Retry-After, and lets in after the lockout', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(
        (await fetch(`${base}/api/auth/login`, json({ username: 'registrar', password: 'guess' }))).status,
      ).toBe(401);
    }
    const locked = await fetch(
      `${base}/api/auth/login`,
      json({ username: 'registrar', password: PASSWORD }, { 'accept-language': 'en' }),
    );

    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('600');
    expect(await locked.json()).toEqual({
      error: 'too_many_attempts',
      message: 'Too many failed attempts. Try again in 10 min.',
    });
    clock.advance(10 * 60 * 1000);
    expect((await loggedIn()).response.status).toBe(200);
  });

  it('refuses a cookie-authenticated API change without the X-CSRF-Token header with 403', async () => {
    const { browser, csrfToken } = await loggedIn();

    const forged = await browser.fetch('/api/auth/logout', { method: 'POST' });
    const wrongToken = await browser.fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': 'f'.repeat(64) },
    });
    const stillIn = await browser.fetch('/api/me');
    const real = await browser.fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken },
    });

    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ error: 'csrf' });
    expect(wrongToken.status).toBe(403);
    expect(stillIn.status).toBe(200);
    expect(real.status).toBe(204);
  });

  it('ends the session at logout, in the database too', async () => {
    const { browser, csrfToken } = await loggedIn();
    const sid = browser.cookies.get(SESSION_COOKIE) ?? '';
    await browser.fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': csrfToken } });

    expect((await browser.fetch('/api/me')).status).toBe(401);
    // Replaying the old cookie does not bring the session back.
    const replay = await fetch(`${base}/api/me`, { headers: { cookie: `${SESSION_COOKIE}=${sid}` } });
    expect(replay.status).toBe(401);
  });

  it('stops the session of a user who is deactivated meanwhile', async () => {
    const user = await store.users.insert({
      username: 'leaving',
      displayName: 'Leaving',
      roles: ['executor'],
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
    const browser = browserClient(base);
    await browser.fetch('/api/auth/login', json({ username: 'leaving', password: PASSWORD }));
    expect((await browser.fetch('/api/me')).status).toBe(200);

    await store.users.setActive(user.id, false);

    expect((await browser.fetch('/api/me')).status).toBe(401);
  });

  it('sends security headers on pages and API answers', async () => {
    for (const path of ['/login', '/api/health']) {
      const response = await fetch(`${base}${path}`);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      // Served over plain http too (the embedded default): nothing of ours may be upgraded to https.
      expect(response.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    }
  });

  describe('the login page', () => {
    const tokenOf = (html: string) => /name='_csrf' value='([^']+)'/.exec(html)?.[1] ?? '';

    it('logs in through the form without JavaScript and shows who is logged in', async () => {
      const browser = browserClient(base);
      const page = await browser.fetch('/login', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toMatch(/^<!doctype html>\n<html lang='en'>/);
      expect(html).toContain("<label for='username'>Username</label>");

      const posted = await browser.fetch(
        '/login',
        form({ _csrf: tokenOf(html), username: 'registrar', password: PASSWORD }),
      );
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe('/');
      const again = await browser.fetch('/login', { headers: { 'accept-language': 'en' } });
      expect(await again.text()).toContain('Logged in as Ieva Lietvede.');
      expect((await browser.fetch('/api/me')).status).toBe(200);
    });

    it('refuses a form without its CSRF token with 403 and logs no one in', async () => {
      const browser = browserClient(base);
      await browser.fetch('/login');

      const posted = await browser.fetch('/login', form({ username: 'registrar', password: PASSWORD }));

      expect(posted.status).toBe(403);
      expect(await posted.text()).toContain('Veidlapas derīgums ir beidzies.');
      expect((await browser.fetch('/api/me')).status).toBe(401);
    });

    it('shows a wrong password in the language picked by the lang cookie, keeping the username', async () => {
      const browser = browserClient(base);
      const page = await browser.fetch('/login?lang=ru');
      expect(browser.cookies.get('lang')).toBe('ru');
      const html = await page.text();

      const posted = await browser.fetch(
        '/login',
        form({ _csrf: tokenOf(html), username: 'registrar', password: 'x' }),
      );
      const answer = await posted.text();

      expect(posted.status).toBe(401);
      expect(answer).toContain("<html lang='ru'>");
      expect(answer).toContain('Неверное имя пользователя или пароль.');
      expect(answer).toContain("value='registrar'");
    });

    it('escapes what was typed when it shows the form again', async () => {
      const browser = browserClient(base);
      const html = await (await browser.fetch('/login')).text();

      const posted = await browser.fetch(
        '/login',
        form({ _csrf: tokenOf(html), username: '"><script>alert(1)</script>', password: 'x' }),
      );

      expect(await posted.text()).not.toContain('<script>alert(1)</script>');
    });

    it('logs out through the form with its token, and refuses a logout without it', async () => {
      const browser = browserClient(base);
      const html = await (await browser.fetch('/login')).text();
      await browser.fetch(
        '/login',
        form({ _csrf: tokenOf(html), username: 'registrar', password: PASSWORD }),
      );
      const loggedInPage = await (await browser.fetch('/login')).text();

      const forged = await browser.fetch('/logout', form({}));
      expect(forged.status).toBe(403);
      expect((await browser.fetch('/api/me')).status).toBe(200);

      const out = await browser.fetch('/logout', form({ _csrf: tokenOf(loggedInPage) }));
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/login');
      expect((await browser.fetch('/api/me')).status).toBe(401);
    });
  });
});

describe('the session cookie behind an https proxy', () => {
  it('is Secure when TRUST_PROXY trusts the proxy that says the request came over https', async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no adapter');
    const { store, dispose } = await createTestStore(adapter);
    await store.users.insert({
      username: 'registrar',
      displayName: 'Ieva',
      roles: ['registrar'],
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
    const auth = { ...defaultWebAuthOptions(), http: { trustProxy: 1, cookieSecure: 'auto' as const } };
    const server = createApp({ store, logger: createLogger('silent'), auth }).listen(0, '127.0.0.1');
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/login`;
      const credentials = { username: 'registrar', password: PASSWORD };

      const https = await fetch(url, json(credentials, { 'x-forwarded-proto': 'https' }));
      const plain = await fetch(url, json(credentials));

      expect(https.headers.getSetCookie().join()).toMatch(/; Secure/i);
      expect(plain.headers.getSetCookie().join()).not.toMatch(/; Secure/i);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await dispose();
    }
  });
});
