/** The pages as each role sees them: login, menus, languages, escaping, access, form problems. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { browserClient } from '../support/browserClient.js';
import { csrfOf, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

describe('the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;
  let auditor: PageClient;
  /** A letter registered by the registrar, routed to nobody but the heads yet. */
  let letterPath: string;
  const SUBJECT = '<script>alert("x")</script> Būvatļauja';

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, executor, auditor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'executor'),
      logIn(server, 'auditor'),
    ]);
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject: SUBJECT,
      correspondentName: 'SIA Celtnieks',
      correspondentKind: 'organisation',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    letterPath = registered.headers.get('location') ?? '';
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('sends a visitor without a session to the login page', async () => {
    const response = await browserClient(server.url).fetch('/documents');

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login');
  });

  it('serves the stylesheet to everyone with a cache header', async () => {
    const response = await fetch(`${server.url}/static/kanceleja.css`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/css/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it("shows each role its own menu and the user's name", async () => {
    const registrarPage = await registrar.page('/');
    const auditorPage = await auditor.page('/');

    expect(registrarPage).toContain('Anna Bērziņa');
    expect(registrarPage).toContain("href='/documents/new'");
    expect(registrarPage).not.toContain("href='/audit'");
    expect(auditorPage).toContain("href='/audit'");
    expect(auditorPage).not.toContain("href='/documents/new'");
    expect(registrarPage).not.toMatch(/<script/);
  });

  it('switches the language and comes back to the same page', async () => {
    const russian = await logIn(server, 'registrar');
    const switched = await russian.fetch('/language/ru?back=%2Fdocuments');
    const page = await russian.page('/documents');

    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/documents');
    expect(page).toMatch(/<html lang='ru' data-time-zone='[^']+'>/);
    expect(page).toContain('Реестр документов');
  });

  it('refuses to send the language switch off the site', async () => {
    const response = await registrar.fetch('/language/en?back=%2F%2Fevil.example%2F');

    expect(response.headers.get('location')).toBe('/');
  });

  it('shows a subject with markup as text, in the register and on the card', async () => {
    const list = await registrar.page('/documents?q=B%C5%ABvat%C4%BCauja');
    const card = await registrar.page(letterPath);

    for (const html of [list, card]) {
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Būvatļauja');
      expect(html).not.toContain('<script>alert');
    }
    expect(list).toContain('Documents found: 1');
  });

  it('answers 404 to an executor opening a document or task not routed to them', async () => {
    const resolutionTask = taskLinks(await head.page('/'))[0] ?? '';

    expect((await executor.fetch(letterPath)).status).toBe(404);
    expect((await executor.fetch(`/tasks/${resolutionTask}`)).status).toBe(404);
    const notFound = await executor.fetch(letterPath);
    expect(await notFound.text()).not.toContain('Būvatļauja');
    expect((await executor.fetch('/documents/not-an-id')).status).toBe(404);
  });

  it('lets auditors read the audit log, filtered by user, and nobody else', async () => {
    const log = await auditor.page('/audit?user=registrar');

    expect(log).toContain('registered the document');
    expect(log).not.toContain('>system<');
    expect((await executor.fetch('/audit')).status).toBe(403);
  });

  it('shows the problems of a refused registration next to the fields and keeps the input', async () => {
    const form = await registrar.page('/documents/new');
    const refused = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IEN'),
      subject: '   ',
      theirNumber: 'A-17',
      pages: '-3',
      action: 'register',
    });
    const html = await refused.text();

    expect(refused.status).toBe(400);
    expect(html).toContain('Please correct the marked fields.');
    expect(html).toMatch(
      /id='subject'[^>]*>\s*<\/textarea>\s*<p class='field-error' id='subject-error'>Required.<\/p>/,
    );
    expect(html).toContain("value='A-17'");
    expect(html).toContain('must be a whole number, 0 or more');
  });

  it('finds correspondents by look-up without JavaScript', async () => {
    const shown = await registrar.submit('/documents/new', '/documents/new', {
      correspondentQuery: 'celtn',
      action: 'lookup',
    });
    const html = await shown.text();

    expect(shown.status).toBe(200);
    expect(html).toMatch(/name='correspondentId'\s+value='[0-9a-f-]{36}'[^>]*>\s*SIA Celtnieks/);
  });

  it('refuses a file upload without the CSRF token', async () => {
    const data = new FormData();
    data.set('subject', 'no token');
    const response = await registrar.fetch('/documents/new', { method: 'POST', body: data });

    expect(response.status).toBe(403);
  });

  it('checks a task form again on the server: a value the form does not offer is refused', async () => {
    const taskId = taskLinks(await head.page('/'))[0] ?? '';
    const refused = await head.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, {
      decision: 'burn',
      executors: ['nobody-like-this'],
      text: 'x',
    });
    const html = await refused.text();

    expect(refused.status).toBe(400);
    expect(html).toContain('not a choice: burn');
    expect(html).toContain('not a choice: nobody-like-this');
    expect(csrfOf(html)).toBeTruthy();
  });

  it("renders the head's resolution form from its form definition", async () => {
    const taskId = taskLinks(await head.page('/'))[0] ?? '';
    const html = await head.page(`/tasks/${taskId}`);

    expect(html).toMatch(/type='radio'\s+name='decision'\s+value='execute'/);
    expect(html).toMatch(/type='checkbox'\s+name='executors'\s+value='executor'/);
    expect(html).toMatch(/<select id='field-controller' name='controller'/);
    expect(html).toContain("type='date'");
    expect(html).toContain('For execution');
    expect(html).toContain("<label for='field-text'>Resolution</label>");
  });

  it('sends no damaged bytes: a file that fails its checksum answers an error page', async () => {
    const form = await registrar.page('/documents/new');
    const data = new FormData();
    data.set('registerId', optionValue(form, 'IEK'));
    data.set('subject', 'Protokols');
    data.set('action', 'register');
    data.append('attachments', new Blob(['Sēdes protokols: viss kārtībā.']), 'protokols.txt');
    const registered = await registrar.upload('/documents/new', '/documents/new', data);
    const documentPath = registered.headers.get('location') ?? '';
    const [attachment] = await server.store.attachments.list(documentPath.split('/').pop() ?? '');
    const sha256 = attachment?.sha256 ?? '';
    // The file BlobStore keeps content under DATA_DIR/blobs/ab/cd/<sha256>.
    const stored = path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    await chmod(stored, 0o600);
    await writeFile(stored, 'Sēdes protokols: VISS SLIKTI.');

    const download = await registrar.fetch(`${documentPath}/attachments/${attachment?.id}`);
    const body = await download.text();

    expect(download.status).toBe(500);
    expect(download.headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toContain('The file is damaged');
    expect(body).not.toContain('VISS SLIKTI');
  });

  it('lets administrators create a register, showing a refused one with its problems', async () => {
    const admin = await logIn(server, 'admin');
    const refused = await admin.submit('/admin', '/admin/registers', {
      code: 'LIG',
      name: 'Līgumi',
      kind: 'internal',
      numberPattern: 'L/{nonsense}',
    });
    const created = await admin.submit('/admin', '/admin/registers', {
      code: 'LIG',
      name: 'Līgumi',
      kind: 'internal',
      numberPattern: 'L-{seq}/{yyyy}',
    });

    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("value='Līgumi'");
    expect(created.status).toBe(303);
    expect(await admin.page('/admin')).toContain('L-{seq}/{yyyy}');
    expect((await executor.fetch('/admin')).status).toBe(403);
  });

  it('pages the register 25 documents at a time, keeping the search in the links', async () => {
    const form = await registrar.page('/documents/new');
    const registerId = optionValue(form, 'IEK');
    for (let n = 1; n <= 26; n += 1) {
      const registered = await registrar.submit('/documents/new', '/documents/new', {
        registerId,
        subject: `Lappuse ${n}`,
        action: 'register',
      });
      expect(registered.status).toBe(303);
    }

    const first = await registrar.page('/documents?q=lappuse');
    const second = await registrar.page('/documents?q=lappuse&page=2');

    expect(first).toContain('Documents found: 26');
    expect(first.match(/<tr>/g)).toHaveLength(26);
    // Handlebars escapes `=` too; a browser reads `&#x3D;` as `=`.
    expect(first).toContain("href='/documents?q&#x3D;lappuse&amp;page&#x3D;2'");
    expect(second.match(/<tr>/g)).toHaveLength(2);
    expect(second).toContain('Page 2 of 2');
  });
});
