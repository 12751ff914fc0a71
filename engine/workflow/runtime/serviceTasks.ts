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

export function serviceTaskExtension(invoke: ServiceInvoker) {
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
            (output) => callback(null, output ?? {}),
            (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
          );
        },
      };
    };
    return undefined;
  };
}
