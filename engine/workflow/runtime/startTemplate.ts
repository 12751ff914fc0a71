/**
 * Start templates: the state a new instance rests in after its start, taken once from a real
 * bpmn-engine start and then stamped for each new instance, so that a start does not run the engine
 * when nothing between the start event and the first user tasks depends on the instance.
 *
 * Why: a registration starts its register's process inside the registering transaction, while the
 * register's counter row is locked. Running bpmn-engine there costs ~4 ms of CPU and most of the
 * garbage the registration makes (every element of the definition gets its own message broker),
 * which capped registrations at a fraction of what the database can take.
 *
 * When a template is used: the engine reaches its first rest without calling a service, setting a
 * timer or waiting for a message; the activities it passed are plain start events and user tasks
 * (no loops, no listeners or input/output mappings, nothing attached to them); the flows it took
 * have no conditions; and the state it left holds the start's variables only as whole values (a
 * variable copied into a longer text would differ per instance). Otherwise — and for a start that
 * fires a timer start event — the engine runs as always (`templateStart` returns null).
 *
 * What differs per instance is put back when a template is stamped: the execution ids (fresh random
 * ones, as the engine makes), the variables (sentinel values in the template) and the user tasks'
 * attributes (assignee, due date…), evaluated against the instance's own variables and clock by the
 * same function the engine's extension calls. test/workflow/runtime/startTemplate.test.ts holds a
 * stamped start equal to an engine start for the shipped processes.
 */
import { randomBytes } from 'node:crypto';
import type { SerializableContext } from 'moddle-context-serializer';
import { getParsedDefinition } from '../deployment/definitionCache.js';
import type { JsonObject } from '../../store/workflowPorts.js';
import {
  EngineSession,
  type RunnableDefinition,
  type SessionSnapshot,
  type StepEvent,
  type WaitingTask,
} from './engineSession.js';
import { evaluateTaskAttributes, type TaskAttributes } from './taskAttributes.js';

interface TemplateTask {
  elementId: string;
  executionId: string;
  name: string;
  behaviour: Record<string, unknown>;
}

interface StartTemplate {
  /** JSON of { state, events, tasks } with sentinels for ids, variables and task attributes. */
  text: string;
  /** Random parts of the template's execution ids, replaced by fresh ones in every stamp. */
  idTokens: string[];
  /** `"sentinel"` of each variable, in `keys` order. */
  variableTokens: string[];
  keys: string[];
  tasks: TemplateTask[];
  /** `"sentinel"` of each task's attributes, in `tasks` order. */
  attributeTokens: string[];
}

interface Stamped {
  state: JsonObject;
  events: StepEvent[];
  tasks: Array<Pick<WaitingTask, 'elementId' | 'executionId' | 'name'>>;
}

/** The clock of a template's start: a moment no real start has, so that a state holding it is seen. */
const TEMPLATE_INSTANT = new Date('2001-02-03T04:05:06.789Z');
const TEMPLATE_INSTANT_TRACES = ['2001-02-03', String(TEMPLATE_INSTANT.getTime()).slice(0, 9)];
/** Run message parts and environment members an expression may read besides variables: they vary. */
const RUN_MESSAGE_NAMES = /\b(content|fields|properties|services|settings|output)\b/;
/** Extension elements of a passed activity that change nothing at run time. */
const INERT_EXTENSIONS = new Set(['camunda:Properties']);
const TEMPLATE_LIMIT = 64;
const WALL_CLOCK_TOKEN = '"⟦kanceleja:wall-clock⟧"';

const templates = new Map<string, Promise<StartTemplate | null>>();
let enabled = true;

