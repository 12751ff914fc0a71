import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { type ProcessProblem, validateProcess } from '../../../engine/workflow/deployment/validateProcess.js';
import { aroundTask, processXml, simpleProcess } from './bpmnSamples.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MIWG_DIR = path.join(here, '../../fixtures/bpmn/miwg-reference');
const miwgFiles = readdirSync(MIWG_DIR)
  .filter((file) => file.endsWith('.bpmn'))
  .sort();

const messages = (problems: ProcessProblem[]) => problems.map((problem) => problem.message);

async function problemsOf(xml: string) {
  return (await validateProcess(xml)).problems;
}

describe('validateProcess', () => {
  describe('a process it can run', () => {
    it('accepts a simple process and names its key and name', async () => {
      const result = await validateProcess(
        simpleProcess({ key: 'incoming_letter', name: 'Incoming letter' }),
      );

      expect(result).toEqual({ processId: 'incoming_letter', name: 'Incoming letter', problems: [] });
    });

    it('accepts a Camunda Modeler file with camunda:assignee, candidateGroups, dueDate and formKey', async () => {
      const xml = readFileSync(path.join(here, 'fixtures/resolution-camunda-modeler.bpmn'), 'utf8');

      const result = await validateProcess(xml);

      expect(result).toEqual({ processId: 'resolution', name: 'Resolution and execution', problems: [] });
    });

    it('accepts gateways, timers, messages, an embedded sub-process and a multi-instance task', async () => {
      const xml = processXml(
        `    <startEvent id="Start_1" />
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="Split" />
    <parallelGateway id="Split" />
    <sequenceFlow id="F2" sourceRef="Split" targetRef="Wait" />
    <sequenceFlow id="F3" sourceRef="Split" targetRef="Sub" />
    <intermediateCatchEvent id="Wait"><timerEventDefinition><timeDate>2030-01-01T09:00:00Z</timeDate></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="F4" sourceRef="Wait" targetRef="Join" />
    <subProcess id="Sub">
      <startEvent id="SubStart" />
      <sequenceFlow id="S1" sourceRef="SubStart" targetRef="Reply" />
      <intermediateCatchEvent id="Reply"><messageEventDefinition messageRef="Message_Reply" /></intermediateCatchEvent>
      <sequenceFlow id="S2" sourceRef="Reply" targetRef="SubEnd" />
      <endEvent id="SubEnd" />
    </subProcess>
    <boundaryEvent id="Remind" attachedToRef="Sub" cancelActivity="false"><timerEventDefinition><timeCycle>R3/P1D</timeCycle></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="F5" sourceRef="Sub" targetRef="Join" />
    <parallelGateway id="Join" />
    <sequenceFlow id="F6" sourceRef="Join" targetRef="Choose" />
    <exclusiveGateway id="Choose" default="F8" />
    <sequenceFlow id="F7" sourceRef="Choose" targetRef="Execute"><conditionExpression>=decision = "execute"</conditionExpression></sequenceFlow>
    <sequenceFlow id="F8" sourceRef="Choose" targetRef="Done" />
    <userTask id="Execute" camunda:assignee="=executor">
      <multiInstanceLoopCharacteristics camunda:collection="=executors" camunda:elementVariable="executor">
        <completionCondition>=nrOfCompletedInstances >= 1</completionCondition>
      </multiInstanceLoopCharacteristics>
    </userTask>
    <sequenceFlow id="F9" sourceRef="Execute" targetRef="Done" />
    <endEvent id="Done"><terminateEventDefinition /></endEvent>`,
        { outside: '  <message id="Message_Reply" name="reply-received" />' },
      );

      expect(await problemsOf(xml)).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('reports XML that is not well-formed with its line', async () => {
      const xml = simpleProcess().replace('<endEvent id="End_1" />', '<endEvent id="End_1">');

      const problems = await problemsOf(xml);

      expect(problems).toHaveLength(1);
      expect(problems[0]?.message).toMatch(/^The XML is not well-formed: closing tag mismatch/);
      expect(problems[0]?.line).toBe(xml.split('\n').findIndex((line) => line.includes('</process>')) + 1);
    });

    it('reports a file that is not XML at all', async () => {
      expect(messages(await problemsOf('this is a letter, not a process'))).toEqual([
        expect.stringMatching(/^The XML is not well-formed/),
      ]);
      expect(messages(await problemsOf('   '))).toEqual(['The file is empty.']);
    });

    it('reports an XML document that is not BPMN', async () => {
      expect(messages(await problemsOf('<?xml version="1.0"?><letter><to>Rīga</to></letter>'))).toEqual([
        expect.stringMatching(/not a BPMN 2.0 document|not well-formed/),
      ]);
    });

    it('refuses a file without an executable process and names the processes it found', async () => {
      const xml = simpleProcess().replace('isExecutable="true"', 'isExecutable="false"');

      const result = await validateProcess(xml);

      expect(result.processId).toBeNull();
      expect(messages(result.problems)).toEqual([
        'No process is executable: mark the one to deploy with isExecutable="true" (found "incoming_letter" (Incoming letter)).',
      ]);
    });

    it('refuses two executable processes and says which', async () => {
      const xml = simpleProcess({
        outside: '  <process id="second" name="Second" isExecutable="true"><startEvent id="S2" /></process>',
      });

      const result = await validateProcess(xml);

      expect(result.processId).toBeNull();
      expect(messages(result.problems)).toContain(
        'More than one process is executable: "incoming_letter" (Incoming letter), "second" (Second). Deploy one executable process per file.',
      );
    });

    it('refuses a script task, with its id, name and line', async () => {
      const xml = aroundTask(
        '<scriptTask id="Task_1" name="Compute fee" scriptFormat="javascript"><script>fee = 10</script></scriptTask>',
      );

      const problems = await problemsOf(xml);

      expect(problems).toEqual([
        {
          elementId: 'Task_1',
          elementName: 'Compute fee',
          line: xml.split('\n').findIndex((line) => line.includes('<scriptTask')) + 1,
          message: expect.stringMatching(/^A script task cannot run: diagrams may not carry code/),
        },
      ]);
    });

    it('refuses a condition in a script language and a camunda:script listener', async () => {
      const xml = processXml(`    <startEvent id="Start_1">
      <extensionElements>
        <camunda:executionListener event="end"><camunda:script scriptFormat="javascript">x()</camunda:script></camunda:executionListener>
      </extensionElements>
    </startEvent>
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="Gw" />
    <exclusiveGateway id="Gw" default="F3" />
    <sequenceFlow id="F2" sourceRef="Gw" targetRef="End_1"><conditionExpression xsi:type="tFormalExpression" language="javascript">next(null, true)</conditionExpression></sequenceFlow>
    <sequenceFlow id="F3" sourceRef="Gw" targetRef="End_1" />
    <endEvent id="End_1" />`);

      const problems = await problemsOf(xml);

      expect(problems).toEqual([
        expect.objectContaining({
          elementId: 'Start_1',
          message: 'A camunda:script cannot run: diagrams may not carry code.',
        }),
        expect.objectContaining({
          elementId: 'F2',
          message: expect.stringContaining('Condition in the script language "javascript" cannot run'),
        }),
      ]);
    });

    it('refuses conditions that are plain text or that the evaluator cannot parse', async () => {
      const xml = processXml(`    <startEvent id="Start_1" />
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="Gw" />
    <exclusiveGateway id="Gw" default="F4" />
    <sequenceFlow id="F2" sourceRef="Gw" targetRef="End_1"><conditionExpression>approved</conditionExpression></sequenceFlow>
    <sequenceFlow id="F3" sourceRef="Gw" targetRef="End_1"><conditionExpression>=amount &gt;</conditionExpression></sequenceFlow>
    <sequenceFlow id="F5" sourceRef="Gw" targetRef="End_1"><conditionExpression>\${kind == 'a' ? 1 : 2}</conditionExpression></sequenceFlow>
    <sequenceFlow id="F4" sourceRef="Gw" targetRef="End_1" />
    <endEvent id="End_1" />`);

      const problems = await problemsOf(xml);

      expect(problems.map((problem) => [problem.elementId, problem.message])).toEqual([
        [
          'F2',
          expect.stringContaining('Condition "approved" is plain text, which would always count as true'),
        ],
        ['F3', expect.stringContaining('Condition: Expression "=amount >" is not valid FEEL')],
        ['F5', expect.stringContaining('cannot be translated to FEEL: "?" is not supported')],
      ]);
    });

    it('refuses assignee, candidate groups, due date and collection expressions that do not parse', async () => {
      const xml = aroundTask(`<userTask id="Task_1" name="Legal check" camunda:assignee="=reviewer +"
        camunda:candidateGroups="\${group[0]}" camunda:dueDate="=date(" >
        <multiInstanceLoopCharacteristics camunda:collection="=executors," camunda:elementVariable="executor">
          <completionCondition>=done and</completionCondition>
        </multiInstanceLoopCharacteristics>
      </userTask>`);

      const problems = await problemsOf(xml);

      expect(
        problems.every((problem) => problem.elementId === 'Task_1' && problem.elementName === 'Legal check'),
      ).toBe(true);
      expect(messages(problems)).toEqual([
        expect.stringMatching(/^camunda:assignee: Expression "=reviewer \+" is not valid FEEL/),
        expect.stringMatching(/^camunda:candidateGroups: .*"\[" is not supported/),
        expect.stringMatching(/^camunda:dueDate: Expression "=date\(" is not valid FEEL/),
        expect.stringMatching(/^camunda:collection: Expression "=executors," is not valid FEEL/),
        expect.stringMatching(/^Completion condition: Expression "=done and" is not valid FEEL/),
      ]);
    });

    it('refuses a service task with no service name and one with an unknown service name', async () => {
      const none = aroundTask(
        '<serviceTask id="Task_1" name="Archive" camunda:class="org.example.Archive" />',
      );
      const unknown = aroundTask(
        '<serviceTask id="Task_1" camunda:type="external" camunda:topic="sendFax" />',
      );

      expect(messages(await problemsOf(none))).toEqual([
        'A service task must name a built-in service with camunda:type="external" camunda:topic="…" (setDocumentStatus, notify, appendHistory); camunda:class would run Java code and is not read.',
      ]);
      expect(messages(await problemsOf(unknown))).toEqual([
        'The service "sendFax" is unknown: built-in services are setDocumentStatus, notify, appendHistory.',
      ]);
    });

    it('reads the input parameters of a service task, refusing those it cannot evaluate', async () => {
      const valid =
        aroundTask(`<serviceTask id="Task_1" camunda:type="external" camunda:topic="setDocumentStatus">
        <extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="status">done</camunda:inputParameter>
          <camunda:inputParameter name="note">="Closed by " + closedBy</camunda:inputParameter>
        </camunda:inputOutput></extensionElements>
      </serviceTask>`);
      const invalid = aroundTask(`<serviceTask id="Task_1" camunda:type="external" camunda:topic="notify">
        <extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="to">=recipients +</camunda:inputParameter>
          <camunda:inputParameter name="cc"><camunda:list><camunda:value>a</camunda:value></camunda:list></camunda:inputParameter>
          <camunda:inputParameter name="text"><camunda:script scriptFormat="javascript">'hi'</camunda:script></camunda:inputParameter>
          <camunda:outputParameter name="sent">\${sent}</camunda:outputParameter>
        </camunda:inputOutput></extensionElements>
      </serviceTask>`);

      expect(await problemsOf(valid)).toEqual([]);
      expect(messages(await problemsOf(invalid))).toEqual([
        'A camunda:script cannot run: diagrams may not carry code.',
      ]);
      expect(
        messages(
          await problemsOf(
            invalid.replace(/<camunda:inputParameter name="text">.*<\/camunda:inputParameter>/, ''),
          ),
        ),
      ).toEqual([
        expect.stringMatching(/^camunda:inputParameter "to": Expression "=recipients \+" is not valid FEEL/),
        'camunda:inputParameter "cc": only text or an expression is read, not camunda:List.',
        'camunda:outputParameter is not read: a service’s result goes into the process variables.',
      ]);
    });

    it('refuses input and output mappings on a user task', async () => {
      const xml = aroundTask(`<userTask id="Task_1" camunda:assignee="anna">
        <extensionElements><camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter></camunda:inputOutput></extensionElements>
      </userTask>`);

      expect(messages(await problemsOf(xml))).toEqual(['camunda:InputOutput is not executed by Kanceleja.']);
    });

    it('refuses a user task with neither assignee nor candidates', async () => {
      const xml = aroundTask('<userTask id="Task_1" name="Legal check" camunda:formKey="legal" />');

      expect(await problemsOf(xml)).toEqual([
        expect.objectContaining({
          elementId: 'Task_1',
          elementName: 'Legal check',
          message: expect.stringMatching(
            /^A user task needs camunda:assignee, camunda:candidateGroups or camunda:candidateUsers/,
          ),
        }),
      ]);
    });

    it.each([
      ['timeDuration', '3 days', /"3 days" is not an ISO 8601 duration/],
      ['timeDuration', 'P', /"P" is not an ISO 8601 duration/],
      ['timeDate', '2025-02-30T09:00:00Z', /"2025-02-30T09:00:00Z" is not an ISO 8601 date-time/],
      ['timeCycle', '0 0 9 * * ?', /is not an ISO 8601 cycle .*cron is not supported/],
      ['timeCycle', 'R3/tomorrow', /"R3\/tomorrow" is not an ISO 8601 cycle/],
      ['timeDuration', '=duration(', /Timer timeDuration: Expression "=duration\(" is not valid FEEL/],
    ])('refuses the timer %s "%s"', async (kind, value, expected) => {
      const xml = aroundTask(
        `<userTask id="Task_1" camunda:assignee="anna" />
    <boundaryEvent id="Timer_1" name="Deadline" attachedToRef="Task_1"><timerEventDefinition><${kind}>${value}</${kind}></timerEventDefinition></boundaryEvent>`,
      );

      const problems = await problemsOf(xml);

      expect(problems).toEqual([
        expect.objectContaining({
          elementId: 'Timer_1',
          elementName: 'Deadline',
          message: expect.stringMatching(expected),
        }),
      ]);
    });

    it('refuses a timer without a time', async () => {
      const xml = aroundTask(
        '<intermediateCatchEvent id="Task_1"><timerEventDefinition /></intermediateCatchEvent>',
      );

      expect(messages(await problemsOf(xml))).toEqual([
        'The timer has no time: set a duration (such as PT4H), a date or a cycle.',
      ]);
    });

    it('refuses elements it does not execute, each with what to use instead', async () => {
      const xml = processXml(`    <startEvent id="Start_1"><signalEventDefinition /></startEvent>
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="Manual" />
    <manualTask id="Manual" />
    <sequenceFlow id="F2" sourceRef="Manual" targetRef="Call" />
    <callActivity id="Call" calledElement="other" />
    <sequenceFlow id="F3" sourceRef="Call" targetRef="Inclusive" />
    <inclusiveGateway id="Inclusive" />
    <sequenceFlow id="F4" sourceRef="Inclusive" targetRef="Send" />
    <sendTask id="Send" />
    <sequenceFlow id="F5" sourceRef="Send" targetRef="End_1" />
    <endEvent id="End_1"><errorEventDefinition /></endEvent>
    <dataObject id="Letter" />`);

      const problems = await problemsOf(xml);

      expect(problems.map((problem) => [problem.elementId, problem.message])).toEqual([
        ['Start_1', 'A signal start event is not executed (allowed: plain, timer, message).'],
        ['Manual', expect.stringMatching(/^A manual task is not executed: use a user task/)],
        ['Call', expect.stringMatching(/^A call activity is not executed/)],
        ['Inclusive', expect.stringMatching(/^An inclusive gateway is not executed/)],
        [
          'Send',
          expect.stringMatching(
            /^A send task is not executed: use a service task with the built-in service "notify"/,
          ),
        ],
        ['End_1', 'An error end event is not executed (allowed: plain, terminate).'],
        ['Letter', 'Data objects are not executed: keep data in process variables.'],
      ]);
    });

    it('refuses a message event without a named message', async () => {
      const xml = aroundTask(
        '<intermediateCatchEvent id="Task_1" name="Reply"><messageEventDefinition /></intermediateCatchEvent>',
      );

      expect(messages(await problemsOf(xml))).toEqual([
        expect.stringMatching(/^The message event names no message/),
      ]);
    });

    it('refuses a flow that refers to an element missing from the file', async () => {
      const xml = simpleProcess().replace('targetRef="End_1"', 'targetRef="End_9"');

      const problems = await problemsOf(xml);

      expect(problems.map((problem) => [problem.elementId, problem.message])).toEqual([
        ['Flow_2', 'Refers to "End_9", which does not exist in this file.'],
        ['Flow_2', 'The sequence flow is not connected at both ends.'],
      ]);
    });

    it('refuses a process without a start event and a boundary event attached to nothing', async () => {
      const xml = processXml(`    <userTask id="Task_1" camunda:assignee="anna" />
    <boundaryEvent id="Loose"><timerEventDefinition><timeDuration>P1D</timeDuration></timerEventDefinition></boundaryEvent>`);

      expect((await problemsOf(xml)).map((problem) => [problem.elementId, problem.message])).toEqual([
        ['incoming_letter', 'The process has no start event.'],
        ['Loose', 'The boundary event is not attached to an activity.'],
      ]);
    });

    it('collects every problem of a file instead of stopping at the first', async () => {
      const xml = processXml(`    <startEvent id="Start_1" />
    <sequenceFlow id="F1" sourceRef="Start_1" targetRef="A" />
    <scriptTask id="A" />
    <sequenceFlow id="F2" sourceRef="A" targetRef="B" />
    <userTask id="B" />
    <sequenceFlow id="F3" sourceRef="B" targetRef="C" />
    <serviceTask id="C" />
    <sequenceFlow id="F4" sourceRef="C" targetRef="End_1" />
    <endEvent id="End_1" />`);

      expect((await problemsOf(xml)).map((problem) => problem.elementId)).toEqual(['A', 'B', 'C']);
    });
  });

  describe('the 21 BPMN MIWG reference models', () => {
    it('are all present', () => {
      expect(miwgFiles).toHaveLength(21);
    });

    it.each(miwgFiles)('%s is accepted or refused with readable problems', async (file) => {
      const xml = readFileSync(path.join(MIWG_DIR, file), 'utf8');
      const lineCount = xml.split('\n').length;

      const result = await validateProcess(xml);

      for (const problem of result.problems) {
        expect(problem.message).toMatch(/^[A-Zc].{10,}\.$/s);
        if (problem.elementId) expect(xml).toContain(`"${problem.elementId}"`);
        if (problem.line !== undefined) expect(problem.line).toBeGreaterThan(0);
        if (problem.line !== undefined) expect(problem.line).toBeLessThanOrEqual(lineCount);
      }
      if (result.problems.length === 0) expect(result.processId).not.toBeNull();
    });

    it('explains why typical reference models do not run here', async () => {
      const read = (file: string) => readFileSync(path.join(MIWG_DIR, file), 'utf8');

      expect(messages(await problemsOf(read('A.1.0.bpmn')))).toEqual([
        expect.stringMatching(/^No process is executable/),
      ]);
      expect(messages(await problemsOf(read('C.1.0.bpmn')))).toContain(
        'The namespace xmlns:camunda="http://activiti.org/bpmn" is the old Activiti one, whose attributes are not read: use http://camunda.org/schema/1.0/bpmn.',
      );
      expect(await problemsOf(read('C.9.1.bpmn'))).toContainEqual(
        expect.objectContaining({
          elementId: 'ReceiveTask_WaitForDocument',
          elementName: 'Wait for answer',
          message: 'A receive task is not executed: use an intermediate message catch event.',
        }),
      );
    });
  });
});
