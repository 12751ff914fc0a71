import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Secret, TOTP } from 'otpauth';
import { hashPassword } from '../../engine/auth/passwords.js';
import { beginSecondFactorEnrolment, confirmSecondFactorEnrolment } from '../../engine/auth/secondFactor.js';
import type { AdminSecondFactor } from '../../engine/config.js';
import { actorFromUser } from '../../engine/context.js';
import { createLogger } from '../../engine/logger.js';
import type { Store, User } from '../../engine/store/ports.js';
import { type BrowserClient, browserClient, form, json } from '../../test/support/browserClient.js';
import { createTestStore, storeAdapters } from '../../test/support/storeAdapters.js';
import { type TestClock, testClock } from '../../test/support/testClock.js';
import { createApp } from '../app.js';
import { defaultWebAuthOptions } from './authentication.js';

const PASSWORD = 'Kancelejas-parole-1';
const DAY = 24 * 60 * 60 * 1000;

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at.getTime(),
  });
const otherThan = (code: string) => (code === '123456' ? '654321' : '123456');

const csrfOf = (html: string): string => {
  const match = /name='_csrf' value='([^']+)'/.exec(html);
  if (!match?.[1]) throw new Error(`no CSRF token in the page: ${html.slice(0, 300)}`);
  return match[1];
};

