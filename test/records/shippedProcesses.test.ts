/** The shipped routing processes, run end to end through the use cases, with time moved by the test. */
import { describe, expect, it } from '@jest/globals';
import { actorFromUser, type Actor, type UseCaseContext } from '../../engine/context.js';
import { Invalid } from '../../engine/errors.js';
import { getDocument } from '../../engine/records/documents.js';
import { registerDocument } from '../../engine/records/registerDocument.js';
import { giveOrder, writeResolution } from '../../engine/records/resolution.js';
import type { Role, Store } from '../../engine/store/ports.js';
import type { TaskRecord } from '../../engine/store/workflowPorts.js';
import { deployShippedProcesses } from '../../engine/workflow/deployment/deployShippedProcesses.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { reassignTask } from '../../engine/workflow/runtime/reassignTask.js';
import { runDueJobs } from '../../engine/workflow/scheduler/runDueJobs.js';
import { uniqueCode } from '../support/builders.js';
import { describeEachStore } from '../support/testStores.js';
import { TestClock } from '../support/workflow.js';

async function municipality(store: Store) {
  // Monday 14 April 2025, 09:00 in Riga; Easter Monday (21 April) lies ahead.
  const clock = new TestClock('2025-04-14T06:00:00.000Z');
  const ctx = (actor: Actor): UseCaseContext => ({ store, actor, clock });
  const system = ctx({ id: null, username: 'system', displayName: 'system', roles: [], departmentId: null });
  await deployShippedProcesses(system);
  const department = async (prefix: string) =>
    store.departments.insert({ code: uniqueCode(prefix), name: prefix });
  const [registry, mayor, building] = [
    await department('KANC'),
    await department('DOME'),
    await department('BUV'),
  ];
  const person = async (roles: Role[], departmentId: string) =>
    actorFromUser(
      await store.users.insert({
        username: uniqueCode(roles[0] ?? 'u'),
        displayName: 'X',
        roles,
        departmentId,
        source: 'local',
      }),
    );
  const register = (kind: 'incoming' | 'order', processKey: string) =>
    store.registers.insert({
      code: uniqueCode(kind),
      name: kind,
      kind,
      numberPattern: '{seq}/{yyyy}',
      departmentId: registry.id,
      processKey,
      answerDeadlineRule: 'P1M',
    });
  return {
    clock,
    ctx,
    system,
    buildingCode: building.code,
    incoming: await register('incoming', 'incoming-correspondence'),
    orders: await register('order', 'order'),
    registrar: await person(['registrar'], registry.id),
    head: await person(['head'], mayor.id),
    deptHead: await person(['dept_head'], building.id),
    executorA: await person(['executor'], building.id),
    executorB: await person(['executor'], building.id),
    colleague: await person(['executor'], building.id),
  };
}

