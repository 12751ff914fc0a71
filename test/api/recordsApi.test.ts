import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiWorld, body, startApiWorld } from './apiWorld.js';

describe('registers, correspondents and case files over the JSON API', () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
  });
  afterAll(() => world.close());

  it('lists the registers for people who work with documents, and lets only administrators add one', async () => {
    // given
    const [registrar, admin, designer] = await Promise.all([
      world.as('registrar'),
      world.as('admin'),
      world.as('designer'),
    ]);
    const register = {
      code: 'IES',
      name: 'Iesniegumi',
      kind: 'application',
      numberPattern: 'IES-{yyyy}/{seq:4}',
    };

    // when
    const listed = await registrar.get('/api/registers');
    const byDesigner = await designer.get('/api/registers');
    const byRegistrar = await registrar.post('/api/registers', register);
    const created = await admin.post('/api/registers', register);
    const duplicate = await admin.post('/api/registers', register);
    const badPattern = await admin.post('/api/registers', {
      ...register,
      code: 'X',
      numberPattern: '{nope}',
    });

    // then
    expect((await body<{ code: string }[]>(listed)).map((r) => r.code).sort()).toEqual(['IEN', 'NOS']);
    expect(byDesigner.status).toBe(403);
    expect(byRegistrar.status).toBe(403);
    expect(created.status).toBe(201);
    expect(duplicate.status).toBe(409);
    expect(badPattern.status).toBe(400);
    expect(
      (await body<{ problems: { field: string }[] }>(badPattern)).problems.map((p) => p.field),
    ).toContain('numberPattern');
  });

  it('creates a correspondent card, finds it without diacritics and shows it with its documents', async () => {
    // given
    const registrar = await world.as('registrar');

    // when
    const created = await registrar.post('/api/correspondents', {
      kind: 'organisation',
      name: 'SIA Ūdensvads',
      registrationCode: '40003000000',
    });
    const card = await body<{ id: string }>(created);
    await registrar.post('/api/documents', {
      register: 'NOS',
      subject: 'Par ūdeni',
      correspondentId: card.id,
    });
    const found = await registrar.get('/api/correspondents?q=udensvads');
    const shown = await registrar.get(`/api/correspondents/${card.id}`);
    const missingQuery = await registrar.get('/api/correspondents');
    const unknown = await registrar.get('/api/correspondents/00000000-0000-4000-8000-000000000000');

    // then
    expect(created.status).toBe(201);
    expect((await body<{ id: string }[]>(found)).map((c) => c.id)).toEqual([card.id]);
    expect(await body(shown)).toMatchObject({
      correspondent: { name: 'SIA Ūdensvads' },
      documents: { total: 1, items: [expect.objectContaining({ subject: 'Par ūdeni' })] },
    });
    expect(missingQuery.status).toBe(400);
    expect(unknown.status).toBe(404);
  });

  it('keeps the case-file nomenclature: administrators add, records workers read', async () => {
    // given
    const [admin, registrar] = await Promise.all([world.as('admin'), world.as('registrar')]);

    // when
    const created = await admin.post('/api/case-files', {
      indexCode: '3-12',
      title: 'Iedzīvotāju iesniegumi',
      retention: 'long',
      retentionYears: 75,
      year: 2026,
    });
    const wrongRetention = await admin.post('/api/case-files', {
      indexCode: '3-13',
      title: 'Īslaicīgi',
      retention: 'short',
      retentionYears: 40,
      year: 2026,
    });
    const byRegistrar = await registrar.post('/api/case-files', {
      indexCode: '1',
      title: 't',
      retention: 'permanent',
      year: 2026,
    });
    const listed = await registrar.get('/api/case-files?year=2026');
    const badYear = await registrar.get('/api/case-files?year=soon');

    // then
    expect(created.status).toBe(201);
    expect(wrongRetention.status).toBe(400);
    expect(byRegistrar.status).toBe(403);
    expect((await body<{ indexCode: string }[]>(listed)).map((c) => c.indexCode)).toEqual(['3-12']);
    expect(badYear.status).toBe(400);
  });

  it('answers an unknown API path with 404 JSON', async () => {
    const response = await (await world.as('registrar')).get('/api/nothing-here');

    expect(response.status).toBe(404);
    expect(await body(response)).toMatchObject({ error: 'not_found' });
  });
});
