/**
 * Nothing said along the way is lost: an incoming letter resolved, returned by the executor,
 * resolved again, reported, returned by the controller, reported again and accepted keeps every
 * resolution, return reason, report and acceptance note as a thread on its card and its card PDF;
 * the history says "returned" and to whom; and a new resolution after a return is told to the
 * executor as a new task, not as a return quoting an old comment.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { readPdf } from '../printing/pdfText.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { flat, inDays, logIn, optionValue, type PageClient, taskIn } from './pageClient.js';

jest.setTimeout(180_000);

describe('the thread of an incoming letter', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-thread-'));
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

  async function complete(who: PageClient, taskId: string, fields: Record<string, string | string[]>) {
    const answer = await who.submit(`/tasks/${taskId}`, `/tasks/${taskId}`, fields);
    if (answer.status !== 303) throw new Error(`${answer.status}: ${(await answer.text()).slice(0, 2000)}`);
  }

  const resolution = (text: string) => ({
    decision: 'execute',
    executors: ['executor'],
    responsible: 'executor',
    controller: 'head',
    deadline: inDays(14),
    text,
  });

  it('keeps every note, says what happened and tells the executor of a new resolution as new', async () => {
    // given: a registered letter, resolved to the executor
    const newForm = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(newForm, 'IEN'),
      subject: 'Par koku izciršanu parkā',
      correspondentName: 'Anna Kalniņa',
      correspondentKind: 'person',
      channel: 'post',
      confidentiality: 'internal',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const documentPath = registered.headers.get('location') ?? '';
    await complete(head, await taskIn(head, 'Rezolūcija'), resolution('Izvērtēt koku stāvokli.'));

    // when: the executor returns it with a reason, and the head resolves again
    await complete(executor, await taskIn(executor, 'Izpilde'), {
      outcome: 'returned',
      comment: 'Tas ir Komunālās nodaļas jautājums.',
    });
    expect(await head.page('/')).toContain('Tas ir Komunālās nodaļas jautājums.');
    await executor.submit('/', '/notifications/read-all', {});
    await complete(head, await taskIn(head, 'Rezolūcija'), resolution('Tomēr izvērtēt, saskaņot ar KOM.'));

    // then: the executor is told of a new task, not of a return quoting the old reason
    const executorInbox = await executor.page('/');
    expect(executorInbox).toContain('gave you the task');
    expect(executorInbox).not.toContain('returned the task');
    expect(executorInbox).not.toContain('Komunālās nodaļas jautājums');

    // when: executed, reported, returned under control, reported again and accepted
    await complete(executor, await taskIn(executor, 'Izpilde'), {
      outcome: 'done',
      comment: 'Apsekots kopā ar KOM.',
    });
    await complete(executor, await taskIn(executor, 'Izpildes ziņojums'), {
      report: 'Pirmais ziņojums: trīs koki bīstami.',
    });
    await complete(head, await taskIn(head, 'Izpildes kontrole'), {
      control: 'return',
      comment: 'Pievienot arboristu atzinumu.',
    });
    expect(await executor.page('/')).toContain('Pievienot arboristu atzinumu.');
    await complete(executor, await taskIn(executor, 'Izpildes ziņojums'), {
      report: 'Otrais ziņojums: atzinums pievienots.',
    });
    await complete(head, await taskIn(head, 'Izpildes kontrole'), {
      control: 'accept',
      comment: 'Pieņemts.',
    });

    // then: the card keeps every note, in order, with who and what kind
    const card = await registrar.page(documentPath);
    expect(card).toContain("<span class='badge'>closed</span>");
    const thread = card.slice(card.indexOf("id='thread'"), card.indexOf("id='timeline'"));
    const said = [
      'Izvērtēt koku stāvokli.',
      'Tas ir Komunālās nodaļas jautājums.',
      'Tomēr izvērtēt, saskaņot ar KOM.',
      'Apsekots kopā ar KOM.',
      'Pirmais ziņojums: trīs koki bīstami.',
      'Pievienot arboristu atzinumu.',
      'Otrais ziņojums: atzinums pievienots.',
      'Pieņemts.',
    ];
    const positions = said.map((text) => thread.indexOf(text));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(flat(thread)).toMatch(
      /Pēteris Liepa · <strong>returned<\/strong> → [^<]+\s*<p class='note-body'>Tas ir/,
    );
    expect(flat(thread)).toContain('<strong>accepted</strong>');
    expect(flat(thread)).toContain('<strong>report</strong>');

    // and the history says "returned", not "completed", for both returns
    const timeline = flat(card.slice(card.indexOf("id='timeline'")));
    expect(timeline.match(/returned the task/g)).toHaveLength(2);
    expect(timeline).toContain('accepted the execution');

    // and the card PDF prints the thread
    const id = documentPath.split('/').pop() ?? '';
    const pdf = await registrar.fetch(`/api/documents/${id}/card.pdf?lang=en`);
    expect(pdf.status).toBe(200);
    const text = flat((await readPdf(Buffer.from(await pdf.arrayBuffer()))).text);
    expect(text).toContain('Comments and notes');
    for (const note of ['Komunālās nodaļas', 'Pirmais ziņojums', 'Otrais ziņojums', 'arboristu', 'Pieņemts.'])
      expect(text).toContain(note);
    expect(text).toMatch(/returned → /);
  });
});
