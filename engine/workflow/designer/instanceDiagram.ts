/**
 * What the diagram of one instance shows: its version's XML, the elements it waits at now, those
 * it completed, and its history with element names. The instance of a document is seen by those who
 * may see the document (the diagram on the document card) — designers, administrators and auditors
 * included; an instance about no document by designers, administrators and auditors. For everyone
 * else the instance does not exist.
 */
import { hasRole } from '../../policies/roles.js';
import type { UseCaseContext } from '../../context.js';
import { NotFound } from '../../errors.js';
import { isUuid } from '../../store/ids.js';
import type {
  HistoryEventType,
  InstanceStatus,
  JsonObject,
  ProcessInstance,
} from '../../store/workflowPorts.js';
import { type ActedFor, actedFor, displayNames } from '../../substitutions/onBehalf.js';
import { businessKeyRules } from '../runtime/businessKeyRules.js';
import { diagramElements } from './compareDefinitions.js';

export interface InstanceHistoryLine {
  at: Date;
  elementId: string | null;
  elementName: string | null;
  event: HistoryEventType;
  /** The words of a note written by an appendHistory service, or null. */
  text: string | null;
  /** For the note of a migration: the versions it moved the instance between (the page words it). */
  migration: { fromVersion: number; toVersion: number } | null;
  actorName: string;
  /** Done by a deputy for someone else: both by display name; null for one's own work. */
  actedFor: ActedFor | null;
}

export interface InstanceDiagram {
  instanceId: string;
  key: string;
  version: number;
  status: InstanceStatus;
  xml: string;
  /** Elements with an open task, a pending timer or a message wait. */
  active: string[];
  /** Elements the instance has completed at least once. */
  completed: string[];
  history: InstanceHistoryLine[];
}

const HISTORY_LIMIT = 5000;

/** A history note's words, or the versions of a migration (its stored words are for the log only). */
function noteOf(details: JsonObject): Pick<InstanceHistoryLine, 'text' | 'migration'> {
  const { fromVersion, toVersion, text } = details;
  if (typeof fromVersion === 'number' && typeof toVersion === 'number') {
    return { text: null, migration: { fromVersion, toVersion } };
  }
  return { text: typeof text === 'string' ? text : null, migration: null };
}

/** The instance of a document follows the document's rule, for designers and auditors too. */
async function maySee(ctx: UseCaseContext, instance: ProcessInstance): Promise<boolean> {
  if (ctx.actor.id === null) return false;
  const document =
    instance.businessKey && isUuid(instance.businessKey)
      ? await ctx.store.documents.get(instance.businessKey).catch(() => null)
      : null;
  if (document) return ctx.store.documentAccess.canSee(document.id, businessKeyRules().viewerOf(ctx.actor));
  return hasRole(ctx.actor, 'designer', 'admin', 'auditor');
}

export async function getInstanceDiagram(
  ctx: UseCaseContext,
  props: { instanceId: string },
): Promise<InstanceDiagram> {
  const notFound = new NotFound(`Process instance ${props.instanceId} not found.`);
  const instance = await ctx.store.processInstances.get(props.instanceId).catch(() => null);
  if (!instance || !(await maySee(ctx, instance))) throw notFound;
  const definition = await ctx.store.processDefinitions.get(instance.definitionId);
  if (!definition)
    throw new Error(`definition ${instance.definitionId} of instance ${instance.id} is missing`);
  const [tasks, jobs, subscriptions, history, elements] = await Promise.all([
    ctx.store.tasks.listByInstance(instance.id, { status: 'open' }),
    ctx.store.jobs.listByInstance(instance.id, { status: 'pending' }),
    ctx.store.messageSubscriptions.listByInstance(instance.id),
    ctx.store.processHistory.listByInstance(instance.id, { limit: HISTORY_LIMIT }),
    diagramElements(definition.xml),
  ]);
  const nameOf = displayNames(ctx.store);
  const active = new Set([...tasks, ...jobs, ...subscriptions].map((wait) => wait.elementId));
  const completed = new Set(
    history.flatMap((event) =>
      event.type === 'activity.completed' && event.elementId ? [event.elementId] : [],
    ),
  );
  return {
    instanceId: instance.id,
    key: instance.processKey,
    version: instance.definitionVersion,
    status: instance.status,
    xml: definition.xml,
    active: [...active].sort(),
    completed: [...completed].sort(),
    history: await Promise.all(
      history.map(async (event) => ({
        at: event.at,
        elementId: event.elementId,
        elementName: event.elementId ? (elements.get(event.elementId)?.name ?? null) : null,
        event: event.type,
        ...noteOf(event.details),
        actorName: event.actorName,
        actedFor: await actedFor(nameOf, event),
      })),
    ),
  };
}

/** A history entry of a deputy's work for someone else: when, what, and who for whom. */
export interface InstanceActedForLine {
  at: Date;
  event: HistoryEventType;
  actedFor: ActedFor;
}

/**
 * The entries of the instance's history a deputy made for someone else (the instance view says
 * "Ilze Ozola for Pēteris Liepa" beside them); none for an instance the actor may not see.
 */
export async function getInstanceActedFor(
  ctx: UseCaseContext,
  props: { instanceId: string },
): Promise<InstanceActedForLine[]> {
  const instance = await ctx.store.processInstances.get(props.instanceId).catch(() => null);
  if (!instance || !(await maySee(ctx, instance))) return [];
  const nameOf = displayNames(ctx.store);
  const lines: InstanceActedForLine[] = [];
  for (const event of await ctx.store.processHistory.listByInstance(instance.id, { limit: HISTORY_LIMIT })) {
    const acted = await actedFor(nameOf, event);
    if (acted) lines.push({ at: event.at, event: event.type, actedFor: acted });
  }
  return lines;
}
