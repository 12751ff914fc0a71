/**
 * Error answers given before any API route runs (issue 13) — the JSON 404 of an unknown /api path,
 * the body parsers' refusals, the text guard, the CSRF guard, the login, the authentication — are of the
 * document's Error schema, like those of the routes, which the test servers check themselves
 * (web/api/support/apiRoute.ts, `checkResponses`): each is validated here against the schema of the served
 * document, and against ErrorBody with no field the schema does not name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { responseProblems } from '../../web/api/support/apiRoute.js';
import { ErrorBody } from '../../web/api/support/schemas.js';
import { type ApiClient, type ApiWorld, startApiWorld } from './apiWorld.js';

interface Case {
  name: string;
  status: number;
  error: string;
  send: () => Promise<Response>;
}

describe('error answers outside the API routes', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let withoutCsrf: ApiClient;
  let errorSchema: object;

  beforeAll(async () => {
    world = await startApiWorld();
    registrar = await world.as('registrar');
    withoutCsrf = await world.session('registrar', { csrf: false });
    const document = (await (await fetch(`${world.base}/api/openapi.json`)).json()) as {
      components: { schemas: { Error: object } };
    };
    errorSchema = document.components.schemas.Error;
  });
  afterAll(() => world.close());

  const post = (body: string, contentType = 'application/json'): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });

  const cases: Case[] = [
    {
      name: 'an unknown /api path',
      status: 404,
      error: 'not_found',
      send: () => registrar.get('/api/no-such-thing'),
    },
    {
      name: 'an unknown /api path, anonymous',
      status: 404,
      error: 'not_found',
      send: () => fetch(`${world.base}/api/no/such/thing?x=1`),
    },
    {
      name: 'JSON that does not parse',
      status: 400,
      error: 'invalid',
      send: () => registrar.fetch('/api/documents', post('{"subject": ')),
    },
    {
      name: 'a JSON body over the limit',
      status: 413,
      error: 'too_large',
      send: () =>
        registrar.fetch('/api/documents', post(JSON.stringify({ subject: 'x'.repeat(1024 * 1024 + 10) }))),
    },
    {
      name: 'JSON in another charset',
      status: 415,
      error: 'unsupported_media_type',
      send: () => registrar.fetch('/api/documents', post('{}', 'application/json; charset=iso-8859-1')),
    },
    {
      name: 'a NUL in the query',
      status: 400,
      error: 'invalid',
      send: () => registrar.get('/api/documents?q=a%00b'),
    },
    {
      name: 'a lone surrogate in a JSON body',
      status: 400,
      error: 'invalid',
      send: () => registrar.fetch('/api/documents', post('{"subject": "\\ud800"}')),
    },
    {
      name: 'a bad escape in the path',
      status: 400,
      error: 'invalid',
      send: () => registrar.get('/api/documents/%E0%A4%A'),
    },
    {
      name: 'a session’s change without X-CSRF-Token',
      status: 403,
      error: 'csrf',
      send: () => withoutCsrf.post('/api/documents', { register: 'IEN', subject: 'Bez žetona' }),
    },
    {
      name: 'a login that is not JSON (the CSRF guard)',
      status: 415,
      error: 'unsupported_media_type',
      send: () => fetch(`${world.base}/api/auth/login`, post('username=registrar', 'text/plain')),
    },
    {
      name: 'a malformed login',
      status: 400,
      error: 'invalid',
      send: () => fetch(`${world.base}/api/auth/login`, post(JSON.stringify({ username: 7 }))),
    },
    {
      name: 'a wrong password',
      status: 401,
      error: 'unauthorized',
      send: () =>
        fetch(`${world.base}/api/auth/login`, post(JSON.stringify({ username: 'outsider', password: 'x' }))),
    },
    {
      name: 'no credentials',
      status: 401,
      error: 'unauthorized',
      send: () => fetch(`${world.base}/api/documents`),
    },
    {
      name: 'an unknown API token',
      status: 401,
      error: 'unauthorized',
      send: () => fetch(`${world.base}/api/documents`, { headers: { authorization: 'Bearer nonsense' } }),
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))('answers %s with an Error body', async (_name, c) => {
    // when
    const response = await c.send();

    // then
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const answer: unknown = await response.json();
    expect({ status: response.status, answer }).toMatchObject({
      status: c.status,
      answer: { error: c.error },
    });
    const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto' });
    expect(ajv.validate(errorSchema, answer) ? [] : ajv.errorsText(ajv.errors)).toEqual([]);
    expect(
      responseProblems({ [c.status]: { description: '', schema: ErrorBody } }, c.status, answer),
    ).toEqual([]);
  });
});
