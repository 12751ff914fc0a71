/**
 * A guest from another institution in a real browser (issue 18): the head invites a guest from the
 * task page, the guest opens the one-time link from the mail, presses the button, sees only the
 * invited document, endorses it with a note, and the head reads the note on the card. Screenshots:
 * test-artifacts/guest-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { RunningServer } from '../../web/server.js';
import { chromiumAvailable, launchChromium, logInAs, screenshot, watchConsole } from '../support/chromium.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { freeLoopbackPort } from '../support/ports.js';

const describeInChromium = chromiumAvailable ? describe : describe.skip;

describeInChromium('a guest invited to a task, in Chromium', () => {
  let server: RunningServer;
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-guest-'));
    server = await startDemoDataServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** Logs `username` in over the JSON API; returns a fetch that carries the session and CSRF token. */
  async function apiAs(username: string) {
    const password = server.demo?.credentials.find((c) => c.username === username)?.password ?? '';
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return (pathname: string, body?: unknown) =>
      fetch(`${server.url}${pathname}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  }

  it('invites, signs the guest in by the link, and brings the endorsement to the card', async () => {
    // A registered letter whose resolution task the head holds.
    const subject = `Tilta remonts ${Date.now()}`;
    const registrar = await apiAs('registrar');
    const { id: documentId } = (await (
      await registrar('/api/documents', { register: 'IEN', subject })
    ).json()) as { id: string };
    const head = await apiAs('head');
    const tasks = (await (await head('/api/tasks?scope=department')).json()) as {
      id: string;
      businessKey: string | null;
    }[];
    const taskId = tasks.find((task) => task.businessKey === documentId)?.id ?? '';
    expect((await head(`/api/tasks/${taskId}/claim`, {})).status).toBe(200);

    const headContext = await browser.newContext();
    const guestContext = await browser.newContext();
    try {
      const headPage = await headContext.newPage();
      const headErrors = watchConsole(headPage);
      await logInAs(headPage, server, 'head');
      await headPage.goto(`${server.url}/tasks/${taskId}`);
      await headPage.getByLabel('Name', { exact: true }).fill('Ieva Kalniņa');
      await headPage.getByLabel('E-mail').fill('ieva@vid.gov.lv');
      await headPage.getByLabel('Purpose').selectOption('endorse');
      await headPage.getByRole('button', { name: 'Invite' }).click();
      await headPage.waitForLoadState();
      expect(await headPage.content()).toContain('ieva@vid.gov.lv');
      await screenshot(headPage, 'guest-invited');

      // The mail waits in the outbox (no SMTP here): its link is the guest's way in.
      const mail = (await server.store.mailOutbox.list({ limit: 20 })).find(
        (one) => one.recipient === 'ieva@vid.gov.lv',
      );
      const link = /http:\/\/127\.0\.0\.1:\d+\/guest\/link\/[A-Za-z0-9_-]+/.exec(mail?.body ?? '')?.[0];
      expect(link).toBeDefined();

      const guestPage = await guestContext.newPage();
      const guestErrors = watchConsole(guestPage);
      await guestPage.goto(`${server.url}/language/en?back=/login`);
      await guestPage.goto(link ?? '');
      await Promise.all([
        guestPage.waitForURL((url) => url.pathname === `/guest/documents/${documentId}`),
        guestPage.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(await guestPage.content()).toContain(subject);
      await screenshot(guestPage, 'guest-document');

      await guestPage.getByLabel('I agree').check();
      await guestPage.locator('#body').fill('Piekrītu, tilts ir jāremontē šogad.');
      await guestPage.getByRole('button', { name: 'Send' }).click();
      await guestPage.waitForLoadState();
      await screenshot(guestPage, 'guest-answered');

      // Staff pages are not the guest's: the inbox sends them to the login page.
      await guestPage.goto(`${server.url}/`);
      expect(new URL(guestPage.url()).pathname).toBe('/login');

      await headPage.goto(`${server.url}/documents/${documentId}`);
      expect(await headPage.content()).toContain('Piekrītu, tilts ir jāremontē šogad.');
      expect(headErrors).toEqual([]);
      expect(guestErrors).toEqual([]);
    } finally {
      await guestContext.close();
      await headContext.close();
    }
  });
});
