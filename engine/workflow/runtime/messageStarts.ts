/** The message start events of a definition: where a message by that name starts a new instance. */
import { getParsedDefinition } from '../deployment/definitionCache.js';
import type { RunnableDefinition } from './engineSession.js';

export interface MessageStart {
  elementId: string;
  /** The BPMN message element id the engine is signalled with. */
  messageRef: string;
  messageName: string;
}

interface ActivityDescription {
  id: string;
  type?: string;
  parent?: { type?: string };
  behaviour?: {
    eventDefinitions?: { type?: string; behaviour?: { messageRef?: { id?: unknown; name?: unknown } } }[];
  };
}

/** The top-level start events of `definition` that wait for a message, with that message's name. */
export async function messageStartEvents(definition: RunnableDefinition): Promise<MessageStart[]> {
  const { sourceContext } = await getParsedDefinition(definition.hash, definition.xml);
  const activities = sourceContext.getActivities() as unknown as ActivityDescription[];
  const starts: MessageStart[] = [];
  for (const activity of activities) {
    if (activity.type !== 'bpmn:StartEvent' || activity.parent?.type !== 'bpmn:Process') continue;
    for (const eventDefinition of activity.behaviour?.eventDefinitions ?? []) {
      const message = eventDefinition.behaviour?.messageRef;
      if (eventDefinition.type !== 'bpmn:MessageEventDefinition' || typeof message?.id !== 'string') continue;
      starts.push({
        elementId: activity.id,
        messageRef: message.id,
        messageName: typeof message.name === 'string' ? message.name : message.id,
      });
    }
  }
  return starts;
}
