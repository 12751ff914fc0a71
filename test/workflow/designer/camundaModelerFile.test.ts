import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from '@jest/globals';
import { actorFromUser } from '../../../engine/context.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, contextFor, TestClock } from '../../support/workflow.js';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/camunda7-modeler.bpmn');

describeEachStore('a diagram saved by Camunda Modeler 5 for Camunda 7', (subject) => {
  it('deploys and runs to its end with expression and literal assignees, candidate groups and due dates', async () => {
    // given
    const clock = new TestClock('2026-03-02T08:00:00.000Z');
    const designer = actorFromUser(await aUser(subject.store, { roles: ['designer'] }));
    const deployed = await deployProcess(contextFor(subject.store, designer, clock), {
      xml: await readFile(FIXTURE, 'utf8'),
    });
    const [rita, head, mayor] = [
      anActor('rita', ['registrar']),
      anActor('hugo', ['head']),
      anActor('mayor', ['head']),
    ];

    // when
    const started = await startProcess(contextFor(subject.store, rita, clock), {
      key: deployed.key,
      variables: { initiator: 'rita', approvalDeadline: '2026-03-25' },
    });
    const reviewed = await completeTask(contextFor(subject.store, rita, clock), {
      taskId: started.tasks[0]?.id ?? '',
      output: { decision: 'approve' },
    });
    const approved = await completeTask(contextFor(subject.store, head, clock), {
      taskId: reviewed.openTasks[0]?.id ?? '',
    });
    const signed = await completeTask(contextFor(subject.store, mayor, clock), {
      taskId: approved.openTasks[0]?.id ?? '',
    });

    // then
    expect(deployed).toMatchObject({
      key: 'camunda7-letter',
      version: 1,
      name: 'Letter approval (Camunda 7)',
    });
    expect(started.tasks).toEqual([
      expect.objectContaining({
        elementId: 'Activity_Review',
        assignee: 'rita',
        dueAt: new Date('2026-03-20T12:00:00'),
        formKey: 'review-letter',
        priority: 50,
      }),
    ]);
    expect(reviewed.openTasks).toEqual([
      expect.objectContaining({
        elementId: 'Activity_Approve',
        assignee: null,
        candidateGroups: ['head', 'dept_head:BUV'],
        // A calendar date is due by the end of that day in Riga.
        dueAt: new Date('2026-03-25T21:59:59.999Z'),
      }),
    ]);
    expect(approved.openTasks).toEqual([
      expect.objectContaining({ elementId: 'Activity_Sign', assignee: 'mayor', candidateUsers: ['deputy'] }),
    ]);
    expect(signed.instanceStatus).toBe('completed');
  });
});
