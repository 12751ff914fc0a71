/**
 * The administration over HTTP: the JSON routes and the server-rendered forms call the same use
 * cases; only administrators get in; bad input answers 400 with problems per field and keeps what
 * was typed; a deputy set on "my substitutions" works the principal's task on behalf of them.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actorFromUser, DEFAULT_SETTINGS, localDate, systemClock } from '../../engine/context.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import { type ApiWorld, body, startApiWorld } from '../api/apiWorld.js';
import { json } from '../support/browserClient.js';
import { csrfOf } from '../pages/pageClient.js';
import { bpmn, deployForTest } from '../support/workflow.js';

const ASSIGNED = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" name="Izskatīt iesniegumu" camunda:assignee="=reviewer" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

interface Problems {
  error: string;
  problems: { field?: string; message: string }[];
}

let world: ApiWorld;

beforeAll(async () => {
  world = await startApiWorld();
});

afterAll(async () => {
  await world.close();
});

/** Posts a form of the page at `from` in the session's browser, with that page's CSRF token. */
async function submit(
  client: Awaited<ReturnType<ApiWorld['session']>>,
  from: string,
  action: string,
  fields: Record<string, string | string[]>,
  language = 'en',
): Promise<Response> {
  const page = await client.browser.fetch(from);
  const form = new URLSearchParams({ _csrf: csrfOf(await page.text()) });
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return client.browser.fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language },
    body: form.toString(),
  });
}

describe('departments', () => {
  it('lets an administrator create, rename and deactivate a department, and refuses others', async () => {
    const admin = await world.as('admin');
    const created = await admin.post('/api/departments', { code: 'izgl', name: 'Izglītības nodaļa' });
    expect(created.status).toBe(201);
    const department = await body<{ id: string; code: string; active: boolean }>(created);
    expect(department).toMatchObject({ code: 'IZGL', active: true });

    const renamed = await admin.post(`/api/departments/${department.id}`, { name: 'Izglītības pārvalde' });
    expect(await body(renamed)).toMatchObject({ name: 'Izglītības pārvalde' });
    const deactivated = await admin.post(`/api/departments/${department.id}`, { active: false });
    expect(await body(deactivated)).toMatchObject({ active: false });

    const executor = await world.as('executor');
    expect((await executor.post('/api/departments', { code: 'X', name: 'X' })).status).toBe(403);
    expect((await executor.get('/api/departments')).status).toBe(403);
    const events = await world.store.audit.list({ objectType: 'department', objectId: department.id });
    expect(events.map((e) => e.action)).toEqual([
      'department.created',
      'department.renamed',
      'department.deactivated',
    ]);
  });

  it('refuses a taken code with a problem on the field', async () => {
    const admin = await world.as('admin');
    const answer = await admin.post('/api/departments', { code: 'BUV', name: 'Otrā būvvalde' });

    expect(answer.status).toBe(400);
    expect((await body<Problems>(answer)).problems).toEqual([
      { field: 'code', message: 'is taken already', code: 'admin.problem.taken' },
    ]);
  });

  it('deletes only a department nothing refers to', async () => {
    const admin = await world.as('admin');
    const buv = await world.store.departments.getByCode('BUV');
    const inUse = await admin.delete(`/api/departments/${buv?.id}`);
    expect(inUse.status).toBe(400);
    expect(await world.store.departments.getByCode('BUV')).not.toBeNull();

    const empty = await body<{ id: string }>(
      await admin.post('/api/departments', { code: 'TMP', name: 'Pagaidu' }),
    );
    expect((await admin.delete(`/api/departments/${empty.id}`)).status).toBe(204);
    expect(await world.store.departments.get(empty.id)).toBeNull();
  });

  it('shows field errors on the page in the user language and keeps what was typed', async () => {
    const admin = await world.session('admin');
    const answer = await submit(admin, '/admin/departments', '/admin/departments', {
      code: 'ne derīgs!',
      name: 'Sporta nodaļa',
    });

    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('may hold only letters A–Z, digits, - and _');
    expect(html).toContain("value='Sporta nodaļa'");
  });
});

