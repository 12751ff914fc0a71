/**
 * Strictness of the JSON API (issue 13): bodies are validated against the schema the OpenAPI
 * document publishes (unknown keys refused), a body in an undocumented content type is a 415 and a
 * missing one a 400 — never read as `{}` — and integer and date queries take only what they say.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ApiClient, type ApiWorld, body, startApiWorld } from './apiWorld.js';

interface ErrorAnswer {
  error: string;
  message: string;
  problems?: { field?: string; message: string }[];
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const TEXT = { 'content-type': 'text/plain' };
const MULTIPART = { 'content-type': 'multipart/form-data' };

describe('a strict JSON API', () => {
  let world: ApiWorld;
  let admin: ApiClient;
  let designer: ApiClient;
  beforeAll(async () => {
    world = await startApiWorld();
    admin = await world.as('admin');
    designer = await world.session('designer');
  });
  afterAll(() => world.close());

  const login = (text: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${world.base}/api/auth/login`, { method: 'POST', headers, body: text });

  it('refuses unknown fields on login, __proto__ and constructor included', async () => {
    for (const extra of ['"__proto__":{"admin":true}', '"constructor":{}', '"remember":true']) {
      const response = await login(`{"username":"admin","password":"x",${extra}}`);
      expect(response.status).toBe(400);
      expect(await body<ErrorAnswer>(response)).toMatchObject({ error: 'invalid' });
    }
    expect((await login('username=admin&password=x', FORM)).status).toBe(415);
    expect((await login('{}', TEXT)).status).toBe(415);
  });

  it('never reads a missing or undocumented body as {}', async () => {
    const targets: [ApiClient, string][] = [
      [designer, '/api/processes/incoming-correspondence/start'],
      [admin, `/api/departments/${world.users.registrar.departmentId ?? ''}`],
      [admin, `/api/users/${world.users.executor.id}/password`],
    ];
    for (const [client, path] of targets) {
      const missing = await client.fetch(path, { method: 'POST' });
      expect([path, missing.status]).toEqual([path, 400]);
      expect(await body<ErrorAnswer>(missing)).toMatchObject({
        error: 'invalid',
        message: expect.any(String),
      });
      for (const [headers, text] of [
        [FORM, 'password=Secret-password-12345&name=X'],
        [TEXT, '{}'],
        [MULTIPART, '--x--'],
        [{}, 'x'],
      ] as const) {
        const response = await client.fetch(path, { method: 'POST', headers, body: text });
        expect([path, headers, response.status]).toEqual([path, headers, 415]);
        expect(await body<ErrorAnswer>(response)).toMatchObject({ error: 'unsupported_media_type' });
      }
    }
  });

  it('takes integer queries as digits only, and refuses from after to', async () => {
    for (const page of ['0x10', '%2B5', '1e3', '%205', '5.0', '-1', '']) {
      const response = await admin.get(`/api/documents?page=${page}`);
      expect([page, response.status]).toEqual([page, 400]);
    }
    expect((await admin.get('/api/documents?page=2&pageSize=10')).status).toBe(200);
    const reversed = await admin.get('/api/documents?from=2026-03-01&to=2026-02-01');
    expect(reversed.status).toBe(400);
    expect((await body<ErrorAnswer>(reversed)).problems?.map((p) => p.field)).toContain('from');
    expect((await admin.get('/api/reports/statistics.csv?from=2026-03-01&to=2026-02-01')).status).toBe(400);
  });
});
