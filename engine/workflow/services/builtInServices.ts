/**
 * The implementations of the built-in services (names in serviceNames.ts). Each receives the
 * use-case context, the open transaction's repositories and the instance it runs for — never a
 * database handle — and reports what it did to the instance history through `record`.
 *
 * The workflow implements only what needs nothing but the instance (`appendHistory`); a service
 * that works on what a business key names (`setDocumentStatus`, records) or tells people
 * (`notify`, notifications) is provided by its own side, through the composition root
 * (engine/composition.ts).
 */
import type { UseCaseContext } from '../../context.js';
import { Invalid } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { HistoryEventType, JsonObject } from '../../store/workflowPorts.js';
import { isServiceName, type ServiceName } from './serviceNames.js';

export interface ServiceScope {
  ctx: UseCaseContext;
  tx: Repositories;
  instance: { id: string; processKey: string; businessKey: string | null };
  elementId: string;
  /** Adds an event to the instance history of this step. */
  record(type: HistoryEventType, details: JsonObject): void;
}

export type BuiltInService = (
  inputs: Record<string, unknown>,
  scope: ServiceScope,
) => Promise<Record<string, unknown> | undefined>;

/** The input `name` of `service`, a non-blank text (Invalid otherwise). */
export const textInput = (inputs: Record<string, unknown>, name: string, service: string): string => {
  const value = inputs[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Invalid(`service ${service} needs the input parameter "${name}"`);
  }
  return value;
};

const appendHistory: BuiltInService = async (inputs, { record }) => {
  record('history.appended', { text: textInput(inputs, 'text', 'appendHistory') });
  return undefined;
};

const provided = new Map<ServiceName, BuiltInService>([['appendHistory', appendHistory]]);

/** Gives the runtime the implementation of the built-in service `name` (the composition root does). */
export function provideService(name: ServiceName, service: BuiltInService): void {
  provided.set(name, service);
}

/**
 * Calls the service `name`; an unknown name, or one nobody provided, fails the step (an incident),
 * as any service error.
 */
export function callBuiltInService(
  name: string,
  inputs: Record<string, unknown>,
  scope: ServiceScope,
): Promise<Record<string, unknown> | undefined> {
  const service = isServiceName(name) ? provided.get(name) : undefined;
  if (!service) {
    return Promise.reject(new Error(`service task ${scope.elementId} names the unknown service "${name}"`));
  }
  return service(inputs, scope);
}
