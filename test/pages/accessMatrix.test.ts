/**
 * The access-leak matrix: every page route and every JSON API route (the API's from its OpenAPI
 * document, so a new route is covered the day it is added), requested as every demo role and as
 * users of departments the documents are not routed to, for a restricted document and for a routed
 * one. Whoever may not see a document gets exactly the answer they would get for an id that does
 * not exist, and the document's subject appears in none of the answers they get.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../engine/context.js';
import type { Role } from '../../engine/store/ports.js';
import { mayUse } from '../../web/pages/navigation.js';
import type { RunningServer } from '../../web/server.js';
import { addUser, type BrowserWorld, startDemoServer } from '../browser/browserWorld.js';
import { samplePdf } from '../support/samplePdf.js';
import { csrfOf, logIn, optionValue, type PageClient, taskLinks } from './pageClient.js';

const RESTRICTED_SUBJECT = 'Disciplinārlieta Z-4471 par darbinieku';
const ROUTED_SUBJECT = 'Būvatļaujas pieprasījums R-8812';

/** The ids that name one document and what hangs on it. */
interface DocumentIds {
  subject: string;
  document: string;
  attachment: string;
  task: string;
  instance: string;
}

interface Person {
  username: string;
  roles: Role[];
  client: PageClient;
  csrf: string;
}

interface Attempt {
  method: 'get' | 'post' | 'delete';
  /** With `{document}`, `{attachment}`, `{task}`, `{instance}` placeholders. */
  path: string;
  /** Documents and tasks answer 404 to whoever may not see them; other routes may refuse otherwise. */
  mustBe404: boolean;
}

/** Pages that take an id; every other page is in LIST_PAGES. */
const ID_PAGES: Attempt[] = [
  { method: 'get', path: '/documents/{document}', mustBe404: true },
  { method: 'get', path: '/documents/{document}/attachments/{attachment}', mustBe404: true },
  { method: 'get', path: '/tasks/{task}', mustBe404: true },
  { method: 'post', path: '/tasks/{task}', mustBe404: true },
  { method: 'post', path: '/tasks/{task}/claim', mustBe404: true },
  { method: 'post', path: '/tasks/{task}/unclaim', mustBe404: true },
  { method: 'post', path: '/tasks/{task}/delegate', mustBe404: true },
  { method: 'post', path: '/tasks/{task}/comments', mustBe404: true },
  { method: 'get', path: '/designer/instances/{instance}', mustBe404: false },
  { method: 'get', path: '/archive/acts/{document}', mustBe404: true },
  // A guest's pages answer only a guest session, never a staff one.
  { method: 'get', path: '/guest/documents/{document}', mustBe404: false },
  { method: 'get', path: '/guest/documents/{document}/attachments/{attachment}', mustBe404: false },
  { method: 'post', path: '/guest/documents/{document}/answer', mustBe404: false },
  // The citizens' portal is public: a tracking link opens its own application only, and no id does.
  { method: 'get', path: '/e-services/track/{document}', mustBe404: true },
  { method: 'get', path: '/e-services/track/{document}/files/{attachment}', mustBe404: true },
];

/**
 * Pages without an id, and the menu entry whose roles alone may open them (null: a page anyone
 * may open, showing each person their own part: the register, the inbox, what they control).
 */
const LIST_PAGES: { path: string; menu: string | null }[] = [
  { path: '/', menu: null },
  { path: '/documents', menu: null },
  { path: '/documents?q=Z-4471', menu: null },
  { path: '/documents?q=R-8812', menu: null },
  { path: '/documents/new', menu: null },
  { path: '/control', menu: null },
  { path: '/audit', menu: '/audit' },
  { path: '/admin', menu: '/admin' },
  { path: '/admin/users', menu: '/admin' },
  { path: '/admin/departments', menu: '/admin' },
  { path: '/designer', menu: '/designer' },
  { path: '/dashboard', menu: '/dashboard' },
  { path: '/dashboard.csv', menu: '/dashboard' },
  { path: '/intake', menu: '/intake' },
  { path: '/archive', menu: '/archive' },
  // Public pages of the citizens' portal (no account): they list no document.
  { path: '/e-services', menu: null },
  { path: '/e-services/iesniegums', menu: null },
  { path: '/admin/e-services', menu: '/admin' },
];

const PLACEHOLDER = /\{(document|attachment|task|instance)\}/g;

function fill(path: string, ids: DocumentIds | null): string {
  return path.replace(PLACEHOLDER, (_, name: keyof DocumentIds) => (ids ? ids[name] : randomUUID()));
}

