/**
 * What Kanceleja executes, element by element, and the readable reason for everything it refuses.
 * The allow-list is documented for designers in docs/processes.md: keep the two in step.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { checkExpression, isExpression } from '../expressions.js';
import { BUILT_IN_SERVICES, isServiceName } from '../services/serviceNames.js';
import { checkDueDate, checkTimerValue } from './isoTimer.js';
import { isFeelLanguage } from './normalizeModdle.js';
import { child, children, expressionBody, extensionValues, humanType, text } from './moddleAccess.js';

/** Reports one problem of one element. */
export type Report = (element: ModdleElement, message: string) => void;

const SERVICE_LIST = BUILT_IN_SERVICES.join(', ');

/** Flow elements that run, each checked below. */
const EXECUTED_TYPES = new Set([
  'bpmn:StartEvent',
  'bpmn:EndEvent',
  'bpmn:IntermediateCatchEvent',
  'bpmn:IntermediateThrowEvent',
  'bpmn:BoundaryEvent',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:Task',
  'bpmn:SubProcess',
  'bpmn:ExclusiveGateway',
  'bpmn:ParallelGateway',
  'bpmn:SequenceFlow',
]);

/** Drawn for the reader only; the engine passes them by. */
export const ARTIFACT_TYPES = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

const SCRIPT_REFUSAL = 'diagrams may not carry code';

/** Why a known BPMN element is refused, and what to draw instead. */
const REFUSALS: Record<string, string> = {
  'bpmn:ScriptTask': `A script task cannot run: ${SCRIPT_REFUSAL}. Use a service task that names a built-in service (${SERVICE_LIST}).`,
  'bpmn:ManualTask':
    'A manual task is not executed: use a user task, so that the step reaches someone’s inbox.',
  'bpmn:SendTask': 'A send task is not executed: use a service task with the built-in service "notify".',
  'bpmn:ReceiveTask': 'A receive task is not executed: use an intermediate message catch event.',
  'bpmn:BusinessRuleTask': 'A business rule task is not executed: use an exclusive gateway with conditions.',
  'bpmn:CallActivity':
    'A call activity is not executed: draw the steps in this process or in an embedded sub-process.',
  'bpmn:EventBasedGateway':
    'An event-based gateway is not executed: put boundary timer or message events on a user task.',
  'bpmn:InclusiveGateway': 'An inclusive gateway is not executed: use an exclusive or a parallel gateway.',
  'bpmn:ComplexGateway': 'A complex gateway is not executed: use an exclusive or a parallel gateway.',
  'bpmn:Transaction': 'A transaction sub-process is not executed: use an embedded sub-process.',
  'bpmn:AdHocSubProcess': 'An ad-hoc sub-process is not executed: use an embedded sub-process.',
  'bpmn:DataObject': 'Data objects are not executed: keep data in process variables.',
  'bpmn:DataObjectReference': 'Data objects are not executed: keep data in process variables.',
  'bpmn:DataStoreReference': 'Data stores are not executed: keep data in process variables.',
};

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'An' : 'A');

/** The refusal of an element type without a more specific hint. */
export function notExecuted(type: string): string {
  const kind = humanType(type);
  return `${article(kind)} ${kind} is an element Kanceleja does not execute.`;
}

/** `bpmn:TimerEventDefinition` → `timer`; `none` (no definition) → `plain`. */
const triggerName = (type: string): string =>
  type === 'none' ? 'plain' : humanType(type).replace(/ event definition$/, '');

