/**
 * Inputs that once answered 500 (issue 13): odd charsets, bad escapes, NUL, lone surrogates,
 * impossible dates. Each is the client's mistake: a 4xx with `{error, message}`, nothing stored and
 * no number consumed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD, type ApiClient, type ApiWorld, body, daysFromToday, startApiWorld } from './apiWorld.js';

interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; message: string }[];
}
interface Registered {
  id: string;
  registrationNumber: string;
}

/** The status and the error body; every error must be JSON `{error, message}`. */
async function refusal(response: Response): Promise<{ status: number; answer: ErrorAnswer }> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const answer = await body<ErrorAnswer>(response);
  expect(answer).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  return { status: response.status, answer };
}
const fields = (answer: ErrorAnswer) => (answer.problems ?? []).map((problem) => problem.field);

describe('inputs that once gave 500', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
  });
  afterAll(() => world.close());

  const sequence = async () => {
    const registered = await body<Registered>(
      await registrar.post('/api/documents', { register: 'IEN', subject: 'Skaitītājs' }),
    );
    return Number(registered.registrationNumber.split('/').pop());
  };

  it('answers 415 to JSON in another charset, anonymous or not', async () => {
    for (const [client, path] of [
      [registrar, '/api/documents'],
      [null, '/api/auth/login'],
    ] as const) {
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=iso-8859-1' },
        body: JSON.stringify({ username: 'x', password: 'y' }),
      };
      const response = client ? await client.fetch(path, init) : await fetch(`${world.base}${path}`, init);
      const { status, answer } = await refusal(response);
      expect(status).toBe(415);
      expect(answer.message).toContain('application/json');
    }
  });

  it('answers 400 to a malformed percent-escape in a path id', async () => {
    for (const path of ['/api/documents/%E0%A4%A', '/api/processes/%E0%A4%A/versions']) {
      const { status, answer } = await refusal(await registrar.get(path));
      expect(status).toBe(400);
      expect(fields(answer)).toContain('path');
    }
  });

  it('answers 400 to NUL as a process key, on the process and its sub-routes', async () => {
    for (const path of [
      '/api/processes/%00',
      '/api/processes/%00/versions',
      '/api/processes/%00/versions/1',
    ]) {
      expect((await refusal(await registrar.get(path))).status).toBe(400);
    }
  });

  it('answers 400 to the year 0000 and impossible dates, in queries and bodies', async () => {
    const queries = [
      '/api/documents?from=0000-01-01',
      '/api/documents?to=2026-02-30',
      '/api/reports/journal.csv?register=IEN&from=0000-01-01&to=2026-01-31',
      '/api/reports/statistics.csv?from=2026-01-01&to=0000-12-31',
      '/api/reports/control.csv?asOf=0000-01-01',
    ];
    for (const path of queries) {
      const { status } = await refusal(await registrar.get(path));
      expect(status).toBe(400);
    }
    const before = await sequence();
    const { status, answer } = await refusal(
      await registrar.post('/api/documents', {
        register: 'IEN',
        subject: 'Datums',
        theirDate: '0000-01-01',
        dueDate: '2026-02-30',
        dueDateReason: 'x',
      }),
    );
    expect(status).toBe(400);
    expect(fields(answer)).toEqual(expect.arrayContaining(['theirDate', 'dueDate']));
    expect(await sequence()).toBe(before + 1);
    const admin = await world.as('admin');
    const substitution = await admin.post('/api/substitutions', {
      deputyId: world.users.head.id,
      fromDate: '2026-02-30',
      toDate: daysFromToday(3),
    });
    expect((await refusal(substitution)).status).toBe(400);
  });

  it('answers 400 naming the field to NUL and lone surrogates in any text, storing nothing', async () => {
    const before = await sequence();
    for (const subject of ['a\u0000b', 'a\ud800b', 'a\udc00']) {
      const { status, answer } = await refusal(
        await registrar.post('/api/documents', { register: 'IEN', subject }),
      );
      expect(status).toBe(400);
      expect(fields(answer)).toContain('subject');
    }
    const nested = await refusal(
      await registrar.post('/api/documents', {
        register: 'IEN',
        subject: 'ok',
        correspondent: { kind: 'person', name: 'J\ud800' },
      }),
    );
    expect(fields(nested.answer)).toContain('correspondent.name');
    expect(await sequence()).toBe(before + 1);
    // Pages answer the same refusal as a page: test/pages/pageInputGuard.test.ts.
    for (const path of ['/api/documents?q=%00', '/api/correspondents?q=a%00b']) {
      const { status, answer } = await refusal(await registrar.get(path));
      expect(status).toBe(400);
      expect(fields(answer)).toContain('q');
    }
  });

  it('answers 400 naming xml to a NUL in process XML sent as XML', async () => {
    const designer = await world.as('designer');
    const response = await designer.fetch('/api/processes', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><definitions>\u0000</definitions>',
    });
    const { status, answer } = await refusal(response);
    expect(status).toBe(400);
    expect(fields(answer)).toContain('xml');
  });

  it('refuses a username with a lone surrogate before counting failures, on the fifth attempt too', async () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const response = await fetch(`${world.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'q\ud800r', password: 'wrong' }),
      });
      const { status, answer } = await refusal(response);
      expect(status).toBe(400);
      expect(fields(answer)).toContain('username');
    }
    const login = await fetch(`${world.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'registrar', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
  });
});
