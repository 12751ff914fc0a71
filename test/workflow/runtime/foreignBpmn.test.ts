/**
 * BPMN files from other modelers run as drawn, and no diagram can stall the server: a definitions
 * element without an id recovers, a loop that never waits is stopped within the step budget while
 * the event loop keeps serving, and a terminate end event ends every open task and timer of its scope.
 */
import { describe, expect, it } from '@jest/globals';
import { Conflict } from '../../../engine/errors.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { forgetHotSession } from '../../../engine/workflow/runtime/hotSessions.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, TestClock } from '../../support/workflow.js';

const WITHOUT_DEFINITIONS_ID = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  targetNamespace="https://other-modeler.example">
  <process id="__KEY__" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <userTask id="first" camunda:assignee="anna" />
    <sequenceFlow id="f2" sourceRef="first" targetRef="second" />
    <userTask id="second" camunda:assignee="anna" />
    <sequenceFlow id="f3" sourceRef="second" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const ENDLESS_LOOP = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="again" />
  <task id="again" name="Check again" />
  <sequenceFlow id="f2" sourceRef="again" targetRef="more" />
  <exclusiveGateway id="more" default="f4" />
  <sequenceFlow id="f3" sourceRef="more" targetRef="again"><conditionExpression>=true</conditionExpression></sequenceFlow>
  <sequenceFlow id="f4" sourceRef="more" targetRef="end" />
  <endEvent id="end" />`);

const LOOP_AFTER_TASK = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f0" sourceRef="start" targetRef="review" />
  <userTask id="review" camunda:assignee="anna" />
  <sequenceFlow id="f1" sourceRef="review" targetRef="again" />
  <task id="again" name="Check again" />
  <sequenceFlow id="f2" sourceRef="again" targetRef="more" />
  <exclusiveGateway id="more" default="f4" />
  <sequenceFlow id="f3" sourceRef="more" targetRef="again"><conditionExpression>=true</conditionExpression></sequenceFlow>
  <sequenceFlow id="f4" sourceRef="more" targetRef="end" />
  <endEvent id="end" />`);

/** A short loop that ends by itself: under the budget, it runs to its end. */
const COUNTED_LOOP = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="count" />
  <serviceTask id="count" camunda:type="external" camunda:topic="appendHistory">
    <extensionElements><camunda:inputOutput><camunda:inputParameter name="text">round</camunda:inputParameter></camunda:inputOutput></extensionElements>
  </serviceTask>
  <sequenceFlow id="f2" sourceRef="count" targetRef="more" />
  <exclusiveGateway id="more" default="f4" />
  <sequenceFlow id="f3" sourceRef="more" targetRef="count"><conditionExpression>=false</conditionExpression></sequenceFlow>
  <sequenceFlow id="f4" sourceRef="more" targetRef="review" />
  <userTask id="review" camunda:assignee="anna" />
  <sequenceFlow id="f5" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

const TERMINATE = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="split" />
  <parallelGateway id="split" />
  <sequenceFlow id="f2" sourceRef="split" targetRef="decide" />
  <sequenceFlow id="f3" sourceRef="split" targetRef="draft" />
  <userTask id="decide" camunda:assignee="anna" />
  <userTask id="draft" camunda:assignee="boris" />
  <boundaryEvent id="remind" attachedToRef="draft" cancelActivity="false"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f4" sourceRef="remind" targetRef="remindEnd" />
  <endEvent id="remindEnd" />
  <sequenceFlow id="f5" sourceRef="decide" targetRef="stopAll" />
  <endEvent id="stopAll"><terminateEventDefinition /></endEvent>
  <sequenceFlow id="f6" sourceRef="draft" targetRef="end" />
  <endEvent id="end" />`);

const TERMINATE_IN_SUBPROCESS = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f0" sourceRef="start" targetRef="work" />
  <subProcess id="work">
    <startEvent id="workStart" />
    <sequenceFlow id="s1" sourceRef="workStart" targetRef="split" />
    <parallelGateway id="split" />
    <sequenceFlow id="s2" sourceRef="split" targetRef="decide" />
    <sequenceFlow id="s3" sourceRef="split" targetRef="draft" />
    <userTask id="decide" camunda:assignee="anna" />
    <userTask id="draft" camunda:assignee="boris" />
    <sequenceFlow id="s4" sourceRef="decide" targetRef="stopWork" />
    <endEvent id="stopWork"><terminateEventDefinition /></endEvent>
    <sequenceFlow id="s5" sourceRef="draft" targetRef="workEnd" />
    <endEvent id="workEnd" />
  </subProcess>
  <sequenceFlow id="f1" sourceRef="work" targetRef="archive" />
  <userTask id="archive" camunda:assignee="anna" />
  <sequenceFlow id="f2" sourceRef="archive" targetRef="end" />
  <endEvent id="end" />`);

const INITIATOR = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="x">
  <process id="__KEY__" isExecutable="true">
    <startEvent id="start" camunda:initiator="starter" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="back" />
    <userTask id="back" camunda:assignee="\${starter}" />
    <sequenceFlow id="f2" sourceRef="back" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