/** The trigger each event type may have; `none` is an event without an event definition. */
const ALLOWED_TRIGGERS: Record<string, string[]> = {
  'bpmn:StartEvent': ['none', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  'bpmn:EndEvent': ['none', 'bpmn:TerminateEventDefinition'],
  'bpmn:IntermediateCatchEvent': ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  'bpmn:IntermediateThrowEvent': ['none'],
  'bpmn:BoundaryEvent': ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
};

/** Reports `problem` (from checkExpression) with the attribute it came from. */
function checkExpressionIn(element: ModdleElement, where: string, value: string, report: Report): void {
  const problem = checkExpression(value);
  if (problem) report(element, `${where}: ${problem}.`);
}

function checkTimer(event: ModdleElement, timer: ModdleElement, report: Report): void {
  const kinds = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((kind) => child(timer, kind));
  const [kind] = kinds;
  if (!kind) {
    report(event, 'The timer has no time: set a duration (such as PT4H), a date or a cycle.');
    return;
  }
  if (kinds.length > 1) report(event, 'The timer sets more than one of duration, date and cycle: keep one.');
  const value = expressionBody(child(timer, kind)) ?? '';
  if (isExpression(value)) {
    checkExpressionIn(event, `Timer ${kind}`, value, report);
    return;
  }
  const problem = checkTimerValue(kind, value);
  if (problem) report(event, `Timer ${kind}: ${problem}.`);
}

function checkMessage(event: ModdleElement, definition: ModdleElement, report: Report): void {
  const message = child(definition, 'messageRef');
  const name = message && text(message, 'name')?.trim();
  if (!message) {
    report(
      event,
      'The message event names no message: add a message with a name, which is what a correlation uses.',
    );
  } else if (message.$type !== 'bpmn:Message') {
    report(
      event,
      `The message event refers to ${shownId(message)}, which is ${article(humanType(message.$type)).toLowerCase()} ${humanType(message.$type)}, not a message.`,
    );
  } else if (!name) {
    report(event, `The message ${shownId(message)} has no name: a correlation finds the event by this name.`);
  } else if (isExpression(name)) {
    checkExpressionIn(event, 'Message name', name, report);
  }
}

function checkEvent(event: ModdleElement, inSubProcess: boolean, report: Report): void {
  const definitions = children(event, 'eventDefinitions');
  const allowed =
    inSubProcess && event.$type === 'bpmn:StartEvent' ? ['none'] : (ALLOWED_TRIGGERS[event.$type] ?? []);
  if (definitions.length > 1) {
    report(event, 'An event with several triggers is not executed: keep one trigger per event.');
    return;
  }
  const [definition] = definitions;
  const trigger = definition?.$type ?? 'none';
  if (!allowed.includes(trigger)) {
    const kind = triggerName(trigger);
    const choices = allowed.map(triggerName);
    const place = inSubProcess && event.$type === 'bpmn:StartEvent' ? ' inside a sub-process' : '';
    report(
      event,
      `${article(kind)} ${kind} ${humanType(event.$type)}${place} is not executed (allowed: ${choices.join(', ')}).`,
    );
    return;
  }
  if (definition?.$type === 'bpmn:TimerEventDefinition') checkTimer(event, definition, report);
  if (definition?.$type === 'bpmn:MessageEventDefinition') checkMessage(event, definition, report);
}

const hasExtension = (element: ModdleElement, prefix: string): boolean =>
  extensionValues(element).some((value) => value.$type.startsWith(prefix));

function checkUserTask(task: ModdleElement, report: Report): void {
  const assignee = text(task, 'assignee')?.trim();
  const candidateGroups = text(task, 'candidateGroups')?.trim();
  const candidateUsers = text(task, 'candidateUsers')?.trim();
  if (!assignee && !candidateGroups && !candidateUsers) {
    const hints = [
      hasExtension(task, 'zeebe:') && 'Camunda 8 zeebe:assignmentDefinition is not read',
      children(task, 'resources').length > 0 && 'BPMN potential owners are not read',
    ].filter(Boolean);
    report(
      task,
      `A user task needs camunda:assignee, camunda:candidateGroups or camunda:candidateUsers, so that it reaches someone’s inbox${hints.length ? ` (${hints.join('; ')})` : ''}.`,
    );
  }
  for (const [attribute, value] of [
    ['camunda:assignee', assignee],
    ['camunda:candidateGroups', candidateGroups],
    ['camunda:candidateUsers', candidateUsers],
    ['camunda:followUpDate', text(task, 'followUpDate')],
  ] as const) {
    if (value && isExpression(value)) checkExpressionIn(task, attribute, value, report);
  }
  const dueDate = text(task, 'dueDate')?.trim();
  if (dueDate) {
    if (isExpression(dueDate)) checkExpressionIn(task, 'camunda:dueDate', dueDate, report);
    else {
      const problem = checkDueDate(dueDate);
      if (problem) report(task, `camunda:dueDate: ${problem}.`);
    }
  }
  const priority = text(task, 'priority')?.trim();
  if (priority) {
    if (isExpression(priority)) checkExpressionIn(task, 'camunda:priority', priority, report);
    else if (!/^-?\d+$/.test(priority))
      report(task, `camunda:priority: "${priority}" is not a whole number.`);
  }
}

function checkServiceTask(task: ModdleElement, report: Report): void {
  const type = text(task, 'type');
  const topic = text(task, 'topic')?.trim();
  if (type === 'external' && topic) {
    if (isExpression(topic)) {
      report(
        task,
        `camunda:topic must name a built-in service plainly, not by an expression (${SERVICE_LIST}).`,
      );
    } else if (!isServiceName(topic)) {
      report(task, `The service "${topic}" is unknown: built-in services are ${SERVICE_LIST}.`);
    }
    return;
  }
  const java = ['class', 'delegateExpression', 'expression'].filter((attribute) => text(task, attribute));
  const hints = [
    java.length > 0 && `camunda:${java.join(', camunda:')} would run Java code and is not read`,
    hasExtension(task, 'zeebe:') && 'Camunda 8 zeebe:taskDefinition is not read',
  ].filter(Boolean);
  report(
    task,
    `A service task must name a built-in service with camunda:type="external" camunda:topic="…" (${SERVICE_LIST})${hints.length ? `; ${hints.join('; ')}` : ''}.`,
  );
}

function checkMultiInstance(activity: ModdleElement, loop: ModdleElement, report: Report): void {
  const collection = text(loop, 'collection')?.trim();
  const cardinality = expressionBody(child(loop, 'loopCardinality'))?.trim();
  if (!collection && !cardinality) {
    report(
      activity,
      'A multi-instance activity needs camunda:collection (such as =executors) with camunda:elementVariable, or a loop cardinality.',
    );
  }
  if (collection) {
    if (isExpression(collection)) checkExpressionIn(activity, 'camunda:collection', collection, report);
    else
      report(
        activity,
        `camunda:collection "${collection}" is plain text: write an expression such as =${collection}.`,
      );
  }
  if (cardinality) {
    if (isExpression(cardinality)) checkExpressionIn(activity, 'Loop cardinality', cardinality, report);
    else if (!/^\d+$/.test(cardinality))
      report(activity, `Loop cardinality "${cardinality}" is not a whole number.`);
  }
  const completion = child(loop, 'completionCondition');
  if (completion) checkCondition(activity, completion, 'Completion condition', report);
}

/** A condition must be an expression of ours: plain text would always be true, a script is code. */
export function checkCondition(
  element: ModdleElement,
  condition: ModdleElement,
  what: string,
  report: Report,
): void {
  const language = text(condition, 'language');
  if (language && isFeelLanguage(language)) {
    // FEEL is what runs: the body is FEEL as if written after "=" (see normalizeModdle.ts).
    const feel = expressionBody(condition)?.trim() ?? '';
    if (feel === '') report(element, `${what} is empty.`);
    else checkExpressionIn(element, what, feel.startsWith('=') ? feel : `=${feel}`, report);
    return;
  }
  if (language) {
    report(
      element,
      `${what} in the script language "${language}" cannot run: ${SCRIPT_REFUSAL}. Write the condition in FEEL after "=" instead.`,
    );
    return;
  }
  const body = expressionBody(condition)?.trim() ?? '';
  if (body === '') report(element, `${what} is empty.`);
  else if (!isExpression(body)) {
    report(
      element,
      `${what} "${body}" is plain text, which would always count as true: write FEEL after "=" (such as =decision = "approve") or \${...}.`,
    );
  } else checkExpressionIn(element, what, body, report);
}

function checkActivity(activity: ModdleElement, report: Report): void {
  const loop = child(activity, 'loopCharacteristics');
  if (loop?.$type === 'bpmn:StandardLoopCharacteristics') {
    report(activity, 'A loop marker is not executed: use a multi-instance activity over a collection.');
  } else if (loop) checkMultiInstance(activity, loop, report);
  const dataMapping =
    child(activity, 'ioSpecification') ||
    children(activity, 'dataInputAssociations').length > 0 ||
    children(activity, 'dataOutputAssociations').length > 0;
  if (dataMapping)
    report(activity, 'Data inputs and outputs are not executed: keep data in process variables.');
  if (activity.isForCompensation === true) report(activity, 'Compensation is not executed.');
}

/**
 * A service task's `camunda:inputParameter`s are the arguments of its built-in service: text or an
 * expression each. Lists, maps and output mappings are not read.
 */
function checkServiceInputs(task: ModdleElement, inputOutput: ModdleElement, report: Report): void {
  for (const parameter of children(inputOutput, 'inputParameters')) {
    const name = text(parameter, 'name') ?? '';
    const definition = child(parameter, 'definition');
    if (definition) {
      report(
        task,
        `camunda:inputParameter "${name}": only text or an expression is read, not ${definition.$type}.`,
      );
      continue;
    }
    const value = text(parameter, 'value');
    if (value && isExpression(value))
      checkExpressionIn(task, `camunda:inputParameter "${name}"`, value, report);
  }
  if (children(inputOutput, 'outputParameters').length > 0) {
    report(task, 'camunda:outputParameter is not read: a service’s result goes into the process variables.');
  }
}

/**
 * Camunda extension elements: forms, properties and a service task's input parameters are read;
 * listeners, scripts and everything else are refused.
 */
export function checkExtensions(element: ModdleElement, report: Report): void {
  for (const value of extensionValues(element)) {
    const type = value.$type;
    if (!type.startsWith('camunda:')) continue;
    if (type === 'camunda:Properties' || type === 'camunda:FormData') continue;
    const hasScript =
      type === 'camunda:Script' ||
      child(value, 'script')?.$type === 'camunda:Script' ||
      [...children(value, 'inputParameters'), ...children(value, 'outputParameters')].some(
        (parameter) => child(parameter, 'definition')?.$type === 'camunda:Script',
      );
    if (hasScript) report(element, `A camunda:script cannot run: ${SCRIPT_REFUSAL}.`);
    else if (type === 'camunda:InputOutput' && element.$type === 'bpmn:ServiceTask') {
      checkServiceInputs(element, value, report);
    } else if (type === 'camunda:ExecutionListener' || type === 'camunda:TaskListener') {
      report(
        element,
        `${type.replace('camunda:', 'A camunda:')} is not executed: use a service task instead.`,
      );
    } else report(element, `${type} is not executed by Kanceleja.`);
  }
}

export interface ElementContext {
  inSubProcess: boolean;
  /** The sequence flows of the element's scope, to find a gateway's outgoing flows. */
  flows: ModdleElement[];
  /** The flow elements of the element's scope: what its references may point to. */
  elements?: Set<ModdleElement>;
}

const ACTIVITY_TYPES = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:Task', 'bpmn:SubProcess']);

/** `"Task_1", a user task in another process` – why a reference does not lead where it should. */
/** An element's id for a message: quoted, or said to be missing (an empty `id=""` reads as none). */
export function shownId(element: ModdleElement): string {
  return typeof element.id === 'string' && element.id !== '' ? `"${element.id}"` : '(without an id)';
}

function describeTarget(target: ModdleElement, elements: Set<ModdleElement> | undefined): string {
  const kind = humanType(target.$type);
  const place = elements && !elements.has(target) ? ' outside this process or sub-process' : '';
  return `${shownId(target)}, ${article(kind).toLowerCase()} ${kind}${place}`;
}

/** Checks one flow element (not recursing into sub-processes). */
export function checkElement(element: ModdleElement, context: ElementContext, report: Report): void {
  const type = element.$type;
  if (!EXECUTED_TYPES.has(type)) {
    report(element, REFUSALS[type] ?? notExecuted(type));
    return;
  }
  checkExtensions(element, report);
  if (type in ALLOWED_TRIGGERS) checkEvent(element, context.inSubProcess, report);
  const attachedTo = child(element, 'attachedToRef');
  if (type === 'bpmn:BoundaryEvent' && !attachedTo) {
    report(element, 'The boundary event is not attached to an activity.');
  } else if (
    type === 'bpmn:BoundaryEvent' &&
    attachedTo &&
    (!ACTIVITY_TYPES.has(attachedTo.$type) || (context.elements && !context.elements.has(attachedTo)))
  ) {
    report(
      element,
      `The boundary event is attached to ${describeTarget(attachedTo, context.elements)}: attach it to a task or sub-process of its own process.`,
    );
  }
  if (type === 'bpmn:UserTask') checkUserTask(element, report);
  if (type === 'bpmn:ServiceTask') checkServiceTask(element, report);
  if (
    type === 'bpmn:UserTask' ||
    type === 'bpmn:ServiceTask' ||
    type === 'bpmn:Task' ||
    type === 'bpmn:SubProcess'
  ) {
    checkActivity(element, report);
  }
  if (type === 'bpmn:SubProcess' && element.triggeredByEvent === true) {
    report(element, 'An event sub-process is not executed: use boundary events on the activity instead.');
  }
  if (type === 'bpmn:SequenceFlow') checkSequenceFlow(element, context, report);
  if (type === 'bpmn:ExclusiveGateway') checkExclusiveGateway(element, context.flows, report);
}

function checkSequenceFlow(flow: ModdleElement, context: ElementContext, report: Report): void {
  const source = child(flow, 'sourceRef');
  const target = child(flow, 'targetRef');
  if (!source || !target) report(flow, 'The sequence flow is not connected at both ends.');
  for (const [end, element] of [
    ['starts at', source],
    ['leads to', target],
  ] as const) {
    if (!element) continue;
    // An element of the scope that does not run is reported on its own; a flow must not end elsewhere.
    const outside = context.elements ? !context.elements.has(element) : false;
    if (outside || element.$type === 'bpmn:SequenceFlow') {
      report(
        flow,
        `The sequence flow ${end} ${describeTarget(element, context.elements)}: connect it to an element of its own process or sub-process.`,
      );
    }
  }
  const condition = child(flow, 'conditionExpression');
  if (!condition) return;
  if (source?.$type === 'bpmn:ParallelGateway') {
    report(
      flow,
      'A condition on a flow leaving a parallel gateway is ignored by BPMN: remove it or use an exclusive gateway.',
    );
    return;
  }
  checkCondition(flow, condition, 'Condition', report);
}

function checkExclusiveGateway(gateway: ModdleElement, flows: ModdleElement[], report: Report): void {
  const outgoing = flows.filter((flow) => child(flow, 'sourceRef') === gateway);
  const defaultFlow = child(gateway, 'default');
  if (defaultFlow && !outgoing.includes(defaultFlow)) {
    report(
      gateway,
      `The default flow ${describeTarget(defaultFlow, undefined)}, does not leave this gateway: mark one of its outgoing flows as default.`,
    );
  }
  for (const flow of outgoing.length < 2 ? [] : outgoing) {
    if (flow !== defaultFlow && !child(flow, 'conditionExpression')) {
      report(
        gateway,
        `The outgoing flow ${shownId(flow)} has no condition and is not the default flow: add a condition or mark it as default.`,
      );
    }
  }
}

/** Checks a process or sub-process and everything in it: the deployment and the editor's lint walk the same way. */
export function checkScope(scope: ModdleElement, inSubProcess: boolean, report: Report): void {
  const flowElements = children(scope, 'flowElements');
  const flows = flowElements.filter((element) => element.$type === 'bpmn:SequenceFlow');
  if (!flowElements.some((element) => element.$type === 'bpmn:StartEvent')) {
    report(scope, `The ${inSubProcess ? 'sub-process' : 'process'} has no start event.`);
  }
  const elements = new Set(flowElements);
  for (const element of flowElements) {
    if (typeof element.id !== 'string' || element.id.trim() === '') {
      report(
        element,
        `${article(humanType(element.$type))} ${humanType(element.$type)} has no id: give every element one.`,
      );
    }
    checkElement(element, { inSubProcess, flows, elements }, report);
    if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent !== true)
      checkScope(element, true, report);
  }
  for (const artifact of children(scope, 'artifacts')) {
    if (!ARTIFACT_TYPES.has(artifact.$type)) {
      report(artifact, notExecuted(artifact.$type));
    }
  }
}
