/**
 * Saves one step: the engine state with the optimistic version check, then the rows derived from
 * it (tasks, jobs, message subscriptions) and the step's history — all in the caller's transaction,
 * so that they can never disagree with the state.
 */
import { grantRoutedAccess } from '../../records/routedAccess.js';
import { notifyNewTask } from '../../notifications/notifyTaskEvents.js';
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
import { StepFailed } from './stepErrors.js';
import type { TaskAttributes } from './taskAttributes.js';

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

  const allTasks = options.firstStep ? [] : await tx.tasks.listByInstance(instance.id);
  const openTasks = allTasks.filter((task) => task.status === 'open');
  const waiting = new Set(snapshot.tasks.map((task) => task.executionId));
  const gone = openTasks.filter((task) => !waiting.has(task.executionId));
  if (gone.length > 0) {
    await tx.tasks.cancelOpen(
      instance.id,
      now,
      gone.map((task) => task.executionId),
    );
    for (const task of gone) {
      history.push({ type: 'task.cancelled', elementId: task.elementId, details: { taskId: task.id } });
    }
  }
  // Any row, open or not: an execution id gets one task row, ever.
  const known = new Set(allTasks.map((task) => task.executionId));
  const stillOpen = openTasks.filter((task) => waiting.has(task.executionId));
  for (const task of snapshot.tasks) {
    if (known.has(task.executionId)) continue;
    let attributes: TaskAttributes;
    try {
      attributes = task.attributes();
    } catch (error) {
      throw new StepFailed({
        elementId: task.elementId,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    const created = await tx.tasks.insert({
      instanceId: instance.id,
      processKey: instance.processKey,
      businessKey: instance.businessKey,
      elementId: task.elementId,
      executionId: task.executionId,
      name: task.name,
      assignee: attributes.assignee,
      candidateGroups: attributes.candidateGroups,
      candidateUsers: attributes.candidateUsers,
      dueAt: attributes.dueAt ? new Date(attributes.dueAt) : null,
      priority: attributes.priority,
      formKey: attributes.formKey,
      loopItem: task.loopItem,
      createdAt: now,
    });
    stillOpen.push(created);
    await grantRoutedAccess(tx, created, null);
    await notifyNewTask(ctx, tx, created, {
      variables: snapshot.variables,
      completedTaskId: completedTaskOf(options.history),
    });
    history.push({
      type: 'task.created',
      elementId: task.elementId,
      details: { taskId: created.id, assignee: created.assignee, candidateGroups: created.candidateGroups },
    });
  }

  if (snapshot.firedTimers.length > 0) await tx.jobs.finish(instance.id, 'fired', now, snapshot.firedTimers);
  if (snapshot.hadTimers || snapshot.timers.length > 0) {
    await tx.jobs.cancelPendingExcept(
      instance.id,
      snapshot.timers.map((timer) => timer.executionId),
      now,
    );
  }
  for (const timer of snapshot.timers) {
    const scheduled = await tx.jobs.insertIfAbsent({
      instanceId: instance.id,
      kind: 'timer',
      elementId: timer.elementId,
      executionId: timer.executionId,
      dueAt: timer.dueAt,
      createdAt: now,
    });
    if (scheduled) {
      history.push({
        type: 'timer.scheduled',
        elementId: timer.elementId,
        details: { dueAt: timer.dueAt.toISOString() },
      });
    }
  }

  if (snapshot.hadMessageWaits || snapshot.messages.length > 0) {
    await tx.messageSubscriptions.replaceForInstance(
      instance.id,
      snapshot.messages.map((wait) => ({
        instanceId: instance.id,
        businessKey: instance.businessKey,
        messageName: wait.messageName,
        messageRef: wait.messageRef,
        elementId: wait.elementId,
        executionId: wait.executionId,
        createdAt: now,
      })),
    );
  }

  if (completed) history.push({ type: 'instance.completed', elementId: null, details: {} });
  await tx.processHistory.append(history.map((event) => toHistoryEvent(ctx, instance.id, now, event)));
  return { instance: saved, openTasks: stillOpen };
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
