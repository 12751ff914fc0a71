/**
 * The incoming-letter story through the pages, as four people would click it without JavaScript:
 * the registrar registers a letter with a PDF, the head writes the resolution, the executor
 * reports execution and the report, the head accepts it under control, and the document is closed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { samplePdf } from '../support/samplePdf.js';
import { inDays, logIn, optionValue, type PageClient, taskIn } from './pageClient.js';

describe('the incoming-letter story through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-story-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, executor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'executor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('registers, resolves, executes, reports and closes a letter', async () => {
    // given: the registrar registers a letter with a PDF
    const newForm = await registrar.page('/documents/new');
    const data = new FormData();
    data.set('registerId', optionValue(newForm, 'IEN'));
    data.set('subject', 'Iesniegums par ceļa remontu');
    data.set('correspondentName', 'Jānis Bērziņš');
    data.set('correspondentKind', 'person');
    data.set('channel', 'post');
    data.set('confidentiality', 'internal');
    data.set('action', 'register');
    const pdf = await samplePdf(['Lūdzu salabot ceļu Liepu ielā.']);
    data.append('attachments', new Blob([pdf], { type: 'application/pdf' }), 'iesniegums.pdf');
    const registered = await registrar.upload('/documents/new', '/documents/new', data);
    expect(registered.status).toBe(303);
    const documentPath = registered.headers.get('location') ?? '';
    expect(documentPath).toMatch(/^\/documents\/[0-9a-f-]{36}$/);
    const card = await registrar.page(documentPath);
    expect(card).toContain('Iesniegums par ceļa remontu');
    // the card says under which number, and offers the next registration into the same register
    const number = /<h2 id='metadata'>([^<]+)<\/h2>/.exec(card)?.[1] ?? '';
    expect(card).toContain(`Registered as ${number}.`);
    const another = /<a href='(\/documents\/new\?register=[0-9a-f-]{36})'>Register another<\/a>/.exec(
      card,
    )?.[1];
    expect(another).toBeDefined();
    expect(await registrar.page(another ?? '')).toContain(
      `<option value='${optionValue(newForm, 'IEN')}' selected`,
    );
    // and the form opens on the register used last, even without asking
    expect(await registrar.page('/documents/new')).toContain(
      `<option value='${optionValue(newForm, 'IEN')}' selected`,
    );
    // said once: not again on the next visit
    expect(await registrar.page(documentPath)).not.toContain('Registered as');
    expect(card).toContain('iesniegums.pdf');
    const download = await registrar.fetch(/href='([^']+\/attachments\/[^']+)'/.exec(card)?.[1] ?? '');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // the PDF is previewed in place, in the browser's own viewer, from the same checked download
    expect(download.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(card).toMatch(
      /<iframe src='\/documents\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}' title='iesniegums.pdf'/,
    );

    // when: the head writes the resolution for the executor, under the head's own control
    const resolutionId = await taskIn(head, 'Rezolūcija');
    const resolutionPage = await head.page(`/tasks/${resolutionId}`);
    expect(resolutionPage).toContain('Iesniegums par ceļa remontu');
    // beside the form, the letter as on its card: correspondent and the file, previewable
    expect(resolutionPage).toContain("<section class='box document-summary'");
    expect(resolutionPage).toContain('Jānis Bērziņš');
    // executors are people who do case work, by name, grouped by department (no administrator)
    expect(resolutionPage).toMatch(/<p class='choice-group'>[^<]+<\/p>/);
    expect(resolutionPage).toMatch(/<optgroup label='[^']+'>/);
    expect(resolutionPage).toContain('>Pēteris Liepa</label>');
    expect(resolutionPage).not.toContain('Andris Krūmiņš');
    expect(resolutionPage).not.toContain('(executor)');
    expect(resolutionPage).toMatch(
      /<iframe src='\/documents\/[0-9a-f-]{36}\/attachments\/[0-9a-f-]{36}' title='iesniegums.pdf'/,
    );
    const resolved = await head.submit(`/tasks/${resolutionId}`, `/tasks/${resolutionId}`, {
      decision: 'execute',
      executors: ['executor'],
      responsible: 'executor',
      controller: 'head',
      deadline: inDays(14),
      text: 'Izskatīt un atbildēt.',
    });
    expect(resolved.status).toBe(303);

    // and the executor reports execution, then the report
    const executionId = await taskIn(executor, 'Izpilde');
    expect(
      (await executor.submit(`/tasks/${executionId}`, `/tasks/${executionId}`, { outcome: 'done' })).status,
    ).toBe(303);
    const reportId = await taskIn(executor, 'Izpildes ziņojums');
    const reported = await executor.submit(`/tasks/${reportId}`, `/tasks/${reportId}`, {
      report: 'Ceļš salabots, atbilde nosūtīta.',
    });
    expect(reported.status).toBe(303);

    // and the head accepts it under control
    const controlId = await taskIn(head, 'Izpildes kontrole');
    expect(
      (await head.submit(`/tasks/${controlId}`, `/tasks/${controlId}`, { control: 'accept' })).status,
    ).toBe(303);

    // then the document is closed, with the resolution and every step on its card
    const closed = await registrar.page(documentPath);
    expect(closed).toContain("<span class='badge'>closed</span>");
    expect(closed).toContain('Izskatīt un atbildēt.');
    expect(closed).toContain('completed the task');
    expect(await executor.page('/')).toContain('No open tasks.');

    // and a stale form posted again changes nothing and says who completed the task
    const stale = await executor.submit(`/tasks/${reportId}`, `/tasks/${reportId}`, { report: 'Vēlreiz' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('already completed by Pēteris Liepa');
  });
});
