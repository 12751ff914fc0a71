/**
 * `camunda:initiator` on a start event (Camunda Modeler sets it): the variable that receives the
 * starter's username when an instance starts.
 */
import { getParsedDefinition } from '../deployment/definitionCache.js';
import type { RunnableDefinition } from './engineSession.js';

interface ActivityDescription {
  type?: string;
  parent?: { type?: string };
  behaviour?: { initiator?: unknown };
}

/** The variable names the definition's start events give the starter's username to. */
export async function initiatorVariables(definition: RunnableDefinition): Promise<string[]> {
  const { sourceContext } = await getParsedDefinition(definition.hash, definition.xml);
  const activities = sourceContext.getActivities() as unknown as ActivityDescription[];
  const names = activities
    .filter((activity) => activity.type === 'bpmn:StartEvent' && activity.parent?.type === 'bpmn:Process')
    .map((activity) => activity.behaviour?.initiator)
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => name.trim());
  return [...new Set(names)];
}
