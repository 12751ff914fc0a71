/** The head's order: drafted without a number, numbered when issued (gapless), refused whole. */
import { describe, expect, it } from '@jest/globals';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import { Forbidden, Invalid } from '../../engine/errors.js';
import { delegateToSeveral } from '../../engine/records/delegateTask.js';
import { getDocument } from '../../engine/records/documents.js';
import { draftOrder } from '../../engine/records/orders.js';
import { viewerOf } from '../../engine/policies/document.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { giveOrder } from '../../engine/records/resolution.js';
import type { Role, Store } from '../../engine/store/ports.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { TestClock } from '../support/workflow.js';
import { openTasksOf, theTask } from './lettersWorld.js';

async function anOrderWorld(store: Store) {
  // Monday 14 April 2025, 09:00 in Riga.
  const clock = new TestClock('2025-04-14T06:00:00.000Z');
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  await deployShippedProcesses(
    ctx({ id: null, username: 'system', displayName: 'system', roles: [], departmentId: null }),
  );
  const department = (prefix: string) => store.departments.insert({ code: uniqueCode(prefix), name: prefix });
  const [mayor, building, social] = [
    await department('DOME'),
    await department('BUV'),
    await department('SOC'),
  ];
  const person = async (roles: Role[], departmentId: string) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'u'),
        displayName: 'Jānis Ozoliņš',
        roles,
        departmentId,
        source: 'local',
      }),
    );
  const orders = await store.registers.insert({
    code: uniqueCode('RIK'),
    name: 'Rīkojumi',
    kind: 'order',
    numberPattern: 'R-{seq}/{yyyy}',
    departmentId: mayor.id,
    processKey: 'order',
    answerDeadlineRule: null,
  });
  return {
    ctx,
    orders,
    building: building.code,
    social: social.code,
    head: await person(['head'], mayor.id),
    registrar: await person(['registrar'], mayor.id),
    deptHead: await person(['dept_head'], building.id),
    executor: await person(['executor'], building.id),
    executor2: await person(['executor'], building.id),
  };
}

type OrderWorld = Awaited<ReturnType<typeof anOrderWorld>>;

const anOrder = (w: OrderWorld, subject: string) => ({
  registerId: w.orders.id,
  subject,
  text: 'Pārbaudīt ielu apgaismojumu.',
  departments: [w.building],
  deadline: '2025-05-15',
});

