/**
 * A user task that reaches nobody's inbox — assigned to a name that is no active user, offered
 * only to candidates no active user answers to, or on a document none of the people it reaches may
 * see — is on the administrators' list until it is handed to someone.
 */
import { beforeAll, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { actorFromUser } from '../../../engine/context.js';
import { Forbidden } from '../../../engine/errors.js';
import type { User } from '../../../engine/store/ports.js';
import { listUnreachableTasks } from '../../../engine/workflow/operations/listUnreachableTasks.js';
import { reassignTask } from '../../../engine/workflow/runtime/reassignTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { aRegister, aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, TestClock } from '../../support/workflow.js';

describeEachStore('tasks that reach nobody', (subject) => {
  const clock = new TestClock();
  const suffix = randomUUID().slice(0, 6);
  const dept = `D${suffix}`.toUpperCase();
  let anna: User;
  let admin: User;

  const parallel = (tasks: string) =>
    bpmn(`
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="split" />
    <parallelGateway id="split" />
    ${tasks}
  `);
  const task = (id: string, attributes: string) =>
    `<sequenceFlow id="to_${id}" sourceRef="split" targetRef="${id}" /><userTask id="${id}" name="Task ${id}" ${attributes} />`;

  beforeAll(async () => {
    const department = await subject.store.departments.insert({ code: dept, name: dept });
    anna = await aUser(subject.store, {
      username: `anna_${suffix}`,
      roles: ['dept_head'],
      departmentId: department.id,
    });
    admin = await aUser(subject.store, { username: `admin_${suffix}`, roles: ['admin'] });
  });

  const unreachableOf = async (instanceId: string) =>
    (await listUnreachableTasks(contextFor(subject.store, actorFromUser(admin), clock)))
      .filter(({ task }) => task.instanceId === instanceId)
      .map(({ task, reason }) => [task.elementId, reason])
      .sort();

  it('lists open tasks assigned to no active user or offered to candidates nobody answers to', async () => {
    const definition = await deployForTest(
      subject.store,
      parallel(
        [
          task('toAnna', `camunda:assignee="anna_${suffix}"`),
          task('toKermit', 'camunda:assignee="Kermit"'),
          task('toNoGroup', `camunda:candidateGroups="NOPE_${suffix}"`),
          task('toGhost', 'camunda:candidateUsers="ghost,nobody"'),
          task('toDepartment', `camunda:candidateGroups="${dept}"`),
          task('toDeptHead', `camunda:candidateGroups="dept_head:${dept}"`),
          task('toExecutorOfDept', `camunda:candidateGroups="executor:${dept},NOPE_${suffix}"`),
          task('toAnnaAsCandidate', `camunda:candidateUsers="anna_${suffix}"`),
        ].join('\n'),
      ),
    );
    const started = await startProcess(contextFor(subject.store, anActor('rita', ['registrar']), clock), {
      key: definition.key,
    });

    expect(await unreachableOf(started.instanceId)).toEqual([
      [
        'toExecutorOfDept',
        `offered to "executor:${dept}", "NOPE_${suffix}", which no active user answers to`,
      ],
      ['toGhost', 'offered to "ghost", "nobody", which no active user answers to'],
      ['toKermit', 'assigned to "Kermit", who is no active user'],
      ['toNoGroup', `offered to "NOPE_${suffix}", which no active user answers to`],
    ]);

    // Anna leaves: her own tasks and those only she answered to reach nobody now.
    await subject.store.users.setActive(anna.id, false);
    expect((await unreachableOf(started.instanceId)).map(([elementId]) => elementId)).toEqual([
      'toAnna',
      'toAnnaAsCandidate',
      'toDepartment',
      'toDeptHead',
      'toExecutorOfDept',
      'toGhost',
      'toKermit',
      'toNoGroup',
    ]);
    await subject.store.users.setActive(anna.id, true);

    // Handed to Anna by an administrator, the task leaves the list.
    const kermit = started.tasks.find((open) => open.elementId === 'toKermit');
    await reassignTask(contextFor(subject.store, actorFromUser(admin), clock), {
      taskId: kermit?.id ?? '',
      assignee: anna.username,
    });
    expect((await unreachableOf(started.instanceId)).map(([elementId]) => elementId)).toEqual([
      'toExecutorOfDept',
      'toGhost',
      'toNoGroup',
    ]);
  });

  it('lists a task on a restricted document that none of the people it reaches may see', async () => {
    // given: a head, and a resolution offered to heads on two documents the registrar registered:
    // one restricted (no head named on it), one internal
    const head = await aUser(subject.store, { username: `heidi_${suffix}`, roles: ['head'] });
    const rita = await aUser(subject.store, { username: `rita_${suffix}`, roles: ['registrar'] });
    const register = await aRegister(subject.store);
    const documentOf = (sequence: number, confidentiality: 'restricted' | 'internal') =>
      subject.store.documents.insert({
        registerId: register.id,
        year: 2026,
        sequence,
        registrationNumber: `${register.code}/${sequence}`,
        registeredOn: '2026-03-02',
        subject: 'Iesniegums',
        confidentiality,
        createdBy: rita.id,
      });
    const restricted = await documentOf(1, 'restricted');
    const internal = await documentOf(2, 'internal');
    const definition = await deployForTest(
      subject.store,
      parallel(task('resolution', 'camunda:candidateGroups="head"')),
    );
    const registrar = contextFor(subject.store, actorFromUser(rita), clock);

    // when
    const onRestricted = await startProcess(registrar, { key: definition.key, businessKey: restricted.id });
    const onInternal = await startProcess(registrar, { key: definition.key, businessKey: internal.id });

    // then: on the restricted document the resolution reaches nobody; on the internal one every
    // head sees it
    expect(await unreachableOf(onRestricted.instanceId)).toEqual([
      ['resolution', 'offered to "head", but nobody among them may see its document'],
    ]);
    expect(await unreachableOf(onInternal.instanceId)).toEqual([]);

    // Named on the document as a reader, the head is reached: the task leaves the list.
    await subject.store.documentAccess.grant({
      documentId: restricted.id,
      userId: head.id,
      departmentId: null,
      reason: 'reader',
      grantedBy: null,
    });
    expect(await unreachableOf(onRestricted.instanceId)).toEqual([]);
  });

  it('is for administrators only', async () => {
    await expect(
      listUnreachableTasks(contextFor(subject.store, anActor('heidi', ['head']), clock)),
    ).rejects.toBeInstanceOf(Forbidden);
  });
});
