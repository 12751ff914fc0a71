/**
 * The API's refusals in the caller's language: the use cases' English messages and field problems
 * come back in Latvian or Russian when the request asks for it (Accept-Language or the `lang`
 * cookie), and as the engine wrote them for an English request or one that names no language.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface ErrorAnswer {
  error: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
  problems?: { field?: string; message: string; code?: string; params?: Record<string, string | number> }[];
}

describe('the API answers refusals in the language of the request', () => {
  let world: ApiWorld;
  let registrar: ApiClient;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
  });
  afterAll(async () => {
    await world.close();
  });

  /** A registration whose due date is before today, the registration date. */
  const lateDocument = (headers: Record<string, string>) =>
    registrar.fetch('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        register: 'IEN',
        subject: 'Par ielas apgaismojumu',
        correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
        dueDate: '2000-01-03',
      }),
    });

  it('gives the message and each problem in Latvian for Accept-Language: lv', async () => {
    // when
    const response = await lateDocument({ 'accept-language': 'lv-LV,lv;q=0.9,en;q=0.5' });

    // then: the status and the shape stay, the words are Latvian, the date is kept
    expect(response.status).toBe(400);
    const answer = await body<ErrorAnswer>(response);
    expect(answer).toEqual({
      error: 'invalid',
      message: 'Dokumentu nevar reģistrēt.',
      code: 'refusal.registerDocument',
      problems: [
        {
          field: 'dueDate',
          message: expect.stringMatching(/^ir agrāks par reģistrācijas datumu \d{4}-\d{2}-\d{2}$/),
          code: 'problem.beforeRegistration',
          params: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
        },
      ],
    });
  });

  it('takes the language from the lang cookie before Accept-Language', async () => {
    // when
    const response = await registrar.fetch('/api/documents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'lang=lv', 'accept-language': 'en' },
      body: JSON.stringify({ register: 'IEN', subject: ' ' }),
    });

    // then
    expect(response.status).toBe(400);
    const answer = await body<ErrorAnswer>(response);
    expect(answer.message).toBe('Dokumentu nevar reģistrēt.');
    expect(answer.problems).toEqual([
      { field: 'subject', message: 'Obligāts lauks.', code: 'problem.required' },
    ]);
  });

  it('gives Russian for Accept-Language: ru', async () => {
    const answer = await body<ErrorAnswer>(await lateDocument({ 'accept-language': 'ru' }));
    expect(answer.message).toBe('Документ невозможно зарегистрировать.');
    expect(answer.problems?.[0]?.message).toMatch(/^раньше даты регистрации \d{4}-\d{2}-\d{2}$/);
  });

  it('leaves an English request, and one that names no language, as the engine wrote it', async () => {
    for (const headers of [{ 'accept-language': 'en' }, {}] as Record<string, string>[]) {
      const response = await lateDocument(headers);
      expect(response.status).toBe(400);
      const answer = await body<ErrorAnswer>(response);
      expect(answer.message).toBe('The document cannot be registered.');
      expect(answer.problems?.[0]?.message).toMatch(/^is before the registration date \d{4}-\d{2}-\d{2}$/);
    }
  });

  it('gives the same error, codes and fields in every language', async () => {
    const shapes = [];
    for (const language of ['lv', 'en', 'ru', 'lt', 'cs', 'kk']) {
      const answer = await body<ErrorAnswer>(await lateDocument({ 'accept-language': language }));
      shapes.push({
        error: answer.error,
        code: answer.code,
        problems: answer.problems?.map(({ field, code }) => ({ field, code })),
      });
    }
    expect(new Set(shapes.map((shape) => JSON.stringify(shape))).size).toBe(1);
    expect(shapes[0]).toEqual({
      error: 'invalid',
      code: 'refusal.registerDocument',
      problems: [{ field: 'dueDate', code: 'problem.beforeRegistration' }],
    });
  });
  it("gives each problem's values as params beside its code, the same in every language", async () => {
    // when
    const answers = await Promise.all(
      ['lv', 'en', 'kk'].map(async (language) =>
        body<ErrorAnswer>(await lateDocument({ 'accept-language': language })),
      ),
    );

    // then: the date the message names is a value of its own, not only words in the message
    const date = answers[0]?.problems?.[0]?.params?.date;
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const answer of answers) {
      expect(answer.problems?.[0]).toMatchObject({ code: 'problem.beforeRegistration', params: { date } });
      expect(answer.problems?.[0]?.message).toContain(String(date));
    }
  });

  it("gives a refusal's values as params beside its code", async () => {
    // when: a registrar, not an administrator, creates a register
    const response = await registrar.fetch('/api/registers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'lv' },
      body: JSON.stringify({
        code: 'PAR',
        name: 'Parametri',
        kind: 'application',
        numberPattern: 'PAR-{seq}',
      }),
    });

    // then
    expect(response.status).toBe(403);
    const answer = await body<ErrorAnswer>(response);
    expect(answer).toMatchObject({
      error: 'forbidden',
      code: 'refusal.adminOnly',
      params: { doing: 'create registers' },
    });
    expect(answer.problems).toBeUndefined();
  });
});
