/**
 * An outgoing letter through the pages of the demo municipality: an executor drafts it, two
 * approvers endorse it from their inboxes, the head signs (the number is issued then) and the
 * registry dispatches it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { readPdf } from '../printing/pdfText.js';
import { theTask } from '../records/lettersWorld.js';
import { csrfOf, flat, logIn, optionValue, type PageClient, showsTask, taskLinks } from './pageClient.js';

const NEW_LETTER = '/documents/outgoing/new';

describe('an outgoing letter through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let executor: PageClient;
  let deptHead: PageClient;
  let head: PageClient;
  let registrar: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-outgoing-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [executor, deptHead, head, registrar] = await Promise.all([
      logIn(server, 'executor'),
      logIn(server, 'depthead'),
      logIn(server, 'head'),
      logIn(server, 'registrar'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Completes the open task `name` of `person`'s inbox with `fields`; returns the task page's HTML. */
  async function completeMyTask(
    person: PageClient,
    name: string,
    fields: Record<string, string>,
  ): Promise<string> {
    for (const taskId of taskLinks(await person.page('/'))) {
      const html = await person.page(`/tasks/${taskId}`);
      // The inbox also lists what the person completed today.
      if (!showsTask(html, name) || html.includes('<dd>completed</dd>')) continue;
      const done = await person.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, fields);
      expect(done.status).toBe(303);
      return html;
    }
    throw new Error(`no open task ${name}`);
  }

  it('refuses a draft without approvers and shows the form again with the problem', async () => {
    const form = await executor.page(NEW_LETTER);

    const refused = await executor.submit(NEW_LETTER, NEW_LETTER, {
      registerId: optionValue(form, 'NOS'),
      subject: 'Bez vizētājiem',
      addresseeName: 'SIA Ceļi',
      addresseeKind: 'organisation',
    });

    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('name at least one approver');
  });

  it('is drafted, endorsed in sequence, signed with its number and dispatched', async () => {
    // given an executor drafts a letter for two approvers
    const form = await executor.page(NEW_LETTER);
    expect(form).toContain('New outgoing letter (draft)');
    const drafted = await executor.submit(NEW_LETTER, NEW_LETTER, {
      registerId: optionValue(form, 'NOS'),
      subject: 'Par ielu remontu',
      body: 'Informējam, ka remonts sāksies maijā.',
      addresseeName: 'SIA Ceļi',
      addresseeKind: 'organisation',
      approver1: 'depthead',
      approver2: 'head',
    });
    expect(drafted.status).toBe(303);
    const documentPath = drafted.headers.get('location') ?? '';
    expect(documentPath).toMatch(/^\/documents\/[0-9a-f-]{36}$/);

    // when the approvers endorse it, the head signs and the registry dispatches it
    const approval = await completeMyTask(deptHead, 'Vizēšana', { approval: 'approve' });
    expect(approval).toContain("name='approval'");
    await completeMyTask(head, 'Vizēšana', { approval: 'approve' });
    const signature = await completeMyTask(head, 'Parakstīšana', { signature: 'sign' });
    expect(signature).toContain('Sign and register');
    const dispatch = await completeMyTask(registrar, 'Nosūtīšana', { channel: 'post' });
    expect(dispatch).toContain("name='channel'");

    // then the document card shows its number from the outgoing register, dispatched
    const card = await registrar.page(documentPath);
    expect(card).toMatch(/3-13\/\d{4}\/1/);
    expect(card).toContain('dispatched');
  });

  it('dispatches a letter by e-mail from the task page: refused without an address, else queued and shown', async () => {
    /** A letter drafted through the API to a new card, approved and signed by the head. */
    async function aSignedLetter(email: string | null): Promise<{ id: string; dispatchTaskId: string }> {
      const drafted = await executor.fetch('/api/outgoing-letters', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': csrfOf(await executor.page(NEW_LETTER)),
        },
        body: JSON.stringify({
          register: 'NOS',
          subject: 'Atbilde e-pastā',
          body: 'Atbildam uz Jūsu vēstuli.',
          correspondent: { kind: 'organisation', name: 'SIA Pasts', ...(email ? { email } : {}) },
          approvers: ['head'],
        }),
      });
      expect(drafted.status).toBe(201);
      const { id, processInstanceId } = (await drafted.json()) as { id: string; processInstanceId: string };
      for (const [elementId, fields] of [
        ['Approval', { approval: 'approve' }],
        ['Signature', { signature: 'sign' }],
      ] as const) {
        const task = await theTask(server.store, processInstanceId, elementId);
        expect((await head.submit(`/tasks/${task.id}`, `/tasks/${task.id}`, fields)).status).toBe(303);
      }
      return { id, dispatchTaskId: (await theTask(server.store, processInstanceId, 'Dispatch')).id };
    }

    // when the registry dispatches by e-mail a letter whose addressee has no address
    const unaddressed = await aSignedLetter(null);
    const path = `/tasks/${unaddressed.dispatchTaskId}`;
    const refused = await registrar.submit(path, path, { channel: 'email' });

    // then the task page says why, and the letter is not dispatched
    expect(refused.status).toBe(400);
    expect(flat(await refused.text())).toContain('the addressee has no e-mail address');
    expect((await server.store.documents.get(unaddressed.id))?.status).toBe('registered');
    // and the same task still dispatches it by post (nothing left open for the tests after)
    expect((await registrar.submit(path, path, { channel: 'post' })).status).toBe(303);

    // when a letter to an addressee with an address is dispatched by e-mail
    const addressed = await aSignedLetter('birojs@pasts.example.lv');
    const dispatchPath = `/tasks/${addressed.dispatchTaskId}`;
    expect((await registrar.submit(dispatchPath, dispatchPath, { channel: 'email' })).status).toBe(303);

    // then its card says it waits in the outbox (no mail server here), with the PDF and file queued
    expect(flat(await registrar.page(`/documents/${addressed.id}`))).toContain(
      'E-mailed to birojs@pasts.example.lv — waiting in the outbox',
    );
    const mail = (await server.store.mailOutbox.list({ limit: 50 })).find(
      (m) => m.recipient === 'birojs@pasts.example.lv',
    );
    expect((await server.store.mailOutbox.attachments(mail?.id ?? '')).map((a) => a.contentType)).toEqual([
      'application/pdf',
    ]);
  });

  it('drafts a letter through the JSON API too, and extends no deadline of a document that is not being executed', async () => {
    const headers = {
      'content-type': 'application/json',
      'x-csrf-token': csrfOf(await executor.page(NEW_LETTER)),
    };

    const drafted = await executor.fetch('/api/outgoing-letters', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        register: 'NOS',
        subject: 'Caur API',
        correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
        approvers: ['depthead'],
      }),
    });
    expect(drafted.status).toBe(201);
    const { id, status } = (await drafted.json()) as { id: string; status: string };
    expect(status).toBe('draft');

    const extension = await executor.fetch(`/api/documents/${id}/deadline-extension`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ newDueDate: '2030-01-31', reason: 'Nav izpildē' }),
    });
    expect(extension.status).toBe(409);
  });

  it('extends an application deadline once from its page, as the head', async () => {
    // given an application under execution
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IES'),
      subject: 'Iesniegums par koku ciršanu',
      correspondentName: 'Pēteris Kalns',
      correspondentKind: 'person',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const documentPath = registered.headers.get('location') ?? '';
    await completeMyTask(head, 'Rezolūcija', {
      decision: 'execute',
      executors: 'executor',
      responsible: 'executor',
      controller: 'head',
      deadline: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      text: 'Izskatīt.',
    });

    // when the head extends the deadline
    const deadlinePage = `${documentPath}/deadline`;
    expect(await head.page(deadlinePage)).toContain('Extend the answer deadline');
    const extended = await head.submit(deadlinePage, deadlinePage, {
      newDueDate: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
      reason: 'Nepieciešams atzinums.',
    });

    // then it is done once, and the page says so
    expect(extended.status).toBe(303);
    expect(await head.page(deadlinePage)).toContain(
      'The deadline was extended already (Nepieciešams atzinums.)',
    );
    // and the card's history names the new date and the reason
    const history = (await head.page(documentPath)).replace(/\s+/g, ' ');
    expect(history).toMatch(
      /extended the deadline <span class='muted'>→ \d{1,2} \w{3} \d{4}<\/span> <span class='muted'>Nepieciešams atzinums\.<\/span>/,
    );

    // and the notice to the applicant is a document of its own, in the outgoing register, linked
    // from the history and from the card, which says that the registry must post it or hand it over
    const notice =
      /issued the notice to the applicant <a href='\/documents\/([0-9a-f-]{36})'>(3-13\/\d{4}\/\d+)<\/a>/.exec(
        history,
      );
    expect(notice).not.toBeNull();
    const [, noticeId, noticeNumber] = notice as unknown as [string, string, string];
    expect(history).toContain('Notice to the applicant');
    expect(history).toContain(
      `<a href='/api/documents/${noticeId}/card.pdf'>Print notice ${noticeNumber} (PDF)</a>`,
    );
    expect(history).toContain(
      'The applicant&#x27;s card has no e-mail address: the registry must post the notice',
    );
    // its card shows the text in the institution's language, addressed to the applicant
    const noticeCard = flat(await head.page(`/documents/${noticeId}`));
    expect(noticeCard).toContain('Pēteris Kalns!');
    expect(noticeCard).toContain('Pagarinājuma iemesls: Nepieciešams atzinums.');
    // and it prints as a PDF with its number, addressee and text
    const pdf = await head.fetch(`/api/documents/${noticeId}/card.pdf?lang=lv`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const text = flat((await readPdf(Buffer.from(await pdf.arrayBuffer()))).text);
    expect(text).toContain(noticeNumber);
    expect(text).toContain('Pēteris Kalns');
    expect(text).toContain('Pagarinājuma iemesls: Nepieciešams atzinums.');
    // the registry has its Dispatch task; posting it records the channel on the card
    await completeMyTask(registrar, 'Nosūtīšana', { channel: 'post' });
    expect(flat(await head.page(documentPath))).toMatch(/Dispatched .* · post/);
  });

  it('e-mails the notice to an applicant whose card has an e-mail address, through the API', async () => {
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IES'),
      subject: 'Iesniegums par ielas apgaismojumu',
      correspondentName: 'Ilga Sniedze',
      correspondentKind: 'person',
      correspondentEmail: 'ilga.sniedze@example.lv',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const documentPath = registered.headers.get('location') ?? '';
    await completeMyTask(head, 'Rezolūcija', {
      decision: 'execute',
      executors: 'executor',
      responsible: 'executor',
      controller: 'head',
      deadline: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      text: 'Izskatīt.',
    });

    // when the responsible executor extends the deadline through the API
    const extension = await executor.fetch(`/api${documentPath}/deadline-extension`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': csrfOf(await executor.page(NEW_LETTER)),
      },
      body: JSON.stringify({
        newDueDate: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10),
        reason: 'Jāsaņem atzinums.',
      }),
    });

    // then the answer names the notice, e-mailed to the applicant's address
    expect(extension.status).toBe(200);
    const { notice } = (await extension.json()) as {
      notice: { id: string; registrationNumber: string; delivery: string; email: string | null };
    };
    expect(notice).toMatchObject({ delivery: 'email', email: 'ilga.sniedze@example.lv' });
    const mails = await server.store.mailOutbox.list({ limit: 50 });
    expect(mails.find((m) => m.recipient === 'ilga.sniedze@example.lv')?.body).toContain(
      'Pagarinājuma iemesls: Jāsaņem atzinums.',
    );
    // and the card says so, the notice's card too
    const card = flat(await executor.page(documentPath));
    expect(card).toContain(`<a href='/documents/${notice.id}'>${notice.registrationNumber}</a>`);
    expect(card).toContain('E-mailed to ilga.sniedze@example.lv — waiting in the outbox');
    expect(flat(await executor.page(`/documents/${notice.id}`))).toContain(
      'E-mailed to ilga.sniedze@example.lv — waiting in the outbox',
    );
  });
});
