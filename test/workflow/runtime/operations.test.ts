import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '../../../engine/context.js';
import { Conflict, Forbidden } from '../../../engine/errors.js';
import { cancelInstance } from '../../../engine/workflow/operations/cancelInstance.js';
import { getInstance } from '../../../engine/workflow/operations/getInstance.js';
import { listInstanceHistory } from '../../../engine/workflow/operations/listInstanceHistory.js';
import { listInstances } from '../../../engine/workflow/operations/listInstances.js';
import { retryIncident } from '../../../engine/workflow/operations/retryIncident.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { IncidentRaised } from '../../../engine/workflow/runtime/stepErrors.js';
import { runDueJobs } from '../../../engine/workflow/scheduler/runDueJobs.js';
import { aRegister } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, HOUR, TestClock } from '../../support/workflow.js';

const REVIEW_WITH_DEADLINE = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" camunda:assignee="anna" />
  <boundaryEvent id="deadline" attachedToRef="review"><timerEventDefinition><timeDuration>PT8H</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f2" sourceRef="review" targetRef="markDone" />
  <sequenceFlow id="f3" sourceRef="deadline" targetRef="markLate" />
  <serviceTask id="markDone" camunda:type="external" camunda:topic="setDocumentStatus">
    <extensionElements><camunda:inputOutput><camunda:inputParameter name="status">done</camunda:inputParameter></camunda:inputOutput></extensionElements>
  </serviceTask>
  <serviceTask id="markLate" camunda:type="external" camunda:topic="setDocumentStatus">
    <extensionElements><camunda:inputOutput><camunda:inputParameter name="status">late</camunda:inputParameter></camunda:inputOutput></extensionElements>
  </serviceTask>
  <sequenceFlow id="f4" sourceRef="markDone" targetRef="end" />
  <sequenceFlow id="f5" sourceRef="markLate" targetRef="end" />
  <endEvent id="end" />`);

const STRICT_GATEWAY = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" camunda:assignee="anna" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="decide" />
  <exclusiveGateway id="decide" default="toEnd" />
  <sequenceFlow id="toSign" sourceRef="decide" targetRef="sign">
    <conditionExpression xsi:type="tFormalExpression">=amount &gt; 1000</conditionExpression>
  </sequenceFlow>
  <sequenceFlow id="toEnd" sourceRef="decide" targetRef="end" />
  <userTask id="sign" camunda:assignee="boss" />
  <sequenceFlow id="f3" sourceRef="sign" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('operations', (subject) => {
  const clock = new TestClock();
  const admin = anActor('adele', ['admin']);
  const anna = anActor('anna');
  const asAdmin = () => contextFor(subject.store, admin, clock);

  /**
   * Started by the system: these tests start on a document that does not exist yet (to raise an
   * incident), which a person's start refuses (requireMayRoute).
   */
  async function start(businessKey: string) {
    const definition = await deployForTest(subject.store, REVIEW_WITH_DEADLINE);
    return startProcess(contextFor(subject.store, SYSTEM_ACTOR, clock), {
      key: definition.key,
      businessKey,
    });
  }

  /** A document whose id is `id`: registered now, as the process's business key promised. */
  async function documentWithId(id: string) {
    const register = await aRegister(subject.store);
    const document = await subject.store.documents.insert({
      registerId: register.id,
      year: 2026,
      sequence: 1,
      registrationNumber: '1/2026',
      registeredOn: '2026-03-02',
      subject: 'Iesniegums',
    });
    await subject.db.query('UPDATE documents SET id = $1 WHERE id = $2', [id, document.id]);
  }

  describe('viewing', () => {
    it('shows an instance with its variables, current activities and history, to admins only', async () => {
      const started = await start(randomUUID());

      const view = await getInstance(asAdmin(), { instanceId: started.instanceId });
      const listed = await listInstances(asAdmin(), { businessKey: started.businessKey ?? '' });

      expect(view.currentActivities.map((a) => [a.elementId, a.kind]).sort()).toEqual([
        ['deadline', 'timer'],
        ['review', 'userTask'],
      ]);
      expect(view.instance.state).toHaveProperty('definitions');
      expect(view.history.map((e) => e.type)).toEqual(
        expect.arrayContaining(['instance.started', 'activity.started', 'task.created', 'timer.scheduled']),
      );
      expect(listed.items.map((i) => i.id)).toEqual([started.instanceId]);
      await expect(
        getInstance(contextFor(subject.store, anna, clock), { instanceId: started.instanceId }),
      ).rejects.toBeInstanceOf(Forbidden);
      await expect(listInstances(contextFor(subject.store, anna, clock))).rejects.toBeInstanceOf(Forbidden);
    });

    it('lists the history with actor and time of every step, for auditors too', async () => {
      const started = await start(randomUUID());
      await documentWithId(started.businessKey ?? '');
      await completeTask(contextFor(subject.store, anna, clock), { taskId: started.tasks[0]?.id ?? '' });

      const history = await listInstanceHistory(
        contextFor(subject.store, anActor('aiga', ['auditor']), clock),
        {
          instanceId: started.instanceId,
        },
      );

      const completed = history.find((e) => e.type === 'task.completed');
      expect(completed).toMatchObject({ actorName: 'anna', at: clock.now(), elementId: 'review' });
      expect(history.map((e) => e.type)).toEqual(
        expect.arrayContaining([
          'activity.completed',
          'service.called',
          'variables.changed',
          'instance.completed',
        ]),
      );
      expect(history.filter((e) => e.type === 'task.cancelled')).toEqual([]);
    });
  });

  describe('cancelInstance', () => {
    it('cancels tasks and timers, and refuses to complete a task of the cancelled instance', async () => {
      const started = await start(randomUUID());
      const taskId = started.tasks[0]?.id ?? '';

      await expect(
        cancelInstance(contextFor(subject.store, anna, clock), {
          instanceId: started.instanceId,
          reason: 'x',
        }),
      ).rejects.toBeInstanceOf(Forbidden);
      const cancelled = await cancelInstance(asAdmin(), {
        instanceId: started.instanceId,
        reason: 'Dokuments atsaukts',
      });

      expect(cancelled).toMatchObject({ status: 'cancelled', endReason: 'Dokuments atsaukts' });
      await expect(completeTask(contextFor(subject.store, anna, clock), { taskId })).rejects.toBeInstanceOf(
        Conflict,
      );
      clock.advance(9 * HOUR);
      const pass = await runDueJobs(contextFor(subject.store, SYSTEM_ACTOR, clock), {
        now: clock.now(),
        workerId: 'w',
      });
      expect(pass.fired).toBe(0);
      expect((await subject.store.jobs.listByInstance(started.instanceId)).map((j) => j.status)).toEqual([
        'cancelled',
      ]);
      await expect(
        cancelInstance(asAdmin(), { instanceId: started.instanceId, reason: 'again' }),
      ).rejects.toBeInstanceOf(Conflict);
    });
  });

  describe('incidents', () => {
    it('turns a condition that cannot be evaluated into an incident, never into the default flow', async () => {
      const definition = await deployForTest(subject.store, STRICT_GATEWAY);
      const started = await startProcess(contextFor(subject.store, anActor('rita', ['registrar']), clock), {
        key: definition.key,
      });

      const attempt = completeTask(contextFor(subject.store, anna, clock), {
        taskId: started.tasks[0]?.id ?? '',
      });

      await expect(attempt).rejects.toBeInstanceOf(IncidentRaised);
      const view = await getInstance(asAdmin(), { instanceId: started.instanceId });
      expect(view.instance.status).toBe('failed');
      expect(view.incidents.map((i) => [i.elementId, i.status])).toEqual([['decide', 'open']]);
      expect(view.incidents[0]?.message).toMatch(/amount/);
      expect(view.currentActivities.map((a) => a.elementId)).toEqual(['review']);
      expect(view.history.map((e) => e.type)).toContain('incident.created');
    });

    it('retries a failed completion once the cause is gone, and the instance runs on', async () => {
      const started = await start(randomUUID()); // its document does not exist yet
      const taskId = started.tasks[0]?.id ?? '';
      const failed = completeTask(contextFor(subject.store, anna, clock), { taskId });
      await expect(failed).rejects.toBeInstanceOf(IncidentRaised);
      const [incident] = await subject.store.incidents.listByInstance(started.instanceId);

      await documentWithId(started.businessKey ?? '');
      const retried = await retryIncident(asAdmin(), { incidentId: incident?.id ?? '' });

      expect(retried.status).toBe('completed');
      expect((await subject.store.documents.get(started.businessKey ?? ''))?.status).toBe('done');
      expect((await subject.store.incidents.get(incident?.id ?? ''))?.status).toBe('resolved');
      expect((await subject.store.tasks.get(taskId))?.completedBy).toBe('anna');
    });

    it('turns a timer that fails into an incident and fires it again on retry', async () => {
      const started = await start(randomUUID());
      clock.advance(9 * HOUR);
      const pass = await runDueJobs(contextFor(subject.store, SYSTEM_ACTOR, clock), {
        now: clock.now(),
        workerId: 'w',
      });
      const mine = (await subject.store.jobs.listByInstance(started.instanceId))[0];
      expect(pass.incidents).toBeGreaterThanOrEqual(1);
      expect(mine?.status).toBe('failed');
      const [incident] = await subject.store.incidents.listByInstance(started.instanceId);

      await documentWithId(started.businessKey ?? '');
      await retryIncident(asAdmin(), { incidentId: incident?.id ?? '' });

      expect((await subject.store.documents.get(started.businessKey ?? ''))?.status).toBe('late');
      expect((await subject.store.jobs.listByInstance(started.instanceId)).map((j) => j.status)).toEqual([
        'fired',
      ]);
      expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('completed');
    });
  });
});
