/** Small BPMN documents for deployment tests: one executable process around the given body. */

export const BPMN_HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
             id="Definitions_1" targetNamespace="http://kanceleja.example/test">`;

/** A document whose executable process `key` holds `body`; `outside` goes next to the process. */
export function processXml(
  body: string,
  options: { key?: string; name?: string; outside?: string } = {},
): string {
  const key = options.key ?? 'incoming_letter';
  const name = options.name ?? 'Incoming letter';
  return `${BPMN_HEADER}
  <process id="${key}" name="${name}" isExecutable="true">
${body}
  </process>
${options.outside ?? ''}
</definitions>
`;
}

/** start → `task` → end, with `task` given as XML whose element id is `Task_1`. */
export function aroundTask(task: string, options?: Parameters<typeof processXml>[1]): string {
  return processXml(
    `    <startEvent id="Start_1" />
    <sequenceFlow id="Flow_1" sourceRef="Start_1" targetRef="Task_1" />
    ${task}
    <sequenceFlow id="Flow_2" sourceRef="Task_1" targetRef="End_1" />
    <endEvent id="End_1" />`,
    options,
  );
}

/** A valid process: one user task for the registry clerks. */
export const simpleProcess = (options?: Parameters<typeof processXml>[1]): string =>
  aroundTask('<userTask id="Task_1" name="Register letter" camunda:candidateGroups="registrar" />', options);