/** Off: every start runs the engine (benchmarks compare both; tests compare the two results). */
export function configureStartTemplates(options: { enabled: boolean }): void {
  enabled = options.enabled;
  templates.clear();
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const replaceAll = (text: string, token: string, value: string): string => text.split(token).join(value);

const count = (text: string, token: string): number => text.split(token).length - 1;

/**
 * The snapshot of a new instance of `definition` started with `variables`, stamped from the
 * definition's template; null when the start must run the engine.
 */
export async function templateStart(
  definition: RunnableDefinition,
  variables: JsonObject,
  now: Date,
  timeZone: string | undefined,
): Promise<SessionSnapshot | null> {
  if (!enabled) return null;
  const values = JSON.parse(JSON.stringify(variables)) as JsonObject;
  const keys = Object.keys(values);
  const template = await templateFor(definition, keys, timeZone);
  return template ? stamp(template, values, now, timeZone) : null;
}

function templateFor(
  definition: RunnableDefinition,
  keys: string[],
  timeZone: string | undefined,
): Promise<StartTemplate | null> {
  const cacheKey = `${definition.hash}\n${timeZone ?? ''}\n${keys.join('\n')}`;
  let template = templates.get(cacheKey);
  if (!template) {
    if (templates.size >= TEMPLATE_LIMIT) templates.clear();
    template = buildTemplate(definition, keys, timeZone).catch(() => null);
    templates.set(cacheKey, template);
  }
  return template;
}

async function buildTemplate(
  definition: RunnableDefinition,
  keys: string[],
  timeZone: string | undefined,
): Promise<StartTemplate | null> {
  const { sourceContext } = await getParsedDefinition(definition.hash, definition.xml);
  const marker = randomBytes(6).toString('hex');
  const sentinels = keys.map((_, index) => `⟦kanceleja:${marker}:var:${index}⟧`);
  const sentinelVariables: JsonObject = {};
  for (const [index, key] of keys.entries()) sentinelVariables[key] = sentinels[index] ?? null;
  let calledService = false;
  const session = await EngineSession.start(
    {
      definition,
      clock: { now: () => TEMPLATE_INSTANT },
      timeZone,
      invokeService: () => {
        calledService = true;
        return Promise.reject(new Error('a service at the start: no template'));
      },
    },
    sentinelVariables,
  );
  const snapshot = await session.snapshot();
  if (
    calledService ||
    snapshot.status !== 'running' ||
    snapshot.failure ||
    snapshot.timers.length > 0 ||
    snapshot.messages.length > 0 ||
    snapshot.tasks.length === 0 ||
    snapshot.tasks.some((task) => task.loopItem !== null) ||
    JSON.stringify(snapshot.variables) !== JSON.stringify(sentinelVariables)
  ) {
    return null;
  }
  const passed = [...new Set(snapshot.events.map((event) => event.elementId))];
  if (!passesPlainly(sourceContext, passed)) return null;

  const tasks: TemplateTask[] = [];
  for (const task of snapshot.tasks) {
    const behaviour = activityOf(sourceContext, task.elementId)?.behaviour;
    if (!isRecord(behaviour)) return null;
    tasks.push({ elementId: task.elementId, executionId: task.executionId, name: task.name, behaviour });
  }
  let text = JSON.stringify({
    state: snapshot.state,
    events: snapshot.events,
    tasks: tasks.map(({ elementId, executionId, name }) => ({ elementId, executionId, name })),
  });
  const attributeTokens: string[] = [];
  for (const [index, task] of snapshot.tasks.entries()) {
    const published = JSON.stringify(task.attributes());
    const token = JSON.stringify(`⟦kanceleja:${marker}:task:${index}⟧`);
    if (!text.includes(published)) return null;
    text = replaceAll(text, published, token);
    attributeTokens.push(token);
  }
  // The broker stamps its messages with the wall clock (bookkeeping only): stamps get their own.
  text = text.replace(/"timestamp":\d+/g, `"timestamp":${WALL_CLOCK_TOKEN}`);
  if (TEMPLATE_INSTANT_TRACES.some((trace) => text.includes(trace))) return null;
  const variableTokens = sentinels.map((sentinel) => JSON.stringify(sentinel));
  for (const [index, sentinel] of sentinels.entries()) {
    // Only whole values can be replaced: a sentinel inside a longer text was computed from.
    if (count(text, sentinel) !== count(text, variableTokens[index] ?? '')) return null;
  }
  const idTokens = executionIdTokens(snapshot.state, definition.xml);
  if (!idTokens) return null;
  return { text, idTokens, variableTokens, keys, tasks, attributeTokens };
}

/** The activity `id` of the definition's context (the same behaviour the engine's activity has). */
function activityOf(
  context: SerializableContext,
  id: string,
): { type: string; behaviour?: Record<string, unknown> } | undefined {
  return (
    context as unknown as { getActivityById(id: string): ReturnType<typeof activityOf> }
  ).getActivityById(id);
}

interface ContextView {
  getProcesses(): Array<{ id: string; behaviour?: Record<string, unknown> }>;
  getActivities(scopeId?: string): Array<{ id: string; type: string; behaviour?: Record<string, unknown> }>;
  getOutboundSequenceFlows(id: string): Array<{ behaviour?: Record<string, unknown> }>;
}

/** Whether the start passed only plain start events and user tasks, on unconditional flows. */
function passesPlainly(sourceContext: SerializableContext, passed: string[]): boolean {
  const context = sourceContext as unknown as ContextView;
  const processes = context.getProcesses();
  if (processes.some((process) => hasLiveExtensions(process.behaviour))) return false;
  const activities = context.getActivities();
  // An event sub-process may start on its own trigger; a boundary event acts on its activity.
  if (activities.some((activity) => activity.behaviour?.triggeredByEvent === true)) return false;
  const attachedTo = new Set(
    activities
      .map((activity) => activity.behaviour?.attachedTo)
      .filter(isRecord)
      .map((target) => target.id),
  );
  for (const id of passed) {
    const activity = activityOf(sourceContext, id);
    const behaviour = activity?.behaviour;
    if (!activity || !behaviour || attachedTo.has(id) || hasLiveExtensions(behaviour)) return false;
    if (activity.type === 'bpmn:StartEvent') {
      if (Array.isArray(behaviour.eventDefinitions) && behaviour.eventDefinitions.length > 0) return false;
    } else if (activity.type === 'bpmn:UserTask') {
      if (behaviour.loopCharacteristics) return false;
      const expressions = Object.values(behaviour).filter((value) => typeof value === 'string');
      if (expressions.some((value) => RUN_MESSAGE_NAMES.test(value))) return false;
    } else {
      return false;
    }
    const flows = context.getOutboundSequenceFlows(id);
    if (flows.some((flow) => flow.behaviour?.conditionExpression !== undefined)) return false;
  }
  return true;
}

function hasLiveExtensions(behaviour: Record<string, unknown> | undefined): boolean {
  const extensions = behaviour?.extensionElements;
  if (!isRecord(extensions)) return false;
  const values = Array.isArray(extensions.values) ? extensions.values : [];
  return values.some((value) => !isRecord(value) || !INERT_EXTENSIONS.has(String(value.$type)));
}

/**
 * The random parts of the state's execution ids (`<element>_<random>`, see bpmn-elements'
 * getUniqueId); null when one is too short to be told from other text, or occurs in the definition.
 */
function executionIdTokens(state: JsonObject, xml: string): string[] | null {
  const tokens = new Set<string>();
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string' && /executionId$/i.test(key)) {
      const token = value.slice(value.lastIndexOf('_') + 1);
      tokens.add(token);
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
    } else if (isRecord(value)) {
      for (const [name, item] of Object.entries(value)) visit(item, name);
    }
  };
  visit(state, '');
  for (const token of tokens) if (!/^[0-9a-f]{6,}$/.test(token) || xml.includes(token)) return null;
  return [...tokens];
}

