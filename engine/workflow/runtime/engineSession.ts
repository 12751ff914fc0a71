/**
 * One bpmn-engine Engine for one step of one instance: constructed fresh (from XML or a parsed
 * definition) and started, or recovered from a stored state and resumed. It observes what the
 * engine does during the step (activities, waiting tasks, timers, message waits, failures) and
 * hands the step a snapshot once the engine rests. It holds no database handle.
 */
import { type BpmnEngineOptions, Engine } from 'bpmn-engine';
import type { SerializableContext } from 'moddle-context-serializer';
import type { Clock } from '../../context.js';
import type { JsonValue } from '../../store/ports.js';
import type { JsonObject } from '../../store/workflowPorts.js';
import { getParsedDefinition } from '../deployment/definitionCache.js';
import { bpmnExpressions, camundaModdle } from '../expressions.js';
import { type ServiceInvoker, serviceTaskExtension } from './serviceTasks.js';
import {
  type ExtendedActivity,
  evaluateTaskAttributes,
  TASK_ATTRIBUTES_KEY,
  type TaskAttributes,
  taskAttributesExtension,
} from './taskAttributes.js';
import { type ActiveTimer, TimerRecorder } from './timerRecorder.js';

/** The definition a session runs: what the deployment stored. */
export interface RunnableDefinition {
  id: string;
  key: string;
  version: number;
  /** SHA-256 of `xml`: the key of the parsed-definition cache. */
  hash: string;
  xml: string;
}

export interface WaitingTask {
  elementId: string;
  executionId: string;
  name: string;
  /**
   * The task's attributes. Evaluated on demand for multi-instance iterations (they have no `enter`
   * of their own), and only for tasks new in this step: throws ExpressionError when one fails.
   */
  attributes(): TaskAttributes;
  /** The multi-instance element variable(s) of this iteration, or null. */
  loopItem: JsonObject | null;
}

export interface MessageWait {
  elementId: string;
  executionId: string;
  messageRef: string;
  messageName: string;
}

/** Something the engine did during the step, for the instance history. */
export interface StepEvent {
  type: 'activity.started' | 'activity.completed' | 'timer.fired';
  elementId: string;
  details: JsonObject;
}

export interface StepFailure {
  elementId: string | null;
  message: string;
}

export interface SessionSnapshot {
  status: 'running' | 'completed' | 'failed';
  state: JsonObject;
  variables: JsonObject;
  tasks: WaitingTask[];
  timers: ActiveTimer[];
  messages: MessageWait[];
  /** Execution ids of the timers that fired during the step. */
  firedTimers: string[];
  events: StepEvent[];
  failure: StepFailure | null;
  /**
   * Whether the instance had timers or message waits when the step began (as stored): when it had
   * none and has none, the step need not touch those rows.
   */
  hadTimers: boolean;
  hadMessageWaits: boolean;
}

export interface SessionOptions {
  definition: RunnableDefinition;
  clock: Clock;
  invokeService: ServiceInvoker;
  /** The institution's time zone: a due date given as a calendar date ends at midnight there. */
  timeZone?: string;
}

interface BrokerMessage {
  content?: Record<string, unknown>;
}

/**
 * What one step may do before it is stopped: a diagram whose flow loops without ever waiting (a
 * gateway leading back to a plain task while its condition stays true) must not hold the server.
 * bpmn-engine runs such a loop synchronously, deeper and deeper, until the call stack overflows.
 */
export interface StepBudget {
  /** Activities (tasks, gateways, events) entered in one step. */
  activities: number;
  /** Wall time of one step's engine work, in milliseconds. */
  milliseconds: number;
  /**
   * After this many activities entered in a row, the engine pauses its next activity until the
   * event loop has served other work, and continues on a fresh call stack.
   */
  yieldEvery: number;
}

export const DEFAULT_STEP_BUDGET: StepBudget = { activities: 300, milliseconds: 10_000, yieldEvery: 3 };
let stepBudget: StepBudget = DEFAULT_STEP_BUDGET;

/** Changes the step budget (tests, and an installation with unusual processes). */
export function configureStepBudget(budget: Partial<StepBudget>): void {
  stepBudget = { ...stepBudget, ...budget };
}

