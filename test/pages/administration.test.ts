/**
 * Administration as a municipal IT person walks it, without JavaScript: the register form explains
 * its pattern tokens and deadline rules before anything is sent, previews the next number, stores
 * `bat` as `BAT`, and changes a register's department; deactivating a person asks for a confirmation;
 * a deactivated person signing in with the right password is told so, with a wrong one is not.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localDate } from '../../engine/context.js';
import type { RunningServer } from '../../web/server.js';
import { browserClient, form } from '../support/browserClient.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { csrfOf, flat, logIn, optionValue, type PageClient } from './pageClient.js';

describe('administration pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let admin: PageClient;
  const year = localDate(new Date(), 'Europe/Riga').slice(0, 4);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-admin-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    admin = await logIn(server, 'admin');
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('explains the pattern tokens and the deadline rules before the form is sent', async () => {
    const page = flat(await admin.page('/admin'));

    for (const token of ['{seq}', '{seq:4}', '{yyyy}', '{yy}', '{register}', '{dept}']) {
      expect(page).toContain(`<code>${token}</code>`);
    }
    expect(page).toContain('P15WD working days');
    expect(page).toContain("aria-describedby='answerDeadlineRule-hint'");
    expect(page).toMatch(/name='yearlyReset' value='true'\s+checked/);
  });

  it('previews the next number of a new register, then stores bat as BAT', async () => {
    const fields = {
      code: 'bat',
      name: 'Būvatļaujas',
      kind: 'internal',
      numberPattern: '{register}-{yyyy}/{seq:3}',
      yearlyReset: ['false', 'true'],
    };
    const preview = await admin.submit('/admin', '/admin/registers', { ...fields, action: 'preview' });
    const previewPage = flat(await preview.text());
    const badPreview = await admin.submit('/admin', '/admin/registers', {
      ...fields,
      numberPattern: 'B/{nr}',
      action: 'preview',
    });
    const created = await admin.submit('/admin', '/admin/registers', fields);
    const again = await admin.submit('/admin', '/admin/registers', fields);

    expect(preview.status).toBe(200);
    expect(previewPage).toContain(`<code>BAT-${year}/001</code>`);
    expect(previewPage).toContain("value='bat'");
    expect(badPreview.status).toBe(400);
    const badPreviewPage = (await badPreview.text()).replace(/\s+/g, ' ');
    expect(badPreviewPage).toContain('unknown token {nr}');
    // The refused field is marked and names its message and its hints; the notice links to it.
    expect(badPreviewPage).toContain(
      "aria-invalid='true' aria-describedby='numberPattern-hint next-number numberPattern-error numberPattern-error-2'",
    );
    expect(badPreviewPage).toMatch(
      /<p class='field-error' id='numberPattern-error'>[^<]*unknown token \{nr\}/,
    );
    expect(badPreviewPage).toContain("href='#numberPattern'");
    expect(created.status).toBe(303);
    const overview = await admin.page('/admin');
    expect(overview).toMatch(/<a href='\/admin\/registers\/[0-9a-f-]{36}'>BAT<\/a>/);
    expect(overview).not.toMatch(/>bat<\/a>/);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('is taken');
  });

  it("shows a register's next number on its page and changes its department", async () => {
    const overview = await admin.page('/admin');
    const registerPath = /href='(\/admin\/registers\/[0-9a-f-]{36})'>IEK</.exec(overview)?.[1] ?? '';
    const before = flat(await admin.page(registerPath));
    const departmentId = optionValue(before, 'FIN');

    const preview = await admin.submit(registerPath, registerPath, {
      name: 'Iekšējie dokumenti',
      numberPattern: 'IEK-{seq:5}',
      departmentId,
      processKey: '',
      answerDeadlineRule: '',
      active: 'true',
      action: 'preview',
    });
    const saved = await admin.submit(registerPath, registerPath, {
      name: 'Iekšējie dokumenti',
      numberPattern: '{dept}-{seq}',
      departmentId,
      processKey: '',
      answerDeadlineRule: '',
      active: 'true',
    });
    const refused = await admin.submit(registerPath, registerPath, {
      name: 'Iekšējie dokumenti',
      numberPattern: '{dept}-{seq}',
      departmentId: '',
      processKey: '',
      answerDeadlineRule: '',
      active: 'true',
    });
    const after = flat(await admin.page(registerPath));

    expect(before).toMatch(/Next number, if registered today: <output data-next-number><code>[^<]+<\/code>/);
    expect(preview.status).toBe(200);
    expect(flat(await preview.text())).toMatch(/<code>IEK-\d{5}<\/code>/);
    expect(saved.status).toBe(303);
    expect(after).toMatch(new RegExp(`<option value='${departmentId}' selected>FIN`));
    expect(after).toMatch(/<code>FIN-\d+<\/code>/);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('needs the register to belong to a department');
  });

  it('offers deputies and new assignees by name and department, never an administrator or auditor', async () => {
    for (const pagePath of ['/admin/substitutions', '/admin/unreachable-tasks']) {
      const page = flat(await admin.page(pagePath));
      if (pagePath === '/admin/unreachable-tasks' && !page.includes('<select')) continue;
      expect(page).toMatch(/<optgroup label='Būvvalde'>(?:(?!<\/optgroup>).)*>Pēteris Liepa<\/option>/);
      expect(page).not.toContain('(executor)');
      expect(page).not.toMatch(/<option[^>]*>(?:Andris Krūmiņš|Līga Zariņa)</);
    }
  });

  it('deactivates a person only after the confirmation, and tells them so only after a right password', async () => {
    const users = await admin.page('/admin/users');
    const userPath = /href='(\/admin\/users\/[0-9a-f-]{36})'>designer</.exec(users)?.[1] ?? '';
    expect(userPath).not.toBe('');
    const page = flat(await admin.page(userPath));
    expect(page).toMatch(
      /<input type='checkbox' name='confirm' value='yes' required \/>\s*I understand that Māra Vītola/,
    );

    const unconfirmed = await admin.submit(userPath, `${userPath}/active`, { active: 'false' });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Tick the box to confirm.');
    expect(flat(await admin.page(userPath))).not.toContain("<span class='badge'>inactive</span>");

    const confirmed = await admin.submit(userPath, `${userPath}/active`, { active: 'false', confirm: 'yes' });
    expect(confirmed.status).toBe(303);

    const password = server.demo?.credentials.find((c) => c.username === 'designer')?.password ?? '';
    const signIn = async (pass: string) => {
      const browser = browserClient(server.url);
      await browser.fetch('/language/en?back=/login');
      const login = await browser.fetch('/login');
      return browser.fetch(
        '/login',
        form({ _csrf: csrfOf(await login.text()), username: 'designer', password: pass }),
      );
    };
    const right = await signIn(password);
    const wrong = await signIn(`${password}-not`);

    expect(right.status).toBe(401);
    expect(await right.text()).toContain('Your account is deactivated.');
    expect(wrong.status).toBe(401);
    const wrongText = await wrong.text();
    expect(wrongText).toContain('Wrong username or password.');
    expect(wrongText).not.toContain('deactivated');
    // Both fields point at the message that says why (a screen reader hears it on the field).
    expect(wrongText).toContain("<p class='error' id='login-error' role='alert'>");
    expect(wrongText.match(/aria-invalid='true' aria-describedby='login-error'/g)).toHaveLength(2);
  });
});
