import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SHIPPED_PROCESSES_DIR } from '../../../engine/workflow/deployment/deployShippedProcesses.js';
import { compareDefinitions } from '../../../engine/workflow/designer/compareDefinitions.js';

const shipped = () => readFile(path.join(SHIPPED_PROCESSES_DIR, 'incoming-correspondence.bpmn'), 'utf8');

describe('comparing two versions of a process', () => {
  it('finds nothing changed when shapes were only moved', async () => {
    // given
    const xml = await shipped();
    const moved = xml.replace(
      /(<dc:Bounds x=")(\d+)/g,
      (_, prefix: string, x: string) => `${prefix}${Number(x) + 40}`,
    );

    // when
    const comparison = await compareDefinitions(xml, moved);

    // then
    expect(moved).not.toBe(xml);
    expect(comparison).toEqual({ added: [], removed: [], changed: [] });
  });

  it('says what changed in attributes, camunda attributes, conditions and service inputs', async () => {
    // given
    const xml = await shipped();
    const edited = xml
      .replace(
        'camunda:candidateGroups="head" camunda:formKey="resolution" camunda:dueDate="P2D"',
        'camunda:candidateGroups="dept_head:BUV" camunda:formKey="resolution" camunda:dueDate="P3D"',
      )
      .replace('=decision = "for_information"', '=decision = "info"')
      .replace(
        '<camunda:inputParameter name="status">filed</camunda:inputParameter>',
        '<camunda:inputParameter name="status">archived</camunda:inputParameter>',
      );

    // when
    const { changed } = await compareDefinitions(xml, edited);

    // then
    expect(changed).toEqual([
      {
        id: 'Resolution',
        name: 'Rezolūcija',
        type: 'bpmn:UserTask',
        changes: ['candidateGroups: head → dept_head:BUV', 'dueDate: P2D → P3D'],
      },
      {
        id: 'Flow_ForInformation',
        name: expect.any(String),
        type: 'bpmn:SequenceFlow',
        changes: ['conditionExpression.body: =decision = "for_information" → =decision = "info"'],
      },
      {
        id: 'MarkFiled',
        name: 'Lietā',
        type: 'bpmn:ServiceTask',
        changes: ['extensionElements.values[1].inputParameters[0].value: filed → archived'],
      },
    ]);
  });

  it('lists added and removed elements with their names and types, and a rewired flow as changed', async () => {
    // given
    const from = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <process id="p" isExecutable="true">
    <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait" name="Nogaidīt"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="end" /><endEvent id="end" />
  </process>
</definitions>`;
    const to = from
      .replace('<timeDuration>PT1H</timeDuration>', '<timeDuration>PT2H</timeDuration>')
      .replace(
        'targetRef="end" /><endEvent id="end" />',
        'targetRef="done" /><endEvent id="done" name="Beigas" />',
      );

    // when
    const comparison = await compareDefinitions(from, to);

    // then
    expect(comparison.added).toEqual([{ id: 'done', name: 'Beigas', type: 'bpmn:EndEvent' }]);
    expect(comparison.removed).toEqual([{ id: 'end', name: null, type: 'bpmn:EndEvent' }]);
    expect(comparison.changed).toEqual([
      {
        id: 'wait',
        name: 'Nogaidīt',
        type: 'bpmn:IntermediateCatchEvent',
        changes: ['eventDefinitions[0].timeDuration.body: PT1H → PT2H'],
      },
      { id: 'f2', name: null, type: 'bpmn:SequenceFlow', changes: ['targetRef: end → done'] },
    ]);
  });
});