/** The API's routes with their OpenAPI parameters turned into our placeholders. */
function apiAttempts(openApi: { paths: Record<string, Record<string, unknown>> }): Attempt[] {
  const attempts: Attempt[] = [];
  for (const [path, operations] of Object.entries(openApi.paths)) {
    const resource = /^\/api\/([^/]+)/.exec(path)?.[1] ?? '';
    const first =
      resource === 'tasks'
        ? '{task}'
        : resource === 'process-instances'
          ? '{instance}'
          : resource === 'attachments'
            ? '{attachment}'
            : '{document}';
    const hasParameter = path.includes('{');
    const templated = path
      .replace(/\{attachmentId\}/g, '{attachment}')
      .replace(/\{[^}]+\}/, (p) =>
        ['{attachment}', '{task}', '{instance}', '{document}'].includes(p) ? p : first,
      );
    for (const method of Object.keys(operations)) {
      if (method !== 'get' && method !== 'post' && method !== 'delete') continue;
      // Writes without an id would create things: only reads are tried on them.
      if (method !== 'get' && !hasParameter) continue;
      attempts.push({
        method,
        path: hasParameter
          ? templated.replace(/\{(?!document\}|attachment\}|task\}|instance\})[^}]+\}/g, first)
          : `${path}?q=Z-4471`,
        mustBe404: method === 'get' && ['documents', 'tasks'].includes(resource) && hasParameter,
      });
    }
  }
  return attempts;
}

