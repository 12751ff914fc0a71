/**
 * A multipart body that ends inside a file part (no closing boundary) is a 400, never a crash: on
 * the API's uploads and on the page form. Nothing is registered and no number is consumed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

const BOUNDARY = 'B';
const truncated = (fields: Record<string, string>, fileField: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  body:
    Object.entries(fields)
      .map(
        ([name, value]) =>
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${fileField}"; filename="a.txt"\r\n\r\nabc`,
});

interface Registered {
  id: string;
  registrationNumber: string;
}

describe('a truncated multipart body', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

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
  });

  it('answers 400 on POST /api/documents/{id}/attachments and attaches nothing', async () => {
    // given
    const registrar = await world.as('registrar');
    const document = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Ar pielikumu' }),
    );

    // when
    const answer = await registrar.fetch(`/api/documents/${document.id}/attachments`, truncated({}, 'file'));

    // then
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: 'invalid' });
    expect(await body<unknown[]>(await registrar.get(`/api/documents/${document.id}/attachments`))).toEqual(
      [],
    );
  });

  it('answers 400 on the page form and the server keeps serving', async () => {
    // given
    const registrar = await world.session('registrar');

    // when
    const answer = await registrar.browser.fetch('/documents/new', truncated({ subject: 'Lapa' }, 'files'));
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
});
