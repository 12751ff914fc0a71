import { describe, expect, it } from '@jest/globals';
import { Conflict, Forbidden } from '../../../engine/errors.js';
import { claimTask } from '../../../engine/workflow/runtime/claimTask.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import type { UseCaseContext } from '../../../engine/context.js';
import { listInbox, MAX_INBOX_PAGE_SIZE } from '../../../engine/records/inbox.js';
import { reassignTask } from '../../../engine/workflow/runtime/reassignTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { unclaimTask } from '../../../engine/workflow/runtime/unclaimTask.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, DAY, deployForTest, TestClock } from '../../support/workflow.js';

/** Every open task of the person's inbox (engine/records/inbox.ts), mine and unassigned. */
const listMyTasks = async (ctx: UseCaseContext) =>
  (await listInbox(ctx, { scope: 'all', pageSize: MAX_INBOX_PAGE_SIZE })).entries.map((entry) => entry.task);

const REVIEW_THEN_SIGN = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" name="Izskatīt" camunda:assignee="=reviewer" camunda:dueDate="P3D" camunda:priority="70" camunda:formKey="review-form" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
  <exclusiveGateway id="decide" default="toArchive" />
  <sequenceFlow id="toSign" sourceRef="decide" targetRef="sign">
    <conditionExpression xsi:type="tFormalExpression">=decision = "approve" and amount &gt; 100</conditionExpression>
  </sequenceFlow>
  <sequenceFlow id="toArchive" sourceRef="decide" targetRef="end" />
  <userTask id="sign" name="Parakstīt" camunda:candidateGroups="head, FIN" />
  <sequenceFlow id="f3" sourceRef="sign" targetRef="end" />
  <endEvent id="end" />`);

const PARALLEL = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
  <parallelGateway id="fork" />
  <sequenceFlow id="f2" sourceRef="fork" targetRef="legal" />
  <sequenceFlow id="f3" sourceRef="fork" targetRef="finance" />
  <userTask id="legal" camunda:assignee="liga" />
  <userTask id="finance" camunda:assignee="fricis" />
  <sequenceFlow id="f4" sourceRef="legal" targetRef="join" />
  <sequenceFlow id="f5" sourceRef="finance" targetRef="join" />
  <parallelGateway id="join" />
  <sequenceFlow id="f6" sourceRef="join" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('user tasks', (subject) => {
  const clock = new TestClock();
  const registrar = anActor('rita', ['registrar']);
  const anna = anActor('anna');

  async function startReview(variables = { reviewer: 'anna', amount: 500 }) {
    const definition = await deployForTest(subject.store, REVIEW_THEN_SIGN);
    return startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      businessKey: 'doc-1',
      variables,
    });
  }

  describe('startProcess', () => {
    it('creates a task row from the camunda attributes of the first user task', async () => {
      const started = await startReview();

      expect(started.status).toBe('running');
      expect(started.tasks).toEqual([
        expect.objectContaining({
          elementId: 'review',
          name: 'Izskatīt',
          assignee: 'anna',
          businessKey: 'doc-1',
          dueAt: new Date(clock.now().getTime() + 3 * DAY),
          priority: 70,
          formKey: 'review-form',
          status: 'open',
        }),
      ]);
    });
  });

  describe('completeTask', () => {
    it('merges the output into the variables and follows the FEEL condition', async () => {
      const started = await startReview();
      const [review] = started.tasks;

      const result = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: review?.id ?? '',
        output: { decision: 'approve', id: 'ignored', executionId: 'ignored' },
      });

      expect(result.openTasks).toEqual([
        expect.objectContaining({ elementId: 'sign', assignee: null, candidateGroups: ['head', 'FIN'] }),
      ]);
      const instance = await subject.store.processInstances.get(started.instanceId);
      expect(instance?.variables).toEqual({ reviewer: 'anna', amount: 500, decision: 'approve' });
    });

    it('takes the default flow to the end when the condition is false', async () => {
      const started = await startReview({ reviewer: 'anna', amount: 50 });

      const result = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
        output: { decision: 'approve' },
      });

      expect(result.instanceStatus).toBe('completed');
      expect(result.openTasks).toEqual([]);
    });

    it('lets a candidate by role complete, but neither an admin nor someone else', async () => {
      const started = await startReview();
      const review = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
        output: { decision: 'approve' },
      });
      const signTask = review.openTasks[0]?.id ?? '';

      await expect(
        completeTask(contextFor(subject.store, anActor('adele', ['admin']), clock), { taskId: signTask }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(
        completeTask(contextFor(subject.store, anna, clock), { taskId: signTask }),
      ).rejects.toBeInstanceOf(Forbidden);
      const signed = await completeTask(contextFor(subject.store, anActor('hugo', ['head']), clock), {
        taskId: signTask,
      });

      expect(signed.instanceStatus).toBe('completed');
      expect(signed.task.completedBy).toBe('hugo');
    });

    it('lets a candidate by department code complete', async () => {
      const department = await subject.store.departments.insert({ code: `FIN`, name: 'Finanses' });
      const started = await startReview();
      const review = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
        output: { decision: 'approve' },
      });

      const signed = await completeTask(
        contextFor(subject.store, anActor('dace', ['executor'], department.id), clock),
        { taskId: review.openTasks[0]?.id ?? '' },
      );

      expect(signed.instanceStatus).toBe('completed');
    });

    it('refuses to complete a completed task and changes nothing', async () => {
      const started = await startReview();
      const taskId = started.tasks[0]?.id ?? '';
      await completeTask(contextFor(subject.store, anna, clock), { taskId, output: { decision: 'approve' } });
      const before = await subject.store.processInstances.get(started.instanceId);

      const again = completeTask(contextFor(subject.store, anna, clock), {
        taskId,
        output: { decision: 'reject' },
      });

      await expect(again).rejects.toBeInstanceOf(Conflict);
      const after = await subject.store.processInstances.get(started.instanceId);
      expect(after?.versionNo).toBe(before?.versionNo);
      expect(after?.variables).toEqual(before?.variables);
    });

    it('lets exactly one of two simultaneous completions of one task succeed', async () => {
      const started = await startReview();
      const taskId = started.tasks[0]?.id ?? '';
      const versionAfterStart =
        (await subject.store.processInstances.get(started.instanceId))?.versionNo ?? 0;

      const outcomes = await Promise.allSettled([
        completeTask(contextFor(subject.store, anna, clock), { taskId, output: { decision: 'approve' } }),
        completeTask(contextFor(subject.store, anna, clock), { taskId, output: { decision: 'reject' } }),
      ]);

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o) => o.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]?.status === 'rejected' && rejected[0].reason).toBeInstanceOf(Conflict);
      const instance = await subject.store.processInstances.get(started.instanceId);
      expect(instance?.versionNo).toBe(versionAfterStart + 1);
      const completions = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(completions.filter((e) => e.type === 'task.completed')).toHaveLength(1);
    });

    it('completes two parallel tasks of one instance at the same time', async () => {
      const definition = await deployForTest(subject.store, PARALLEL);
      const started = await startProcess(contextFor(subject.store, registrar, clock), {
        key: definition.key,
      });
      const byElement = new Map(started.tasks.map((task) => [task.elementId, task.id]));

      const results = await Promise.all([
        completeTask(contextFor(subject.store, anActor('liga'), clock), {
          taskId: byElement.get('legal') ?? '',
        }),
        completeTask(contextFor(subject.store, anActor('fricis'), clock), {
          taskId: byElement.get('finance') ?? '',
        }),
      ]);

      expect(results.map((r) => r.task.status)).toEqual(['completed', 'completed']);
      expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('completed');
    });
  });

  describe('listMyTasks', () => {
    it('shows a task to its assignee and an unassigned one to its candidates only', async () => {
      const started = await startReview();
      const review = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
        output: { decision: 'approve' },
      });
      const signTask = review.openTasks[0]?.id;

      const headInbox = await listMyTasks(contextFor(subject.store, anActor('hugo', ['head']), clock));
      const annaInbox = await listMyTasks(contextFor(subject.store, anna, clock));

      expect(headInbox.map((t) => t.id)).toContain(signTask);
      expect(annaInbox.map((t) => t.id)).not.toContain(signTask);
      expect(annaInbox.every((t) => t.assignee === 'anna')).toBe(true);
    });
  });

  describe('claim, unclaim and reassign', () => {
    async function signTask() {
      const started = await startReview();
      const review = await completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
        output: { decision: 'approve' },
      });
      return review.openTasks[0]?.id ?? '';
    }

    it('lets a candidate claim a task, which then only they may complete', async () => {
      const taskId = await signTask();
      const hugo = anActor('hugo', ['head']);

      const claimed = await claimTask(contextFor(subject.store, hugo, clock), { taskId });

      expect(claimed.assignee).toBe('hugo');
      await expect(
        completeTask(contextFor(subject.store, anActor('helga', ['head']), clock), { taskId }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(
        claimTask(contextFor(subject.store, anActor('helga', ['head']), clock), { taskId }),
      ).rejects.toBeInstanceOf(Conflict);
    });

    it('refuses a claim by someone the task is not offered to', async () => {
      const taskId = await signTask();

      await expect(claimTask(contextFor(subject.store, anna, clock), { taskId })).rejects.toBeInstanceOf(
        Forbidden,
      );
    });

    it('gives a claimed task back to its candidates', async () => {
      const taskId = await signTask();
      const hugo = anActor('hugo', ['head']);
      await claimTask(contextFor(subject.store, hugo, clock), { taskId });

      const released = await unclaimTask(contextFor(subject.store, hugo, clock), { taskId });
      const helga = await completeTask(contextFor(subject.store, anActor('helga', ['head']), clock), {
        taskId,
      });

      expect(released.assignee).toBeNull();
      expect(helga.instanceStatus).toBe('completed');
    });

    it('lets a department head reassign a task but not an executor', async () => {
      const started = await startReview();
      const taskId = started.tasks[0]?.id ?? '';
      const juris = await aUser(subject.store, { roles: ['executor'] });

      await expect(
        reassignTask(contextFor(subject.store, anna, clock), { taskId, assignee: juris.username }),
      ).rejects.toBeInstanceOf(Forbidden);
      const reassigned = await reassignTask(
        contextFor(subject.store, anActor('dita', ['dept_head']), clock),
        {
          taskId,
          assignee: juris.username,
        },
      );

      expect(reassigned.assignee).toBe(juris.username);
      await expect(completeTask(contextFor(subject.store, anna, clock), { taskId })).rejects.toBeInstanceOf(
        Forbidden,
      );
      const history = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(history.map((e) => e.type)).toContain('task.reassigned');
    });
  });
});
