import { expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '../../../engine/context.js';
import { Conflict, Forbidden, Invalid } from '../../../engine/errors.js';
import { MigrationBlocked, migrateInstance } from '../../../engine/workflow/operations/migrateInstance.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { correlateMessage } from '../../../engine/workflow/runtime/correlateMessage.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { runDueJobs } from '../../../engine/workflow/scheduler/runDueJobs.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, HOUR, TestClock } from '../../support/workflow.js';

/** An answer with a two-hour deadline; version 2 adds a legal check after the answer. */
const answerProcess = (
  afterAnswer: string,
  answer = '<userTask id="answer" name="Atbilde" camunda:assignee="anna" />',
) =>
  bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
  ${answer}
  <boundaryEvent id="deadline" attachedToRef="answer" cancelActivity="true">
    <timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition>
  </boundaryEvent>
  <sequenceFlow id="f3" sourceRef="deadline" targetRef="escalate" />
  <userTask id="escalate" name="Termiņš nokavēts" camunda:assignee="boss" />
  <sequenceFlow id="f4" sourceRef="escalate" targetRef="end2" />
  <endEvent id="end2" />
  ${afterAnswer}`);

const V1 = answerProcess(`
  <sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
  <endEvent id="end" />`);
const V2 = answerProcess(`
  <sequenceFlow id="f2" sourceRef="answer" targetRef="legal" />
  <userTask id="legal" name="Juridiskā pārbaude" camunda:assignee="lawyer" />
  <sequenceFlow id="f5" sourceRef="legal" targetRef="end" />
  <endEvent id="end" />`);
/** The answer is no longer a task but a waiting period. */
const V3 = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
  <intermediateCatchEvent id="answer"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('migrating running instances to a later version', (subject) => {
  const registrar = anActor('rita', ['registrar']);
  const designer = anActor('dana', ['designer']);
  const anna = anActor('anna');

  /** Starts on version 1, then deploys the later versions. */
  async function startOnFirst(clock: TestClock, later: string[]) {
    const { key } = await deployForTest(subject.store, V1, undefined, clock);
    const started = await startProcess(contextFor(subject.store, registrar, clock), {
      key,
      businessKey: 'doc',
    });
    for (const xml of later) await deployForTest(subject.store, xml, key, clock);
    return { key, instanceId: started.instanceId, task: started.tasks[0] };
  }

  const openTasks = async (instanceId: string) =>
    (await subject.store.tasks.listByInstance(instanceId, { status: 'open' })).map((t) => t.elementId).sort();

  it('moves an instance waiting at a task: the task keeps its id and assignee, the instance takes the new route', async () => {
    // given
    const clock = new TestClock();
    const { instanceId, task } = await startOnFirst(clock, [V2]);
    const jobsBefore = await subject.store.jobs.listByInstance(instanceId, { status: 'pending' });

    // when
    const migrated = await migrateInstance(contextFor(subject.store, designer, clock), {
      instanceId,
      toVersion: 2,
    });
    const completed = await completeTask(contextFor(subject.store, anna, clock), { taskId: task?.id ?? '' });

    // then
    expect(migrated).toEqual({ instanceId, fromVersion: 1, toVersion: 2 });
    expect(completed.task).toMatchObject({ id: task?.id, assignee: 'anna', status: 'completed' });
    expect(completed.openTasks.map((t) => [t.elementId, t.assignee])).toEqual([['legal', 'lawyer']]);
    const instance = await subject.store.processInstances.get(instanceId);
    expect(instance?.definitionVersion).toBe(2);
    expect(jobsBefore.map((job) => job.elementId)).toEqual(['deadline']);
    const audit = await subject.store.audit.list({ objectId: instanceId });
    expect(audit.find((event) => event.action === 'process.instance_migrated')?.details).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
    });
  });

  it('keeps the pending timer of a moved instance, which fires on the new version', async () => {
    // given
    const clock = new TestClock();
    const { instanceId } = await startOnFirst(clock, [V2]);
    const [job] = await subject.store.jobs.listByInstance(instanceId, { status: 'pending' });
    await migrateInstance(contextFor(subject.store, designer, clock), { instanceId, toVersion: 2 });

    // when
    clock.advance(3 * HOUR);
    await runDueJobs(contextFor(subject.store, SYSTEM_ACTOR, clock), { now: clock.now(), workerId: 'w' });

    // then
    expect(await subject.store.jobs.listByInstance(instanceId, { status: 'pending' })).toEqual([]);
    expect((await subject.store.jobs.get(job?.id ?? ''))?.status).toBe('fired');
    expect(await openTasks(instanceId)).toEqual(['escalate']);
  });

  it('moves an instance waiting for a message, which then arrives on the new version', async () => {
    // given
    const clock = new TestClock();
    const awaitAnswer = (after: string) =>
      bpmn(
        `<startEvent id="start" />
        <sequenceFlow id="f1" sourceRef="start" targetRef="awaitAnswer" />
        <intermediateCatchEvent id="awaitAnswer"><messageEventDefinition messageRef="MsgAnswer" /></intermediateCatchEvent>
        ${after}`,
        '<message id="MsgAnswer" name="answerReceived" />',
      );
    const { key } = await deployForTest(
      subject.store,
      awaitAnswer('<sequenceFlow id="f2" sourceRef="awaitAnswer" targetRef="end" /><endEvent id="end" />'),
      undefined,
      clock,
    );
    const started = await startProcess(contextFor(subject.store, registrar, clock), {
      key,
      businessKey: 'doc-m',
    });
    await deployForTest(
      subject.store,
      awaitAnswer(`<sequenceFlow id="f2" sourceRef="awaitAnswer" targetRef="read" />
        <userTask id="read" camunda:assignee="anna" />
        <sequenceFlow id="f3" sourceRef="read" targetRef="end" /><endEvent id="end" />`),
      key,
      clock,
    );

    // when
    await migrateInstance(contextFor(subject.store, designer, clock), {
      instanceId: started.instanceId,
      toVersion: 2,
    });
    await correlateMessage(contextFor(subject.store, registrar, clock), {
      name: 'answerReceived',
      businessKey: 'doc-m',
    });

    // then
    expect(await openTasks(started.instanceId)).toEqual(['read']);
  });

  it('refuses when what the instance waits at is missing or of another type in the target, changing nothing', async () => {
    // given
    const clock = new TestClock();
    const withoutDeadline = bpmn(`
      <startEvent id="start" />
      <sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
      <userTask id="answer" camunda:assignee="anna" />
      <sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
      <endEvent id="end" />`);
    const forEveryone = answerProcess(
      `<sequenceFlow id="f2" sourceRef="answer" targetRef="end" /><endEvent id="end" />`,
      `<userTask id="answer" camunda:assignee="anna">
        <multiInstanceLoopCharacteristics camunda:collection="=people" camunda:elementVariable="person" />
      </userTask>`,
    );
    const { instanceId } = await startOnFirst(clock, [V3, withoutDeadline, forEveryone]);
    const before = await subject.store.processInstances.get(instanceId);
    const ctx = contextFor(subject.store, designer, clock);

    // when
    const toV2 = await migrateInstance(ctx, { instanceId, toVersion: 2 }).catch((error: unknown) => error);
    const toV3 = await migrateInstance(ctx, { instanceId, toVersion: 3 }).catch((error: unknown) => error);
    const toV4 = await migrateInstance(ctx, { instanceId, toVersion: 4 }).catch((error: unknown) => error);

    // then
    expect(toV2).toBeInstanceOf(MigrationBlocked);
    expect((toV2 as MigrationBlocked).problems).toEqual([
      {
        elementId: 'answer',
        message:
          'The instance waits at the user task answer "Atbilde", which is a bpmn:IntermediateCatchEvent in version 2, not a bpmn:UserTask.',
      },
      {
        elementId: 'deadline',
        message: 'The instance waits at the timer deadline, which version 2 does not have.',
      },
    ]);
    expect((toV3 as MigrationBlocked).problems.map((p) => p.elementId)).toEqual(['deadline']);
    expect((toV4 as MigrationBlocked).problems).toEqual([
      {
        elementId: 'answer',
        message:
          'The instance waits at the user task answer "Atbilde", which is multi-instance in version 4.',
      },
    ]);
    const after = await subject.store.processInstances.get(instanceId);
    expect(after?.versionNo).toBe(before?.versionNo);
    expect(after?.definitionVersion).toBe(1);
  });

  it('moves only to a later version, only running instances, and only for designers or administrators', async () => {
    // given
    const clock = new TestClock();
    const { instanceId, task } = await startOnFirst(clock, [V2]);
    const ctx = contextFor(subject.store, designer, clock);

    // when
    const sameVersion = await migrateInstance(ctx, { instanceId, toVersion: 1 }).catch(
      (error: unknown) => error,
    );
    const byExecutor = await migrateInstance(contextFor(subject.store, anna, clock), {
      instanceId,
      toVersion: 2,
    }).catch((error: unknown) => error);
    await completeTask(contextFor(subject.store, anna, clock), { taskId: task?.id ?? '' });
    const completed = await migrateInstance(ctx, { instanceId, toVersion: 2 }).catch(
      (error: unknown) => error,
    );

    // then
    expect(sameVersion).toBeInstanceOf(Invalid);
    expect(byExecutor).toBeInstanceOf(Forbidden);
    expect(completed).toBeInstanceOf(Conflict);
  });
});