describe('signing in with a second factor (local administrators)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const servers: Server[] = [];
  const bases = new Map<AdminSecondFactor, string>();
  const clock: TestClock = testClock(new Date('2026-03-02T08:00:10Z'));
  let number = 0;

  beforeAll(async () => {
    const adapter = storeAdapters[0];
    if (!adapter) throw new Error('no adapter');
    ({ store, dispose } = await createTestStore(adapter));
    for (const setting of ['optional', 'required'] as const) {
      const auth = {
        ...defaultWebAuthOptions(),
        clock,
        login: { maxAttempts: 3, maxAttemptsPerIp: 100, lockoutMinutes: 10, adminSecondFactor: setting },
      };
      const server = createApp({ store, logger: createLogger('silent'), auth }).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push(server);
      bases.set(setting, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
  });
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
    await dispose();
  });
  beforeEach(() => clock.advance(DAY));

  const baseOf = (setting: AdminSecondFactor) => bases.get(setting) ?? '';

  async function anAdmin(roles: User['roles'] = ['admin']): Promise<User> {
    number += 1;
    return store.users.insert({
      username: `admin${number}`,
      displayName: `Admin ${number}`,
      roles,
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
  }

  async function enrolledAdmin(): Promise<{ user: User; secret: string; recoveryCodes: string[] }> {
    const user = await anAdmin();
    const ctx = { actor: actorFromUser(user), store, clock };
    const { secret } = await beginSecondFactorEnrolment(ctx, { userId: user.id });
    const { recoveryCodes } = await confirmSecondFactorEnrolment(ctx, {
      userId: user.id,
      code: codeAt(secret, clock.now()),
    });
    clock.advance(60_000);
    return { user, secret, recoveryCodes };
  }

  async function passwordOnPage(browser: BrowserClient, username: string): Promise<Response> {
    const page = await browser.fetch('/login');
    return browser.fetch('/login', form({ _csrf: csrfOf(await page.text()), username, password: PASSWORD }));
  }

  describe('the API', () => {
    it('lets an administrator without a factor in as before when it is optional', async () => {
      const user = await anAdmin();
      const response = await fetch(
        `${baseOf('optional')}/api/auth/login`,
        json({ username: user.username, password: PASSWORD }),
      );
      expect(response.status).toBe(200);
    });

    it('asks for the code, refuses a wrong or reused one, and signs in with the right one', async () => {
      const { user, secret } = await enrolledAdmin();
      const api = (body: Record<string, string>, browser?: BrowserClient) =>
        (browser ?? browserClient(baseOf('optional'))).fetch(
          '/api/auth/login',
          json({ username: user.username, password: PASSWORD, ...body }, { 'accept-language': 'en' }),
        );

      const noCode = await api({});
      expect(noCode.status).toBe(401);
      expect(await noCode.json()).toEqual({
        error: 'second_factor_required',
        message: 'Enter the code from your authenticator app (field "code").',
      });

      const wrong = await api({ code: otherThan(codeAt(secret, clock.now())) });
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({
        error: 'second_factor_refused',
        message: 'The code is wrong or has already been used.',
      });

      const browser = browserClient(baseOf('optional'));
      const code = codeAt(secret, clock.now());
      const right = await api({ code }, browser);
      expect(right.status).toBe(200);
      expect(await right.json()).toMatchObject({ user: { id: user.id }, csrfToken: expect.any(String) });
      expect((await browser.fetch('/api/me')).status).toBe(200);

      const reused = await api({ code });
      expect(reused.status).toBe(401);
      expect(await reused.json()).toMatchObject({ error: 'second_factor_refused' });
    });

    it('gives no session for the password alone', async () => {
      const { user } = await enrolledAdmin();
      const browser = browserClient(baseOf('optional'));
      await browser.fetch('/api/auth/login', json({ username: user.username, password: PASSWORD }));
      expect((await browser.fetch('/api/me')).status).toBe(401);
    });

    it('locks the account after as many wrong codes as wrong passwords', async () => {
      const { user, secret } = await enrolledAdmin();
      const login = (code: string) =>
        fetch(
          `${baseOf('optional')}/api/auth/login`,
          json({ username: user.username, password: PASSWORD, code }),
        );
      const wrong = otherThan(codeAt(secret, clock.now()));
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await login(wrong)).status).toBe(401);

      const locked = await login(codeAt(secret, clock.now()));
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('tells an administrator who must enrol to do so on the login page', async () => {
      const user = await anAdmin();
      const response = await fetch(
        `${baseOf('required')}/api/auth/login`,
        json({ username: user.username, password: PASSWORD, code: '123456' }),
      );
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'second_factor_enrolment_required' });
    });

    it('keeps the body strict', async () => {
      const response = await fetch(
        `${baseOf('optional')}/api/auth/login`,
        json({ username: 'a', password: 'b', code: '1', extra: true }),
      );
      expect(response.status).toBe(400);
    });
  });

  describe('the pages', () => {
    it('leads from the password to the code page, and in with the right code', async () => {
      const { user, secret } = await enrolledAdmin();
      const browser = browserClient(baseOf('optional'));

      const afterPassword = await passwordOnPage(browser, user.username);
      expect(afterPassword.status).toBe(303);
      expect(afterPassword.headers.get('location')).toBe('/login/code');
      expect((await browser.fetch('/api/me')).status).toBe(401);

      const page = await browser.fetch('/login/code', { headers: { 'accept-language': 'lv' } });
      const html = await page.text();
      expect(html).toContain("autocomplete='one-time-code'");
      expect(html).toContain('Ievadiet kodu');

      const wrong = await browser.fetch(
        '/login/code',
        form(
          { _csrf: csrfOf(html), code: otherThan(codeAt(secret, clock.now())) },
          { 'accept-language': 'en' },
        ),
      );
      expect(wrong.status).toBe(401);
      const wrongHtml = await wrong.text();
      expect(wrongHtml).toContain('The code is wrong or has already been used.');
      expect(wrongHtml).toMatch(/aria-invalid='true' aria-describedby='code-hint code-error'/);

      const right = await browser.fetch(
        '/login/code',
        form({ _csrf: csrfOf(wrongHtml), code: codeAt(secret, clock.now()) }),
      );
      expect(right.status).toBe(303);
      expect(right.headers.get('location')).toBe('/');
      expect((await browser.fetch('/api/me')).status).toBe(200);
    });

    it('takes a recovery code once', async () => {
      const { user, recoveryCodes } = await enrolledAdmin();
      const signIn = async (code: string) => {
        const browser = browserClient(baseOf('optional'));
        await passwordOnPage(browser, user.username);
        const page = await browser.fetch('/login/code');
        return browser.fetch('/login/code', form({ _csrf: csrfOf(await page.text()), code }));
      };
      expect((await signIn(recoveryCodes[0] ?? '')).status).toBe(303);
      expect((await signIn(recoveryCodes[0] ?? '')).status).toBe(401);
    });

    it('refuses a code after the pending step has expired', async () => {
      const { user, secret } = await enrolledAdmin();
      const browser = browserClient(baseOf('optional'));
      await passwordOnPage(browser, user.username);
      const html = await (await browser.fetch('/login/code')).text();

      clock.advance(6 * 60_000);
      const late = await browser.fetch(
        '/login/code',
        form({ _csrf: csrfOf(html), code: codeAt(secret, clock.now()) }, { 'accept-language': 'en' }),
      );

      expect(late.status).toBe(401);
      expect(await late.text()).toContain('The sign-in step has expired.');
      expect((await browser.fetch('/api/me')).status).toBe(401);
    });

    it('refuses a code form without the CSRF token', async () => {
      const { user, secret } = await enrolledAdmin();
      const browser = browserClient(baseOf('optional'));
      await passwordOnPage(browser, user.username);
      const response = await browser.fetch('/login/code', form({ code: codeAt(secret, clock.now()) }));
      expect(response.status).toBe(403);
    });

    it('enrols an administrator right after the password where it is required, showing recovery codes once', async () => {
      const user = await anAdmin();
      const browser = browserClient(baseOf('required'));

      expect((await passwordOnPage(browser, user.username)).headers.get('location')).toBe('/login/code');
      const page = await (await browser.fetch('/login/code')).text();
      expect(page).toContain('<svg');
      const secret = /<code class='secret'>([A-Z2-7]+)<\/code>/.exec(page)?.[1] ?? '';
      expect(secret).not.toBe('');

      const done = await browser.fetch(
        '/login/enrol',
        form({ _csrf: csrfOf(page), code: codeAt(secret, clock.now()) }),
      );

      expect(done.status).toBe(200);
      expect(done.headers.get('cache-control')).toBe('no-store');
      const codes = (await done.text()).match(/<code class='secret'>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g) ?? [];
      expect(new Set(codes).size).toBe(10);
      expect((await browser.fetch('/api/me')).status).toBe(200);
    });

    it("lets an administrator reset another user's factor on the user's page, with confirmation", async () => {
      const { user } = await enrolledAdmin();
      const other = await anAdmin();
      const browser = browserClient(baseOf('optional'));
      expect((await passwordOnPage(browser, other.username)).headers.get('location')).toBe('/');

      const page = await (await browser.fetch(`/admin/users/${user.id}`)).text();
      expect(page).toContain(`action='/admin/users/${user.id}/second-factor'`);
      const unconfirmed = await browser.fetch(
        `/admin/users/${user.id}/second-factor`,
        form({ _csrf: csrfOf(page) }),
      );
      expect(unconfirmed.status).toBe(400);
      const reset = await browser.fetch(
        `/admin/users/${user.id}/second-factor`,
        form({ _csrf: csrfOf(page), confirm: 'yes' }),
      );

      expect(reset.status).toBe(303);
      expect(await store.secondFactors.get(user.id)).toBeNull();
      const events = await store.audit.list({ actorId: other.id });
      expect(events.find((e) => e.action === 'auth.second_factor_reset')).toMatchObject({
        objectId: user.id,
      });
      const again = browserClient(baseOf('optional'));
      expect((await passwordOnPage(again, user.username)).headers.get('location')).toBe('/');
    });

    it('lets a signed-in administrator set up a factor on the account page', async () => {
      const user = await anAdmin();
      const browser = browserClient(baseOf('optional'));
      expect((await passwordOnPage(browser, user.username)).headers.get('location')).toBe('/');

      const account = await (await browser.fetch('/account/second-factor')).text();
      const started = await (
        await browser.fetch('/account/second-factor/enrol', form({ _csrf: csrfOf(account) }))
      ).text();
      const secret = /<code class='secret'>([A-Z2-7]+)<\/code>/.exec(started)?.[1] ?? '';
      const wrong = await browser.fetch(
        '/account/second-factor/confirm',
        form({ _csrf: csrfOf(started), code: otherThan(codeAt(secret, clock.now())) }),
      );
      expect(wrong.status).toBe(400);
      const confirmed = await browser.fetch(
        '/account/second-factor/confirm',
        form({ _csrf: csrfOf(started), code: codeAt(secret, clock.now()) }),
      );

      expect(confirmed.status).toBe(200);
      expect(
        ((await confirmed.text()).match(/<code class='secret'>[a-z2-9]{5}-[a-z2-9]{5}<\/code>/g) ?? [])
          .length,
      ).toBe(10);
      const again = browserClient(baseOf('optional'));
      expect((await passwordOnPage(again, user.username)).headers.get('location')).toBe('/login/code');
    });
  });
});
