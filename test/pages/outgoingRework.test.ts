/**
 * A reply letter returned for rework and revised, through the pages, in Latvian and English: the
 * reply opens pre-filled from the incoming letter, the approver returns it with a reason, the author
 * sees the reason and the letter and edits it (subject, text, files), the approver sees what
 * changed, the head signs and the letter gets its number. Also the JSON route of the rework.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningServer } from '../../web/server.js';
import { startDemoDataServer } from '../support/demoServer.js';
import { csrfOf, flat, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

const NEW_LETTER = '/documents/outgoing/new';

const TEXTS = {
  en: {
    reSubject: 'Re: ',
    returned: 'returned',
    changedSince: 'Changed since your last review',
    revise: 'Revise the draft',
    draftLink: 'Draft: ',
    drafted: 'Drafted',
    filesAdded: 'Files added',
    filesRemoved: 'Files removed',
  },
  lv: {
    reSubject: 'Atbilde: ',
    returned: 'atgrieza',
    changedSince: 'Mainīts kopš jūsu pēdējās izskatīšanas',
    revise: 'Labot projektu',
    draftLink: 'Projekts: ',
    drafted: 'Projekts sagatavots',
    filesAdded: 'Pievienotās datnes',
    filesRemoved: 'Noņemtās datnes',
  },
} as const;

describe('a returned reply letter revised through the pages', () => {
  let dataDir: string;
  let server: RunningServer;
  let executor: PageClient;
  let deptHead: PageClient;
  let head: PageClient;
  let registrar: PageClient;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-pages-rework-'));
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

  const speak = async (lang: 'en' | 'lv') => {
    for (const person of [executor, deptHead, head, registrar]) {
      expect((await person.fetch(`/language/${lang}?back=/`)).status).toBe(303);
    }
  };

  /** The open task of `person` on `documentId` whose page contains `marker`: its id and page. */
  async function openTask(person: PageClient, documentId: string, marker: string) {
    for (const taskId of taskLinks(await person.page('/'))) {
      const html = await person.page(`/tasks/${taskId}`);
      if (html.includes(`/documents/${documentId}'`) && html.includes(marker)) return { taskId, html };
    }
    throw new Error(`no open task with ${marker} on ${documentId}`);
  }

  async function anIncomingLetter(subject: string): Promise<string> {
    const form = await registrar.page('/documents/new');
    const registered = await registrar.submit('/documents/new', '/documents/new', {
      registerId: optionValue(form, 'IES'),
      subject,
      correspondentName: 'Pēteris Kalns',
      correspondentKind: 'person',
      action: 'register',
    });
    expect(registered.status).toBe(303);
    return (registered.headers.get('location') ?? '').replace('/documents/', '');
  }

  it.each(['lv', 'en'] as const)(
    'walks return → rework with edits → review of the change → signature (%s)',
    async (lang) => {
      await speak(lang);
      const words = TEXTS[lang];
      // The registrar, who sees the incoming letter, answers it.
      const author = registrar;
      const incomingId = await anIncomingLetter(`Iesniegums par ceļu ${lang}`);

      // "Reply with a letter" opens pre-filled from the incoming letter
      const replyForm = await author.page(`${NEW_LETTER}?replyTo=${incomingId}`);
      expect(replyForm).toContain(`${words.reSubject}Iesniegums par ceļu ${lang}`);
      expect(replyForm).toContain("value='Pēteris Kalns'");
      expect(replyForm).toContain("type='file'");
      const data = new FormData();
      for (const [name, value] of Object.entries({
        replyToId: incomingId,
        registerId: optionValue(replyForm, 'NOS'),
        subject: `${words.reSubject}Iesniegums par ceļu ${lang}`,
        body: 'Ceļu remontēsim jūnijā.',
        addresseeName: 'Pēteris Kalns',
        addresseeKind: 'person',
        approver1: 'depthead',
      })) {
        data.set(name, value);
      }
      data.append('attachments', new Blob(['tāme 1000']), 'tāme.txt');
      const drafted = await author.upload(NEW_LETTER, NEW_LETTER, data);
      expect(drafted.status).toBe(303);
      const documentId = (drafted.headers.get('location') ?? '').replace('/documents/', '');
      // the card of a draft says when it was drafted, not "registered"
      const card = flat(await author.page(`/documents/${documentId}`));
      expect(card).toContain(words.drafted);
      expect(card).toContain('tāme.txt');

      // the approver sees the letter (text, files, addressee) and returns it
      const approval = await openTask(deptHead, documentId, "name='approval'");
      expect(approval.html).toContain('Ceļu remontēsim jūnijā.');
      expect(approval.html).toContain('tāme.txt');
      expect(approval.html).toContain('Pēteris Kalns');
      expect(approval.html).not.toMatch(/<a href='[^']*'>\s*<\/a>/);
      expect(approval.html).toContain(`>${words.draftLink}`);
      expect(approval.html).not.toContain(words.changedSince);
      const returned = await deptHead.submit(`/tasks/${approval.taskId}`, `/tasks/${approval.taskId}`, {
        approval: 'return',
        comment: 'Norādiet precīzu datumu.',
      });
      expect(returned.status).toBe(303);

      // the author is told it was returned, sees why, and revises the draft
      const inbox = flat(await author.page('/'));
      expect(inbox).toContain(words.returned);
      const rework = await openTask(author, documentId, "/rework'");
      expect(rework.html).toContain(words.revise);
      expect(rework.html).toContain('Norādiet precīzu datumu.');
      expect(rework.html).toMatch(new RegExp(`<a href='/documents/${incomingId}'>[^<]+</a>`));
      const oldFileId = /name='removeAttachment'\s+value='([0-9a-f-]{36})'/.exec(rework.html)?.[1] ?? '';
      expect(oldFileId).not.toBe('');
      const action = `/tasks/${rework.taskId}/rework`;

      // an empty subject is refused, naming the field, and nothing changes
      const empty = new FormData();
      empty.set('subject', ' ');
      empty.set('body', 'Tukšs');
      empty.set('addresseeName', 'Pēteris Kalns');
      empty.set('addresseeKind', 'person');
      const refused = await author.upload(`/tasks/${rework.taskId}`, action, empty);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/id='rework-subject'[\s\S]*class='field-error'/);
      expect(flat(await author.page(`/documents/${documentId}`))).toContain('Ceļu remontēsim jūnijā.');

      const edits = new FormData();
      edits.set('subject', `${words.reSubject}Iesniegums par ceļu ${lang} (precizēts)`);
      edits.set('body', 'Ceļu remontēsim 10. jūnijā.');
      edits.set('addresseeName', 'Pēteris Kalns');
      edits.set('addresseeKind', 'person');
      edits.set('removeAttachment', oldFileId);
      edits.set('comment', 'Datums norādīts.');
      edits.append('attachments', new Blob(['tāme 1200']), 'tāme-2.txt');
      const revised = await author.upload(`/tasks/${rework.taskId}`, action, edits);
      expect(revised.status).toBe(303);

      // the approver sees what changed since the return
      const again = await openTask(deptHead, documentId, "name='approval'");
      const page = flat(again.html);
      expect(page).toContain(words.changedSince);
      expect(page).toMatch(/Ceļu remontēsim <ins>.*?10\. <\/ins>jūnijā\./);
      expect(page).toMatch(/<ins>.*?\(precizēts\)<\/ins>/);
      expect(page).toContain(words.filesAdded);
      expect(page).toContain('tāme-2.txt');
      expect(page).toContain(words.filesRemoved);
      expect(page).toContain('<del>tāme.txt</del>');
      await deptHead.submit(`/tasks/${again.taskId}`, `/tasks/${again.taskId}`, { approval: 'approve' });

      // the head signs the revised letter; it gets its number
      const signature = await openTask(head, documentId, "name='signature'");
      expect(signature.html).toContain('Ceļu remontēsim 10. jūnijā.');
      // what it answers, by its number (the head sees the incoming letter)
      expect(signature.html).toMatch(new RegExp(`<a href='/documents/${incomingId}'>[^<]+</a>`));
      expect(signature.html).not.toContain('tāme.txt<');
      const signed = await head.submit(`/tasks/${signature.taskId}`, `/tasks/${signature.taskId}`, {
        signature: 'sign',
      });
      expect(signed.status).toBe(303);
      const numbered = flat(await registrar.page(`/documents/${documentId}`));
      expect(numbered).toMatch(/3-13\/\d{4}\/\d+/);
      expect(numbered).toContain('(precizēts)');
      expect(numbered).toContain('tāme-2.txt');
    },
  );

  it('revises a returned draft through the JSON API, refusing invalid input with the field named', async () => {
    await speak('en');
    const headers = {
      'content-type': 'application/json',
      'x-csrf-token': csrfOf(await executor.page(NEW_LETTER)),
    };
    const drafted = await executor.fetch('/api/outgoing-letters', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        register: 'NOS',
        subject: 'Caur API pārstrādājama',
        body: 'Pirmais teksts.',
        correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
        approvers: ['depthead'],
      }),
    });
    expect(drafted.status).toBe(201);
    const { id } = (await drafted.json()) as { id: string };
    const approval = await openTask(deptHead, id, "name='approval'");
    await deptHead.submit(`/tasks/${approval.taskId}`, `/tasks/${approval.taskId}`, {
      approval: 'return',
      comment: 'Cits teksts.',
    });
    const rework = await openTask(executor, id, '/rework');
    const route = `/api/outgoing-letters/rework/${rework.taskId}`;

    const refused = await executor.fetch(route, {
      method: 'POST',
      headers,
      body: JSON.stringify({ subject: '' }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ problems: [{ field: 'subject' }] });
    const stranger = await deptHead.fetch(route, {
      method: 'POST',
      headers: { ...headers, 'x-csrf-token': csrfOf(await deptHead.page('/')) },
      body: JSON.stringify({ body: 'Svešs.' }),
    });
    expect(stranger.status).toBe(403);

    const done = await executor.fetch(route, {
      method: 'POST',
      headers,
      body: JSON.stringify({ body: 'Otrais teksts.', comment: 'Teksts nomainīts.' }),
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      documentId: id,
      revision: { revision: 2, body: { from: 'Pirmais teksts.', to: 'Otrais teksts.' }, subject: null },
      openTasks: [{ assignee: 'depthead' }],
    });
  });
});
