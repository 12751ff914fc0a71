/**
 * BPMN from other modelers at deployment: what is valid deploys (and is read as meant), what is
 * not is refused with every problem named, and nothing the XML reader drops goes unnoticed.
 */
import { describe, expect, it } from '@jest/globals';
import { actorFromUser, type UseCaseContext } from '../../../engine/context.js';
import { Invalid } from '../../../engine/errors.js';
import { deployProcess } from '../../../engine/workflow/deployment/deployProcess.js';
import { validateProcess } from '../../../engine/workflow/deployment/validateProcess.js';
import { startProcess } from '../../../engine/workflow/runtime/startProcess.js';
import { aUser } from '../../support/builders.js';
import { describeEachStore } from '../../support/testStores.js';
import { anActor, contextFor, TestClock } from '../../support/workflow.js';
import { BPMN_HEADER, processXml } from './bpmnSamples.js';

const messagesOf = async (xml: string) => (await validateProcess(xml)).problems.map((p) => p.message);

const XXE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="p" name="&xxe;" isExecutable="true"><startEvent id="s" /></process>
</definitions>`;

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <process id="p" name="&lol3;" isExecutable="true"><startEvent id="s" /></process>
</definitions>`;

/** A gateway whose conditions are written the ways other tools write them. */
const gatewayWith = (conditions: string) =>
  processXml(`
    <laneSet id="LaneSet_1" />
    <startEvent id="Start_1" />
    <sequenceFlow id="F0" sourceRef="Start_1" targetRef="Decide" />
    <exclusiveGateway id="Decide" default="FDefault" />
    ${conditions}
    <sequenceFlow id="FDefault" sourceRef="Decide" targetRef="Other" />
    <userTask id="Yes" camunda:candidateGroups="registrar" />
    <userTask id="Other" camunda:candidateGroups="registrar" />
    <sequenceFlow id="F3" sourceRef="Yes" targetRef="End_1" />
    <sequenceFlow id="F4" sourceRef="Other" targetRef="End_1" />
    <endEvent id="End_1" />`);

const FEEL_LANGUAGE = gatewayWith(`
    <sequenceFlow id="F1" sourceRef="Decide" targetRef="Yes">
      <conditionExpression xsi:type="tFormalExpression" language="https://www.omg.org/spec/DMN/20191111/FEEL/">kind = "urgent"</conditionExpression>
    </sequenceFlow>
    <sequenceFlow id="F2" sourceRef="Decide" targetRef="Yes">
      <conditionExpression xsi:type="tFormalExpression" language="http://www.omg.org/spec/FEEL/20140401">kind = "vip"</conditionExpression>
    </sequenceFlow>`);

const HASH_EXPRESSION = gatewayWith(`
    <sequenceFlow id="F1" sourceRef="Decide" targetRef="Yes">
      <conditionExpression xsi:type="tFormalExpression">#{kind == 'urgent'}</conditionExpression>
    </sequenceFlow>`);

const REFERENCED_DEFINITION = `${BPMN_HEADER}
  <message id="Msg_1" name="withdrawn" />
  <messageEventDefinition id="MsgDef_1" messageRef="Msg_1" />
  <process id="referenced" isExecutable="true">
    <startEvent id="Start_1" />
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="Task_1" />
    <userTask id="Task_1" camunda:candidateGroups="registrar" />
    <boundaryEvent id="Withdrawn" attachedToRef="Task_1"><eventDefinitionRef>MsgDef_1</eventDefinitionRef></boundaryEvent>
    <sequenceFlow id="F2" sourceRef="Task_1" targetRef="End_1" />
    <sequenceFlow id="F3" sourceRef="Withdrawn" targetRef="End_1" />
    <endEvent id="End_1" />
  </process>
</definitions>`;

const DROPPED = processXml(`
    <startEvent id="Start_1" />
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="End_1" />
    <endEvent id="End_1"><terminateEventDefinition id="1terminate" /></endEvent>
    <fancyGateway id="Fancy" />`);

