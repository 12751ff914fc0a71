/**
 * The API answers as its OpenAPI document says: every JSON answer of the requests below is checked
 * against the schema the document declares for its route and status, and every route must declare
 * one for each of its successful JSON answers (the servers of the tests also check every answer they
 * send: web/api/support/apiRoute.ts, `checkResponses`).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { addUser, type BrowserWorld, startDemoServer } from '../browser/browserWorld.js';
import { type BrowserClient, browserClient, json } from '../support/browserClient.js';

interface OpenApi {
  components: { schemas: Record<string, object> };
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

interface Answer {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

function templateOf(openApi: OpenApi, method: string, path: string): string | null {
  const bare = path.split('?')[0] ?? '';
  for (const template of Object.keys(openApi.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare) && openApi.paths[template]?.[method]) return template;
  }
  return null;
}

describe('the API answers as its OpenAPI document declares', () => {
  let world: BrowserWorld;
  let openApi: OpenApi;
  const answers: Answer[] = [];

  async function loggedIn(username: string): Promise<BrowserClient & { csrf: string }> {
    const client = browserClient(world.server.url);
    const credentials = world.server.demo?.credentials.find((c) => c.username === username);
    const response = await client.fetch(
      '/api/auth/login',
      json({ username, password: credentials?.password }),
    );
    const body = (await response.json()) as { csrfToken: string };
    answers.push({ method: 'post', path: '/api/auth/login', status: response.status, body });
    return Object.assign(client, { csrf: body.csrfToken });
  }

  async function ask(client: BrowserClient & { csrf: string }, method: string, path: string, body?: unknown) {
    const response = await client.fetch(path, {
      method: method.toUpperCase(),
      headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
    answers.push({ method, path, status: response.status, body: parsed });
    return parsed;
  }

  beforeAll(async () => {
    world = await startDemoServer('openapi-responses');
    await addUser(world.server, {
      username: 'outsider',
      displayName: 'Ārējais',
      roles: ['executor'],
      departmentCode: 'OUT',
    });
    openApi = (await (await fetch(`${world.server.url}/api/openapi.json`)).json()) as OpenApi;
    const [registrar, head, outsider] = [
      await loggedIn('registrar'),
      await loggedIn('head'),
      await loggedIn('outsider'),
    ];

    const registers = (await ask(registrar, 'get', '/api/registers')) as { id: string; code: string }[];
    const ien = registers.find((r) => r.code === 'IEN')?.id;
    const registered = (await ask(registrar, 'post', '/api/documents', {
      registerId: ien,
      subject: 'Iesniegums par ceļa remontu',
      correspondent: { kind: 'person', name: 'Jānis Bērziņš' },
    })) as { id: string };
    await ask(registrar, 'post', '/api/documents', { registerId: ien });
    for (const client of [registrar, head]) {
      await ask(client, 'get', '/api/me');
      await ask(client, 'get', '/api/documents');
      await ask(client, 'get', '/api/documents?q=remontu&page=1&pageSize=10');
      await ask(client, 'get', `/api/documents/${registered.id}`);
      await ask(client, 'get', '/api/tasks?scope=mine');
      await ask(client, 'get', '/api/tasks?scope=department');
      await ask(client, 'get', '/api/tasks?scope=all');
      await ask(client, 'get', '/api/processes');
      await ask(client, 'get', '/api/correspondents?q=Jā');
    }
    await ask(outsider, 'get', `/api/documents/${registered.id}`);
    await ask(outsider, 'get', '/api/tasks?scope=everything');
    await ask(head, 'get', '/api/documents?page=0');
  }, 120_000);
  afterAll(async () => {
    await world?.stop();
  });

  it('declares a schema for every 2xx JSON response of every route, and JSON for no 204', () => {
    const undeclared: string[] = [];
    for (const [path, operations] of Object.entries(openApi.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!status.startsWith('2')) continue;
          if (status === '204') {
            if (response.content) undeclared.push(`${method} ${path} 204 declares content`);
            continue;
          }
          const json = Object.entries(response.content ?? {}).filter(([type]) => type.includes('json'));
          if (!response.content) undeclared.push(`${method} ${path} ${status} declares no content`);
          for (const [type, { schema }] of json) {
            if (Object.keys(schema).length === 0) undeclared.push(`${method} ${path} ${status} ${type}`);
          }
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('answers every request above with a body its declared schema accepts', () => {
    const ajv = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto' });
    const wrong: string[] = [];
    let checked = 0;
    for (const answer of answers) {
      const template = templateOf(openApi, answer.method, answer.path);
      if (!template) {
        wrong.push(`${answer.method} ${answer.path}: not in the document`);
        continue;
      }
      const declared = openApi.paths[template]?.[answer.method]?.responses[String(answer.status)];
      if (!declared) {
        wrong.push(`${answer.method} ${answer.path}: status ${answer.status} is not declared`);
        continue;
      }
      const schema = declared.content?.['application/json']?.schema;
      if (!schema || Object.keys(schema).length === 0) continue;
      checked += 1;
      // Error answers reference `#/components/schemas/Error`: resolved against the document's components.
      if (!ajv.validate({ allOf: [schema], components: openApi.components }, answer.body)) {
        wrong.push(`${answer.method} ${answer.path} ${answer.status}: ${ajv.errorsText(ajv.errors)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