describeEachStore('shipped processes', (subject) => {
  const openTasks = async (instanceId: string | null): Promise<TaskRecord[]> =>
    subject.store.tasks.listByInstance(instanceId ?? '', { status: 'open' });
  const only = async (instanceId: string | null, elementId: string): Promise<TaskRecord[]> =>
    (await openTasks(instanceId)).filter((task) => task.elementId === elementId);
  const status = async (documentId: string) => (await subject.store.documents.get(documentId))?.status;

  describe('incoming correspondence', () => {
    it('runs from registration through resolution, parallel execution, report and control to closed', async () => {
      const m = await municipality(subject.store);
      const { document, processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Par koku ciršanu Meža ielā',
      });
      const [resolution] = await only(processInstanceId, 'Resolution');
      await expect(getDocument(m.ctx(m.executorA), document.id)).rejects.toThrow('No such document.');

      await writeResolution(m.ctx(m.head), {
        taskId: resolution?.id ?? '',
        decision: 'execute',
        executors: [m.executorA.username, m.executorB.username],
        responsible: m.executorA.username,
        controller: m.head.username,
        deadline: '2025-04-30',
        text: 'Izskatīt un sagatavot atbildi.',
      });
      const executions = await only(processInstanceId, 'Execution');
      expect(executions.map((t) => t.assignee).sort()).toEqual(
        [m.executorA.username, m.executorB.username].sort(),
      );
      expect(await status(document.id)).toBe('in_progress');
      // Routing opened the document to its executors.
      await expect(getDocument(m.ctx(m.executorA), document.id)).resolves.toBeDefined();

      for (const task of executions) {
        const executor = task.assignee === m.executorA.username ? m.executorA : m.executorB;
        await completeTask(m.ctx(executor), {
          taskId: task.id,
          output: { outcome: 'done', comment: 'Apsekots.' },
        });
      }
      const [report] = await only(processInstanceId, 'Report');
      expect(report?.assignee).toBe(m.executorA.username);
      await completeTask(m.ctx(m.executorA), {
        taskId: report?.id ?? '',
        output: { report: 'Atbilde nosūtīta.' },
      });
      const [control] = await only(processInstanceId, 'Control');
      await completeTask(m.ctx(m.head), { taskId: control?.id ?? '', output: { control: 'accept' } });

      expect(await status(document.id)).toBe('closed');
      expect(await subject.store.processInstances.get(processInstanceId ?? '')).toMatchObject({
        status: 'completed',
      });
    });

    it('goes back to the head when an executor returns the document, and the controller may return the report', async () => {
      const m = await municipality(subject.store);
      const { processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Nav mūsu kompetencē',
      });
      const resolve = async (executors: Actor[]) => {
        const [task] = await only(processInstanceId, 'Resolution');
        await writeResolution(m.ctx(m.head), {
          taskId: task?.id ?? '',
          decision: 'execute',
          executors: executors.map((e) => e.username),
          responsible: executors[0]?.username,
          controller: m.head.username,
          deadline: '2025-04-30',
          text: 'Izpildīt.',
        });
      };
      await resolve([m.executorA, m.executorB]);
      const [first] = await only(processInstanceId, 'Execution');
      const returner = first?.assignee === m.executorA.username ? m.executorA : m.executorB;

      await completeTask(m.ctx(returner), {
        taskId: first?.id ?? '',
        output: { outcome: 'returned', comment: 'Nav mūsu.' },
      });

      expect(await only(processInstanceId, 'Execution')).toEqual([]);
      expect(await only(processInstanceId, 'Resolution')).toHaveLength(1);

      await resolve([m.executorB]);
      const [again] = await only(processInstanceId, 'Execution');
      await completeTask(m.ctx(m.executorB), { taskId: again?.id ?? '', output: { outcome: 'done' } });
      const [report] = await only(processInstanceId, 'Report');
      await completeTask(m.ctx(m.executorB), {
        taskId: report?.id ?? '',
        output: { report: 'Pirmā versija' },
      });
      const [control] = await only(processInstanceId, 'Control');
      await completeTask(m.ctx(m.head), {
        taskId: control?.id ?? '',
        output: { control: 'return', comment: 'Papildināt.' },
      });

      expect(await only(processInstanceId, 'Report')).toHaveLength(1);
    });

    it('lets an executor hand the task to a colleague of the department through the department head', async () => {
      const m = await municipality(subject.store);
      const { processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Deleģējams',
      });
      const [resolution] = await only(processInstanceId, 'Resolution');
      await writeResolution(m.ctx(m.head), {
        taskId: resolution?.id ?? '',
        decision: 'execute',
        executors: [m.executorA.username],
        responsible: m.executorA.username,
        controller: m.head.username,
        deadline: '2025-04-30',
        text: 'Izpildīt.',
      });
      const [execution] = await only(processInstanceId, 'Execution');

      await reassignTask(m.ctx(m.deptHead), { taskId: execution?.id ?? '', assignee: m.colleague.username });

      const [delegated] = await only(processInstanceId, 'Execution');
      expect(delegated?.assignee).toBe(m.colleague.username);
      await completeTask(m.ctx(m.colleague), { taskId: delegated?.id ?? '', output: { outcome: 'done' } });
      expect(await only(processInstanceId, 'Report')).toHaveLength(1);
    });

    it('reminds the executors 3 working days before the deadline and escalates to the controller when overdue', async () => {
      const m = await municipality(subject.store);
      const { processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Ar termiņu',
      });
      const [resolution] = await only(processInstanceId, 'Resolution');
      // Deadline Wednesday 23 April: three working days before it (22, then past Easter Monday and Good
      // Friday 17, 16) is Wednesday 16 April, 08:00 in Riga.
      await writeResolution(m.ctx(m.head), {
        taskId: resolution?.id ?? '',
        decision: 'execute',
        executors: [m.executorA.username],
        responsible: m.executorA.username,
        controller: m.head.username,
        deadline: '2025-04-23',
        text: 'Izpildīt.',
      });
      const history = async () =>
        (await subject.store.processHistory.listByInstance(processInstanceId ?? '', { limit: 500 }))
          .filter((e) => e.type === 'notification.recorded')
          .map((e) => e.details.subject);

      m.clock.set('2025-04-16T04:59:00.000Z');
      await runDueJobs(m.system, { now: m.clock.now(), workerId: 'test' });
      expect(await history()).toEqual([]);

      m.clock.set('2025-04-16T05:00:00.000Z');
      await runDueJobs(m.system, { now: m.clock.now(), workerId: 'test' });
      expect(await history()).toEqual(['reminder']);

      // Overdue from the first minute after the deadline day, Riga time.
      m.clock.set('2025-04-23T20:59:00.000Z');
      await runDueJobs(m.system, { now: m.clock.now(), workerId: 'test' });
      expect(await history()).toEqual(['reminder']);
      m.clock.set('2025-04-23T21:00:00.000Z');
      await runDueJobs(m.system, { now: m.clock.now(), workerId: 'test' });
      expect(await history()).toEqual(['reminder', 'overdue']);
      expect(await only(processInstanceId, 'Execution')).toHaveLength(1);
    });

    it('closes a document given for information at once', async () => {
      const m = await municipality(subject.store);
      const { document, processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Informācijai',
      });
      const [resolution] = await only(processInstanceId, 'Resolution');

      await writeResolution(m.ctx(m.head), {
        taskId: resolution?.id ?? '',
        decision: 'for_information',
        text: 'Zināšanai.',
      });

      expect(await status(document.id)).toBe('for_information');
      expect(await openTasks(processInstanceId)).toEqual([]);
    });

    it('refuses a resolution without executors or with a past deadline, and leaves the task open', async () => {
      const m = await municipality(subject.store);
      const { processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.incoming.id,
        subject: 'Nepilnīga rezolūcija',
      });
      const [resolution] = await only(processInstanceId, 'Resolution');

      const attempt = writeResolution(m.ctx(m.head), {
        taskId: resolution?.id ?? '',
        decision: 'execute',
        executors: [],
        deadline: '2025-04-01',
        text: '',
      });

      await expect(attempt).rejects.toBeInstanceOf(Invalid);
      await expect(attempt).rejects.toMatchObject({
        problems: [
          { field: 'text', message: 'is required' },
          { field: 'executors', message: 'name at least one executor' },
          { field: 'responsible', message: 'is required' },
          { field: 'controller', message: 'is required' },
          { field: 'deadline', message: 'is before today (2025-04-14)' },
        ],
      });
      expect(await only(processInstanceId, 'Resolution')).toHaveLength(1);
    });
  });

  describe('order', () => {
    it('is offered to the head of each named department only', async () => {
      const m = await municipality(subject.store);
      const { processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.orders.id,
        subject: 'Par inventarizāciju',
      });
      const [issue] = await only(processInstanceId, 'IssueOrder');
      await giveOrder(m.ctx(m.head), {
        taskId: issue?.id ?? '',
        departments: [m.buildingCode],
        controller: m.head.username,
        deadline: '2025-05-15',
        text: 'Veikt inventarizāciju.',
      });
      const [departmentTask] = await only(processInstanceId, 'DepartmentExecution');

      await completeTask(m.ctx(m.deptHead), {
        taskId: departmentTask?.id ?? '',
        output: { report: 'Veikts.' },
      });

      expect(await only(processInstanceId, 'Control')).toHaveLength(1);
    });

    it('goes to the head of each department, who executes or hands it on, then to the controller', async () => {
      const m = await municipality(subject.store);
      const { document, processInstanceId } = await registerDocument(m.ctx(m.registrar), {
        registerId: m.orders.id,
        subject: 'Par ielu tīrīšanu pavasarī',
      });
      const [issue] = await only(processInstanceId, 'IssueOrder');

      await giveOrder(m.ctx(m.head), {
        taskId: issue?.id ?? '',
        departments: [m.buildingCode],
        controller: m.head.username,
        deadline: '2025-05-15',
        text: 'Nodrošināt ielu tīrīšanu līdz 15. maijam.',
      });
      const [departmentTask] = await only(processInstanceId, 'DepartmentExecution');
      expect(departmentTask?.candidateGroups).toEqual([`dept_head:${m.buildingCode}`]);
      await expect(
        completeTask(m.ctx(m.executorA), { taskId: departmentTask?.id ?? '', output: { report: 'x' } }),
      ).rejects.toThrow();

      await expect(getDocument(m.ctx(m.deptHead), document.id)).resolves.toBeDefined();

      await reassignTask(m.ctx(m.deptHead), {
        taskId: departmentTask?.id ?? '',
        assignee: m.executorA.username,
      });
      await completeTask(m.ctx(m.executorA), {
        taskId: departmentTask?.id ?? '',
        output: { report: 'Iztīrīts.' },
      });
      const [control] = await only(processInstanceId, 'Control');
      await completeTask(m.ctx(m.head), { taskId: control?.id ?? '', output: { control: 'accept' } });

      expect(await status(document.id)).toBe('closed');
    });
  });
});
