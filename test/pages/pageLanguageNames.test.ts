/**
 * The shipped processes speak the page's language: a task of the incoming-correspondence process
 * is "Resolution" on English pages and "Резолюция" on Russian ones (the diagram's `name:en` and
 * `name:ru`), "Rezolūcija" on Latvian ones — in the inbox, on the task page and on the card, whose
 * process is named, not keyed; its form's labels and choices too (the form's `label:<language>`). And every page's header folds its menu into "Menu" for phones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { form } from '../support/browserClient.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { csrfOf, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

describe('process and task names in the page language', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let documentPath: string;
  let taskId: string;

  /** Switches `who` to `language` as the header's switch does. */
  async function speak(who: PageClient, language: 'lv' | 'en' | 'ru'): Promise<void> {
    const token = csrfOf(await who.page('/'));
    const switched = await who.fetch(`/language/${language}`, form({ _csrf: token, back: '/' }));
    expect(switched.status).toBe(303);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-names-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head] = await Promise.all([logIn(server, 'registrar'), logIn(server, 'head')]);
    const newForm = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(newForm, 'IEN'),
      subject: 'Iesniegums par ielu apgaismojumu',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    documentPath = registered.headers.get('location') ?? '';
    taskId = taskLinks(await head.page('/'))[0] ?? '';
    expect(taskId).not.toBe('');
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names the task in English in the English inbox and on its page', async () => {
    const inbox = await head.page('/');
    const task = await head.page(`/tasks/${taskId}`);

    expect(inbox).toContain(`<a href='/tasks/${taskId}'>Resolution</a>`);
    expect(inbox).not.toContain('>Rezolūcija</a>');
    // the notification about it too (it stored the name the task was created with)
    expect(inbox).toContain('&quot;Resolution&quot;');
    expect(inbox).not.toContain('&quot;Rezolūcija&quot;');
    expect(task).toContain('<h2>Resolution</h2>');
  });

  it('names the process and its steps in English on the card', async () => {
    const card = await head.page(documentPath);

    expect(card).toMatch(/<h2>Routing:\s+Incoming correspondence\s+<span/);
    expect(card).toContain('<h2>Process diagram: Incoming correspondence</h2>');
    expect(card).toMatch(new RegExp(`href='/tasks/${taskId}'\\s*>Resolution</a>`));
    // the history names the step too
    expect(card).toMatch(/task created\s+<span class='muted'>Resolution<\/span>/);
    expect(card).not.toContain('incoming-correspondence</h2>');
  });

  it('names the task in Russian and Latvian when the person switches', async () => {
    await speak(head, 'ru');
    const russianInbox = await head.page('/');
    const russianTask = await head.page(`/tasks/${taskId}`);
    await speak(head, 'lv');
    const latvianInbox = await head.page('/');
    await speak(head, 'en');

    expect(russianInbox).toContain(`<a href='/tasks/${taskId}'>Резолюция</a>`);
    expect(russianTask).toContain('<h2>Резолюция</h2>');
    expect(latvianInbox).toContain(`<a href='/tasks/${taskId}'>Rezolūcija</a>`);
  });

  it("shows the task's form in the page language: the form's label:<language> and option:<value>:<language>", async () => {
    const english = await head.page(`/tasks/${taskId}`);
    await speak(head, 'ru');
    const russian = await head.page(`/tasks/${taskId}`);
    await speak(head, 'lv');
    const latvian = await head.page(`/tasks/${taskId}`);
    await speak(head, 'en');

    expect(english).toContain('<legend>Decision</legend>');
    expect(english).toMatch(/value='for_information'[^>]*\/>For information<\/label>/);
    expect(english).toContain('<legend>Executors</legend>');
    expect(english).not.toContain('Lēmums');
    expect(english).not.toContain('Zināšanai');
    expect(russian).toContain('<legend>Решение</legend>');
    expect(russian).toMatch(/value='for_information'[^>]*\/>К сведению<\/label>/);
    expect(latvian).toContain('<legend>Lēmums</legend>');
    expect(latvian).toMatch(/value='for_information'[^>]*\/>Zināšanai<\/label>/);
  });

  it('folds the menu into a "Menu" disclosure for phones, with the same links, the search box beside', async () => {
    const inbox = await head.page('/');
    const compact = /<details class='menu-compact'>([\s\S]*?)<\/details>/.exec(inbox)?.[1] ?? '';
    const wide = /<nav class='menu'[^>]*>([\s\S]*?)<\/nav>/.exec(inbox)?.[1] ?? '';
    const links = (html: string) => [...html.matchAll(/<a href='([^']+)'/g)].map((m) => m[1]);

    expect(compact).toMatch(/<summary>Menu<span aria-hidden='true' class='menu-caret'><\/span><\/summary>/);
    expect(links(compact)).toEqual(links(wide));
    expect(links(compact)).toContain('/');
    expect(compact).toContain("action='/logout'");
    expect(inbox).toContain("<form class='header-search'");
    // The stylesheet shows the disclosure only on narrow screens, and the wide menu only on wide ones.
    const css = await (await head.fetch('/static/kanceleja.css')).text();
    expect(css).toMatch(/\.menu-compact \{\s+display: none;\s+\}/);
    expect(css).toMatch(
      /@media \(max-width: 40rem\) \{[\s\S]*?\.top > \.menu,[\s\S]*?display: none;[\s\S]*?\.menu-compact \{\s+display: block;/,
    );
  });

  it('offers no menu to a visitor who is not logged in', async () => {
    const login = await (await fetch(`${server.url}/login`)).text();

    expect(login).not.toContain('menu-compact');
  });
});
