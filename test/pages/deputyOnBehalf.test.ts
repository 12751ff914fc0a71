/**
 * A deputy's work says for whom, wherever it is shown: the executor (Pēteris Liepa) sets the
 * department head (Ilze Ozola) as his deputy, she opens his task — told she acts for him — and
 * completes it; the task page, the card's task list and history, the audit trail, the instance view
 * and the card PDF then read "Ilze Ozola for Pēteris Liepa", in English and in Latvian.
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

const EN = 'Ilze Ozola for Pēteris Liepa';
const LV = 'Ilze Ozola, aizvietojot Pēteris Liepa';

describe('a deputy acting for an absent colleague', () => {
  let dataDir: string;
  let server: RunningServer;
  let registrar: PageClient;
  let head: PageClient;
  let executor: PageClient;
  let deputy: PageClient;
  let auditor: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-deputy-'));
    server = await startDemoDataServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    [registrar, head, executor, deputy, auditor] = await Promise.all([
      logIn(server, 'registrar'),
      logIn(server, 'head'),
      logIn(server, 'executor'),
      logIn(server, 'depthead'),
      logIn(server, 'auditor'),
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

  const inLanguage = async (who: PageClient, language: string) => {
    const switched = await who.submit('/', `/language/${language}`, { back: '/' });
    expect(switched.status).toBe(303);
  };

  it('shows "X for Y" on the task, the card, the audit trail, the instance view and the card PDF', async () => {
    // given: a letter resolved to the executor, who sets his department head as deputy from today
    const newForm = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(newForm, 'IEN'),
      subject: 'Par ielas apgaismojumu',
      correspondentName: 'Anna Kalniņa',
      correspondentKind: 'person',
      channel: 'post',
      confidentiality: 'internal',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    const documentPath = registered.headers.get('location') ?? '';
    const documentId = documentPath.split('/').pop() ?? '';
    await complete(head, await taskIn(head, 'Rezolūcija'), {
      decision: 'execute',
      executors: ['executor'],
      responsible: 'executor',
      controller: 'head',
      deadline: inDays(14),
      text: 'Pārbaudīt apgaismojumu.',
    });
    const mine = await executor.page('/substitutions');
    const granted = await executor.submit('/substitutions', '/substitutions', {
      deputyId: optionValue(mine, 'Ilze Ozola'),
      fromDate: inDays(0),
      toDate: inDays(5),
      reason: 'atvaļinājums',
    });
    expect(granted.status).toBe(303);

    // when: the deputy opens the executor's task, told for whom she acts, and completes it
    const taskId = await taskIn(deputy, 'Izpilde');
    const open = flat(await deputy.page(`/tasks/${taskId}`));
    expect(open).toContain('You are acting for Pēteris Liepa');
    await complete(deputy, taskId, { outcome: 'done', comment: 'Apgaismojums pārbaudīts.' });

    // then: the completed task says who completed it for whom
    const done = flat(await deputy.page(`/tasks/${taskId}`));
    expect(done).toContain('Completed by');
    expect(done).toContain(EN);
    expect(done).not.toContain('You are acting for');

    // and the card's task list and history say so, in English and in Latvian
    const card = flat(await head.page(documentPath));
    const tasks = card.slice(0, card.indexOf("id='timeline'"));
    expect(tasks).toContain(`→ ${EN}`);
    expect(card.slice(card.indexOf("id='timeline'"))).toContain(EN);
    await inLanguage(head, 'lv');
    const cardLv = flat(await head.page(documentPath));
    expect(cardLv).toContain(`→ ${LV}`);
    expect(cardLv.slice(cardLv.indexOf("id='timeline'"))).toContain(LV);
    await inLanguage(head, 'en');

    // and the audit trail records the principal and shows it
    const audit = flat(await auditor.page(`/audit?objectType=task&objectId=${taskId}`));
    expect(audit).toContain(`(${EN})`);
    expect(audit).toContain('&quot;onBehalfOf&quot;:{&quot;username&quot;:&quot;executor&quot;');
    expect(audit).toContain('&quot;displayName&quot;:&quot;Pēteris Liepa&quot;');
    await inLanguage(auditor, 'lv');
    expect(flat(await auditor.page(`/audit?objectType=task&objectId=${taskId}`))).toContain(`(${LV})`);

    // and the instance view has the words for the history it draws
    const instanceId = /data-instance-id='([0-9a-f-]{36})'/.exec(card)?.[1] ?? '';
    const instance = flat(await auditor.page(`/designer/instances/${instanceId}`));
    expect(instance).toMatch(new RegExp(`data-acted-for='[^']*task\\.completed&quot;:&quot;${LV}&quot;`));
    await inLanguage(auditor, 'en');
    expect(flat(await auditor.page(`/designer/instances/${instanceId}`))).toContain(
      `&quot;:&quot;${EN}&quot;`,
    );

    // and the JSON API's instance history names both
    const diagram = (await (await auditor.fetch(`/api/process-instances/${instanceId}/diagram`)).json()) as {
      history: { event: string; actedFor: { deputy: string; principal: string } | null }[];
    };
    expect(diagram.history.filter((line) => line.actedFor).map((line) => line.actedFor)).toContainEqual({
      deputy: 'Ilze Ozola',
      principal: 'Pēteris Liepa',
    });

    // and the card PDF prints it, in both languages
    for (const [lang, words] of [
      ['en', EN],
      ['lv', LV],
    ] as const) {
      const pdf = await head.fetch(`/api/documents/${documentId}/card.pdf?lang=${lang}`);
      expect(pdf.status).toBe(200);
      const text = flat((await readPdf(Buffer.from(await pdf.arrayBuffer()))).text);
      expect(text).toContain(words);
    }
  });
});