describe('the access-leak matrix', () => {
  let world: BrowserWorld;
  let server: RunningServer;
  const people = new Map<string, Person>();
  let restricted: DocumentIds;
  let routed: DocumentIds;
  let api: Attempt[];

  async function personOf(username: string): Promise<Person> {
    const client = await logIn(server, username);
    const user = await server.store.users.getByUsername(username);
    return { username, roles: user?.roles ?? [], client, csrf: csrfOf(await client.page('/')) };
  }

  async function register(clerk: PageClient, subject: string, extra: Record<string, string>) {
    const form = await clerk.page('/documents/new');
    const data = new FormData();
    data.set('registerId', optionValue(form, 'IEN'));
    data.set('subject', subject);
    data.set('correspondentName', 'Jānis Bērziņš');
    data.set('action', 'register');
    for (const [name, value] of Object.entries(extra)) data.append(name, value);
    data.append('attachments', new Blob([await samplePdf([subject])], { type: 'application/pdf' }), 'a.pdf');
    const registered = await clerk.upload('/documents/new', '/documents/new', data);
    expect(registered.status).toBe(303);
    return (registered.headers.get('location') ?? '').split('/').pop() ?? '';
  }

  async function idsOf(document: string, subject: string, taskOwner: PageClient): Promise<DocumentIds> {
    const [attachment] = await server.store.attachments.list(document);
    const card = await people.get('registrar')?.client.page(`/documents/${document}`);
    const inbox = await taskOwner.page('/');
    const row = inbox.split('<tr').find((part) => part.includes(subject)) ?? '';
    return {
      subject,
      document,
      attachment: attachment?.id ?? '',
      task: taskLinks(row)[0] ?? '',
      instance: /data-instance-id='([^']+)'/.exec(card ?? '')?.[1] ?? '',
    };
  }

  beforeAll(async () => {
    world = await startDemoServer('access-matrix');
    server = world.server;
    await addUser(server, {
      username: 'outsider',
      displayName: 'Ārējais Izpildītājs',
      roles: ['executor'],
      departmentCode: 'OUT',
    });
    await addUser(server, {
      username: 'outsiderhead',
      displayName: 'Ārējā Vadītāja',
      roles: ['dept_head'],
      departmentCode: 'OUT',
    });
    await addUser(server, {
      username: 'socworker',
      displayName: 'Sociālā Darbiniece',
      roles: ['executor'],
      departmentCode: 'SOC',
    });
    for (const username of [
      'registrar',
      'head',
      'depthead',
      'executor',
      'designer',
      'admin',
      'auditor',
      'outsider',
      'outsiderhead',
      'socworker',
    ]) {
      people.set(username, await personOf(username));
    }
    const registrar = people.get('registrar')?.client as PageClient;
    const head = people.get('head')?.client as PageClient;
    const headUser = await server.store.users.getByUsername('head');

    // A restricted letter named to the mayor only.
    const restrictedId = await register(registrar, RESTRICTED_SUBJECT, {
      confidentiality: 'restricted',
      readerIds: headUser?.id ?? '',
    });
    restricted = await idsOf(restrictedId, RESTRICTED_SUBJECT, head);

    // An internal letter the mayor routes to the executor of the construction board.
    const routedId = await register(registrar, ROUTED_SUBJECT, { confidentiality: 'internal' });
    const resolution = (await idsOf(routedId, ROUTED_SUBJECT, head)).task;
    const resolved = await head.submit(`/tasks/${resolution}`, `/tasks/${resolution}`, {
      decision: 'execute',
      executors: ['executor'],
      responsible: 'executor',
      controller: 'head',
      deadline: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      text: 'Izskatīt.',
    });
    expect(resolved.status).toBe(303);
    routed = await idsOf(routedId, ROUTED_SUBJECT, people.get('executor')?.client as PageClient);

    const openApi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    api = apiAttempts(openApi);
    // Ten argon2 logins and two registrations: slow on a busy machine, not a matter of speed here.
  }, 300_000);
  afterAll(async () => {
    await world?.stop();
  });

  async function request(person: Person, attempt: Attempt, ids: DocumentIds | null) {
    const path = fill(attempt.path, ids);
    const isApi = path.startsWith('/api/');
    const init: RequestInit =
      attempt.method === 'get'
        ? {}
        : isApi
          ? {
              method: attempt.method.toUpperCase(),
              headers: { 'content-type': 'application/json', 'x-csrf-token': person.csrf },
              body: '{}',
            }
          : {
              method: 'POST',
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({
                _csrf: person.csrf,
                assignee: person.username,
                body: 'x',
              }).toString(),
            };
    const response = await person.client.fetch(path, init);
    const body = Buffer.from(await response.arrayBuffer()).toString('utf8');
    return { path: `${attempt.method.toUpperCase()} ${path}`, status: response.status, body };
  }

  /**
   * Designers, administrators and auditors see every process instance, its diagram and history (not
   * its document's content) by design: see engine/workflow/designer/instanceDiagram.ts.
   */
  const seesEveryInstance = (person: Person, attempt: Attempt) =>
    attempt.path.includes('{instance}') &&
    person.roles.some((role) => role === 'designer' || role === 'admin' || role === 'auditor');

  /** Every way `person` may try to reach the document `ids`, and what went wrong. */
  async function leaksTo(person: Person, ids: DocumentIds): Promise<string[]> {
    const found: string[] = [];
    for (const attempt of [...ID_PAGES, ...api.filter((a) => a.path.includes('{'))]) {
      if (seesEveryInstance(person, attempt)) {
        const seen = await request(person, attempt, ids);
        if (seen.body.includes(ids.subject)) found.push(`${seen.path}: the subject is in the answer`);
        continue;
      }
      const real = await request(person, attempt, ids);
      const missing = await request(person, attempt, null);
      if (real.body.includes(ids.subject)) found.push(`${real.path}: the subject is in the answer`);
      if (real.status !== missing.status) {
        found.push(`${real.path}: ${real.status}, but ${missing.status} for an id that does not exist`);
      }
      if (attempt.mustBe404 && real.status !== 404) found.push(`${real.path}: ${real.status}, not 404`);
      if (real.status >= 500) found.push(`${real.path}: ${real.status}`);
    }
    for (const page of LIST_PAGES) {
      const seen = await request(person, { method: 'get', path: page.path, mustBe404: false }, ids);
      if (seen.body.includes(ids.subject)) found.push(`${seen.path}: the subject is listed`);
    }
    for (const attempt of api.filter((a) => !a.path.includes('{'))) {
      const seen = await request(person, attempt, ids);
      if (seen.body.includes(ids.subject)) found.push(`${seen.path}: the subject is listed`);
      if (seen.status >= 500) found.push(`${seen.path}: ${seen.status}`);
    }
    return found;
  }

  it('covers the API from its OpenAPI document, reads and writes', () => {
    expect(api.length).toBeGreaterThan(20);
    expect(api).toContainEqual({ method: 'get', path: '/api/documents/{document}', mustBe404: true });
    expect(api).toContainEqual({ method: 'post', path: '/api/tasks/{task}/complete', mustBe404: false });
    expect(api).toContainEqual({ method: 'get', path: '/api/documents?q=Z-4471', mustBe404: false });
  });

  it('shows each document to those who may see it (so that the refusals below mean something)', async () => {
    for (const [username, ids] of [
      ['registrar', restricted],
      ['head', restricted],
      ['registrar', routed],
      ['executor', routed],
    ] as const) {
      const person = people.get(username) as Person;
      const card = await request(
        person,
        { method: 'get', path: '/documents/{document}', mustBe404: false },
        ids,
      );
      const json = await request(
        person,
        { method: 'get', path: '/api/documents/{document}', mustBe404: false },
        ids,
      );
      expect([username, card.status, card.body.includes(ids.subject)]).toEqual([username, 200, true]);
      expect([username, json.status, json.body.includes(ids.subject)]).toEqual([username, 200, true]);
    }
  });

  it.each(['depthead', 'executor', 'designer', 'admin', 'auditor', 'outsider', 'outsiderhead', 'socworker'])(
    'leaks nothing of the restricted document to %s',
    async (username) => {
      expect(await leaksTo(people.get(username) as Person, restricted)).toEqual([]);
    },
    120_000,
  );

  it.each(['outsider', 'outsiderhead', 'socworker'])(
    'leaks nothing of the routed document to %s, of a department it is not routed to',
    async (username) => {
      expect(await leaksTo(people.get(username) as Person, routed)).toEqual([]);
    },
    120_000,
  );

  it('refuses role-gated pages with 403 to every role whose menu does not offer them', async () => {
    const wrong: string[] = [];
    for (const person of people.values()) {
      const actor = {
        id: null,
        username: person.username,
        displayName: '',
        roles: person.roles,
        departmentId: null,
      } as Actor;
      for (const page of LIST_PAGES.filter((p) => p.menu !== null)) {
        const response = await person.client.fetch(page.path);
        await response.arrayBuffer();
        const expected = mayUse(actor, page.menu ?? '') ? 200 : 403;
        if (response.status !== expected)
          wrong.push(`${person.username} ${page.path}: ${response.status}, not ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