describe('an update that names nothing to change', () => {
  it('answers 400 naming what may be sent, changes nothing, and says it in the language asked for', async () => {
    // given
    const admin = await world.as('admin');
    const buv = await world.store.departments.getByCode('BUV');
    const register = world.outgoing;
    const audited = async () => [
      ...(await world.store.audit.list({ objectType: 'department', objectId: buv?.id ?? '' })),
      ...(await world.store.audit.list({ objectType: 'register', objectId: register.id })),
    ];
    const auditedBefore = await audited();

    // when
    const department = await admin.post(`/api/departments/${buv?.id ?? ''}`, {});
    const registerAnswer = await admin.post(`/api/registers/${register.id}`, {});
    const user = await admin.post(`/api/users/${world.users.executor.id}`, {});
    const inLatvian = await admin.fetch(
      `/api/departments/${buv?.id ?? ''}`,
      json({}, { 'accept-language': 'lv' }),
    );

    // then
    expect([department.status, registerAnswer.status, user.status, inLatvian.status]).toEqual([
      400, 400, 400, 400,
    ]);
    expect(await body<Problems>(department)).toMatchObject({
      error: 'invalid',
      problems: [{ message: 'names nothing to change: send at least one of name, active' }],
    });
    expect((await body<Problems>(registerAnswer)).problems).toEqual([
      {
        message:
          'names nothing to change: send at least one of name, numberPattern, departmentId, processKey, answerDeadlineRule, active, yearlyReset',
        code: 'problem.nothingToChange',
        params: {
          fields: 'name, numberPattern, departmentId, processKey, answerDeadlineRule, active, yearlyReset',
        },
      },
    ]);
    expect((await body<Problems>(user)).problems.map((problem) => problem.field)).toEqual(
      expect.arrayContaining(['displayName', 'roles']),
    );
    expect((await body<Problems>(inLatvian)).problems).toEqual([
      {
        message: 'nenorāda neko, ko mainīt: nosūtiet vismaz vienu no laukiem name, active',
        code: 'problem.nothingToChange',
        params: { fields: 'name, active' },
      },
    ]);
    expect(await world.store.departments.getByCode('BUV')).toEqual(buv);
    expect(await world.store.registers.get(register.id)).toEqual(register);
    expect(await audited()).toEqual(auditedBefore);
  });
});