/** Format routing keys of the pause: the formatter waits for the end key before the activity runs on. */
const PAUSE_KEY = 'run.format.kanceleja-pause';
const PAUSE_END_KEY = 'run.format.kanceleja-pause.end';

/** Scripts are never run: a script task fails (deployment refuses them before that). */
const noScripts = {
  register: () => undefined,
  getScript: () => undefined,
};

const RUN_MESSAGE_KEYS = ['fields', 'content', 'properties'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Plain JSON copy: what the engine keeps in memory may hold Dates and class instances. */
const toJson = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

async function parsedContext(definition: RunnableDefinition): Promise<SerializableContext> {
  return (await getParsedDefinition(definition.hash, definition.xml)).sourceContext;
}

/**
 * The state without the serialized definition bpmn-engine copies into it (~4 KB per instance):
 * the definition is stored once, and `recover()` takes it from the cached `sourceContext`.
 */
function withoutSource(state: JsonObject): JsonObject {
  const definitions = state.definitions;
  if (!Array.isArray(definitions)) return toJson(state);
  // Dropped before the JSON copy, so that the serialized definition is not copied only to be deleted.
  const stripped = definitions.map((definition) => {
    if (!isRecord(definition)) return definition;
    const { source: _source, ...rest } = definition;
    return rest;
  });
  return toJson({ ...state, definitions: stripped } as JsonObject);
}

const endsWithin = (executionId: string, ended: string) =>
  executionId === ended || executionId.startsWith(`${ended}_`);

/** Kanceleja keeps its own history; the engine's debug output is not needed. */
function silentLogger() {
  const ignore = () => {};
  return { debug: ignore, error: ignore, warn: ignore };
}

export class EngineSession {
  private readonly timerRecorder: TimerRecorder;
  private readonly engine: Engine;
  private readonly waitingTasks = new Map<string, WaitingTask>();
  private readonly messageWaits = new Map<string, MessageWait>();
  /** The execution ids of the scopes (sub-processes) each wait lies in: a scope's end ends its waits. */
  private readonly waitScopes = new Map<string, string[]>();
  private firedTimers: string[] = [];
  private events: StepEvent[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private failure: StepFailure | null = null;
  private hadTimers = false;
  private hadMessageWaits = false;
  private ended = false;
  /** False while a recovered engine replays its waits: those are not news for the history. */
  private recording = true;
  /** Activities entered during the current step, by element id; and when the step began. */
  private entered = new Map<string, number>();
  private enteredCount = 0;
  private sinceYield = 0;
  private stepStartedAt = performance.now();
  private overBudget = false;
  /** When set, the only top-level start event that runs (a message start); the others are discarded. */
  private startAt: string | null = null;

  private constructor(
    private options: SessionOptions,
    sourceContext: SerializableContext,
  ) {
    // Clock and services are read through `this.options` at the moment of use: a hot session is
    // re-bound to each new step (see beginStep).
    const clock: Clock = { now: () => this.options.clock.now() };
    this.timerRecorder = new TimerRecorder(clock);
    const invoke: ServiceInvoker = (invocation) => {
      const call = this.options.invokeService(invocation);
      this.pending.add(call);
      void call.finally(() => this.pending.delete(call)).catch(() => undefined);
      return call;
    };
    // bpmn-elements types its hooks loosely (CallableFunction, ElementBase); ours are narrower
    // views of the same objects, so the options are handed over as the engine's own type.
    const engineOptions: Record<string, unknown> = {
      name: options.definition.key,
      sourceContext,
      moddleOptions: { camunda: camundaModdle },
      expressions: bpmnExpressions,
      scripts: noScripts,
      timers: this.timerRecorder,
      // Read by ClockedTimerEventDefinition: timers fall due by the use case's clock.
      services: { kancelejaNow: () => clock.now() },
      // bpmn-engine's default logger builds a `debug` logger (probing the terminal) per element and step.
      Logger: silentLogger,
      extensions: {
        kancelejaTaskAttributes: taskAttributesExtension(clock, options.timeZone, (elementId, error) =>
          this.fail(elementId, error),
        ),
        kancelejaServiceTasks: serviceTaskExtension(invoke, (error) => this.fail(null, error)),
        kancelejaStepBudget: (activity: ExtendedActivity) => this.budgetExtension(activity),
      },
    };
    this.engine = new Engine(engineOptions as BpmnEngineOptions);
    this.observe();
  }

  /** A new instance, run until it first rests. */
  static async start(
    options: SessionOptions,
    variables: JsonObject,
    startAt: string | null = null,
  ): Promise<EngineSession> {
    const session = new EngineSession(options, await parsedContext(options.definition));
    session.startAt = startAt;
    await session.guard(() => session.engine.execute({ variables: toJson(variables) }));
    session.dropRunMessageVariables();
    await session.settle();
    return session;
  }

  /** A stored instance, recovered into a new engine and resumed where it waited. */
  static async recover(options: SessionOptions, state: JsonObject): Promise<EngineSession> {
    const session = new EngineSession(options, await parsedContext(options.definition));
    session.recording = false;
    session.engine.recover(toJson(state));
    await session.guard(() => session.engine.resume());
    session.dropRunMessageVariables();
    await session.settle();
    session.recording = true;
    session.markStepStart();
    return session;
  }

  /** The definition version this session runs. */
  get definitionId(): string {
    return this.options.definition.id;
  }

  /**
   * Prepares a session kept in memory since its last saved step for the next step: new clock and
   * services (the new transaction), empty step records. Only a session whose last step was saved
   * (no failure) may be reused, and only while the stored version is the one it saved.
   */
  beginStep(options: Pick<SessionOptions, 'clock' | 'invokeService' | 'timeZone'>): void {
    if (this.failure || this.ended) throw new Error('a failed or ended session cannot take another step');
    this.options = { ...this.options, ...options };
    this.events = [];
    this.markStepStart();
    this.firedTimers = [];
  }

  /** The timers the engine has set and not yet cleared or fired. */
  get timers(): ActiveTimer[] {
    return this.timerRecorder.list();
  }

  get tasks(): WaitingTask[] {
    return [...this.waitingTasks.values()];
  }

  get messages(): MessageWait[] {
    return [...this.messageWaits.values()];
  }

  /** Merges `variables` into the process variables (the engine never copies signal data itself). */
  setVariables(variables: JsonObject): void {
    Object.assign(this.variablesObject(), toJson(variables));
  }

  /** Completes the waiting user task `executionId`. False when the engine has no such wait. */
  completeTask(executionId: string, output: JsonObject): boolean {
    const task = this.waitingTasks.get(executionId);
    if (!task) return false;
    // A multi-instance iteration ends without an `activity.end` of its own: forget it here.
    this.waitingTasks.delete(executionId);
    this.attempt(() => this.engine.execution.signal({ ...toJson(output), id: task.elementId, executionId }));
    return true;
  }

  /** Fires the recorded timer `executionId`; false when the engine does not wait for it. */
  fireTimer(executionId: string): boolean {
    let fired = false;
    this.attempt(() => {
      fired = this.timerRecorder.fire(executionId);
    });
    return fired;
  }

  /** Delivers the BPMN message `messageRef` (a message element id) to whatever waits for it. */
  deliverMessage(messageRef: string): void {
    this.attempt(() => this.engine.execution.signal({ id: messageRef }));
  }

  /** What the stored derived rows hold at the start of a step: the engine's waits at that moment. */
  private markStepStart(): void {
    this.entered = new Map();
    this.enteredCount = 0;
    this.sinceYield = 0;
    this.stepStartedAt = performance.now();
    this.hadTimers = this.timerRecorder.list().length > 0;
    this.hadMessageWaits = this.messageWaits.size > 0;
  }

  /**
   * Runs an engine operation; what it throws (an expression failing inside a broker callback
   * escapes bpmn-elements synchronously) fails the step like an error the engine reports.
   */
  private attempt(operation: () => void): void {
    try {
      operation();
    } catch (error) {
      this.fail(null, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private async guard(operation: () => Promise<unknown>): Promise<void> {
    try {
      await operation();
    } catch (error) {
      this.fail(null, error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * bpmn-elements copies the process's own run message (`fields`, `content`, `properties`) into the
   * process variables on every execute and resume; a variable `content` would hide the activity
   * content that expressions such as `=content.output.x` mean. Dropped after start and resume.
   */
  private dropRunMessageVariables(): void {
    if (this.ended || this.failure) return;
    const variables = this.variablesObject();
    for (const key of RUN_MESSAGE_KEYS) delete variables[key];
  }

  /** Waits until no built-in service call is running: the engine then rests (waits or ended). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
      // The callbacks of settled calls continue the engine synchronously; let them run first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async snapshot(): Promise<SessionSnapshot> {
    await this.settle();
    const state = withoutSource((await this.engine.getState()) as unknown as JsonObject);
    const status = this.failure ? 'failed' : this.ended ? 'completed' : 'running';
    return {
      status,
      state,
      variables: this.variablesData(),
      // An ended instance (a terminate end event included) waits for nothing any more.
      tasks: this.ended ? [] : this.tasks,
      timers: this.ended ? [] : this.timerRecorder.list(),
      messages: this.ended ? [] : this.messages,
      firedTimers: [...this.firedTimers],
      hadTimers: this.hadTimers,
      hadMessageWaits: this.hadMessageWaits,
      events: [...this.events],
      failure: this.failure,
    };
  }

  /**
   * The live process variables: those of the running process's environment (what conditions and
   * expressions read), not the definition's, which the process cloned at its start.
   */
  private variablesObject(): Record<string, unknown> {
    const [definition] = this.engine.execution?.definitions ?? [];
    if (!definition) throw new Error('the engine has no definition');
    const [process] = definition.getRunningProcesses().length
      ? definition.getRunningProcesses()
      : definition.getProcesses();
    const variables: unknown = (process ?? definition).environment.variables;
    if (!isRecord(variables)) throw new Error('the engine has no process variables');
    return variables;
  }

  private variablesData(): JsonObject {
    const variables = { ...this.variablesObject() };
    for (const key of RUN_MESSAGE_KEYS) delete variables[key];
    return toJson(variables) as JsonObject;
  }

  /**
   * Counts each activity entered in the step. Every `yieldEvery` entries the activity is paused
   * (bpmn-elements' asynchronous format: it runs on when the end key is published) and resumed from
   * `setImmediate`, so that other requests are served and the call stack starts afresh. Past the
   * budget the activity is never resumed: the engine rests, and the step fails naming the element
   * entered most often (the loop).
   */
  private isOtherStart(activity: ExtendedActivity): boolean {
    const described = activity as unknown as { isStart?: boolean; parent?: { type?: string } };
    return (
      described.isStart === true && described.parent?.type === 'bpmn:Process' && activity.id !== this.startAt
    );
  }

  private budgetExtension(activity: ExtendedActivity) {
    const consumerTag = '_kanceleja-step-budget';
    return {
      activate: () => {
        if (this.startAt !== null && this.isOtherStart(activity)) {
          // Another start event of the process: this instance starts at `startAt` only.
          activity.on('enter', (api) => (api as unknown as { discard(): void }).discard());
        }
        activity.on(
          'enter',
          () => {
            if (this.overBudget || this.failure) {
              // The step has failed, but a service call still in flight may complete and move the
              // engine on: every activity entered from now on is held, or a loop would run forever
              // (on PostgreSQL, where each call awaits the network, it did).
              activity.broker.publish('format', PAUSE_KEY, { endRoutingKey: PAUSE_END_KEY });
              return;
            }
            this.enteredCount += 1;
            this.sinceYield += 1;
            this.entered.set(activity.id, (this.entered.get(activity.id) ?? 0) + 1);
            const elapsed = performance.now() - this.stepStartedAt;
            const budget = stepBudget;
            if (this.enteredCount > budget.activities || elapsed > budget.milliseconds) {
              this.overBudget = true;
              activity.broker.publish('format', PAUSE_KEY, { endRoutingKey: PAUSE_END_KEY });
              this.fail(this.loopElement(), new Error(this.budgetMessage(elapsed > budget.milliseconds)));
              return;
            }
            if (this.sinceYield < budget.yieldEvery) return;
            this.sinceYield = 0;
            activity.broker.publish('format', PAUSE_KEY, { endRoutingKey: PAUSE_END_KEY });
            const resumed = new Promise<void>((resolve) => {
              setImmediate(() => {
                try {
                  if (!this.overBudget) activity.broker.publish('format', PAUSE_END_KEY, {});
                } catch (error) {
                  this.fail(activity.id, error instanceof Error ? error : new Error(String(error)));
                } finally {
                  resolve();
                }
              });
            });
            this.pending.add(resumed);
            void resumed.finally(() => this.pending.delete(resumed));
          },
          { consumerTag },
        );
      },
      deactivate: () => activity.broker.cancel(consumerTag),
    };
  }

  /** The element entered most often in this step: where a loop that never waits runs round. */
  private loopElement(): string | null {
    let most: string | null = null;
    let count = 0;
    for (const [elementId, times] of this.entered) {
      if (times > count) [most, count] = [elementId, times];
    }
    return most;
  }

  private budgetMessage(outOfTime: boolean): string {
    const elementId = this.loopElement();
    const name = elementId ? this.elementName(elementId) : undefined;
    const where = elementId ? `${elementId}${name ? ` "${name}"` : ''}` : 'an element';
    const times = elementId ? (this.entered.get(elementId) ?? 0) : 0;
    const limit = outOfTime
      ? `ran longer than ${stepBudget.milliseconds / 1000} s`
      : `entered more than ${stepBudget.activities} activities`;
    return (
      `The process ${limit} in one step without waiting: it passed ${where} ${times} times. ` +
      'A loop must wait (for a user task, a timer or a message) or end; the engine was stopped.'
    );
  }

  private elementName(elementId: string): string | undefined {
    const [definition] = this.engine.execution?.definitions ?? [];
    for (const process of definition?.getProcesses() ?? []) {
      const activity = process.getActivityById(elementId) as { name?: unknown } | null;
      if (activity && typeof activity.name === 'string' && activity.name.trim() !== '')
        return activity.name.replace(/\s+/g, ' ').trim();
    }
    return undefined;
  }

  private fail(elementId: string | null, error: Error): void {
    this.failure ??= { elementId, message: error.message };
  }

  private observe(): void {
    const broker = this.engine.broker;
    const on = (routingKey: string, handler: (content: Record<string, unknown>) => void) =>
      broker.subscribeTmp(
        'event',
        routingKey,
        (_: string, message: BrokerMessage) => handler(message.content ?? {}),
        {
          noAck: true,
        },
      );

    on('activity.start', (content) => {
      if (this.recording && content.isRootScope !== false) {
        this.events.push({
          type: 'activity.started',
          elementId: String(content.id),
          details: this.activityDetails(content),
        });
      }
    });
    broker.subscribeTmp(
      'event',
      'activity.wait',
      (_: string, message: BrokerMessage) => this.onWait(message.content ?? {}),
      { noAck: true },
    );
    on('activity.timeout', (content) => {
      const executionId = String(content.executionId);
      this.firedTimers.push(executionId);
      this.events.push({ type: 'timer.fired', elementId: String(content.id), details: { executionId } });
    });
    // A terminate end event stops the other activities of its scope (`activity.stop`), without a leave.
    for (const routingKey of ['activity.end', 'activity.leave', 'activity.discard', 'activity.stop']) {
      on(routingKey, (content) => this.onLeave(routingKey, content));
    }
    this.engine.on('end', () => {
      this.ended = true;
    });
    this.engine.on('error', (error: Error & { source?: { content?: { id?: string } } }) => {
      this.fail(error.source?.content?.id ?? null, error);
    });
  }

  private activityDetails(content: Record<string, unknown>): JsonObject {
    return { type: String(content.type), executionId: String(content.executionId) };
  }

  private onWait(content: Record<string, unknown>): void {
    const executionId = String(content.executionId);
    const elementId = String(content.id);
    const parent = content.parent;
    if (isRecord(parent)) {
      const path = Array.isArray(parent.path) ? parent.path.filter(isRecord) : [];
      this.waitScopes.set(
        executionId,
        [parent, ...path].map((scope) => String(scope.executionId)),
      );
    }
    if (content.type === 'bpmn:UserTask') {
      const owner = this.activityById(elementId, content.parent);
      if (!owner) return;
      const published = content[TASK_ATTRIBUTES_KEY];
      if (!isRecord(published) && !owner.behaviour.loopCharacteristics) return; // its evaluation failed: the step fails
      const now = this.options.clock.now();
      const waitContent = toJson(content);
      this.waitingTasks.set(executionId, {
        elementId,
        executionId,
        name: typeof content.name === 'string' && content.name !== '' ? content.name : elementId,
        attributes: isRecord(published)
          ? () => published as unknown as TaskAttributes
          : () => evaluateTaskAttributes(owner, waitContent, now, this.options.timeZone),
        loopItem: content.isMultiInstance === true ? this.loopItem(owner, content) : null,
      });
      return;
    }
    const message = content.message;
    if (isRecord(message) && typeof message.id === 'string') {
      this.messageWaits.set(executionId, {
        elementId,
        executionId,
        messageRef: message.id,
        messageName: typeof message.name === 'string' ? message.name : message.id,
      });
    }
  }

  /**
   * The running activity `elementId` of the (single) running process; inside embedded
   * sub-processes, found through `parent` (the wait's content.parent, nearest scope first in its path).
   */
  private activityById(elementId: string, parent?: unknown): ExtendedActivity | undefined {
    const [definition] = this.engine.execution?.definitions ?? [];
    for (const process of definition?.getRunningProcesses() ?? []) {
      const activity: unknown = process.getActivityById(elementId);
      if (activity) return activity as ExtendedActivity;
    }
    if (!isRecord(parent)) return undefined;
    const path = Array.isArray(parent.path) ? parent.path.filter(isRecord) : [];
    const scopes = [parent, ...path]
      .filter((scope) => scope.type !== 'bpmn:Process' && scope.type !== 'bpmn:Definitions')
      .map((scope) => String(scope.id))
      .reverse();
    type Scope = { execution?: { source?: { execution?: { getActivityById(id: string): unknown } } } };
    const [outermost, ...inner] = scopes;
    if (!outermost) return undefined;
    let scope = this.activityById(outermost) as Scope | undefined;
    for (const id of [...inner, elementId]) {
      scope = scope?.execution?.source?.execution?.getActivityById(id) as Scope | undefined;
    }
    return scope as ExtendedActivity | undefined;
  }

  /** The element variable of a multi-instance iteration (`camunda:elementVariable`, default `item`). */
  private loopItem(owner: ExtendedActivity, content: Record<string, unknown>): JsonObject {
    const loop = owner.behaviour.loopCharacteristics as
      { behaviour?: { elementVariable?: unknown } } | undefined;
    const name =
      typeof loop?.behaviour?.elementVariable === 'string' ? loop.behaviour.elementVariable : 'item';
    return { [name]: toJson((content[name] ?? null) as JsonValue) };
  }

  private onLeave(routingKey: string, content: Record<string, unknown>): void {
    const ended = String(content.executionId);
    for (const map of [this.waitingTasks, this.messageWaits] as Map<string, unknown>[]) {
      for (const executionId of [...map.keys()]) {
        const inEndedScope = this.waitScopes.get(executionId)?.includes(ended) ?? false;
        if (endsWithin(executionId, ended) || inEndedScope) {
          map.delete(executionId);
          this.waitScopes.delete(executionId);
        }
      }
    }
    // A service's result becomes process variables (a user task's output is merged before its signal).
    if (routingKey === 'activity.end' && content.type === 'bpmn:ServiceTask' && isRecord(content.output)) {
      const { id: _id, executionId: _executionId, ...output } = content.output;
      Object.assign(this.variablesObject(), toJson(output));
    }
    if (routingKey === 'activity.end' && this.recording && content.isRootScope !== false) {
      this.events.push({
        type: 'activity.completed',
        elementId: String(content.id),
        details: this.activityDetails(content),
      });
    }
  }
}
