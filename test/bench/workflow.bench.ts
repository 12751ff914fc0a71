/**
 * Workflow throughput on one three-user-task process (start → three user tasks → end):
 * (a) bpmn-engine alone, in memory, a new engine recovered from the state at every step:
 *     `from-xml` is the baseline of issue 3 — what a user of bpmn-engine writes who keeps the
 *     definition's XML and the engine state: `new Engine({ source: xml }).recover(state)` at every
 *     step (bpmn-engine parses the source in the constructor even when it then recovers);
 *     `parsed` passes a pre-parsed `sourceContext` instead, a stricter baseline few users write;
 * (b) Kanceleja end to end (startProcess + three completeTask: load, recover or reuse the engine,
 *     signal, save state, task rows, history and audit in one transaction) on PGlite and on
 *     PostgreSQL when configured. Kanceleja keeps hot engines between steps (hotSessions.ts); the
 *     `recover-each-step` figure turns that off, as if the server restarted between any two steps.
 * The variants run in alternating rounds, so that a machine whose load drifts during the run
 * affects them alike. Prints instances/s for each and the ratios b/a: `b/a` is against `from-xml`
 * (the baseline), `b/a-parsed` against `parsed`.
 */
import { type BpmnEngineOptions, Engine } from 'bpmn-engine';
import type { SerializableContext } from 'moddle-context-serializer';
import { actorFromUser, systemClock, type UseCaseContext } from '../../engine/context.js';
import { getParsedDefinition, hashDefinitionXml } from '../../engine/workflow/deployment/definitionCache.js';
import { deployProcess } from '../../engine/workflow/deployment/deployProcess.js';
import { bpmnExpressions, camundaModdle } from '../../engine/workflow/expressions.js';
import { completeTask } from '../../engine/workflow/runtime/completeTask.js';
import { configureHotSessions } from '../../engine/workflow/runtime/hotSessions.js';
import { startProcess } from '../../engine/workflow/runtime/startProcess.js';
import { aUser } from '../support/builders.js';
import { createTestStore, storeAdapters } from '../support/storeAdapters.js';
import { anActor } from '../support/workflow.js';
import type { Report } from './run.js';

const IN_MEMORY_INSTANCES = 300;
const PERSISTED_INSTANCES = 150;
const CONCURRENCY = 8;
/** Each variant runs its instances in this many slices, alternating with the other variants. */
const ROUNDS = 5;

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="bench" targetNamespace="https://kanceleja.test">
  <process id="benchThreeTasks" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="task1" />
    <userTask id="task1" camunda:assignee="anna" />
    <sequenceFlow id="f2" sourceRef="task1" targetRef="task2" />
    <userTask id="task2" camunda:assignee="anna" />
    <sequenceFlow id="f3" sourceRef="task2" targetRef="task3" />
    <userTask id="task3" camunda:assignee="anna" />
    <sequenceFlow id="f4" sourceRef="task3" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** No real timeouts in either variant: the process has none, and bpmn-engine's stop() wants the API. */
const noTimers = {
  executing: [],
  register: () => ({ setTimeout: () => undefined, clearTimeout: () => undefined }),
  setTimeout: () => undefined,
  clearTimeout: () => undefined,
};

type EngineSource = { source: string } | { sourceContext: SerializableContext };

/** One instance with bpmn-engine alone: a new Engine for the start and for each of the three tasks. */
async function runInMemory(source: EngineSource): Promise<void> {
  // The timers stub is narrower than bpmn-elements' loose ITimers type; it is the same API.
  const options = {
    ...source,
    moddleOptions: { camunda: camundaModdle },
    expressions: bpmnExpressions,
    timers: noTimers,
  } as unknown as BpmnEngineOptions;
  let engine = new Engine(options);
  let waiting: string | null = null;
  const listen = (target: Engine) =>
    target.broker.subscribeTmp(
      'event',
      'activity.wait',
      (_: string, message: { content?: { executionId?: string } }) => {
        waiting = message.content?.executionId ?? null;
      },
      { noAck: true },
    );
  listen(engine);
  await engine.execute();
  for (const taskId of ['task1', 'task2', 'task3']) {
    const state: unknown = JSON.parse(JSON.stringify(await engine.getState()));
    await engine.stop();
    engine = new Engine(options);
    listen(engine);
    engine.recover(state);
    await engine.resume();
    const ended = taskId === 'task3' ? engine.waitFor('end') : null;
    engine.execution.signal({ id: taskId, executionId: waiting ?? undefined });
    await ended;
  }
}

