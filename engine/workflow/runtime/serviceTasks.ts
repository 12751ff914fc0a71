/**
 * Gives every service task of a diagram its behaviour: the built-in service named by
 * `camunda:topic` (with `camunda:type="external"`), called with its evaluated
 * `camunda:inputParameter`s. The call itself goes to `invoke`, which the step binds to the use-case
 * context and the open transaction: a diagram never reaches a database handle.
 */
import { bpmnExpressions } from '../expressions.js';
import type { ExtendedActivity } from './taskAttributes.js';

export interface ServiceInvocation {
  service: string;
  elementId: string;
  inputs: Record<string, unknown>;
}

export type ServiceInvoker = (invocation: ServiceInvocation) => Promise<Record<string, unknown> | undefined>;

interface InputParameter {
  name?: string;
  value?: unknown;
}

function inputParameters(behaviour: Record<string, unknown>): InputParameter[] {
  const extensionElements = behaviour.extensionElements as { values?: unknown[] } | undefined;
  for (const value of extensionElements?.values ?? []) {
    const element = value as { $type?: string; inputParameters?: InputParameter[] };
    if (element.$type === 'camunda:InputOutput') return element.inputParameters ?? [];
  }
  return [];
}

type Callback = (error: Error | null, output?: Record<string, unknown>) => void;
interface ExecuteMessage {
  content: Record<string, unknown>;
}

/**
 * `failed` receives what the engine throws while it goes on after a service's answer: that runs in a
 * promise callback, where a throw would otherwise become an unhandled rejection and leave the step
 * waiting for nothing (an expression failing at the next activity, say).
 */
export function serviceTaskExtension(invoke: ServiceInvoker, failed: (error: Error) => void) {
  const continueWith = (callback: Callback, error: Error | null, output?: Record<string, unknown>) => {
    try {
      callback(error, output);
    } catch (thrown) {
      failed(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
  };
  return (activity: ExtendedActivity) => {
    if (activity.type !== 'bpmn:ServiceTask' && activity.type !== 'bpmn:SendTask') return undefined;
    const service = typeof activity.behaviour.topic === 'string' ? activity.behaviour.topic : '';
    activity.behaviour.Service = function BuiltInService() {
      return {
        execute(message: ExecuteMessage, callback: Callback) {
          let inputs: Record<string, unknown>;
          try {
            inputs = Object.fromEntries(
              inputParameters(activity.behaviour).map((parameter) => [
                parameter.name ?? '',
                typeof parameter.value === 'string'
                  ? bpmnExpressions.resolveExpression(parameter.value, {
                      environment: activity.environment,
                      content: message.content,
                    })
                  : parameter.value,
              ]),
            );
          } catch (error) {
            callback(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          invoke({ service, elementId: activity.id, inputs }).then(
            (output) => continueWith(callback, null, output ?? {}),
            (error: unknown) =>
              continueWith(callback, error instanceof Error ? error : new Error(String(error))),
          );
        },
      };
    };
    return undefined;
  };
}
