/**
 * Issue 3, "done when": a process with user tasks, an exclusive gateway with a FEEL condition, a
 * parallel gateway, a multi-instance task, a boundary timer and a message event runs from start to
 * end through completeTask — once with every step taken by a new engine recovered from the stored
 * state (hot sessions off: a restart between any two steps), once with engines kept hot.
 */
import { expect, it } from '@jest/globals';
import { SYSTEM_ACTOR } from '../../engine/context.js';
import type { Store } from '../../engine/store/ports.js';
import { openPgPoolDb } from '../../engine/store/postgres/pgPoolDb.js';
import { postgresStore } from '../../engine/store/postgres/postgresStore.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { correlateMessage } from '../../engine/workflow/runtime/correlateMessage.js';
import { configureHotSessions } from '../../engine/workflow/runtime/hotSessions.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import { runDueJobs } from '../../engine/workflow/scheduler/runDueJobs.js';
import { type LoopTimers, startScheduler } from '../../engine/workflow/scheduler/startScheduler.js';
import { describeEachStore, postgresUrl } from '../support/testStores.js';
import { anActor, bpmn, contextFor, DAY, deployForTest, HOUR, TestClock } from '../support/workflow.js';

const COMPLAINT = bpmn(
  `
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="register" />
  <userTask id="register" name="Reģistrēt" camunda:assignee="=registrar" />
  <sequenceFlow id="f2" sourceRef="register" targetRef="isComplaint" />
  <exclusiveGateway id="isComplaint" default="toSimple" />
  <sequenceFlow id="toFork" sourceRef="isComplaint" targetRef="fork">
    <conditionExpression xsi:type="tFormalExpression">=kind = "complaint" and count(executors) &gt; 0</conditionExpression>
  </sequenceFlow>
  <sequenceFlow id="toSimple" sourceRef="isComplaint" targetRef="simpleReply" />
  <userTask id="simpleReply" camunda:assignee="=registrar" />
  <sequenceFlow id="f3" sourceRef="simpleReply" targetRef="endSimple" />
  <endEvent id="endSimple" />
  <parallelGateway id="fork" />
  <sequenceFlow id="f4" sourceRef="fork" targetRef="execute" />
  <sequenceFlow id="f5" sourceRef="fork" targetRef="prepare" />
  <userTask id="execute" name="Izpildīt" camunda:assignee="=executor" camunda:dueDate="P10D">
    <multiInstanceLoopCharacteristics camunda:collection="=executors" camunda:elementVariable="executor" />
  </userTask>
  <boundaryEvent id="reminder" attachedToRef="execute" cancelActivity="false">
    <timerEventDefinition><timeDuration>P7D</timeDuration></timerEventDefinition>
  </boundaryEvent>
  <sequenceFlow id="f6" sourceRef="reminder" targetRef="remind" />
  <userTask id="remind" name="Atgādināt izpildītājiem" camunda:assignee="=controller" />
  <sequenceFlow id="f7" sourceRef="remind" targetRef="endRemind" />
  <endEvent id="endRemind" />
  <userTask id="prepare" name="Sagatavot atbildi" camunda:candidateGroups="head" />
  <sequenceFlow id="f8" sourceRef="prepare" targetRef="awaitAnswer" />
  <intermediateCatchEvent id="awaitAnswer"><messageEventDefinition messageRef="MsgAnswer" /></intermediateCatchEvent>
  <sequenceFlow id="f9" sourceRef="execute" targetRef="join" />
  <sequenceFlow id="f10" sourceRef="awaitAnswer" targetRef="join" />
  <parallelGateway id="join" />
  <sequenceFlow id="f11" sourceRef="join" targetRef="control" />
  <userTask id="control" name="Kontrole" camunda:assignee="=controller" />
  <sequenceFlow id="f12" sourceRef="control" targetRef="end" />
  <endEvent id="end" />`,
  '<message id="MsgAnswer" name="answerReceived" />',
);

const TIMEOUT = bpmn(`
  <startEvent id="start" />
  <sequenceFlow id="f1" sourceRef="start" targetRef="answer" />
  <userTask id="answer" camunda:assignee="anna" />
  <boundaryEvent id="deadline" attachedToRef="answer"><timerEventDefinition><timeDuration>P30D</timeDuration></timerEventDefinition></boundaryEvent>
  <sequenceFlow id="f2" sourceRef="answer" targetRef="end" />
  <sequenceFlow id="f3" sourceRef="deadline" targetRef="escalate" />
  <userTask id="escalate" camunda:assignee="boss" />
  <sequenceFlow id="f4" sourceRef="escalate" targetRef="end" />
  <endEvent id="end" />`);

