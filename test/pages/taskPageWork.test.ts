/**
 * The task page and the inbox as people use them without JavaScript: comments, delegation within
 * the department, returning with a comment, a stale form, an outsider's 404, and the inbox's
 * notifications, badge, overdue-first order and filters.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashPassword } from '../../engine/auth/passwords.js';
import {
  type ApiClient,
  type ApiWorld,
  body,
  daysFromToday,
  PASSWORD,
  startApiWorld,
} from '../api/apiWorld.js';
import { browserClient, json } from '../support/browserClient.js';
import { csrfOf } from './pageClient.js';

interface Task {
  id: string;
  elementId: string;
  assignee: string | null;
  businessKey: string | null;
  status: string;
}

interface Pages {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  page(path: string): Promise<string>;
  submit(from: string, action: string, fields: Record<string, string>): Promise<Response>;
}

describe('the task page and the inbox', () => {
  let world: ApiWorld;
  let registrar: ApiClient;
  let head: ApiClient;
  let executorApi: ApiClient;
  let outsiderApi: ApiClient;

  /** A logged-in browser of `username`, in English. */
  async function pagesAs(username: string): Promise<Pages> {
    const browser = browserClient(world.base);
    const login = await browser.fetch('/api/auth/login', json({ username, password: PASSWORD }));
    if (login.status !== 200) throw new Error(`login of ${username}: ${login.status}`);
    await browser.fetch('/language/en?back=/');
    const page = async (path: string) => {
      const response = await browser.fetch(path);
      const html = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${html.slice(0, 300)}`);
      return html;
    };
    return {
      fetch: browser.fetch,
      page,
      async submit(from, action, fields) {
        const form = new URLSearchParams({ _csrf: csrfOf(await page(from)), ...fields });
        return browser.fetch(action, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
      },
    };
  }

  beforeAll(async () => {
    world = await startApiWorld();
    const dome = world.users.head.departmentId;
    await world.store.users.insert({
      username: 'head2',
      displayName: 'Otrā vadītāja',
      roles: ['head'],
      departmentId: dome,
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
    registrar = await world.as('registrar');
    head = await world.as('head');
    executorApi = await world.as('executor');
    outsiderApi = await world.as('outsider');
  });
  afterAll(() => world.close());

  async function newLetter(subject: string) {
    const registered = await body<{ id: string }>(
      await registrar.post('/api/documents', { register: 'IEN', subject }),
    );
    const resolution = (await body<Task[]>(await head.get('/api/tasks?scope=department'))).find(
      (task) => task.businessKey === registered.id,
    );
    if (!resolution) throw new Error('no resolution task');
    return { documentId: registered.id, resolution };
  }

  async function executionFor(subject: string, executor: 'executor' | 'depthead' = 'executor') {
    const letter = await newLetter(subject);
    const resolved = await head.post(`/api/tasks/${letter.resolution.id}/complete`, {
      data: {
        decision: 'execute',
        executors: [executor],
        responsible: executor,
        controller: 'head',
        deadline: daysFromToday(30),
        text: 'Izpildīt.',
      },
    });
    expect(resolved.status).toBe(200);
    const tasks = await world.store.tasks.listByInstance(
      (await world.store.tasks.get(letter.resolution.id))?.instanceId ?? '',
    );
    const execution = tasks.find((task) => task.elementId === 'Execution' && task.status === 'open');
    if (!execution) throw new Error('no execution task');
    return { ...letter, execution };
  }

  it('answers an outsider department 404 for a task by id, on the page and in the API, without its content', async () => {
    // given
    const subject = `Slepens ${Date.now()}`;
    const { execution } = await executionFor(subject);
    const outsider = await pagesAs('outsider');
    const from = '/';

    // when
    const shown = await outsider.fetch(`/tasks/${execution.id}`);
    const html = await shown.text();
    const commented = await outsider.submit(from, `/tasks/${execution.id}/comments`, { body: 'Sveiki' });
    const claimed = await outsider.submit(from, `/tasks/${execution.id}/claim`, {});
    const completed = await outsider.submit(from, `/tasks/${execution.id}`, { outcome: 'done' });
    const apiComment = await outsiderApi.post(`/api/tasks/${execution.id}/comments`, { body: 'Sveiki' });
    const apiClaim = await outsiderApi.post(`/api/tasks/${execution.id}/claim`);

    // then
    expect(shown.status).toBe(404);
    expect(html).not.toContain(subject);
    expect(html).not.toContain('Izpilde');
    for (const response of [commented, claimed, completed, apiComment, apiClaim]) {
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain(subject);
    }
    expect(await world.store.taskComments.listByTask(execution.id)).toEqual([]);
    expect((await world.store.tasks.get(execution.id))?.status).toBe('open');
  });

  it('adds a comment on the task page, shown there and in the document timeline; an empty one is refused', async () => {
    // given
    const { documentId, execution } = await executionFor(`Par sētu ${Date.now()}`);
    const executor = await pagesAs('executor');
    const taskPath = `/tasks/${execution.id}`;

    // when
    const added = await executor.submit(taskPath, `${taskPath}/comments`, { body: 'Zvanīju iesniedzējam.' });
    const empty = await executor.submit(taskPath, `${taskPath}/comments`, { body: '   ' });
    const emptyHtml = await empty.text();

    // then
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe(`${taskPath}#comments`);
    expect(await executor.page(taskPath)).toContain('Zvanīju iesniedzējam.');
    const card = await executor.page(`/documents/${documentId}`);
    expect(card).toContain('Zvanīju iesniedzējam.');
    expect(card).toContain('commented');
    expect(empty.status).toBe(400);
    expect(emptyHtml).toContain('Required.');
    expect(await world.store.taskComments.listByTask(execution.id)).toHaveLength(1);
    const audit = await world.store.audit.list({ objectType: 'document', objectId: documentId });
    expect(audit.map((event) => event.action)).toContain('document.commented');
  });

  it('answers a stale form "already completed by" whoever completed it, and changes nothing', async () => {
    // given two heads with the same resolution open
    const { resolution } = await newLetter(`Par laukumu ${Date.now()}`);
    const head2 = await pagesAs('head2');
    const taskPath = `/tasks/${resolution.id}`;
    const csrf = csrfOf(await head2.page(taskPath));
    const completed = await head.post(`/api/tasks/${resolution.id}/complete`, {
      data: { decision: 'for_information', text: 'Zināšanai.' },
    });
    const tasksBefore = await world.store.tasks.listByInstance(
      (await world.store.tasks.get(resolution.id))?.instanceId ?? '',
    );

    // when the second head posts the form they had open
    const stale = await head2.fetch(taskPath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, decision: 'file_to_case', text: 'Lietā.' }).toString(),
    });

    // then
    expect(completed.status).toBe(200);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('This task was already completed by head. Nothing was changed.');
    const after = await world.store.tasks.get(resolution.id);
    expect(after).toMatchObject({ status: 'completed', completedBy: 'head' });
    expect(await world.store.tasks.listByInstance(after?.instanceId ?? '')).toEqual(tasksBefore);
  });

  it('lets a department head delegate a task within the department only, and tells the new assignee', async () => {
    // given
    const { execution } = await executionFor(`Par jumtu ${Date.now()}`, 'depthead');
    const depthead = await pagesAs('depthead');
    const taskPath = `/tasks/${execution.id}`;
    const page = await depthead.page(taskPath);

    // when
    const toOutsider = await depthead.submit(taskPath, `${taskPath}/delegate`, { assignee: 'outsider' });
    // A summary to check first; the confirmation hands it on.
    const review = await depthead.submit(taskPath, `${taskPath}/delegate`, { assignee: 'executor' });
    expect(review.status).toBe(200);
    const toColleague = await depthead.submit(taskPath, `${taskPath}/delegate`, {
      assignee: 'executor',
      confirm: '1',
    });

    // then
    expect(page).toContain(`action='${taskPath}/delegate'`);
    expect(toOutsider.status).toBe(404);
    expect(toColleague.status).toBe(303);
    expect((await world.store.tasks.get(execution.id))?.assignee).toBe('executor');
    const told = await world.store.notifications.listFor(world.users.executor.id);
    expect(told.find((n) => n.taskId === execution.id)).toMatchObject({
      kind: 'task_assigned',
      params: expect.objectContaining({ by: 'depthead' }),
    });
  });

  it('returns a task with a comment from the page, and the head finds it in the inbox', async () => {
    // given
    const { execution } = await executionFor(`Par ielu ${Date.now()}`);
    const executor = await pagesAs('executor');
    const headPages = await pagesAs('head');
    const taskPath = `/tasks/${execution.id}`;

    // when
    const returned = await executor.submit(taskPath, taskPath, {
      outcome: 'returned',
      comment: 'Jāvērtē BUV.',
    });
    const inbox = await headPages.page('/');

    // then
    expect(returned.status).toBe(303);
    expect((await world.store.tasks.get(execution.id))?.status).toBe('completed');
    expect(inbox).toContain('executor returned the task &quot;Resolution&quot; to you');
    expect(inbox).toContain('Comment: Jāvērtē BUV.');
  });

  it('shows unread notifications with links and a badge, and marks one and all read', async () => {
    // given
    const { execution } = await executionFor(`Par tiltu ${Date.now()}`);
    const executor = await pagesAs('executor');
    const unread = await world.store.notifications.countUnread(world.users.executor.id);
    const inbox = await executor.page('/');
    const notification = (await world.store.notifications.listFor(world.users.executor.id)).find(
      (n) => n.taskId === execution.id,
    );

    // when
    const one = await executor.submit('/', `/notifications/${notification?.id}/read`, {});
    const afterOne = await world.store.notifications.countUnread(world.users.executor.id);
    const someoneElses = await (
      await pagesAs('head')
    ).submit('/', `/notifications/${notification?.id}/read`, {});
    const all = await executor.submit('/', '/notifications/read-all', {});
    const emptied = await executor.page('/');

    // then
    expect(unread).toBeGreaterThan(0);
    expect(inbox).toMatch(new RegExp(`class='notification-badge'[\\s\\S]*?>\\s*${unread}</a>`));
    expect(inbox).toContain(`href='/tasks/${execution.id}'`);
    // the work first (on a phone the first screen), the notifications after it
    expect(inbox.indexOf('<table')).toBeGreaterThan(-1);
    expect(inbox.indexOf('<table')).toBeLessThan(inbox.indexOf("id='notifications'"));
    expect(inbox).toContain('head gave you the task &quot;Execution&quot;');
    expect(one.status).toBe(303);
    expect(afterOne).toBe(unread - 1);
    expect(someoneElses.status).toBe(404);
    expect(all.status).toBe(303);
    expect(await world.store.notifications.countUnread(world.users.executor.id)).toBe(0);
    expect(emptied).not.toContain("class='notification-badge'");
    expect(emptied).not.toContain("id='notifications'");
  });

  it('marks the notifications about a task read when its holder opens the task, and the badge counts one fewer', async () => {
    // given
    const { execution } = await executionFor(`Par skolu ${Date.now()}`);
    const executor = await pagesAs('executor');
    const mine = (
      await world.store.notifications.listFor(world.users.executor.id, { unreadOnly: true })
    ).filter((n) => n.taskId === execution.id);
    const before = await world.store.notifications.countUnread(world.users.executor.id);

    // when
    const taskPage = await executor.page(`/tasks/${execution.id}`);

    // then
    expect(mine.length).toBeGreaterThan(0);
    const after = await world.store.notifications.countUnread(world.users.executor.id);
    expect(after).toBe(before - mine.length);
    if (after > 0) {
      expect(taskPage).toMatch(new RegExp(`class='notification-badge'[\\s\\S]*?>\\s*${after}</a>`));
    } else {
      expect(taskPage).not.toContain("class='notification-badge'");
    }
  });

  it('lists my tasks and my department’s unassigned ones, overdue first and highlighted, with filters and counts', async () => {
    // given an overdue task and one due later
    const later = await executionFor(`Vēlāk ${Date.now()}`);
    const late = await executionFor(`Nokavēts ${Date.now()}`);
    await world.db.query("UPDATE tasks SET due_at = now() - interval '1 day' WHERE id = $1", [
      late.execution.id,
    ]);
    const executor = await pagesAs('executor');
    const headPages = await pagesAs('head');
    const { resolution } = await newLetter(`Jauna vēstule ${Date.now()}`);

    // when
    const all = await executor.page('/');
    const overdueOnly = await executor.page('/?overdue=1');
    const mine = await executor.page('/?scope=mine');
    const department = await headPages.page('/?scope=department');

    // then
    const rows = (html: string) => [
      ...html.matchAll(/<tr class='([^']*)'>\s*<td[^>]*><a href='\/tasks\/([0-9a-f-]{36})'/g),
    ];
    const order = rows(all);
    expect(order[0]?.[2]).toBe(late.execution.id);
    expect(order[0]?.[1]).toBe('overdue');
    expect(order.map((m) => m[2])).toContain(later.execution.id);
    expect(all).toMatch(/Overdue: [1-9]/);
    expect(rows(overdueOnly).map((m) => m[2])).toEqual([late.execution.id]);
    expect(mine).toContain(later.execution.id);
    expect(mine).toMatch(/aria-current='true'>Mine \([1-9]\d*\)/);
    expect(department).toContain(`/tasks/${resolution.id}'`);
    expect(await executorApi.get('/api/tasks?scope=mine').then((r) => r.status)).toBe(200);
  });
  it('names people by their names, and says to whom a task nobody holds is offered, the same on every page', async () => {
    // given an execution held by the executor, known by name, and a new letter offered to the heads
    const { execution } = await executionFor(`Par vārdiem ${Date.now()}`);
    await world.store.userProfiles.update(world.users.executor.id, {
      displayName: 'Pēteris Liepa',
      email: null,
      departmentId: world.users.executor.departmentId,
    });
    const { resolution } = await newLetter(`Piedāvāts ${Date.now()}`);
    const headPages = await pagesAs('head');
    const executor = await pagesAs('executor');

    // when
    const control = await headPages.page('/control');
    const executorInbox = await executor.page('/?scope=mine');
    const executionPage = await executor.page(`/tasks/${execution.id}`);
    const headInbox = await headPages.page('/?scope=unassigned');
    const resolutionPage = await headPages.page(`/tasks/${resolution.id}`);

    // then the holder is named as people know him
    const rowOf = (html: string, taskId: string) =>
      new RegExp(`<tr[^>]*>\\s*<td[^>]*><a href='/tasks/${taskId}'[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    expect(rowOf(control, execution.id)).toContain('Pēteris Liepa');
    expect(rowOf(executorInbox, execution.id)).toContain('Pēteris Liepa');
    expect(executionPage).toMatch(/<dd>Pēteris Liepa/);
    // and a task nobody holds says so on both pages, with whom it is offered to
    expect(rowOf(headInbox, resolution.id)).toContain('nobody yet; offered to you');
    expect(rowOf(headInbox, resolution.id)).not.toContain('>Mine<');
    expect(resolutionPage).toContain('nobody yet');
    expect(resolutionPage).toMatch(/offered to: [^<]*head/);
  });
  it('offers a search in the header of every page, which finds a word inside another', async () => {
    // given
    const subject = `Par ielu apgaismojumu Ādažos ${Date.now()}`;
    await registrar.post('/api/documents', { register: 'IEN', subject });
    const pages = await pagesAs('registrar');

    // when
    const inbox = await pages.page('/');
    const found = await pages.page('/documents?q=gaismojum+adaz');

    // then
    expect(inbox).toContain("<form class='header-search' method='get' action='/documents' role='search'>");
    expect(found).toContain(subject);
    expect(found).toMatch(/id='header-search'[^>]*value='gaismojum adaz'/);
  });
});
