import { describe, expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '../../../engine/context.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { runDueJobs } from '../../../engine/workflow/scheduler/runDueJobs.js';
import { scheduleTimerStarts } from '../../../engine/workflow/scheduler/timerStarts.js';
import { type LoopTimers, startScheduler } from '../../../engine/workflow/scheduler/startScheduler.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, DAY, deployForTest, HOUR, TestClock } from '../../support/workflow.js';

const boundaryTimer = (value: string, cancelActivity: boolean, kind = 'timeDuration') =>
  bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
  <userTask id="answer" name="Sagatavot atbildi" camunda:assignee="anna" />
  <boundaryEvent id="deadline" attachedToRef="answer" cancelActivity="${cancelActivity}">
    <timerEventDefinition><${kind}>${value}</${kind}></timerEventDefinition>
  </boundaryEvent>
  <sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
  <sequenceFlow id="f3" sourceRef="deadline" targetRef="escalate" />
  <userTask id="escalate" name="Termiņš nokavēts" camunda:assignee="boss" />
  <sequenceFlow id="f4" sourceRef="escalate" targetRef="end2" />
  <endEvent id="end" />
  <endEvent id="end2" />`);

const INTERMEDIATE_TIMER = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="cooling" />
  <intermediateCatchEvent id="cooling"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
  <sequenceFlow id="f2" sourceRef="cooling" targetRef="decide" />
  <userTask id="decide" camunda:assignee="anna" />
  <sequenceFlow id="f3" sourceRef="decide" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('timers', (subject) => {
  const registrar = anActor('rita', ['registrar']);

  async function start(xml: string, clock: TestClock) {
    const definition = await deployForTest(subject.store, xml);
    return startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      businessKey: 'doc',
    });
  }

  const pass = (clock: TestClock, workerId = 'worker-1') =>
    runDueJobs(contextFor(subject.store, SYSTEM_ACTOR, clock), { now: clock.now(), workerId });

  const openTasks = async (instanceId: string) =>
    (await subject.store.tasks.listByInstance(instanceId, { status: 'open' })).map((t) => t.elementId).sort();

  describe('boundary timers on user tasks', () => {
    it('stores an interrupting timer as a job that fires once when due and cancels the task', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('P2D', true), clock);
      const [job] = await subject.store.jobs.listByInstance(started.instanceId);
      expect(job).toMatchObject({
        elementId: 'deadline',
        status: 'pending',
        dueAt: new Date(clock.now().getTime() + 2 * DAY),
      });

      clock.advance(DAY);
      const early = await pass(clock);
      clock.advance(DAY);
      const due = await pass(clock);
      const again = await pass(clock);

      expect(early.fired + due.fired + again.fired).toBe(1);
      expect(due.fired).toBe(1);
      expect(await openTasks(started.instanceId)).toEqual(['escalate']);
      const [answer] = await subject.store.tasks.listByInstance(started.instanceId, { status: 'cancelled' });
      expect(answer?.elementId).toBe('answer');
      const history = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(history.filter((e) => e.type === 'timer.fired').map((e) => e.elementId)).toEqual(['deadline']);
      expect((await subject.store.jobs.listByInstance(started.instanceId)).map((j) => j.status)).toEqual([
        'fired',
      ]);
    });

    it('fires a non-interrupting timer of 40 days (beyond what setTimeout can arm) and keeps the task', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('P40D', false), clock);

      clock.advance(39 * DAY);
      expect((await pass(clock)).fired).toBe(0);
      clock.advance(DAY);
      expect((await pass(clock)).fired).toBe(1);

      expect(await openTasks(started.instanceId)).toEqual(['answer', 'escalate']);
      const answer = (await subject.store.tasks.listByInstance(started.instanceId)).find(
        (t) => t.elementId === 'answer',
      );
      const done = await completeTask(contextFor(subject.store, anActor('anna'), clock), {
        taskId: answer?.id ?? '',
      });
      expect(done.openTasks.map((t) => t.elementId)).toEqual(['escalate']);
    });

    it('cancels the job when the task is completed in time', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('P2D', true), clock);

      await completeTask(contextFor(subject.store, anActor('anna'), clock), {
        taskId: started.tasks[0]?.id ?? '',
      });
      clock.advance(3 * DAY);

      expect((await pass(clock)).claimed).toBe(0);
      expect((await subject.store.jobs.listByInstance(started.instanceId)).map((j) => j.status)).toEqual([
        'cancelled',
      ]);
      expect((await subject.store.processInstances.get(started.instanceId))?.status).toBe('completed');
    });
  });

  describe('timer cycles', () => {
    it('fires a repeating boundary timer once per repetition, each as a job of its own', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('R3/PT1H', false, 'timeCycle'), clock);

      for (let hour = 1; hour <= 4; hour += 1) {
        clock.advance(HOUR);
        await pass(clock);
      }

      const history = await subject.store.processHistory.listByInstance(started.instanceId);
      expect(history.filter((e) => e.type === 'timer.fired')).toHaveLength(3);
      const jobs = await subject.store.jobs.listByInstance(started.instanceId);
      expect(jobs.map((j) => j.status)).toEqual(['fired', 'fired', 'fired']);
      expect(await openTasks(started.instanceId)).toContain('answer');
    });
  });

  describe('intermediate timer events', () => {
    it('waits for the timer, then continues to the next task', async () => {
      const clock = new TestClock();
      const started = await start(INTERMEDIATE_TIMER, clock);
      expect(started.tasks).toEqual([]);

      clock.advance(HOUR);
      await pass(clock);

      expect(await openTasks(started.instanceId)).toEqual(['decide']);
    });
  });

  describe('the scheduler', () => {
    it('fires a timer that fell due while no server ran, once, at start-up', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('PT4H', true), clock);
      clock.advance(3 * DAY); // the server was down
      const captured: Array<() => void> = [];
      const timers: LoopTimers = {
        setTimeout: (callback) => captured.push(callback),
        clearTimeout: () => undefined,
      };
      const reports: number[] = [];

      const scheduler = startScheduler({
        ctx: contextFor(subject.store, SYSTEM_ACTOR, clock),
        timers,
        workerId: 'restarted',
        onPass: (report) => reports.push(report.fired),
      });
      await scheduler.runOnce();
      captured.shift()?.();
      await scheduler.stop();

      expect(reports.reduce((a, b) => a + b, 0)).toBe(1);
      expect(reports[0]).toBe(1);
      expect(await openTasks(started.instanceId)).toEqual(['escalate']);
    });

    it('fires a due timer once with two schedulers passing at the same time', async () => {
      const clock = new TestClock();
      const starts = await Promise.all([1, 2, 3].map(() => start(boundaryTimer('PT1H', true), clock)));
      clock.advance(2 * HOUR);

      const [a, b] = await Promise.all([pass(clock, 'server-a'), pass(clock, 'server-b')]);

      for (const started of starts) {
        const history = await subject.store.processHistory.listByInstance(started.instanceId);
        expect(history.filter((e) => e.type === 'timer.fired')).toHaveLength(1);
        expect(await openTasks(started.instanceId)).toEqual(['escalate']);
      }
      expect((a?.fired ?? 0) + (b?.fired ?? 0)).toBeGreaterThanOrEqual(3);
    });

    it('retakes the job of a worker that crashed after claiming it, once its lease ran out', async () => {
      const clock = new TestClock();
      const started = await start(boundaryTimer('PT1H', true), clock);
      clock.advance(2 * HOUR);
      const crashed = await subject.store.jobs.claimDue({
        now: clock.now(),
        limit: 100,
        workerId: 'crashed',
        leaseMs: 60_000,
      });
      expect(crashed.some((job) => job.instanceId === started.instanceId)).toBe(true);

      const whileLeased = await pass(clock);
      clock.advance(2 * 60_000);
      const afterLease = await pass(clock);

      expect(whileLeased.fired).toBe(0);
      expect(afterLease.fired).toBe(1);
      expect(await openTasks(started.instanceId)).toEqual(['escalate']);
    });
  });
});

const DAILY_REPORT = bpmn(`
  <startEvent id="everyMorning">
    <timerEventDefinition><timeCycle>R/2026-03-02T09:00:00Z/P1D</timeCycle></timerEventDefinition>
  </startEvent>
  <sequenceFlow id="f1" sourceRef="everyMorning" targetRef="review" />
  <userTask id="review" camunda:candidateGroups="registrar" />
  <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('timer start events', (subject) => {
  it('starts one instance per occurrence, also with two schedulers, and schedules the next one', async () => {
    const clock = new TestClock('2026-03-02T08:00:00.000Z');
    const system = contextFor(subject.store, SYSTEM_ACTOR, clock);
    // Deployment schedules the first occurrence; scheduling again (a restart) adds nothing.
    const definition = await deployForTest(subject.store, DAILY_REPORT, undefined, clock);
    const instancesOf = async () =>
      (await subject.store.processInstances.list({ processKey: definition.key })).items;

    const first = await scheduleTimerStarts(system, { key: definition.key });
    const again = await scheduleTimerStarts(system, { key: definition.key });
    clock.set('2026-03-02T09:00:01.000Z');
    await Promise.all([
      runDueJobs(system, { now: clock.now(), workerId: 'a' }),
      runDueJobs(system, { now: clock.now(), workerId: 'b' }),
    ]);

    expect([first.scheduled, again.scheduled]).toEqual([0, 0]);
    const started = await instancesOf();
    expect(started).toHaveLength(1);
    const tasks = await subject.store.tasks.listByInstance(started[0]?.id ?? '');
    expect(tasks.map((t) => t.elementId)).toEqual(['review']);
    const next = await subject.store.jobs.listStarts(definition.id, 'everyMorning');
    expect(next.map((j) => [j.status, j.dueAt.toISOString()])).toEqual([
      ['fired', '2026-03-02T09:00:00.000Z'],
      ['pending', '2026-03-03T09:00:00.000Z'],
    ]);

    clock.set('2026-03-03T12:00:00.000Z');
    await runDueJobs(system, { now: clock.now(), workerId: 'a' });
    expect(await instancesOf()).toHaveLength(2);
  });

  it('moves the schedule to a new version of the process', async () => {
    const clock = new TestClock('2026-03-02T08:00:00.000Z');
    const system = contextFor(subject.store, SYSTEM_ACTOR, clock);
    const first = await deployForTest(subject.store, DAILY_REPORT, 'dailyReport');
    await scheduleTimerStarts(system, { key: 'dailyReport' });

    const second = await deployForTest(subject.store, DAILY_REPORT.replace('P1D', 'P7D'), 'dailyReport');
    await scheduleTimerStarts(system, { key: 'dailyReport' });

    expect((await subject.store.jobs.listStarts(first.id, 'everyMorning')).map((j) => j.status)).toEqual([
      'cancelled',
    ]);
    expect((await subject.store.jobs.listStarts(second.id, 'everyMorning')).map((j) => j.status)).toEqual([
      'pending',
    ]);
  });
});
