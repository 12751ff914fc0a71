/**
 * A multipart body that ends inside a file part (no closing boundary) is a 400, never a crash: on
 * the API's uploads and on the page form, which says so in the page's language. Nothing is
 * registered and no number is consumed.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type Language, translator } from '../../web/i18n/translate.js';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

const BOUNDARY = 'B';
/**
 * A body cut inside the last file part. `before`: whole files sent ahead of it, so that the cut
 * file's stream fails while the parser is still busy with them (the case that ended the process).
 */
const truncated = (
  fields: Record<string, string>,
  fileField: string,
  before: string[] = [],
): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  body:
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
    before
      .map(
        (content, i) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${fileField}"; filename="w${i}.txt"\r\n\r\n${content}\r\n`,
      )
      .join('') +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${fileField}"; filename="a.txt"\r\n\r\nabc`,
});
// Small, so that busboy hands out every part at once (no backpressure) and the cut one waits its turn.
const WHOLE = ['Pirmā lapa.', 'Otrā lapa.'];

interface Registered {
  id: string;
  registrationNumber: string;
}

describe('a truncated multipart body', () => {
  let world: ApiWorld;
  let blobDir: string;
  // Outside jest, such an error ends the process; here it is caught and counted.
  const stray: unknown[] = [];
  const heard = (error: unknown) => stray.push(error);
  beforeAll(async () => {
    // Files on disk, as `npm start` keeps them: the blob store then reads a file part only after a
    // mkdir, and a stream error before that had no listener — the crash of issue 13.
    blobDir = await mkdtemp(path.join(tmpdir(), 'kanceleja-blobs-'));
    world = await startApiWorld({ blobDir });
    process.on('uncaughtException', heard);
    process.on('unhandledRejection', heard);
  });
  afterAll(async () => {
    process.off('uncaughtException', heard);
    process.off('unhandledRejection', heard);
    await world.close();
    await rm(blobDir, { recursive: true, force: true });
  });
  afterEach(() => expect(stray).toEqual([]));

  const sequenceOf = (registered: Registered) => Number(registered.registrationNumber.split('/').pop());

  it('answers 400 on POST /api/documents, registers nothing, and the next number follows', async () => {
    // given
    const registrar = await world.as('registrar');
    const before = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Pirms' }),
    );
    const session = await world.session('auditor');

    // when
    const document = JSON.stringify({ register: 'IEN', subject: 'Pārtraukts' });
    const answers = [
      await registrar.fetch('/api/documents', truncated({ document }, 'files')),
      await session.fetch('/api/documents', truncated({ document }, 'files')),
      await registrar.fetch('/api/documents', truncated({ document }, 'other')),
      await registrar.fetch('/api/documents', truncated({ document }, 'files', WHOLE)),
    ];

    // then
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: 'invalid', message: expect.any(String) });
    }
    const after = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Pēc' }),
    );
    expect(sequenceOf(after)).toBe(sequenceOf(before) + 1);
    expect((await registrar.get('/api/health')).status).toBe(200);
    // The partial file was removed.
    expect(await readdir(path.join(blobDir, 'incoming')).catch(() => [])).toEqual([]);
  });

  it('answers 400 on POST /api/documents/{id}/attachments and attaches nothing', async () => {
    // given
    const registrar = await world.as('registrar');
    const document = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Ar pielikumu' }),
    );

    // when
    const answers = [
      await registrar.fetch(`/api/documents/${document.id}/attachments`, truncated({}, 'file')),
      // A part under another name is drained, not stored: its stream fails all the same.
      await registrar.fetch(`/api/documents/${document.id}/attachments`, truncated({}, 'other')),
      await registrar.fetch(`/api/documents/${document.id}/attachments`, truncated({}, 'file', WHOLE)),
    ];

    // then
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: 'invalid' });
    }
    expect(await body<unknown[]>(await registrar.get(`/api/documents/${document.id}/attachments`))).toEqual(
      [],
    );
  });

  it('answers 400 on the page form and the server keeps serving', async () => {
    // given
    const registrar = await world.session('registrar');

    // when
    const answer = await registrar.browser.fetch(
      '/documents/new',
      truncated({ subject: 'Lapa' }, 'files', WHOLE),
    );
    const noBoundary = await registrar.browser.fetch('/documents/new', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data' },
      body: 'x',
    });

    // then
    expect(answer.status).toBe(400);
    expect(noBoundary.status).toBe(400);
    expect((await registrar.get('/api/health')).status).toBe(200);
  });

  it("tells the person at a page form, in the page's language, that the upload was cut off", async () => {
    // given: a signed-in registrar, the form carrying the session's CSRF token
    const registrar = await world.session('registrar');
    const { csrfToken } = await body<{ csrfToken: string }>(await registrar.get('/api/me'));
    const cut = (page: string, language: Language) => {
      const init = truncated({ _csrf: csrfToken, subject: 'Lapa' }, 'files', WHOLE);
      const headers = new Headers(init.headers);
      headers.set('accept-language', language);
      return registrar.browser.fetch(page, { ...init, headers });
    };

    // when
    const answers = [
      ['lv', await cut('/documents/new', 'lv')],
      ['ru', await cut('/documents/outgoing/new', 'ru')],
      ['en', await cut('/documents/new', 'en')],
    ] as const;

    // then: a 400 page that says what happened in its language, not busboy's English
    for (const [language, answer] of answers) {
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain(translator(language)('upload.cutOff'));
      expect(page).not.toContain('Unexpected end of form');
    }
    expect(translator('lv')('upload.cutOff')).not.toBe(translator('en')('upload.cutOff'));
  });
});