function freshToken(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

function stamp(
  template: StartTemplate,
  values: JsonObject,
  now: Date,
  timeZone: string | undefined,
): SessionSnapshot {
  let text = template.text;
  for (const token of template.idTokens) text = replaceAll(text, token, freshToken(token.length));
  text = replaceAll(text, WALL_CLOCK_TOKEN, String(Date.now()));
  const tasks: WaitingTask[] = [];
  let failure: SessionSnapshot['failure'] = null;
  for (const [index, task] of template.tasks.entries()) {
    let attributes: TaskAttributes | null = null;
    try {
      // As the engine's extension evaluates them on `enter`: the instance's variables, its clock.
      attributes = evaluateTaskAttributes(
        { behaviour: task.behaviour, environment: { variables: { ...values } } },
        {},
        now,
        timeZone,
      );
    } catch (error) {
      failure ??= {
        elementId: task.elementId,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    text = replaceAll(text, template.attributeTokens[index] ?? '', JSON.stringify(attributes));
    const published = attributes;
    tasks.push({
      elementId: task.elementId,
      executionId: '',
      name: task.name,
      attributes: () => published as TaskAttributes,
      loopItem: null,
    });
  }
  for (const [index, key] of template.keys.entries()) {
    text = replaceAll(text, template.variableTokens[index] ?? '', JSON.stringify(values[key] ?? null));
  }
  const stamped = JSON.parse(text) as Stamped;
  for (const [index, task] of stamped.tasks.entries()) {
    const waiting = tasks[index];
    if (waiting) waiting.executionId = task.executionId;
  }
  return {
    status: failure ? 'failed' : 'running',
    state: stamped.state,
    variables: values,
    tasks,
    timers: [],
    messages: [],
    firedTimers: [],
    events: stamped.events,
    failure,
    hadTimers: false,
    hadMessageWaits: false,
  };
}
