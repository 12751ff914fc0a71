/**
 * Drafts in the register page and the document card's links, through the pages of the demo
 * municipality: an application under execution offers "Reply with a letter" to those who may draft
 * and "Extend the deadline" to its responsible executor and heads; the reply is a draft that the
 * register lists only under Drafts, for the people named on it; once signed and dispatched, its card
 * shows the text and the dispatch, and the application is answered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { logIn, optionValue, type PageClient, showsTask, taskLinks } from './pageClient.js';

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

describe('drafts and the links of the document card', () => {
  let dataDir: string;
  let server: RunningServer;
  let executor: PageClient;
  let deptHead: PageClient;
  let head: PageClient;
  let registrar: PageClient;
  let auditor: PageClient;
  let applicationPath: string;
  let letterPath: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-drafts-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [executor, deptHead, head, registrar, auditor] = await Promise.all([
      logIn(server, 'executor'),
      logIn(server, 'depthead'),
      logIn(server, 'head'),
      logIn(server, 'registrar'),
      logIn(server, 'auditor'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Completes the open task `name` of `person`'s inbox with `fields`. */
  async function completeMyTask(person: PageClient, name: string, fields: Record<string, string>) {
    for (const taskId of taskLinks(await person.page('/'))) {
      const html = await person.page(`/tasks/${taskId}`);
      // The inbox also lists what the person completed today.
      if (!showsTask(html, name) || html.includes('<dd>completed</dd>')) continue;
      const done = await person.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, fields);
      expect(done.status).toBe(303);
      return;
    }
    throw new Error(`no open task ${name}`);
  }

  const applicationId = () => applicationPath.slice('/documents/'.length);
  const replyLink = () => `href='/documents/outgoing/new?replyTo=${applicationId()}'`;
  const extendLink = () => `href='${applicationPath}/deadline'`;

  it('offers the status filter every status, drafts among them', async () => {
    const html = await registrar.page('/documents');

    for (const status of ['draft', 'in_approval', 'dispatched', 'answered']) {
      expect(html).toContain(`<option value='${status}'`);
    }
    expect(html).toContain('in approval');
    expect(html).toContain("name='drafts'");
  });

  it('offers the reply to those who may draft, and the extension to the responsible executor and heads', async () => {
    // given an application for execution, with the executor responsible
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IES'),
      subject: 'Iesniegums par liepu alejas kopšanu',
      correspondentName: 'Marta Kalna',
      correspondentKind: 'person',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    applicationPath = registered.headers.get('location') ?? '';
    await completeMyTask(head, 'Rezolūcija', {
      decision: 'execute',
      executors: 'executor',
      responsible: 'executor',
      controller: 'head',
      deadline: inDays(10),
      text: 'Sagatavot atbildi.',
    });

    // when each of them opens its card
    const [asExecutor, asHead, asRegistrar, asAuditor] = await Promise.all(
      [executor, head, registrar, auditor].map((person) => person.page(applicationPath)),
    );

    // then the links follow the policies of the letter and the deadline
    expect(asExecutor).toContain(replyLink());
    expect(asExecutor).toContain(extendLink());
    expect(asExecutor).toContain('Reply with a letter');
    expect(asHead).toContain(replyLink());
    expect(asHead).toContain(extendLink());
    expect(asRegistrar).toContain(replyLink());
    expect(asRegistrar).not.toContain(extendLink());
    expect(asAuditor).not.toContain(replyLink());
    expect(asAuditor).not.toContain(extendLink());
  });

  it('lists the reply drafted from the link only under Drafts, for the people named on it', async () => {
    // given the executor follows the reply link and drafts the letter for the department head
    const newLetter = `/documents/outgoing/new?replyTo=${applicationId()}`;
    const form = await executor.page(newLetter);
    expect(form).toContain('Iesniegums par liepu alejas kopšanu');
    const drafted = await executor.submit(newLetter, '/documents/outgoing/new', {
      replyToId: applicationId(),
      registerId: optionValue(form, 'NOS'),
      subject: 'Atbilde par liepu aleju',
      body: 'Liepu aleja tiks kopta rudenī.\nAr cieņu, pašvaldība',
      approver1: 'depthead',
    });
    expect(drafted.status).toBe(303);
    letterPath = drafted.headers.get('location') ?? '';

    // when the register is searched and the draft is opened
    const registerSearch = await head.page('/documents?q=liepu');
    const headDrafts = await head.page('/documents?drafts=1&q=liepu');
    const approverDrafts = await deptHead.page('/documents?drafts=1');
    const registrarDrafts = await registrar.page('/documents?drafts=1&q=liepu');
    const draftCard = await executor.page(letterPath);
    const registrarCard = await registrar.fetch(letterPath);

    // then the register shows the application only; the draft is under Drafts, without a number
    expect(registerSearch).toContain('Iesniegums par liepu alejas kopšanu');
    expect(registerSearch).not.toContain('Atbilde par liepu aleju');
    expect(headDrafts).toContain(`href='${letterPath}'>draft, no number yet</a>`);
    expect(headDrafts).not.toContain('Iesniegums par liepu alejas kopšanu');
    expect(approverDrafts).toContain('Atbilde par liepu aleju');
    expect(registrarDrafts).not.toContain('Atbilde par liepu aleju');
    expect(draftCard).toContain('draft, no number yet');
    expect(draftCard).toContain(
      "<p class='letter-body'>Liepu aleja tiks kopta rudenī.\nAr cieņu, pašvaldība</p>",
    );
    expect(registrarCard.status).toBe(404);

    // and the JSON API lists drafts the same way, when asked for them
    const subjects = async (client: typeof head, query: string) =>
      (
        (await (await client.fetch(`/api/documents?${query}`)).json()) as { items: { subject: string }[] }
      ).items.map((d) => d.subject);
    expect(await subjects(deptHead, 'drafts=true')).toContain('Atbilde par liepu aleju');
    expect(await subjects(registrar, 'drafts=true&q=liepu')).toEqual([]);
    expect(await subjects(head, 'q=liepu')).toEqual(['Iesniegums par liepu alejas kopšanu']);
  });

  it('shows the dispatched letter with its text, time and channel, and the application answered', async () => {
    // when the department head endorses the reply, the head signs it and the registry sends it by post
    await completeMyTask(deptHead, 'Vizēšana', { approval: 'approve' });
    await completeMyTask(head, 'Parakstīšana', { signature: 'sign' });
    await completeMyTask(registrar, 'Nosūtīšana', { channel: 'post' });

    const letterCard = await registrar.page(letterPath);
    const applicationCard = await executor.page(applicationPath);
    const registerSearch = await registrar.page('/documents?q=liepu');

    // then the letter card has its number, its text and the dispatch; the application is answered
    expect(letterCard).toMatch(/<h2 id='metadata'>3-13\/\d{4}\/\d+<\/h2>/);
    expect(letterCard).toContain('Liepu aleja tiks kopta rudenī.');
    expect(letterCard).toMatch(/<dt>Dispatched<\/dt>\s*<dd>[^<]*\d[^<]* · post<\/dd>/);
    expect(letterCard).not.toContain('Received by');
    expect(applicationCard).toContain("<span class='badge'>answered</span>");
    expect(registerSearch).toContain('Atbilde par liepu aleju');
  });
});