async function failureOf(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describeEachStore('foreign BPMN at run time', (subject) => {
  const clock = new TestClock();
  const registrar = anActor('rita', ['registrar']);
  const as = (username: string) => contextFor(subject.store, anActor(username), clock);

  async function start(xml: string, variables: Record<string, string> = {}) {
    const definition = await deployForTest(subject.store, xml);
    return startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      businessKey: 'doc',
      variables,
    });
  }

  it('runs and recovers a process whose <definitions> has no id', async () => {
    const started = await start(WITHOUT_DEFINITIONS_ID);
    // Recovered from the stored state, as after a restart: the engine kept in memory is dropped.
    forgetHotSession(started.instanceId);

    const first = await completeTask(as('anna'), { taskId: started.tasks[0]?.id ?? '' });
    expect(first.openTasks.map((task) => task.elementId)).toEqual(['second']);
    forgetHotSession(started.instanceId);
    const second = await completeTask(as('anna'), { taskId: first.openTasks[0]?.id ?? '' });

    expect(second.instanceStatus).toBe('completed');
  });

  describe('the step budget', () => {
    it('refuses a start that loops without waiting, naming the loop, while the event loop keeps serving', async () => {
      // Warm: the first engine run of a test file loads modules.
      await start(COUNTED_LOOP);
      let last = performance.now();
      const gaps: number[] = [];
      const ticker = setInterval(() => {
        const now = performance.now();
        gaps.push(now - last);
        last = now;
      }, 10);

      const error = await failureOf(start(ENDLESS_LOOP));
      clearInterval(ticker);

      expect(error).toBeInstanceOf(Conflict);
      expect(error.message).toMatch(
        // Whichever budget is spent first names the loop: the activity count, or on a machine so
        // loaded that 300 activities take longer than that, the time.
        /failed while starting at again: The process (entered more than \d+ activities|ran longer than \d+ s in one step)/,
      );
      expect(error.message).toContain('again "Check again"');
      expect(error.message).not.toMatch(/call stack/i);
      gaps.sort((a, b) => a - b);
      const p99 = gaps[Math.floor(gaps.length * 0.99)] ?? 0;
      const worst = gaps.at(-1) ?? 0;
      // Reported for the record (issue 12 asks for a health p99 under 100 ms); asserted tolerantly.
      // eslint-disable-next-line no-console -- the measured figure is the report issue 12 asks for
      console.log(
        `event loop during a looping start: ${gaps.length} ticks, p50 ${Math.round(gaps[Math.floor(gaps.length / 2)] ?? 0)} ms, p99 ${Math.round(p99)} ms, worst ${Math.round(worst)} ms`,
      );
      expect(gaps.length).toBeGreaterThan(5);
      expect(worst).toBeLessThan(2000);
    });

    it('raises an incident naming the loop when a later step loops without waiting', async () => {
      const started = await start(LOOP_AFTER_TASK);

      const error = await failureOf(completeTask(as('anna'), { taskId: started.tasks[0]?.id ?? '' }));

      expect(error.name).toBe('IncidentRaised');
      expect(error.message).toMatch(/failed at again: The process (entered more than|ran longer than)/);
      const instance = await subject.store.processInstances.get(started.instanceId);
      expect(instance?.status).toBe('failed');
    });

    it('lets a loop that ends by itself run', async () => {
      const started = await start(COUNTED_LOOP);
      expect(started.tasks.map((task) => task.elementId)).toEqual(['review']);
    });
  });

  describe('a terminate end event', () => {
    it('ends the instance with every open task and timer', async () => {
      const started = await start(TERMINATE);
      const draft = started.tasks.find((task) => task.elementId === 'draft');
      const jobsBefore = await subject.store.jobs.listByInstance(started.instanceId);
      expect(jobsBefore.filter((job) => job.status === 'pending')).toHaveLength(1);

      const decided = await completeTask(as('anna'), {
        taskId: started.tasks.find((task) => task.elementId === 'decide')?.id ?? '',
      });

      expect(decided.instanceStatus).toBe('completed');
      expect(decided.openTasks).toEqual([]);
      expect((await subject.store.tasks.get(draft?.id ?? ''))?.status).toBe('cancelled');
      const jobs = await subject.store.jobs.listByInstance(started.instanceId);
      expect(jobs.filter((job) => job.status === 'pending')).toEqual([]);
    });

    it('inside a sub-process ends that sub-process’s tasks and goes on after it', async () => {
      const started = await start(TERMINATE_IN_SUBPROCESS);
      expect(started.tasks.map((task) => task.elementId).sort()).toEqual(['decide', 'draft']);

      const decided = await completeTask(as('anna'), {
        taskId: started.tasks.find((task) => task.elementId === 'decide')?.id ?? '',
      });

      expect(decided.openTasks.map((task) => task.elementId)).toEqual(['archive']);
      const draft = started.tasks.find((task) => task.elementId === 'draft');
      expect((await subject.store.tasks.get(draft?.id ?? ''))?.status).toBe('cancelled');
    });
  });

  it('puts the starter’s username into the variable camunda:initiator names', async () => {
    const started = await start(INITIATOR);

    expect(started.tasks.map((task) => task.assignee)).toEqual(['rita']);
    const instance = await subject.store.processInstances.get(started.instanceId);
    expect(instance?.variables).toEqual(expect.objectContaining({ starter: 'rita' }));
  });
});
