import { readdir, readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from '@jest/globals';
import { hashDefinitionXml } from '../../../engine/workflow/deployment/definitionCache.js';
import {
  EngineSession,
  type RunnableDefinition,
  type SessionSnapshot,
} from '../../../engine/workflow/runtime/engineSession.js';
import { configureStartTemplates, templateStart } from '../../../engine/workflow/runtime/startTemplate.js';
import { completeTask } from '../../../engine/workflow/runtime/completeTask.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, bpmn, contextFor, deployForTest, TestClock } from '../../support/workflow.js';

const TIME_ZONE = 'Europe/Riga';
const NOW = new Date('2026-03-06T14:30:00.000Z');

const definitionOf = (xml: string, key = 'p'): RunnableDefinition => ({
  id: `def-${key}`,
  key,
  version: 1,
  hash: hashDefinitionXml(xml),
  xml,
});

const shipped = async (name: string) =>
  definitionOf(await readFile(new URL(`../../../processes/${name}.bpmn`, import.meta.url), 'utf8'), name);

const registration = {
  documentId: '0b6f1d52-3f0a-4b8e-9a55-2f4d1c7e9a10',
  registrationNumber: '3-12/2026/17',
  subject: 'Iesniegums par ielu apgaismojumu — "Brīvības" iela',
  registerCode: 'IEN',
  dueDate: '2026-03-27',
  registrarId: '5c1e7d40-8a43-4a4e-bb0b-0f7e0a2d6b21',
};

async function engineStart(definition: RunnableDefinition, variables: Record<string, string | null>) {
  const session = await EngineSession.start(
    {
      definition,
      clock: { now: () => NOW },
      timeZone: TIME_ZONE,
      invokeService: () => Promise.reject(new Error('no services here')),
    },
    variables,
  );
  return session.snapshot();
}

/**
 * The snapshot as JSON, its execution ids' random parts numbered in order of appearance; the
 * broker's message ids and wall-clock stamps (smqp's own bookkeeping, read by nothing) left out.
 */
function comparable(snapshot: SessionSnapshot): string {
  const text = JSON.stringify({
    status: snapshot.status,
    state: snapshot.state,
    variables: snapshot.variables,
    events: snapshot.events,
    tasks: snapshot.tasks.map((task) => ({ ...task, attributes: task.attributes() })),
    timers: snapshot.timers,
    messages: snapshot.messages,
    failure: snapshot.failure,
  });
  const numbers = new Map<string, string>();
  return text
    .replace(/smq\.mid-[0-9a-f]+/g, 'smq.mid')
    .replace(/"timestamp":\d+/g, '"timestamp":0')
    .replace(/-(\w+)_[0-9a-f]{6,10}-q"/g, '-$1-q"')
    .replace(/_([0-9a-f]{6,10})(?=["_])/g, (_, token: string) => {
      if (!numbers.has(token)) numbers.set(token, `_#${numbers.size + 1}`);
      return numbers.get(token) ?? token;
    });
}

describe('a start template', () => {
  afterEach(() => configureStartTemplates({ enabled: true }));

  it.each(['incoming-correspondence', 'order', 'citizen-application'])(
    'stamps the start of %s exactly as the engine starts it, but for fresh execution ids',
    async (name) => {
      const definition = await shipped(name);
      const stamped = await templateStart(definition, registration, NOW, TIME_ZONE);
      expect(stamped).not.toBeNull();
      const engine = await engineStart(definition, registration);
      expect(comparable(stamped as SessionSnapshot)).toEqual(comparable(engine));
      expect(stamped?.tasks.map((task) => task.attributes())).toEqual(
        engine.tasks.map((task) => task.attributes()),
      );
    },
  );

  it('gives every instance its own execution ids and its own variables', async () => {
    const definition = await shipped('incoming-correspondence');
    const first = await templateStart(definition, registration, NOW, TIME_ZONE);
    const second = await templateStart(
      definition,
      { ...registration, subject: 'Sūdzība', dueDate: null },
      new Date('2026-03-09T07:00:00.000Z'),
      TIME_ZONE,
    );
    expect(first?.tasks[0]?.executionId).not.toEqual(second?.tasks[0]?.executionId);
    expect(second?.variables).toMatchObject({ subject: 'Sūdzība', dueDate: null });
    expect(JSON.stringify(second?.state)).toContain('"subject":"Sūdzība"');
    expect(JSON.stringify(second?.state)).not.toContain('Iesniegums');
    // The task's due date (P2D) counts from the second instance's own start.
    expect(second?.tasks[0]?.attributes().dueAt).toEqual('2026-03-11T07:00:00.000Z');
  });

  it('evaluates task attributes against the instance’s own variables', async () => {
    const definition = definitionOf(
      bpmn(`
      <startEvent id="start" />
      <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
      <userTask id="review" camunda:assignee="=reviewer" camunda:candidateGroups="=dept" camunda:priority="70" />`).replaceAll(
        '__KEY__',
        'assigned',
      ),
    );
    const stamped = await templateStart(definition, { reviewer: 'liga', dept: 'FIN, JUR' }, NOW, TIME_ZONE);
    const engine = await engineStart(definition, { reviewer: 'liga', dept: 'FIN, JUR' });
    expect(stamped?.tasks[0]?.attributes()).toMatchObject({
      assignee: 'liga',
      candidateGroups: ['FIN', 'JUR'],
      priority: 70,
    });
    expect(comparable(stamped as SessionSnapshot)).toEqual(comparable(engine));
  });

  const engineOnly: Array<[string, string]> = [
    [
      'a gateway whose path depends on the variables',
      `<startEvent id="start" />
       <sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
       <exclusiveGateway id="gw" default="f3" />
       <sequenceFlow id="f2" sourceRef="gw" targetRef="a"><conditionExpression xsi:type="tFormalExpression">=kind = "x"</conditionExpression></sequenceFlow>
       <sequenceFlow id="f3" sourceRef="gw" targetRef="b" />
       <userTask id="a" /><userTask id="b" />`,
    ],
    [
      'a conditional flow out of the start event',
      `<startEvent id="start" />
       <sequenceFlow id="f1" sourceRef="start" targetRef="a"><conditionExpression xsi:type="tFormalExpression">=kind = "x"</conditionExpression></sequenceFlow>
       <userTask id="a" />`,
    ],
    [
      'a service task before the first user task',
      `<startEvent id="start" />
       <sequenceFlow id="f1" sourceRef="start" targetRef="s" />
       <serviceTask id="s" camunda:type="external" camunda:topic="setDocumentStatus" />
       <sequenceFlow id="f2" sourceRef="s" targetRef="a" />
       <userTask id="a" />`,
    ],
    [
      'a timer on the first user task',
      `<startEvent id="start" />
       <sequenceFlow id="f1" sourceRef="start" targetRef="a" />
       <userTask id="a" />
       <boundaryEvent id="late" attachedToRef="a" cancelActivity="false"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>`,
    ],
    [
      'a due date taken from a variable',
      `<startEvent id="start" />
       <sequenceFlow id="f1" sourceRef="start" targetRef="a" />
       <userTask id="a" camunda:dueDate="=dueDate" />`,
    ],
  ];

  it.each(engineOnly)('is not used for %s: the engine starts those', async (_, body) => {
    const definition = definitionOf(bpmn(body).replaceAll('__KEY__', 'engine_only'));
    expect(await templateStart(definition, { kind: 'x', dueDate: '2026-03-20' }, NOW, TIME_ZONE)).toBeNull();
  });

  it('is not used for the outgoing letter, whose start asks whether it is a draft', async () => {
    expect(await templateStart(await shipped('outgoing-letter'), registration, NOW, TIME_ZONE)).toBeNull();
  });

  it('leaves every BPMN interchange reference model to the engine (plain tasks, collaborations), without failing', async () => {
    const folder = new URL('../../fixtures/bpmn/miwg-reference/', import.meta.url);
    const models = (await readdir(folder)).filter((file) => file.endsWith('.bpmn'));
    expect(models.length).toBeGreaterThan(20);
    for (const model of models) {
      const definition = definitionOf(await readFile(new URL(model, folder), 'utf8'), model);
      expect(await templateStart(definition, registration, NOW, TIME_ZONE)).toBeNull();
    }
  });

  it('is not used when turned off', async () => {
    configureStartTemplates({ enabled: false });
    expect(await templateStart(await shipped('order'), registration, NOW, TIME_ZONE)).toBeNull();
  });
});

describeEachStore('an instance started from a template', (subject) => {
  it('is recovered by the engine at its next step and runs to its end', async () => {
    const clock = new TestClock();
    const definition = await deployForTest(
      subject.store,
      bpmn(`
      <startEvent id="start" />
      <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
      <userTask id="review" camunda:assignee="=reviewer" />
      <sequenceFlow id="f2" sourceRef="review" targetRef="sign" />
      <userTask id="sign" camunda:assignee="=reviewer" />
      <sequenceFlow id="f3" sourceRef="sign" targetRef="end" />
      <endEvent id="end" />`),
    );
    const registrar = anActor('rita', ['registrar']);
    const liga = anActor('liga');
    const started = await startProcess(contextFor(subject.store, registrar, clock), {
      key: definition.key,
      variables: { reviewer: liga.username },
    });
    expect(started.tasks.map((task) => [task.elementId, task.assignee])).toEqual([['review', 'liga']]);
    const ligasContext = contextFor(subject.store, liga, clock);
    const afterReview = await completeTask(ligasContext, {
      taskId: started.tasks[0]?.id ?? '',
      output: { note: 'ok' },
    });
    const sign = afterReview.openTasks.find((task) => task.elementId === 'sign');
    expect(sign?.assignee).toEqual('liga');
    const afterSign = await completeTask(ligasContext, { taskId: sign?.id ?? '' });
    expect(afterSign.instanceStatus).toEqual('completed');
    const instance = await subject.store.processInstances.get(started.instanceId);
    expect(instance?.variables).toEqual({ reviewer: 'liga', note: 'ok' });
  });
});
