import { describe, expect, it } from '@jest/globals';
import { NotFound } from '../../../engine/errors.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { correlateMessage } from '../../../engine/workflow/runtime/correlateMessage.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { IncidentRaised } from '../../../engine/workflow/runtime/stepErrors.js';
import { aRegister } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import {
  anActor,
  bpmn,
  contextFor,
  deployForTest,
  storeUncheckedForTest,
  TestClock,
} from '../../support/workflow.js';

const RESOLUTION = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="execute" />
  <userTask id="execute" name="Izpildīt rezolūciju" camunda:assignee="=executor">
    <multiInstanceLoopCharacteristics camunda:collection="=executors" camunda:elementVariable="executor">
      <completionCondition xsi:type="tFormalExpression">=content.output.result = "done for all"</completionCondition>
    </multiInstanceLoopCharacteristics>
  </userTask>
  <sequenceFlow id="f2" sourceRef="execute" targetRef="control" />
  <userTask id="control" camunda:assignee="=controller" />
  <sequenceFlow id="f3" sourceRef="control" targetRef="end" />
  <endEvent id="end" />`);

const MESSAGES = bpmn(
  `
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="send" />
  <userTask id="send" camunda:assignee="anna" />
  <boundaryEvent id="withdrawn" attachedToRef="send"><messageEventDefinition messageRef="MsgWithdrawn" /></boundaryEvent>
  <sequenceFlow id="f2" sourceRef="send" targetRef="awaitAnswer" />
  <sequenceFlow id="f3" sourceRef="withdrawn" targetRef="closed" />
  <endEvent id="closed" />
  <intermediateCatchEvent id="awaitAnswer"><messageEventDefinition messageRef="MsgAnswer" /></intermediateCatchEvent>
  <sequenceFlow id="f4" sourceRef="awaitAnswer" targetRef="read" />
  <userTask id="read" camunda:assignee="=reader" />
  <sequenceFlow id="f5" sourceRef="read" targetRef="end" />
  <endEvent id="end" />`,
  `<message id="MsgAnswer" name="answerReceived" /><message id="MsgWithdrawn" name="applicationWithdrawn" />`,
);

const SERVICES = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="markInReview" />
  <serviceTask id="markInReview" camunda:type="external" camunda:topic="setDocumentStatus">
    <extensionElements><camunda:inputOutput><camunda:inputParameter name="status">in_review</camunda:inputParameter></camunda:inputOutput></extensionElements>
  </serviceTask>
  <sequenceFlow id="f2" sourceRef="markInReview" targetRef="tell" />
  <serviceTask id="tell" camunda:type="external" camunda:topic="notify">
    <extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="to">=reviewer</camunda:inputParameter>
      <camunda:inputParameter name="subject">Jauns dokuments</camunda:inputParameter>
    </camunda:inputOutput></extensionElements>
  </serviceTask>
  <sequenceFlow id="f3" sourceRef="tell" targetRef="note" />
  <serviceTask id="note" camunda:type="external" camunda:topic="appendHistory">
    <extensionElements><camunda:inputOutput><camunda:inputParameter name="text">Nodots izskatīšanai</camunda:inputParameter></camunda:inputOutput></extensionElements>
  </serviceTask>
  <sequenceFlow id="f4" sourceRef="note" targetRef="review" />
  <userTask id="review" camunda:assignee="=reviewer" />
  <sequenceFlow id="f5" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

const UNKNOWN_SERVICE = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <userTask id="review" camunda:assignee="anna" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="fax" />
  <serviceTask id="fax" camunda:type="external" camunda:topic="sendFax" />
  <sequenceFlow id="f3" sourceRef="fax" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('flow elements', (subject) => {
  const clock = new TestClock();
  const registrar = anActor('rita', ['registrar']);
  const as = (username: string) => contextFor(subject.store, anActor(username), clock);

  async function start(
    xml: string,
    variables: Record<string, string | string[]>,
    businessKey = 'doc',
    deploy: (store: typeof subject.store, xml: string) => Promise<{ key: string }> = deployForTest,
  ) {
    const definition = await deploy(subject.store, xml);
    return startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      businessKey,
      variables,
    });
  }

  describe('parallel multi-instance user tasks', () => {
    it('creates one task per executor, each with its own assignee, and goes on when all are done', async () => {
      const started = await start(RESOLUTION, {
        executors: ['ilze', 'janis', 'karina'],
        controller: 'kontrolieris',
      });
      expect(started.tasks.map((t) => [t.assignee, t.loopItem])).toEqual([
        ['ilze', { executor: 'ilze' }],
        ['janis', { executor: 'janis' }],
        ['karina', { executor: 'karina' }],
      ]);

      for (const task of started.tasks.slice(0, 2)) {
        const done = await completeTask(as(task.assignee ?? ''), {
          taskId: task.id,
          output: { result: 'ok' },
        });
        expect(done.openTasks.some((t) => t.elementId === 'control')).toBe(false);
      }
      const last = await completeTask(as('karina'), {
        taskId: started.tasks[2]?.id ?? '',
        output: { result: 'ok' },
      });

      expect(last.openTasks.map((t) => [t.elementId, t.assignee])).toEqual([['control', 'kontrolieris']]);
    });

    it('ends the remaining iterations when the completion condition holds', async () => {
      const started = await start(RESOLUTION, { executors: ['ilze', 'janis'], controller: 'kontrolieris' });

      const done = await completeTask(as('ilze'), {
        taskId: started.tasks[0]?.id ?? '',
        output: { result: 'done for all' },
      });

      expect(done.openTasks.map((t) => t.elementId)).toEqual(['control']);
      const janis = await subject.store.tasks.get(started.tasks[1]?.id ?? '');
      expect(janis?.status).toBe('cancelled');
    });
  });

  describe('messages', () => {
    it('correlates an intermediate message by name and business key, with its variables', async () => {
      const started = await start(MESSAGES, {}, 'doc-answer');
      await completeTask(as('anna'), { taskId: started.tasks[0]?.id ?? '' });

      const correlated = await correlateMessage(contextFor(subject.store, registrar, clock), {
        name: 'answerReceived',
        businessKey: 'doc-answer',
        variables: { reader: 'rudolfs' },
      });

      expect(correlated.instanceIds).toEqual([started.instanceId]);
      const tasks = await subject.store.tasks.listByInstance(started.instanceId, { status: 'open' });
      expect(tasks.map((t) => [t.elementId, t.assignee])).toEqual([['read', 'rudolfs']]);
      const history = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(history.filter((e) => e.type === 'message.correlated').map((e) => e.elementId)).toEqual([
        'awaitAnswer',
      ]);
    });

    it('interrupts a task with a boundary message', async () => {
      const started = await start(MESSAGES, {}, 'doc-withdrawn');

      await correlateMessage(contextFor(subject.store, registrar, clock), {
        name: 'applicationWithdrawn',
        businessKey: 'doc-withdrawn',
      });

      expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('completed');
      expect((await subject.store.tasks.get(started.tasks[0]?.id ?? ''))?.status).toBe('cancelled');
    });

    it('answers NotFound when nothing waits for the message', async () => {
      await start(MESSAGES, {}, 'doc-early');

      const early = correlateMessage(contextFor(subject.store, registrar, clock), {
        name: 'answerReceived',
        businessKey: 'doc-early',
      });
      await expect(early).rejects.toBeInstanceOf(NotFound);
      const wrongKey = correlateMessage(contextFor(subject.store, registrar, clock), {
        name: 'applicationWithdrawn',
        businessKey: 'no-such-doc',
      });
      await expect(wrongKey).rejects.toBeInstanceOf(NotFound);
    });
  });

  describe('service tasks', () => {
    it('runs the built-in services with the use-case context', async () => {
      const register = await aRegister(subject.store);
      const document = await subject.store.documents.insert({
        registerId: register.id,
        year: 2026,
        sequence: 1,
        registrationNumber: '1/2026',
        registeredOn: '2026-03-02',
        subject: 'Iesniegums',
      });

      const started = await start(SERVICES, { reviewer: 'anna' }, document.id);

      expect(started.tasks.map((t) => t.assignee)).toEqual(['anna']);
      expect((await subject.store.documents.get(document.id))?.status).toBe('in_review');
      const history = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(history.filter((e) => e.type === 'notification.recorded').map((e) => e.details)).toEqual([
        { to: 'anna', subject: 'Jauns dokuments', body: null },
      ]);
      expect(history.filter((e) => e.type === 'history.appended').map((e) => e.details)).toEqual([
        { text: 'Nodots izskatīšanai' },
      ]);
      const audit = await subject.store.audit.list({ objectType: 'document', objectId: document.id });
      expect(audit.map((e) => e.action)).toContain('document.status_set');
    });

    it('turns an unknown service into an incident and keeps the task open', async () => {
      // Deployment refuses unknown services; a definition stored before a service was removed still has one.
      const started = await start(UNKNOWN_SERVICE, {}, 'doc', storeUncheckedForTest);
      const taskId = started.tasks[0]?.id ?? '';

      const attempt = completeTask(as('anna'), { taskId });

      await expect(attempt).rejects.toBeInstanceOf(IncidentRaised);
      const instance = await subject.store.processInstances.get(started.instanceId);
      expect(instance?.status).toBe('failed');
      expect((await subject.store.tasks.get(taskId))?.status).toBe('open');
      const [incident] = await subject.store.incidents.listByInstance(started.instanceId);
      expect(incident).toMatchObject({
        elementId: 'fax',
        status: 'open',
        command: { kind: 'completeTask', taskId },
      });
      expect(incident?.message).toMatch(/unknown service "sendFax"/);
    });
  });
});