/** Runs `count` instances with `concurrency` clients; returns the seconds it took. */
async function timed(count: number, concurrency: number, once: () => Promise<void>): Promise<number> {
  let remaining = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (remaining > 0) {
        remaining -= 1;
        await once();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

interface Variant {
  name: string;
  instances: number;
  concurrency: number;
  once: () => Promise<void>;
  /** Around each slice (turns hot sessions off for `recover-each-step`). */
  around?: (slice: () => Promise<number>) => Promise<number>;
}

/** Runs every variant in ROUNDS alternating slices; returns instances/s per variant name. */
async function alternating(variants: Variant[]): Promise<Map<string, number>> {
  const seconds = new Map<string, number>(variants.map((variant) => [variant.name, 0]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const variant of variants) {
      const slice = () => timed(variant.instances / ROUNDS, variant.concurrency, variant.once);
      const took = await (variant.around ? variant.around(slice) : slice());
      seconds.set(variant.name, (seconds.get(variant.name) ?? 0) + took);
    }
  }
  return new Map(
    variants.map((variant) => [variant.name, variant.instances / (seconds.get(variant.name) ?? 1)]),
  );
}

async function runThroughKanceleja(ctx: UseCaseContext, annaCtx: UseCaseContext, key: string): Promise<void> {
  const started = await startProcess(ctx, { key, businessKey: 'bench' });
  let taskId = started.tasks[0]?.id;
  while (taskId) {
    const done = await completeTask(annaCtx, { taskId });
    taskId = done.openTasks[0]?.id;
  }
}

const withoutHotSessions = async (slice: () => Promise<number>): Promise<number> => {
  // As after a restart between any two steps: every step recovers a new engine from the database.
  configureHotSessions({ capacity: 0 });
  try {
    return await slice();
  } finally {
    configureHotSessions({ capacity: 200 });
  }
};

export default async function run(report: Report): Promise<void> {
  const { sourceContext } = await getParsedDefinition(hashDefinitionXml(XML), XML);
  const variants: Variant[] = [
    {
      name: 'a.from-xml',
      instances: IN_MEMORY_INSTANCES,
      concurrency: 1,
      once: () => runInMemory({ source: XML }),
    },
    {
      name: 'a.parsed',
      instances: IN_MEMORY_INSTANCES,
      concurrency: 1,
      once: () => runInMemory({ sourceContext }),
    },
  ];
  const opened: { name: string; dispose(): Promise<void> }[] = [];
  try {
    for (const adapter of storeAdapters) {
      if (adapter.skipReason) {
        process.stdout.write(`bench:workflow.b.${adapter.name} skipped: ${adapter.skipReason}\n`);
        continue;
      }
      const { store, dispose } = await createTestStore(adapter, { poolSize: CONCURRENCY + 2 });
      opened.push({ name: adapter.name, dispose });
      const designer = await aUser(store, { roles: ['designer'] });
      const designerCtx = { store, actor: actorFromUser(designer), clock: systemClock };
      const deployed = await deployProcess(designerCtx, { xml: XML });
      const registrarCtx = { store, actor: anActor('rita', ['registrar']), clock: systemClock };
      const annaCtx = { store, actor: anActor('anna'), clock: systemClock };
      const once = () => runThroughKanceleja(registrarCtx, annaCtx, deployed.key);
      await timed(10, 1, once); // warm-up
      variants.push(
        { name: `b.${adapter.name}.sequential`, instances: PERSISTED_INSTANCES, concurrency: 1, once },
        {
          name: `b.${adapter.name}.concurrent${CONCURRENCY}`,
          instances: PERSISTED_INSTANCES,
          concurrency: CONCURRENCY,
          once,
        },
        {
          name: `b.${adapter.name}.sequential.recover-each-step`,
          instances: PERSISTED_INSTANCES,
          concurrency: 1,
          once,
          around: withoutHotSessions,
        },
      );
    }
    await timed(20, 1, () => runInMemory({ source: XML })); // warm-up
    await timed(20, 1, () => runInMemory({ sourceContext }));
    const rates = await alternating(variants);
    const fromXml = rates.get('a.from-xml') ?? 0;
    const parsed = rates.get('a.parsed') ?? 0;
    report('workflow.a.bpmn-engine.recover-each-step.from-xml', fromXml, 'instances/s');
    report('workflow.a.bpmn-engine.recover-each-step.parsed', parsed, 'instances/s');
    for (const { name } of opened) {
      const sequential = rates.get(`b.${name}.sequential`) ?? 0;
      const cold = rates.get(`b.${name}.sequential.recover-each-step`) ?? 0;
      report(`workflow.b.kanceleja.${name}.sequential`, sequential, 'instances/s');
      report(
        `workflow.b.kanceleja.${name}.concurrent${CONCURRENCY}`,
        rates.get(`b.${name}.concurrent${CONCURRENCY}`) ?? 0,
        'instances/s',
      );
      report(`workflow.b.kanceleja.${name}.sequential.recover-each-step`, cold, 'instances/s');
      report(`workflow.ratio.b/a.${name}`, sequential / fromXml, 'x');
      report(`workflow.ratio.b/a-parsed.${name}`, sequential / parsed, 'x');
      report(`workflow.ratio.b-recover-each-step/a.${name}`, cold / fromXml, 'x');
    }
  } finally {
    for (const { dispose } of opened) await dispose();
  }
}
