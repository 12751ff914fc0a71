import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { samplePdf } from '../support/samplePdf.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface Registered {
  id: string;
  registrationNumber: string;
  processInstanceId: string | null;
  attachments: { id: string; fileName: string; contentType: string; size: number; sha256: string }[];
}
interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; message: string }[];
}

function multipart(
  document: unknown,
  files: { name: string; bytes: Uint8Array; type?: string }[],
): RequestInit {
  const form = new FormData();
  form.set('document', JSON.stringify(document));
  for (const file of files) {
    form.append(
      'files',
      new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  return { method: 'POST', body: form };
}

describe('documents over the JSON API', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let pdf: Buffer;

  beforeAll(async () => {
    world = await startApiWorld({ maxUploadBytes: 256 * 1024 });
    registrar = await world.as('registrar');
    pdf = await samplePdf(['Iesniegums par būvatļauju', 'Ēku iela 5, Cēsis']);
  });
  afterAll(() => world.close());

  it('registers a document from JSON and answers 201 with its id and registration number', async () => {
    // when
    const response = await registrar.post('/api/documents', {
      register: 'IEN',
      subject: 'Par ielas apgaismojumu',
      correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
      channel: 'email',
    });

    // then
    expect(response.status).toBe(201);
    const registered = await body<Registered>(response);
    expect(registered).toMatchObject({
      id: expect.any(String),
      registrationNumber: expect.stringMatching(/^3-12\/\d{4}\/\d+$/),
      processInstanceId: expect.any(String),
      attachments: [],
    });
    expect(response.headers.get('location')).toBe(`/api/documents/${registered.id}`);
  });

  it('registers a document with a PDF over multipart and downloads it back byte-identical', async () => {
    // given
    const fileName = 'Iesniegums — Bērziņš (2).pdf';

    // when
    const response = await registrar.fetch(
      '/api/documents',
      multipart({ registerId: world.outgoing.id, subject: 'Atbilde par būvatļauju' }, [
        { name: fileName, bytes: pdf, type: 'application/pdf' },
      ]),
    );

    // then
    expect(response.status).toBe(201);
    const registered = await body<Registered>(response);
    expect(registered.attachments).toEqual([
      {
        id: expect.any(String),
        fileName,
        contentType: 'application/pdf',
        size: pdf.length,
        sha256: sha256(pdf),
      },
    ]);
    const download = await registrar.get(`/api/attachments/${registered.attachments[0]?.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="Iesniegums _ Berzins (2).pdf"; filename*=UTF-8''Iesniegums%20%E2%80%94%20B%C4%93rzi%C5%86%C5%A1%20%282%29.pdf`,
    );
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(pdf));
    expect(bytes.length).toBe(pdf.length);
  });

  it('finds registered documents by words, register, status and dates, page by page', async () => {
    // given
    const subject = `Koku ciršana ${Date.now()}`;
    for (let i = 0; i < 3; i += 1) {
      expect((await registrar.post('/api/documents', { register: 'NOS', subject })).status).toBe(201);
    }
    const today = new Date().toISOString().slice(0, 10);

    // when
    const firstPage = await registrar.get(
      `/api/documents?q=${encodeURIComponent(subject)}&register=NOS&from=${today}&pageSize=2`,
    );
    const secondPage = await registrar.get(
      `/api/documents?q=${encodeURIComponent(subject)}&pageSize=2&page=2`,
    );
    const otherRegister = await registrar.get(`/api/documents?q=${encodeURIComponent(subject)}&register=IEN`);
    const byStatus = await registrar.get(
      `/api/documents?q=${encodeURIComponent(subject)}&status=no-such-status`,
    );

    // then
    const first = await body<{ items: { subject: string }[]; total: number; page: number; pageSize: number }>(
      firstPage,
    );
    expect(first).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.items.every((item) => item.subject === subject)).toBe(true);
    expect((await body<{ items: unknown[] }>(secondPage)).items).toHaveLength(1);
    expect(await body<{ total: number }>(otherRegister)).toMatchObject({ total: 0 });
    expect(await body<{ total: number }>(byStatus)).toMatchObject({ total: 0 });
  });

  it('shows a document with its register, attachments, open tasks and history', async () => {
    // given
    const registered = await body<Registered>(
      await registrar.fetch(
        '/api/documents',
        multipart({ register: 'IEN', subject: 'Par gājēju pāreju' }, [{ name: 'pāreja.pdf', bytes: pdf }]),
      ),
    );

    // when
    const response = await registrar.get(`/api/documents/${registered.id}`);

    // then
    expect(response.status).toBe(200);
    const card = await body<{
      document: { id: string; registrationNumber: string };
      register: { code: string };
      attachments: { fileName: string }[];
      tasks: { elementId: string; status: string }[];
      history: { type: string }[];
      processes: { processKey: string; status: string }[];
    }>(response);
    expect(card.document).toMatchObject({
      id: registered.id,
      registrationNumber: registered.registrationNumber,
    });
    expect(card.register.code).toBe('IEN');
    expect(card.attachments.map((a) => a.fileName)).toEqual(['pāreja.pdf']);
    expect(card.processes).toEqual([
      expect.objectContaining({ processKey: 'incoming-correspondence', status: 'running' }),
    ]);
    expect(card.tasks).toEqual([expect.objectContaining({ elementId: 'Resolution', status: 'open' })]);
    expect(card.history.map((event) => event.type)).toContain('instance.started');
  });

  it('refuses invalid documents with 400 and every problem named', async () => {
    // when
    const empty = await registrar.post('/api/documents', { register: 'IEN', subject: ' ' });
    const unknownRegister = await registrar.post('/api/documents', { register: 'NOPE', subject: 'x' });
    const wrongTypes = await registrar.post('/api/documents', {
      registerId: world.incoming.id,
      subject: 7,
      confidentiality: 'secret',
      colour: 'blue',
    });
    const noRegister = await registrar.post('/api/documents', { subject: 'x' });
    const notJson = await registrar.fetch('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'subject=x',
    });
    const brokenJson = await registrar.fetch('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"subject":',
    });

    // then
    expect(empty.status).toBe(400);
    expect((await body<ErrorAnswer>(empty)).problems).toEqual([
      { field: 'subject', message: 'is required', code: 'problem.required' },
    ]);
    expect(unknownRegister.status).toBe(400);
    expect((await body<ErrorAnswer>(unknownRegister)).problems).toEqual([
      {
        field: 'register',
        message: 'no such register: NOPE',
        code: 'problem.noRegisterCode',
        params: { code: 'NOPE' },
      },
    ]);
    expect(wrongTypes.status).toBe(400);
    const wrong = await body<ErrorAnswer>(wrongTypes);
    expect(wrong.error).toBe('invalid');
    expect(wrong.problems?.map((p) => p.field).sort()).toEqual(['colour', 'confidentiality', 'subject']);
    expect(noRegister.status).toBe(400);
    expect(notJson.status).toBe(415);
    expect(brokenJson.status).toBe(400);
    expect((await body<ErrorAnswer>(brokenJson)).message).toBe('The request body is not valid JSON.');
  });

  it('answers 404 for an unknown or malformed document or attachment id, never 500', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    for (const path of [
      `/api/documents/${unknown}`,
      '/api/documents/not-an-id',
      `/api/attachments/${unknown}`,
      "/api/attachments/1'; DROP TABLE documents; --",
      `/api/documents/${unknown}/attachments`,
    ]) {
      const response = await registrar.get(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await body<ErrorAnswer>(response)).toMatchObject({
        error: 'not_found',
        message: expect.any(String),
      });
    }
  });

  it('refuses a file over the upload limit with 413 and registers nothing', async () => {
    // given
    const before = await body<{ total: number }>(await registrar.get('/api/documents?q=Pārāk'));
    const big = new Uint8Array(300 * 1024).fill(0x41);

    // when
    const response = await registrar.fetch(
      '/api/documents',
      multipart({ register: 'NOS', subject: 'Pārāk liels' }, [{ name: 'liels.txt', bytes: big }]),
    );

    // then
    expect(response.status).toBe(413);
    expect(await body<ErrorAnswer>(response)).toMatchObject({ error: 'too_large' });
    expect(await body<{ total: number }>(await registrar.get('/api/documents?q=Pārāk'))).toEqual(before);
  });

  it('refuses a program among the files, and a multipart form without the document, with 400', async () => {
    // when
    const program = await registrar.fetch(
      '/api/documents',
      multipart({ register: 'NOS', subject: 'Programma' }, [
        { name: 'ok.pdf', bytes: pdf },
        { name: 'run.sh', bytes: new TextEncoder().encode('#!/bin/sh\necho hi\n') },
      ]),
    );
    const form = new FormData();
    form.set('subject', 'no document field');
    const noDocument = await registrar.fetch('/api/documents', { method: 'POST', body: form });

    // then
    expect(program.status).toBe(400);
    expect((await body<ErrorAnswer>(program)).problems).toEqual([
      {
        field: 'attachments',
        message: 'run.sh: programs and scripts are not accepted',
        code: 'problem.programFile',
        params: { fileName: 'run.sh' },
      },
    ]);
    expect(noDocument.status).toBe(400);
    expect((await body<ErrorAnswer>(noDocument)).problems).toEqual([
      { field: 'document', message: 'must be the document as JSON', code: 'problem.documentAsJson' },
    ]);
  });

  it('adds a file to a document and refuses a second file in the same request', async () => {
    // given
    const registered = await body<Registered>(
      await registrar.post('/api/documents', { register: 'NOS', subject: 'Ar pielikumu' }),
    );
    const one = new FormData();
    one.set('file', new Blob([pdf]), 'pielikums.pdf');
    const two = new FormData();
    two.append('file', new Blob([pdf]), 'a.pdf');
    two.append('file', new Blob([pdf]), 'b.pdf');

    // when
    const added = await registrar.fetch(`/api/documents/${registered.id}/attachments`, {
      method: 'POST',
      body: one,
    });
    const twice = await registrar.fetch(`/api/documents/${registered.id}/attachments`, {
      method: 'POST',
      body: two,
    });
    const listed = await registrar.get(`/api/documents/${registered.id}/attachments`);

    // then
    expect(added.status).toBe(201);
    expect(await body<{ fileName: string; size: number }>(added)).toMatchObject({
      fileName: 'pielikums.pdf',
      size: pdf.length,
    });
    expect(twice.status).toBe(400);
    expect((await body<{ fileName: string }[]>(listed)).map((a) => a.fileName)).toEqual(['pielikums.pdf']);
  });

  it('aborts the download of a damaged attachment instead of sending wrong bytes', async () => {
    // given
    const damaged = Buffer.from(await samplePdf(['Bojāts fails']));
    const registered = await body<Registered>(
      await registrar.fetch(
        '/api/documents',
        multipart({ register: 'NOS', subject: 'Bojāts' }, [{ name: 'bojats.pdf', bytes: damaged }]),
      ),
    );
    const copy = Buffer.from(damaged);
    copy[copy.length - 10] = (copy[copy.length - 10] ?? 0) ^ 0xff;
    await world.db.query('UPDATE blobs SET data = $1 WHERE sha256 = $2', [copy, sha256(damaged)]);

    // when
    const download = registrar
      .get(`/api/attachments/${registered.attachments[0]?.id}`)
      .then(async (response) => new Uint8Array(await response.arrayBuffer()));

    // then
    await expect(download).rejects.toThrow();
  });
});