describeEachStore('durable execution', (subject) => {
  /** A second store (pool) on the test's PostgreSQL schema; PGlite has a single connection. */
  async function secondStoreOnSameDatabase(): Promise<{ store: Store } | null> {
    const url = postgresUrl();
    if (subject.adapter !== 'postgres' || !url) return null;
    const [row] = await subject.db.query<{ schema: string }>('SELECT current_schema() AS schema');
    const db = await openPgPoolDb({ url, schema: row?.schema ?? 'public', poolSize: 4 });
    return { store: postgresStore(db) };
  }

  const registrar = anActor('rita', ['registrar']);

  async function runComplaint(): Promise<void> {
    const clock = new TestClock();
    const ctx = (username: string, roles: Parameters<typeof anActor>[1] = ['executor']) =>
      contextFor(subject.store, anActor(username, roles), clock);
    const open = async (instanceId: string) =>
      (await subject.store.tasks.listByInstance(instanceId, { status: 'open' }))
        .map((t) => `${t.elementId}:${t.assignee ?? t.candidateGroups.join('|')}`)
        .sort();
    const taskOf = async (instanceId: string, elementId: string, assignee?: string) => {
      const tasks = await subject.store.tasks.listByInstance(instanceId, { status: 'open' });
      const task = tasks.find(
        (t) => t.elementId === elementId && (assignee === undefined || t.assignee === assignee),
      );
      if (!task) throw new Error(`no open task ${elementId} ${assignee ?? ''}`);
      return task.id;
    };
    const definition = await deployForTest(subject.store, COMPLAINT);

    // given a registered complaint
    const started = await startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      businessKey: 'complaint-17',
      variables: { registrar: 'rita', controller: 'karlis', executors: ['ilze', 'janis'] },
    });
    const id = started.instanceId;
    expect(await open(id)).toEqual(['register:rita']);

    // when it is registered as a complaint, it fans out to the executors and the answer
    await completeTask(ctx('rita'), { taskId: await taskOf(id, 'register'), output: { kind: 'complaint' } });
    expect(await open(id)).toEqual(['execute:ilze', 'execute:janis', 'prepare:head']);
    const [executeTask] = await subject.store.tasks.listByInstance(id, { status: 'open' });
    expect(executeTask?.dueAt).toEqual(new Date(clock.now().getTime() + 10 * DAY));

    // the reminder falls due after a week; the executors keep their tasks
    clock.advance(7 * DAY + HOUR);
    const pass = await runDueJobs(contextFor(subject.store, SYSTEM_ACTOR, clock), {
      now: clock.now(),
      workerId: 'w',
    });
    expect(pass.fired).toBeGreaterThanOrEqual(1);
    expect(await open(id)).toEqual(['execute:ilze', 'execute:janis', 'prepare:head', 'remind:karlis']);

    await completeTask(ctx('ilze'), {
      taskId: await taskOf(id, 'execute', 'ilze'),
      output: { note: 'izdarīts' },
    });
    await completeTask(ctx('janis'), { taskId: await taskOf(id, 'execute', 'janis') });
    await completeTask(ctx('karlis'), { taskId: await taskOf(id, 'remind') });
    await completeTask(ctx('hugo', ['head']), { taskId: await taskOf(id, 'prepare') });
    expect(await open(id)).toEqual([]);
    expect((await subject.store.messageSubscriptions.listByInstance(id)).map((s) => s.messageName)).toEqual([
      'answerReceived',
    ]);

    // the answer arrives as a message
    await correlateMessage(contextFor(subject.store, registrar, clock), {
      name: 'answerReceived',
      businessKey: 'complaint-17',
      variables: { answerNumber: '3-12/55' },
    });
    expect(await open(id)).toEqual(['control:karlis']);
    const done = await completeTask(ctx('karlis'), { taskId: await taskOf(id, 'control') });

    // then
    expect(done.instanceStatus).toBe('completed');
    const instance = await subject.store.processInstances.get(id);
    expect(instance?.variables).toMatchObject({
      kind: 'complaint',
      note: 'izdarīts',
      answerNumber: '3-12/55',
    });
    expect(await subject.store.jobs.listByInstance(id, { status: 'pending' })).toEqual([]);
    expect(await subject.store.messageSubscriptions.listByInstance(id)).toEqual([]);
    const history = await subject.store.processHistory.listByInstance(id);
    const types = history.map((e) => e.type);
    expect(types.filter((t) => t === 'task.completed')).toHaveLength(6);
    expect(types.filter((t) => t === 'timer.fired')).toHaveLength(1);
    expect(types.filter((t) => t === 'message.correlated')).toHaveLength(1);
    expect(types.at(-1)).toBe('instance.completed');
  }

  it('runs a complaint from start to end, each step on a new engine recovered from the database', async () => {
    configureHotSessions({ capacity: 0 }); // as if the server restarted between any two steps
    try {
      await runComplaint();
    } finally {
      configureHotSessions({ capacity: 200 });
    }
  });

  it('runs the same complaint with engines kept hot between steps', async () => {
    await runComplaint();
  });

  it('fires a timer that fell due during downtime once, with two scheduler loops starting up', async () => {
    const clock = new TestClock();
    const definition = await deployForTest(subject.store, TIMEOUT);
    const started = await startProcess(contextFor(subject.store, registrar, clock), { key: definition.key });
    clock.advance(31 * DAY); // every server was down when the 30 days ran out

    const pending: Array<() => void> = [];
    const timers: LoopTimers = {
      setTimeout: (callback) => pending.push(callback),
      clearTimeout: () => undefined,
    };
    const reports: number[] = [];
    // On the server, the second loop gets a connection pool of its own, as another process would.
    const second = await secondStoreOnSameDatabase();
    try {
      const loops = [subject.store, second?.store ?? subject.store].map((store, index) =>
        startScheduler({
          ctx: contextFor(store, SYSTEM_ACTOR, clock),
          timers,
          workerId: `server-${index}`,
          onPass: (report) => reports.push(report.fired),
        }),
      );
      await Promise.all(loops.map((loop) => loop.runOnce()));
      for (const next of pending.splice(0)) next();
      await Promise.all(loops.map((loop) => loop.stop()));
    } finally {
      await second?.store.close();
    }

    const history = await subject.store.processHistory.listByInstance(started.instanceId);
    expect(history.filter((e) => e.type === 'timer.fired')).toHaveLength(1);
    const tasks = await subject.store.tasks.listByInstance(started.instanceId);
    expect(tasks.map((t) => `${t.elementId}:${t.status}`).sort()).toEqual([
      'answer:cancelled',
      'escalate:open',
    ]);
    expect(reports.length).toBeGreaterThanOrEqual(4);
  });
});