describe('validating foreign BPMN', () => {
  it.each([
    ['an external entity (XXE)', XXE, 2],
    ['nested entities (billion laughs)', LAUGHS, 2],
  ])('refuses a DOCTYPE with %s, naming its line', async (_, xml, line) => {
    const { problems } = await validateProcess(xml);
    expect(problems).toEqual([
      expect.objectContaining({ line, message: expect.stringMatching(/^The file declares a DOCTYPE/) }),
    ]);
  });

  it('reads conditions that declare FEEL as their language, old and new URI', async () => {
    expect(await messagesOf(FEEL_LANGUAGE)).toEqual([]);
  });

  it("reads Camunda's #{…} like ${…}", async () => {
    expect(await messagesOf(HASH_EXPRESSION)).toEqual([]);
    expect(
      await messagesOf(
        gatewayWith(`<sequenceFlow id="F1" sourceRef="Decide" targetRef="Yes">
      <conditionExpression xsi:type="tFormalExpression">#{kind ==}</conditionExpression></sequenceFlow>`),
      ),
    ).toEqual([expect.stringMatching(/^Condition: Expression "#\{kind ==\}"/)]);
  });

  it('takes a referenced event definition as the event’s own', async () => {
    expect(await messagesOf(REFERENCED_DEFINITION)).toEqual([]);
  });

  it('names every element the XML reader would drop, with its line', async () => {
    const { problems } = await validateProcess(DROPPED);
    expect(problems).toEqual([
      expect.objectContaining({
        elementId: '1terminate',
        line: 10,
        message: expect.stringMatching(
          /^The element <terminateEventDefinition> "1terminate" cannot be read \(illegal ID <1terminate>\)/,
        ),
      }),
      expect.objectContaining({
        elementId: 'Fancy',
        line: 11,
        message: expect.stringMatching(
          /^The element <fancyGateway> "Fancy" cannot be read \(unknown type <bpmn:FancyGateway>\)/,
        ),
      }),
    ]);
  });

  it('lists the problems of a process that is not executable, not only that it is not', async () => {
    const xml = processXml('<startEvent id="Start_1" /><scriptTask id="Code" />').replace(
      'isExecutable="true"',
      'isExecutable="false"',
    );
    expect(await messagesOf(xml)).toEqual([
      expect.stringMatching(/^No process is executable/),
      expect.stringMatching(/^A script task cannot run/),
    ]);
  });

  it('names references the engine could not follow instead of failing inside it', async () => {
    const xml = processXml(
      `<startEvent id="Start_1" /><sequenceFlow id="F1" sourceRef="Start_1" targetRef="Item_1" />
       <userTask id="Task_1" camunda:candidateGroups="registrar" />
       <boundaryEvent id="Late" attachedToRef="F1"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>`,
      { outside: '<itemDefinition id="Item_1" />' },
    );
    const { problems } = await validateProcess(xml);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          elementId: 'F1',
          message: expect.stringMatching(/^The sequence flow leads to "Item_1", an item definition outside/),
        }),
        expect.objectContaining({
          elementId: 'Late',
          message: expect.stringMatching(/^The boundary event is attached to "F1", a sequence flow/),
        }),
      ]),
    );
  });
});

describeEachStore('deploying foreign BPMN', (subject) => {
  const clock = new TestClock();
  async function designer(): Promise<UseCaseContext> {
    const user = await aUser(subject.store, { roles: ['designer'] });
    return { actor: actorFromUser(user), store: subject.store, clock };
  }

  it('refuses a DOCTYPE as Invalid and stores nothing', async () => {
    const error = await deployProcess(await designer(), { xml: XXE }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Invalid);
    expect((error as Invalid).problems).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/DOCTYPE/) }),
    ]);
    expect(await subject.store.processDefinitions.latest('p')).toBeNull();
  });

  it('deploys and starts a file whose <definitions> has no id, and one with an empty laneSet', async () => {
    const noId = processXml(
      '<laneSet /><startEvent id="Start_1" /><sequenceFlow id="F1" sourceRef="Start_1" targetRef="T" /><userTask id="T" camunda:candidateGroups="registrar" />',
      {
        key: 'no_definitions_id',
      },
    ).replace('id="Definitions_1" ', '');
    const deployed = await deployProcess(await designer(), { xml: noId });
    expect(deployed.created).toBe(true);

    const started = await startProcess(contextFor(subject.store, anActor('rita', ['registrar']), clock), {
      key: 'no_definitions_id',
    });
    expect(started.tasks.map((task) => task.elementId)).toEqual(['T']);
  });

  it('runs a FEEL-language condition as FEEL', async () => {
    const deployed = await deployProcess(await designer(), {
      xml: FEEL_LANGUAGE.replace('id="incoming_letter"', 'id="feel_language"'),
    });
    const start = (kind: string) =>
      startProcess(contextFor(subject.store, anActor('rita', ['registrar']), clock), {
        key: deployed.key,
        variables: { kind },
      });
    expect((await start('urgent')).tasks.map((task) => task.elementId)).toEqual(['Yes']);
    expect((await start('vip')).tasks.map((task) => task.elementId)).toEqual(['Yes']);
    expect((await start('plain')).tasks.map((task) => task.elementId)).toEqual(['Other']);
  });

  it('warns about a user task assigned to a name that is no user, and deploys it', async () => {
    const xml = processXml(
      `<startEvent id="Start_1" /><sequenceFlow id="F1" sourceRef="Start_1" targetRef="Kermit_Task" />
       <userTask id="Kermit_Task" name="Sign" camunda:assignee="Kermit" camunda:candidateUsers="demo, \${boss}" />
       <userTask id="Own" camunda:assignee="=starter" />`,
      { key: 'unknown_users' },
    );
    const deployed = await deployProcess(await designer(), { xml });
    expect(deployed.created).toBe(true);
    expect(deployed.warnings).toEqual([
      expect.objectContaining({
        elementId: 'Kermit_Task',
        message: expect.stringMatching(/^No user is called "Kermit"/),
      }),
      expect.objectContaining({
        elementId: 'Kermit_Task',
        message: expect.stringMatching(/^No user is called "demo"/),
      }),
    ]);
  });
});
