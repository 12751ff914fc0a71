/**
 * `POST /api/tasks/{id}/delegate`: a department head hands an order's department task to several
 * executors of the department, one responsible — reviewed first (`confirm: false` changes nothing),
 * then confirmed; refusals name the field, in the request's language.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { User } from '../../engine/store/ports.js';
import { hashPassword } from '../../engine/auth/passwords.js';
import { type ApiClient, type ApiWorld, body, daysFromToday, PASSWORD, startApiWorld } from './apiWorld.js';

interface Person {
  username: string;
  displayName: string;
}
interface DelegationAnswer {
  confirmed: boolean;
  responsible: Person;
  coExecutors: Person[];
  task: { id: string; assignee: string | null } | null;
  coExecutionInstanceId: string | null;
}
interface ErrorAnswer {
  message: string;
  problems?: { field?: string; message: string }[];
}

describe('delegating a task to several executors over the JSON API', () => {
  let world: ApiWorld;
  let head: ApiClient;
  let deptHead: ApiClient;
  let executor2: User;

  beforeAll(async () => {
    world = await startApiWorld();
    await world.store.registers.insert({
      code: 'RIK',
      name: 'Rīkojumi',
      kind: 'order',
      numberPattern: 'R-{seq}',
      departmentId: null,
      processKey: 'order',
      answerDeadlineRule: null,
      yearlyReset: false,
    });
    executor2 = await world.store.users.insert({
      username: 'executor2',
      displayName: 'Ilze Ozola',
      roles: ['executor'],
      departmentId: world.users.executor.departmentId,
      source: 'local',
      passwordHash: await hashPassword(PASSWORD),
    });
    [head, deptHead] = await Promise.all([world.as('head'), world.as('depthead')]);
  });
  afterAll(() => world.close());

  /** An order issued to the construction board (BUV); its department task, offered to its head. */
  async function departmentTask(subject: string): Promise<string> {
    const issued = await head.post('/api/orders', {
      register: 'RIK',
      subject,
      text: 'Pārbaudīt.',
      departments: ['BUV'],
      deadline: daysFromToday(10),
    });
    expect(issued.status).toBe(201);
    const { processInstanceId } = await body<{ processInstanceId: string }>(issued);
    const tasks = await world.store.tasks.listByInstance(processInstanceId, { status: 'open' });
    const task = tasks.find((t) => t.elementId === 'DepartmentExecution');
    if (!task) throw new Error('no department task');
    return task.id;
  }

  const delegate = (client: ApiClient, taskId: string, payload: unknown, language = 'en') =>
    client.fetch(`/api/tasks/${taskId}/delegate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': language },
      body: JSON.stringify(payload),
    });

  it('reviews without changing anything, then hands on: the responsible one holds the task, each other executor gets a co-execution task', async () => {
    const taskId = await departmentTask('Par ielu apgaismojumu');
    const choice = { executors: ['executor2', 'executor'], responsible: 'executor', note: 'Kopā.' };

    const review = await delegate(deptHead, taskId, { ...choice, confirm: false });
    expect(review.status).toBe(200);
    expect(await body<DelegationAnswer>(review)).toEqual({
      confirmed: false,
      responsible: { username: 'executor', displayName: 'executor' },
      coExecutors: [{ username: 'executor2', displayName: 'Ilze Ozola' }],
      task: null,
      coExecutionInstanceId: null,
    });
    expect((await world.store.tasks.get(taskId))?.assignee).toBeNull();

    const done = await delegate(deptHead, taskId, { ...choice, confirm: true }, 'lv');
    expect(done.status).toBe(200);
    const delegation = await body<DelegationAnswer>(done);
    expect(delegation).toMatchObject({ confirmed: true, task: { id: taskId, assignee: 'executor' } });
    const coTasks = await world.store.tasks.listByInstance(delegation.coExecutionInstanceId ?? '', {
      status: 'open',
    });
    expect(coTasks.map((t) => t.assignee)).toEqual([executor2.username]);
    const thread = await world.store.taskComments.listByTask(taskId);
    expect(thread.find((n) => n.kind === 'delegated')).toMatchObject({ body: 'Kopā.' });
  });

  it("lets the controller accept the responsible one's report while a co-executor has not reported: co-executors do not hold up control", async () => {
    // given: the task handed to two executors, the responsible one reports; the co-executor has not
    const taskId = await departmentTask('Par koku izzāģēšanu');
    const handedOn = await delegate(deptHead, taskId, {
      executors: ['executor', 'executor2'],
      responsible: 'executor',
      confirm: true,
    });
    const { coExecutionInstanceId } = await body<DelegationAnswer>(handedOn);
    const executor = await world.as('executor');
    const reported = await executor.post(`/api/tasks/${taskId}/complete`, { data: { report: 'Izzāģēti.' } });
    expect(reported.status).toBe(200);
    const { instanceId } = await body<{ instanceId: string }>(reported);
    const coTasks = await world.store.tasks.listByInstance(coExecutionInstanceId ?? '', { status: 'open' });
    expect(coTasks.map((t) => t.assignee)).toEqual(['executor2']);

    // when: the controller's task is there at once, and the controller accepts
    const control = (await world.store.tasks.listByInstance(instanceId, { status: 'open' })).find(
      (t) => t.elementId === 'Control',
    );
    expect(control?.assignee).toBe('head');
    const accepted = await head.post(`/api/tasks/${control?.id ?? ''}/complete`, {
      data: { control: 'accept' },
    });

    // then: the order is executed and closed; the co-executor's own task stays theirs to report
    expect(accepted.status).toBe(200);
    expect(await body<{ instanceStatus: string }>(accepted)).toMatchObject({ instanceStatus: 'completed' });
    const document = (await world.store.tasks.get(taskId))?.businessKey ?? '';
    expect((await world.store.documents.get(document))?.status).toBe('closed');
    expect((await world.store.tasks.get(coTasks[0]?.id ?? ''))?.status).toBe('open');

    // and the co-executor still reports their part afterwards, kept in the order's thread
    // A person of this test only, signed in with a password like the world's people.
    const coExecutor = await world.session('executor2' as 'executor');
    const coReported = await coExecutor.post(`/api/tasks/${coTasks[0]?.id ?? ''}/complete`, {
      data: { report: 'Mana daļa.' },
    });
    expect(coReported.status).toBe(200);
    expect(await body<{ instanceStatus: string }>(coReported)).toMatchObject({ instanceStatus: 'completed' });
  });

  it.each([
    ['en', 'The task cannot be handed on.', 'not a colleague of your department: registrar'],
    ['lv', 'Uzdevumu nevar nodot.', 'nav jūsu nodaļas kolēģis: registrar'],
  ])(
    'refuses someone outside the department in %s, naming them, and changes nothing',
    async (lang, message, problem) => {
      const taskId = await departmentTask(`Ārpus nodaļas ${lang}`);

      const refused = await delegate(
        deptHead,
        taskId,
        { executors: ['executor', 'registrar'], responsible: 'executor', confirm: true },
        lang,
      );

      expect(refused.status).toBe(400);
      const answer = await body<ErrorAnswer>(refused);
      expect(answer.message).toBe(message);
      expect(answer.problems).toContainEqual({
        field: 'executors',
        code: 'problem.notColleague',
        params: { username: 'registrar' },
        message: problem,
      });
      expect((await world.store.tasks.get(taskId))?.assignee).toBeNull();
    },
  );

  it.each([
    ['en', 'must be one of the executors'],
    ['lv', 'jābūt vienam no izpildītājiem'],
  ])('refuses a responsible one who is not an executor in %s', async (lang, problem) => {
    const taskId = await departmentTask(`Atbildīgais ${lang}`);

    const refused = await delegate(
      deptHead,
      taskId,
      { executors: ['executor'], responsible: 'executor2', confirm: false },
      lang,
    );

    expect(refused.status).toBe(400);
    const answer = await body<ErrorAnswer>(refused);
    expect(answer.problems?.find((p) => p.field === 'responsible')?.message).toBe(problem);
  });

  it('refuses anyone but a department head (403), an unknown task (404), a task handed on already (409)', async () => {
    const taskId = await departmentTask('Otrs rīkojums');
    const choice = { executors: ['executor'], responsible: 'executor', confirm: true };

    expect((await delegate(head, taskId, choice)).status).toBe(403);
    expect((await delegate(deptHead, 'no-such-task', choice)).status).toBe(404);
    expect((await delegate(deptHead, taskId, { ...choice, extra: 1 })).status).toBe(400);
    expect((await delegate(deptHead, taskId, choice)).status).toBe(200);
    const executor = await world.as('executor');
    expect(
      (await executor.post(`/api/tasks/${taskId}/complete`, { data: { report: 'Izdarīts.' } })).status,
    ).toBe(200);
    expect((await delegate(deptHead, taskId, choice)).status).toBe(409);
  });
});
