/** Generated BPMN and page helpers for the designer's browser tests. */
import type { Page } from 'playwright-core';

/**
 * An executable process of `count` flow elements: a start event, user tasks in a row, an end
 * event, and the sequence flows between them (shapes and flows both count), laid out in rows.
 */
export function largeDiagramXml(count: number): string {
  const nodes = Math.floor((count + 1) / 2);
  const ids = Array.from({ length: nodes }, (_, i) =>
    i === 0 ? 'Start' : i === nodes - 1 ? 'End' : `Task_${i}`,
  );
  const perRow = 20;
  const at = (i: number) => ({ x: 100 + (i % perRow) * 160, y: 100 + Math.floor(i / perRow) * 140 });
  const process: string[] = [];
  const shapes: string[] = [];
  ids.forEach((id, i) => {
    const { x, y } = at(i);
    if (i === 0) process.push(`<startEvent id="${id}" />`);
    else if (i === nodes - 1) process.push(`<endEvent id="${id}" />`);
    else process.push(`<userTask id="${id}" name="Step ${i}" camunda:candidateGroups="executor" />`);
    const [w, h] = id.startsWith('Task') ? [100, 80] : [36, 36];
    shapes.push(
      `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`,
    );
  });
  for (let i = 0; i < nodes - 1; i++) {
    const id = `Flow_${i}`;
    process.push(`<sequenceFlow id="${id}" sourceRef="${ids[i]}" targetRef="${ids[i + 1]}" />`);
    const from = at(i);
    const to = at(i + 1);
    shapes.push(
      `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${from.x + 36}" y="${from.y + 18}" /><di:waypoint x="${to.x}" y="${to.y + 18}" /></bpmndi:BPMNEdge>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="LargeDefinitions" targetNamespace="https://kanceleja.eu/test">
  <process id="large-process" name="Large" isExecutable="true">
    ${process.join('\n    ')}
  </process>
  <bpmndi:BPMNDiagram id="LargeDiagram">
    <bpmndi:BPMNPlane id="LargePlane" bpmnElement="large-process">
      ${shapes.join('\n      ')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>`;
}

/** A small executable process: start → `task` → end, with the diagram laid out. */
export function singleTaskXml(processId: string, task: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_${processId}" targetNamespace="https://kanceleja.eu/test">
  <process id="${processId}" isExecutable="true">
    <startEvent id="Start" />
    <sequenceFlow id="ToTask" sourceRef="Start" targetRef="Task" />
    ${task}
    <sequenceFlow id="ToEnd" sourceRef="Task" targetRef="End" />
    <endEvent id="End" />
  </process>
  <bpmndi:BPMNDiagram id="Diagram_${processId}">
    <bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_di" bpmnElement="Task"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="ToTask_di" bpmnElement="ToTask"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="ToEnd_di" bpmnElement="ToEnd"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>`;
}

/** Hides the one console error every page has in headless Chromium: no /favicon.ico. */
export function withoutFaviconErrors(page: Page, errors: string[]): string[] {
  page.on('console', (message) => {
    if (message.location().url.endsWith('/favicon.ico')) errors.splice(errors.indexOf(message.text()), 1);
  });
  return errors;
}
