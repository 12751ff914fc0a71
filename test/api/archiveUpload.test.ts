/**
 * Zip bombs at the API's upload: an archive that unpacks past the budget is a 413, one packed or
 * nested past the limits a 400, each said in the language of the request; nothing is attached.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { nestedZip, zipBomb } from '../support/archiveBombs.js';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface Registered {
  id: string;
}

describe('archives uploaded through the API', () => {
  let world: ApiWorld;
  let registrar: ApiClient;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
  });
  afterAll(async () => {
    await world.close();
  });

  const upload = (documentId: string, fileName: string, bytes: Buffer, language: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), fileName);
    return registrar.fetch(`/api/documents/${documentId}/attachments`, {
      method: 'POST',
      headers: { 'accept-language': language },
      body: form,
    });
  };

  it('answers 413 for a zip bomb and 400 for archives nested too deep, in the language asked for', async () => {
    // given
    const document = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Ar arhīvu' }),
    );

    // when
    const bomb = await upload(document.id, 'bumba.zip', await zipBomb(210), 'lv');
    const nested = await upload(document.id, '42.zip', nestedZip(5), 'en');
    const fine = await upload(document.id, 'vestules.zip', nestedZip(2), 'lv');

    // then
    expect(bomb.status).toBe(413);
    expect(await bomb.json()).toMatchObject({
      error: 'too_large',
      message: '"bumba.zip" izpakojot ir lielāks par 200 MB; šādi arhīvi netiek pieņemti.',
    });
    expect(nested.status).toBe(400);
    expect(await nested.json()).toMatchObject({
      error: 'invalid',
      message: '"42.zip" is an archive that cannot be accepted.',
      problems: [{ field: 'attachments', message: '42.zip: archives are nested more than 3 deep' }],
    });
    expect(fine.status).toBe(201);
    const attached = await body<{ fileName: string }[]>(
      await registrar.get(`/api/documents/${document.id}/attachments`),
    );
    expect(attached.map((attachment) => attachment.fileName)).toEqual(['vestules.zip']);
  });
});
