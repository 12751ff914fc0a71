/**
 * Saves one step: the engine state with the optimistic version check, then the rows derived from
 * it (tasks: taskSync.ts, timer jobs: timerSync.ts, message subscriptions: messageSync.ts) and the
 * step's history — all in the caller's transaction, so that they can never disagree with the
 * state. What happened to tasks is told to the step's listeners (stepEvents.ts) in that same
 * transaction.
 */
import type { UseCaseContext } from '../../context.js';
import type { Repositories } from '../../store/ports.js';
import type {
  HistoryEventType,
  JsonObject,
  NewHistoryEvent,
  ProcessInstance,
  TaskRecord,
} from '../../store/workflowPorts.js';
import type { SessionSnapshot } from './engineSession.js';
import { syncMessageWaits } from './messageSync.js';
import { syncTasks } from './taskSync.js';
import { syncTimers } from './timerSync.js';

export interface PendingHistory {
  type: HistoryEventType;
  elementId: string | null;
  details: JsonObject;
}

export interface PersistOptions {
  /** Events the use case adds before the engine's own (task completed, message correlated…). */
  history?: PendingHistory[];
  endReason?: string | null;
  /**
   * The first step of a new instance: it has no task rows yet, and its row is inserted here with
   * the step's state (`insert`) unless a service task of the step needed it stored already.
   */
  firstStep?: { insert: boolean };
}

/** The task whose completion this step is, if it is one. */
function completedTaskOf(history: PendingHistory[] | undefined): string | null {
  const taskId = history?.find((event) => event.type === 'task.completed')?.details.taskId;
  return typeof taskId === 'string' ? taskId : null;
}

function changedVariables(before: JsonObject, after: JsonObject): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

export interface PersistedStep {
  /** The saved instance, with its new version number. */
  instance: ProcessInstance;
  /** The instance's open tasks after the step. */
  openTasks: TaskRecord[];
}

export async function persistStep(
  ctx: UseCaseContext,
  tx: Repositories,
  instance: ProcessInstance,
  snapshot: SessionSnapshot,
  options: PersistOptions = {},
): Promise<PersistedStep> {
  const now = ctx.clock.now();
  const completed = snapshot.status === 'completed';
  const change = {
    status: completed ? ('completed' as const) : ('running' as const),
    state: snapshot.state,
    variables: snapshot.variables,
    endedAt: completed ? now : null,
    endReason: options.endReason ?? null,
  };
  const saved = options.firstStep?.insert
    ? await tx.processInstances.insert({ ...instance, ...change })
    : await tx.processInstances.update(instance.id, instance.versionNo, change);

  const history: PendingHistory[] = [...(options.history ?? []), ...snapshot.events];

  const changed = changedVariables(instance.variables, snapshot.variables);
  if (changed.length > 0)
    history.push({ type: 'variables.changed', elementId: null, details: { names: changed } });

  const openTasks = await syncTasks(
    ctx,
    tx,
    instance,
    {
      waiting: snapshot.tasks,
      variables: snapshot.variables,
      completedTaskId: completedTaskOf(options.history),
      firstStep: options.firstStep !== undefined,
      now,
    },
    history,
  );
  await syncTimers(tx, instance.id, snapshot, now, history);
  await syncMessageWaits(tx, instance, snapshot, now);

  if (completed) history.push({ type: 'instance.completed', elementId: null, details: {} });
  await tx.processHistory.append(history.map((event) => toHistoryEvent(ctx, instance.id, now, event)));
  return { instance: saved, openTasks };
}

export function toHistoryEvent(
  ctx: UseCaseContext,
  instanceId: string,
  at: Date,
  event: PendingHistory,
): NewHistoryEvent {
  return {
    instanceId,
    at,
    actorId: ctx.actor.id,
    actorName: ctx.actor.username,
    type: event.type,
    elementId: event.elementId,
    details: event.details,
  };
}