describe('users', () => {
  it('creates a local user with a generated password shown once, who can then log in', async () => {
    const admin = await world.as('admin');
    const soc = await world.store.departments.getByCode('SOC');
    const answer = await admin.post('/api/users', {
      username: 'laila',
      displayName: 'Laila Zariņa',
      email: 'laila@novads.lv',
      roles: ['executor'],
      departmentId: soc?.id,
    });
    expect(answer.status).toBe(201);
    const created = await body<{ user: { id: string; roles: string[] }; initialPassword: string }>(answer);
    expect(created.user.roles).toEqual(['executor']);
    expect(created.initialPassword).toMatch(/^\S{16}$/);

    const login = await fetch(`${world.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'laila', password: created.initialPassword }),
    });
    expect(login.status).toBe(200);
    const [event] = await world.store.audit.list({ objectType: 'user', objectId: created.user.id });
    expect(JSON.stringify(event)).not.toContain(created.initialPassword);
  });

  it('changes roles and department of a local user, and refuses those of a directory user', async () => {
    const admin = await world.as('admin');
    const changed = await admin.post(`/api/users/${world.users.outsider.id}`, {
      displayName: 'Outsider Renamed',
      roles: ['executor', 'registrar'],
      departmentId: world.users.outsider.departmentId,
    });
    expect(await body(changed)).toMatchObject({
      displayName: 'Outsider Renamed',
      roles: ['executor', 'registrar'],
    });

    const directoryUser = await world.store.users.insert({
      username: 'janis.ldap',
      displayName: 'Jānis no direktorija',
      roles: ['executor'],
      source: 'ldap',
    });
    const refused = await admin.post(`/api/users/${directoryUser.id}`, {
      displayName: 'Jānis no direktorija',
      roles: ['admin'],
    });
    expect(refused.status).toBe(400);
    expect((await body<Problems>(refused)).problems).toEqual([
      {
        field: 'roles',
        message: 'is kept in the directory (LDAP) and set again at the next login: change it there',
        code: 'admin.problem.directoryOwned',
      },
    ]);
    expect((await world.store.users.get(directoryUser.id))?.roles).toEqual(['executor']);
  });

  it('does not let an administrator take the admin role from themselves or deactivate themselves', async () => {
    const admin = await world.as('admin');
    const own = await admin.post(`/api/users/${world.users.admin.id}`, {
      displayName: 'admin',
      roles: ['auditor'],
      departmentId: world.users.admin.departmentId,
    });
    expect(own.status).toBe(400);
    expect((await world.store.users.get(world.users.admin.id))?.roles).toEqual(['admin']);
  });

  it('keeps the users page to administrators', async () => {
    const executor = await world.session('executor');
    expect((await executor.browser.fetch('/admin/users')).status).toBe(403);
    const admin = await world.session('admin');
    const page = await admin.browser.fetch('/admin/users');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('laila');
  });
});

describe('substitutions', () => {
  it('lets a deputy set on "my substitutions" complete the principal task on behalf of them, until revoked', async () => {
    const context = { store: world.store, clock: systemClock, settings: DEFAULT_SETTINGS };
    const definition = await deployForTest(world.store, ASSIGNED);
    const started = await startProcess(
      { ...context, actor: actorFromUser(world.users.registrar) },
      { key: definition.key, variables: { reviewer: 'depthead' } },
    );
    const taskId = started.tasks[0]?.id ?? '';
    const today = localDate(new Date(), DEFAULT_SETTINGS.timeZone);

    // The department head names the executor as deputy on their own page.
    const principal = await world.session('depthead');
    const set = await submit(principal, '/substitutions', '/substitutions', {
      deputyId: world.users.executor.id,
      fromDate: today,
      toDate: today,
      reason: 'slimības lapa',
    });
    expect(set.status).toBe(303);

    const deputy = await world.session('executor');
    const inbox = await (await deputy.browser.fetch('/?scope=all')).text();
    expect(inbox).toContain(`/tasks/${taskId}`);
    expect(inbox).toContain('depthead');
    const listed = await body<{ id: string; onBehalfOf: string | null }[]>(
      await deputy.get('/api/tasks?scope=mine'),
    );
    expect(listed.find((task) => task.id === taskId)?.onBehalfOf).toBe('depthead');

    const completed = await deputy.post(`/api/tasks/${taskId}/complete`, { data: {} });
    expect(completed.status).toBe(200);
    const [event] = await world.store.audit.list({ objectType: 'task', objectId: taskId });
    expect(event).toMatchObject({
      actorId: world.users.executor.id,
      onBehalfOfId: world.users.depthead.id,
    });

    const mine = await principal.get('/api/substitutions');
    const [substitution] = await body<{ id: string }[]>(mine);
    const outsider = await world.as('outsider');
    expect((await outsider.delete(`/api/substitutions/${substitution?.id}`)).status).toBe(404);
    expect((await principal.delete(`/api/substitutions/${substitution?.id}`)).status).toBe(200);
    const again = await startProcess(
      { ...context, actor: actorFromUser(world.users.registrar) },
      { key: definition.key, variables: { reviewer: 'depthead' } },
    );
    const after = await deputy.post(`/api/tasks/${again.tasks[0]?.id}/complete`, { data: {} });
    expect([403, 404]).toContain(after.status);
  });

  it('refuses a non-administrator setting a deputy for someone else', async () => {
    const executor = await world.as('executor');
    const answer = await executor.post('/api/substitutions', {
      principalId: world.users.head.id,
      deputyId: world.users.executor.id,
      fromDate: '2030-01-01',
      toDate: '2030-01-02',
    });
    expect(answer.status).toBe(403);
  });
});

describe('registers, case files and API tokens', () => {
  it('changes a register on its page, showing the use case problems next to the fields', async () => {
    const admin = await world.session('admin');
    const path = `/admin/registers/${world.outgoing.id}`;
    const refused = await submit(admin, path, path, {
      name: 'Nosūtītie',
      numberPattern: 'bez-numura',
      processKey: '',
      answerDeadlineRule: '',
      active: 'true',
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("value='bez-numura'");

    const saved = await submit(admin, path, path, {
      name: 'Nosūtītās vēstules',
      numberPattern: '3-13/{yyyy}/{seq}',
      processKey: '',
      answerDeadlineRule: 'P15WD',
      active: 'true',
    });
    expect(saved.status).toBe(303);
    expect(await world.store.registers.get(world.outgoing.id)).toMatchObject({
      name: 'Nosūtītās vēstules',
      answerDeadlineRule: 'P15WD',
    });
  });

  it('creates, renames and closes a case file of the nomenclature', async () => {
    const admin = await world.session('admin');
    const created = await submit(admin, '/admin/case-files', '/admin/case-files', {
      indexCode: '1-15',
      title: 'Iedzīvotāju iesniegumi',
      departmentId: '',
      retention: 'long',
      retentionYears: '75',
      year: '2026',
    });
    expect(created.status).toBe(303);
    const list = await (await admin.browser.fetch('/admin/case-files?year=2026')).text();
    expect(list).toContain('Iedzīvotāju iesniegumi');

    const [caseFile] = (await world.store.caseFiles.list({ year: 2026 })).filter(
      (c) => c.indexCode === '1-15',
    );
    const emptyTitle = await submit(admin, '/admin/case-files', `/admin/case-files/${caseFile?.id}`, {
      title: ' ',
      departmentId: '',
    });
    expect(emptyTitle.status).toBe(400);
    const renamed = await submit(admin, '/admin/case-files', `/admin/case-files/${caseFile?.id}`, {
      title: 'Iedzīvotāju iesniegumi un sūdzības',
      departmentId: '',
    });
    expect(renamed.status).toBe(303);
    const closed = await submit(admin, '/admin/case-files', `/admin/case-files/${caseFile?.id}/open`, {
      open: 'false',
    });
    expect(closed.status).toBe(303);
    expect(await world.store.caseFiles.get(caseFile?.id ?? '')).toMatchObject({
      title: 'Iedzīvotāju iesniegumi un sūdzības',
      active: false,
    });
    const events = await world.store.audit.list({ objectType: 'case_file', objectId: caseFile?.id });
    expect(events.map((e) => e.action)).toEqual([
      'case_file.created',
      'case_file.updated',
      'case_file.closed',
    ]);
  });

  it('creates an API token shown once on the page, and revokes it', async () => {
    const admin = await world.session('admin');
    const created = await submit(admin, '/admin/tokens', '/admin/tokens', {
      name: 'e-adrese',
      username: 'registrar',
    });
    expect(created.status).toBe(201);
    const token = /<code class='secret'>(kcj_[^<]+)<\/code>/.exec(await created.text())?.[1];
    expect(token).toBeDefined();
    const asToken = await fetch(`${world.base}/api/registers`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asToken.status).toBe(200);

    const [listed] = (await world.store.apiTokens.list()).filter((t) => t.name === 'e-adrese');
    const revoked = await submit(admin, '/admin/tokens', `/admin/tokens/${listed?.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    const after = await fetch(`${world.base}/api/registers`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
  });

  it('answers a substitution in the past in Latvian on the Latvian page', async () => {
    const user = await world.session('auditor');
    const answer = await submit(
      user,
      '/substitutions',
      '/substitutions',
      { deputyId: world.users.registrar.id, fromDate: '2020-01-01', toDate: '2020-01-02', reason: 'x' },
      'lv',
    );
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('ir pagātnē');
    expect(html).toContain("value='2020-01-01'");
  });
});
