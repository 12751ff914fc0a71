/**
 * The intake API: a registrar lists what arrived by e-mail, reads one message, registers one (the
 * fields it leaves out filled from the message, as the page's form is), attaches a reply to it and
 * sets one aside; each is decided once, and others may not see the intake. Items are read by
 * readMessage, as the poller reads them, without an IMAP server; a zip bomb among the files
 * becomes a problem on its item.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readMessage } from '../../engine/intake/readMessage.js';
import { zipBomb } from '../support/archiveBombs.js';
import { samplePdf } from '../support/samplePdf.js';
import { rawMessage, type MessageSpec } from '../intake/messages.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface Item {
  id: string;
  subject: string;
  status: string;
  version: number;
  documentId: string | null;
  decisionNote: string | null;
  problems: { code: string; message: string; fileName?: string }[];
  attachments: { fileName: string }[];
}

interface Detail extends Item {
  bodyText: string;
  suggestions: { id: string; reason: string }[];
  files: { fileName: string; href: string }[];
}

describe('the intake API', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let uid = 0;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
  });
  afterAll(async () => {
    await world.close();
  });

  /** A message as the poller would keep it. */
  const arrives = async (spec: MessageSpec): Promise<void> => {
    uid += 1;
    const item = await readMessage(
      Buffer.from(rawMessage(spec)),
      { mailbox: 'registry@novads.test/INBOX', uidValidity: 1, uid, receivedAt: new Date() },
      { store: world.store, maxAttachmentBytes: 10 * 1024 * 1024 },
    );
    await world.store.intake.insert({ ...item, correspondentId: null });
  };

  const listed = async (status = 'new'): Promise<Item[]> =>
    (await body<{ items: Item[] }>(await registrar.get(`/api/intake?status=${status}`))).items;

  it('lists, shows and decides messages, each once', async () => {
    // given
    await arrives({
      from: '"Ilze Kalēja" <ilze@example.lv>',
      subject: 'Par koku izciršanu',
      messageId: '<trees@example.lv>',
      files: [
        { name: 'plans.pdf', type: 'application/pdf', content: await samplePdf(['Koku plāns']) },
        { name: 'bumba.zip', type: 'application/zip', content: await zipBomb(210) },
      ],
    });
    await arrives({ subject: 'Lēti kredīti', messageId: '<spam@example.lv>' });
    const items = new Map((await listed()).map((item) => [item.subject, item]));
    const trees = items.get('Par koku izciršanu') as Item;
    const spam = items.get('Lēti kredīti') as Item;

    // when: the registrar reads the first one and registers it, fields left to the message
    const detail = await body<Detail>(await registrar.get(`/api/intake/${trees.id}`));
    const registered = await registrar.post(`/api/intake/${trees.id}/register`, {
      expectedVersion: trees.version,
      register: 'IEN',
    });
    const again = await registrar.post(`/api/intake/${trees.id}/register`, {
      expectedVersion: trees.version,
      register: 'IEN',
    });

    // then
    expect(detail.bodyText).toContain('Lūdzu izskatīt');
    expect(detail.problems).toEqual([
      expect.objectContaining({ code: 'archive_refused', fileName: 'bumba.zip' }),
    ]);
    expect(detail.files.map((file) => file.fileName)).toEqual(['Par koku izciršanu.eml', 'plans.pdf']);
    expect(registered.status).toBe(201);
    const document = await body<{
      id: string;
      registrationNumber: string;
      attachments: { fileName: string }[];
    }>(registered);
    expect(document.attachments.map((file) => file.fileName)).toEqual([
      'Par koku izciršanu.eml',
      'plans.pdf',
    ]);
    const card = await body<{
      document: { subject: string; channel: string };
      correspondent: { name: string; email: string } | null;
    }>(await registrar.get(`/api/documents/${document.id}`));
    expect(card.document).toMatchObject({ subject: 'Par koku izciršanu', channel: 'email' });
    expect(card.correspondent).toMatchObject({ name: 'Ilze Kalēja', email: 'ilze@example.lv' });
    expect([400, 409]).toContain(again.status);

    // when: a reply names our number; the spam is set aside
    await arrives({
      from: '<ilze@example.lv>',
      subject: `Re: ${document.registrationNumber} papildinājums`,
      inReplyTo: '<trees@example.lv>',
    });
    const reply = (await listed()).find((item) => item.subject.startsWith('Re:')) as Item;
    const suggested = await body<Detail>(await registrar.get(`/api/intake/${reply.id}`));
    const attached = await registrar.post(`/api/intake/${reply.id}/attach`, {
      expectedVersion: reply.version,
      registrationNumber: document.registrationNumber,
    });
    const setAside = await registrar.post(`/api/intake/${spam.id}/set-aside`, {
      expectedVersion: spam.version,
      note: 'Reklāma',
    });

    // then
    expect(suggested.suggestions).toEqual([expect.objectContaining({ id: document.id })]);
    expect(attached.status).toBe(200);
    expect(await body<Item>(attached)).toMatchObject({ status: 'attached', documentId: document.id });
    expect(await body<Item>(setAside)).toMatchObject({ status: 'set_aside', decisionNote: 'Reklāma' });
    expect(await listed()).toEqual([]);
    expect((await listed('registered')).map((item) => item.id)).toEqual([trees.id]);
  });

  it('refuses others, unknown items and a decision without its target', async () => {
    // given
    await arrives({ subject: 'Vēl viens', messageId: '<one-more@example.lv>' });
    const [item] = await listed();
    const executor = await world.as('executor');

    // when
    const answers = {
      executorList: await executor.get('/api/intake'),
      executorItem: await executor.get(`/api/intake/${item?.id}`),
      unknown: await registrar.get('/api/intake/00000000-0000-4000-8000-000000000000'),
      noTarget: await registrar.post(`/api/intake/${item?.id}/attach`, { expectedVersion: item?.version }),
      badStatus: await registrar.get('/api/intake?status=lost'),
      lv: await registrar.fetch(`/api/intake/${item?.id}/attach`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'lv' },
        body: JSON.stringify({ expectedVersion: item?.version, registrationNumber: 'NAV-1' }),
      }),
    };

    // then
    expect(answers.executorList.status).toBe(403);
    expect(answers.executorItem.status).toBe(403);
    expect(answers.unknown.status).toBe(404);
    expect(answers.noTarget.status).toBe(400);
    expect(answers.badStatus.status).toBe(400);
    expect(answers.lv.status).toBe(400);
    expect(await answers.lv.json()).toMatchObject({ error: 'invalid', code: 'refusal.noDocumentWithNumber' });
  });
});
