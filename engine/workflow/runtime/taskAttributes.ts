/**
 * The `camunda:*` attributes of a user task, evaluated once when the task is entered and published
 * into the task's own message content (bpmn-engine's `format` exchange), so that they are part of
 * `getState()` and come back unchanged after `recover()`: a recovered engine never re-evaluates an
 * assignee against variables that changed since.
 */
import type { Clock } from '../../context.js';
import { bpmnExpressions } from '../expressions.js';
import { resolveDueDate } from './dueDate.js';

/** Task attributes as plain data (a due date as ISO text, to survive the stored state). */
export interface TaskAttributes {
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  dueAt: string | null;
  priority: number | null;
  formKey: string | null;
}

/** The key under which the attributes live in the activity's content. */
export const TASK_ATTRIBUTES_KEY = 'kancelejaTask';

/** The parts of a bpmn-elements activity the extension touches. */
export interface ExtendedActivity {
  id: string;
  type: string;
  name?: string;
  behaviour: Record<string, unknown> & { loopCharacteristics?: unknown };
  environment: { variables: Record<string, unknown> };
  broker: {
    publish(exchange: string, routingKey: string, content: Record<string, unknown>): void;
    cancel(consumerTag: string): void;
  };
  on(
    eventName: string,
    handler: (api: { content: Record<string, unknown> }) => void,
    options?: { consumerTag?: string },
  ): void;
}

type Resolve = (expression: string) => unknown;

const asText = (value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : String(value);

/** `a, b` or an expression that gives a list or a comma-separated text. */
function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : String(value).split(',');
  return items.map((item) => String(item).trim()).filter((item) => item !== '');
}

/** Evaluates the attributes of `activity` for the run whose message content is `content`. */
export function evaluateTaskAttributes(
  activity: Pick<ExtendedActivity, 'behaviour' | 'environment'>,
  content: Record<string, unknown>,
  now: Date,
  timeZone = 'UTC',
): TaskAttributes {
  const resolve: Resolve = (expression) =>
    bpmnExpressions.resolveExpression(expression, { environment: activity.environment, content });
  return evaluateEach(activity.behaviour, resolve, now, timeZone);
}

function evaluateEach(
  behaviour: Record<string, unknown>,
  resolve: Resolve,
  now: Date,
  timeZone: string,
): TaskAttributes {
  const evaluate = (name: string): unknown => {
    const raw = behaviour[name];
    return typeof raw === 'string' ? resolve(raw) : raw;
  };
  const due = evaluate('dueDate');
  let dueAt: string | null = null;
  if (due !== undefined && due !== null && due !== '') {
    const resolved = resolveDueDate(due, now, timeZone);
    if (resolved instanceof Error) throw resolved;
    dueAt = resolved.toISOString();
  }
  const priority = evaluate('priority');
  return {
    assignee: asText(evaluate('assignee')),
    candidateGroups: asList(evaluate('candidateGroups')),
    candidateUsers: asList(evaluate('candidateUsers')),
    dueAt,
    priority: priority === undefined || priority === null || priority === '' ? null : Number(priority),
    formKey: asText(evaluate('formKey')),
  };
}

/**
 * The extension for the engine's `extensions` option. `onError` receives an attribute that cannot
 * be evaluated: the step then fails and becomes an incident instead of a task nobody may complete.
 */
export function taskAttributesExtension(
  clock: Clock,
  timeZone: string | undefined,
  onError: (elementId: string, error: Error) => void,
) {
  return (activity: ExtendedActivity) => {
    if (activity.type !== 'bpmn:UserTask') return undefined;
    const consumerTag = `_kanceleja-task-attributes`;
    return {
      activate() {
        activity.on(
          'enter',
          (api) => {
            const content = api.content;
            // A multi-instance task's iterations emit no `enter` of their own: the runtime evaluates
            // their attributes when they wait (see EngineSession), with the iteration's element variable.
            if (activity.behaviour.loopCharacteristics) return;
            try {
              const attributes = evaluateTaskAttributes(activity, content, clock.now(), timeZone);
              activity.broker.publish('format', 'run.format.kanceleja', {
                [TASK_ATTRIBUTES_KEY]: attributes,
              });
            } catch (error) {
              onError(activity.id, error instanceof Error ? error : new Error(String(error)));
            }
          },
          { consumerTag },
        );
      },
      deactivate() {
        activity.broker.cancel(consumerTag);
      },
    };
  };
}
