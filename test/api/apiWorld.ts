/**
 * A running app over a fresh test store for the JSON API tests: a small municipality (registry,
 * mayor's office, two departments), one person per role, the shipped routing processes and an
 * incoming register. People call the API with a session (password login) or an API token.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiToken } from '../../engine/auth/apiTokens.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import {
  actorFromUser,
  DEFAULT_SETTINGS,
  type InstitutionSettings,
  systemClock,
} from '../../engine/context.js';
import { createLogger } from '../../engine/logger.js';
import { fileBlobStore } from '../../engine/store/blobs/fileBlobStore.js';
import type { Db } from '../../engine/store/db.js';
import type { Register, Role, Store, User } from '../../engine/store/ports.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import type { PortalConfig } from '../../engine/portal/portalConfig.js';
import { createApp } from '../../web/app.js';
import { type BrowserClient, browserClient, json } from '../support/browserClient.js';
import { createTestStore, type SqlStoreAdapter, storeAdapters } from '../support/storeAdapters.js';

export const PASSWORD = 'Kancelejas-parole-1';

const PEOPLE = {
  registrar: { roles: ['registrar'], department: 'KANC' },
  head: { roles: ['head'], department: 'DOME' },
  depthead: { roles: ['dept_head'], department: 'BUV' },
  executor: { roles: ['executor'], department: 'BUV' },
  outsider: { roles: ['executor'], department: 'SOC' },
  designer: { roles: ['designer'], department: 'KANC' },
  admin: { roles: ['admin'], department: 'KANC' },
  auditor: { roles: ['auditor'], department: 'KANC' },
} satisfies Record<string, { roles: Role[]; department: string }>;
export type Person = keyof typeof PEOPLE;

/** fetch as one person: with their API token, or with their logged-in session and CSRF token. */
export interface ApiClient {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  delete(path: string): Promise<Response>;
}

export interface ApiWorld {
  base: string;
  store: Store;
  db: Db;
  users: Record<Person, User>;
  incoming: Register;
  /** A register without a routing process, for documents that only need a number. */
  outgoing: Register;
  /** An API client acting as `person` through an API token made for them. */
  as(person: Person): Promise<ApiClient>;
  /** A logged-in session of `person`; `csrf: false` leaves out the X-CSRF-Token header. */
  session(person: Person, options?: { csrf?: boolean }): Promise<ApiClient & { browser: BrowserClient }>;
  close(): Promise<void>;
}

function client(send: (path: string, init: RequestInit) => Promise<Response>): ApiClient {
  return {
    fetch: (path, init = {}) => send(path, init),
    get: (path) => send(path, {}),
    post: (path, body) => send(path, body === undefined ? { method: 'POST' } : json(body)),
    delete: (path) => send(path, { method: 'DELETE' }),
  };
}

export async function startApiWorld(
  options: {
    maxUploadBytes?: number;
    settings?: InstitutionSettings;
    adapter?: SqlStoreAdapter;
    /** Keep files in this folder, as `npm start` does, rather than in the database. */
    blobDir?: string;
    /** The e-services portal's settings (its limits); the defaults otherwise. */
    portal?: PortalConfig;
  } = {},
): Promise<ApiWorld> {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const adapter = options.adapter ?? storeAdapters[0];
  if (!adapter) throw new Error('no store adapter');
  const created = await createTestStore(adapter);
  const { db, dispose } = created;
  const store: Store = options.blobDir
    ? { ...created.store, blobs: fileBlobStore(options.blobDir) }
    : created.store;
  const departments = new Map<string, string>();
  for (const code of ['KANC', 'DOME', 'BUV', 'SOC']) {
    departments.set(code, (await store.departments.insert({ code, name: code })).id);
  }
  const passwordHash = await hashPassword(PASSWORD);
  const users = {} as Record<Person, User>;
  for (const [username, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    users[username] = await store.users.insert({
      username,
      displayName: username,
      roles: person.roles,
      departmentId: departments.get(person.department) ?? null,
      source: 'local',
      passwordHash,
    });
  }
  const context = { store, clock: systemClock, settings };
  await deployShippedProcesses(context);
  const incoming = await store.registers.insert({
    code: 'IEN',
    name: 'Ienākošie dokumenti',
    kind: 'incoming',
    numberPattern: '3-12/{yyyy}/{seq}',
    departmentId: departments.get('KANC') ?? null,
    processKey: 'incoming-correspondence',
    answerDeadlineRule: 'P1M',
  });
  const outgoing = await store.registers.insert({
    code: 'NOS',
    name: 'Nosūtītie dokumenti',
    kind: 'outgoing',
    numberPattern: '3-13/{yyyy}/{seq}',
    departmentId: departments.get('KANC') ?? null,
  });

  const app = createApp({
    store,
    logger: createLogger('silent'),
    api: { settings, maxUploadBytes: options.maxUploadBytes ?? 5 * 1024 * 1024, checkResponses: true },
    ...(options.portal ? { portal: options.portal } : {}),
  });
  const server: Server = app.listen(0, '127.0.0.1');
  // As the real server (web/server.ts): with Node's 5 s default, a kept-alive connection the server
  // closes just as fetch reuses it on a loaded machine answers ECONNRESET.
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = { ...context, actor: actorFromUser(users.admin) };
  const tokens = new Map<Person, string>();

  return {
    base,
    store,
    db,
    users,
    incoming,
    outgoing,
    async as(person) {
      let token = tokens.get(person);
      if (!token) {
        token = (await createApiToken(admin, { name: `tests as ${person}`, username: person })).token;
        tokens.set(person, token);
      }
      const bearer = `Bearer ${token}`;
      return client((path, init) => {
        const headers = new Headers(init.headers);
        headers.set('authorization', bearer);
        return fetch(`${base}${path}`, { ...init, headers });
      });
    },
    async session(person, { csrf = true } = {}) {
      const browser = browserClient(base);
      const login = await browser.fetch('/api/auth/login', json({ username: person, password: PASSWORD }));
      if (login.status !== 200) throw new Error(`login of ${person} failed: ${login.status}`);
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const api = client((path, init) => {
        const headers = new Headers(init.headers);
        if (csrf) headers.set('x-csrf-token', csrfToken);
        return browser.fetch(path, { ...init, headers });
      });
      return { ...api, browser };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await dispose();
    },
  };
}

/** A date `days` from today, `YYYY-MM-DD`, for deadlines that must not be in the past. */
export const daysFromToday = (days: number): string =>
  new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** The JSON body of a response, typed by the test that reads it. */
export const body = async <T>(response: Response): Promise<T> => (await response.json()) as T;