describeEachStore('orders issued by the head', (subject) => {
  it('numbers the order when it is issued and sends it to the departments', async () => {
    const w = await anOrderWorld(subject.store);

    const issued = await draftOrder(w.ctx(w.head), anOrder(w, 'Par apgaismojumu'), { issue: true });

    expect(issued.registrationNumber).toBe('R-1/2025');
    expect(issued.document).toMatchObject({ sequence: 1, registeredOn: '2025-04-14', documentKind: 'order' });
    const departmentTask = await theTask(subject.store, issued.processInstanceId, 'DepartmentExecution');
    expect(departmentTask.candidateGroups).toEqual([`dept_head:${w.building}`]);
    expect((await subject.store.documents.get(issued.document.id))?.status).toBe('in_progress');
    const instance = await subject.store.processInstances.get(issued.processInstanceId);
    expect(instance?.variables).toMatchObject({
      registrationNumber: 'R-1/2025',
      controller: w.head.username,
    });
    const events = await subject.store.audit.list({ objectType: 'document', objectId: issued.document.id });
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['document.drafted', 'document.registered']),
    );
    expect(events.find((e) => e.action === 'document.registered')?.details).toMatchObject({
      registrationNumber: 'R-1/2025',
      issuedBy: w.head.username,
    });
  });

  it('keeps a draft without a number until it is issued, and numbers orders gaplessly in the order of issue', async () => {
    const w = await anOrderWorld(subject.store);
    const draft = await draftOrder(w.ctx(w.head), anOrder(w, 'Melnraksts'), { issue: false });
    expect(draft.document).toMatchObject({ sequence: 0, registrationNumber: '', status: 'draft' });
    // The draft's order opens its issuing form; it is not in the register.
    expect((await subject.store.documents.listByRegister(w.orders.id)).items).toHaveLength(0);

    const first = await draftOrder(w.ctx(w.head), anOrder(w, 'Pirmais izdotais'), { issue: true });
    await giveOrder(w.ctx(w.head), {
      taskId: draft.issueTaskId,
      departments: [w.building],
      controller: w.head.username,
      deadline: '2025-05-20',
      text: 'Izdots vēlāk.',
    });

    expect(first.registrationNumber).toBe('R-1/2025');
    expect((await subject.store.documents.get(draft.document.id))?.registrationNumber).toBe('R-2/2025');
    expect(await openTasksOf(subject.store, draft.processInstanceId, 'DepartmentExecution')).toHaveLength(1);
  });

  it('refuses an order to a department nobody could receive: no draft, no number', async () => {
    const w = await anOrderWorld(subject.store);

    const refused = draftOrder(
      w.ctx(w.head),
      { ...anOrder(w, 'Sociālajam dienestam'), departments: [w.building, w.social] },
      { issue: true },
    );

    await expect(refused).rejects.toThrow(Invalid);
    await expect(refused).rejects.toMatchObject({
      problems: [
        {
          field: 'departments',
          message: `the department ${w.social} has no department head to receive the order`,
        },
      ],
    });
    const drafts = await subject.store.documents.search({ registerId: w.orders.id }, viewerOf(w.head));
    expect(drafts.total).toBe(0);
    const next = await draftOrder(w.ctx(w.head), anOrder(w, 'Nākamais'), { issue: true });
    expect(next.registrationNumber).toBe('R-1/2025');
  });

  it('refuses a draft issued with a refused order: the draft stays without a number', async () => {
    const w = await anOrderWorld(subject.store);
    const draft = await draftOrder(w.ctx(w.head), anOrder(w, 'Melnraksts'), { issue: false });

    await expect(
      giveOrder(w.ctx(w.head), {
        taskId: draft.issueTaskId,
        departments: [w.social],
        controller: w.head.username,
        deadline: '2025-05-20',
        text: 'x',
      }),
    ).rejects.toThrow(Invalid);

    expect(await subject.store.documents.get(draft.document.id)).toMatchObject({
      sequence: 0,
      status: 'draft',
    });
    expect(await openTasksOf(subject.store, draft.processInstanceId, 'IssueOrder')).toHaveLength(1);
  });

  it('lets only a head issue orders; a registrar still registers an order received from outside', async () => {
    const w = await anOrderWorld(subject.store);
    await expect(draftOrder(w.ctx(w.executor), anOrder(w, 'x'), { issue: true })).rejects.toThrow(Forbidden);
    await expect(draftOrder(w.ctx(w.registrar), anOrder(w, 'x'), { issue: false })).rejects.toThrow(
      Forbidden,
    );

    const received = await registerDocument(w.ctx(w.registrar), {
      registerId: w.orders.id,
      subject: 'No ārpuses',
    });
    expect(received.document.registrationNumber).toBe('R-1/2025');
    const issue = await theTask(subject.store, received.processInstanceId ?? '', 'IssueOrder');
    await giveOrder(w.ctx(w.head), { taskId: issue.id, ...anOrder(w, ''), controller: w.head.username });

    // Given at the task, it keeps the number it was registered with.
    expect((await subject.store.documents.get(received.document.id))?.registrationNumber).toBe('R-1/2025');
    expect(
      await openTasksOf(subject.store, received.processInstanceId ?? '', 'DepartmentExecution'),
    ).toHaveLength(1);
  });

  describe('a department head hands the department task to several executors', () => {
    const issuedToBuilding = async (w: OrderWorld) => {
      const issued = await draftOrder(w.ctx(w.head), anOrder(w, 'Par apgaismojumu'), { issue: true });
      const task = await theTask(subject.store, issued.processInstanceId, 'DepartmentExecution');
      return { issued, task };
    };

    it('gives the task to the responsible one and a co-execution task to each other executor', async () => {
      const w = await anOrderWorld(subject.store);
      const { issued, task } = await issuedToBuilding(w);

      const done = await delegateToSeveral(w.ctx(w.deptHead), {
        taskId: task.id,
        executors: [w.executor.username, w.executor2.username],
        responsible: w.executor.username,
        note: 'Kopā.',
      });

      expect((await subject.store.tasks.get(task.id))?.assignee).toBe(w.executor.username);
      const coTask = await theTask(subject.store, done.coExecutionInstanceId ?? '', 'CoExecution');
      expect(coTask).toMatchObject({ assignee: w.executor2.username, businessKey: issued.document.id });
      await expect(getDocument(w.ctx(w.executor2), issued.document.id)).resolves.toBeDefined();
      const thread = await subject.store.taskComments.listByTask(task.id);
      expect(thread.find((n) => n.kind === 'delegated')).toMatchObject({ body: 'Kopā.' });
    });

    it.each([
      [
        'no responsible one',
        (w: OrderWorld) => ({ executors: [w.executor.username], responsible: '' }),
        'responsible',
      ],
      [
        'a responsible one who is not an executor',
        (w: OrderWorld) => ({ executors: [w.executor.username], responsible: w.executor2.username }),
        'responsible',
      ],
      ['no executor', () => ({ executors: [], responsible: '' }), 'executors'],
      [
        'someone who does not exist',
        (w: OrderWorld) => ({
          executors: [w.executor.username, 'nobody-here'],
          responsible: w.executor.username,
        }),
        'executors',
      ],
    ])('refuses %s and changes nothing', async (_case, choose, field) => {
      const w = await anOrderWorld(subject.store);
      const { task } = await issuedToBuilding(w);
      const before = await subject.store.tasks.get(task.id);

      const refused = delegateToSeveral(w.ctx(w.deptHead), { taskId: task.id, ...choose(w) });

      await expect(refused).rejects.toThrow(Invalid);
      await expect(refused).rejects.toMatchObject({
        problems: expect.arrayContaining([expect.objectContaining({ field })]),
      });
      expect(await subject.store.tasks.get(task.id)).toMatchObject({ assignee: before?.assignee ?? null });
      expect(
        (await subject.store.taskComments.listByTask(task.id)).filter((n) => n.kind === 'delegated'),
      ).toEqual([]);
      const coExecutions = await subject.store.processInstances.list({
        businessKey: task.businessKey ?? '',
        limit: 20,
      });
      expect(coExecutions.items.map((i) => i.processKey)).toEqual(['order']);
    });
  });
});
