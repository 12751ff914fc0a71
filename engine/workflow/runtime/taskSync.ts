/**
 * The task rows of a step: open tasks the engine no longer waits at are cancelled, a task the engine
 * waits at for the first time is inserted and reported to the step's listeners (stepEvents.ts).
 */
import type { UseCaseContext } from '../../context.js';
import type { Repositories } from '../../store/ports.js';
import type { JsonObject, ProcessInstance, TaskRecord } from '../../store/workflowPorts.js';
import type { WaitingTask } from './engineSession.js';
import type { PendingHistory } from './persistStep.js';
import { emitStepEvent } from './stepEvents.js';
import { StepFailed } from './stepErrors.js';
import type { TaskAttributes } from './taskAttributes.js';

export interface TaskSyncProps {
  /** The tasks the engine waits at after the step. */
  waiting: WaitingTask[];
  /** The instance's variables after the step. */
  variables: JsonObject;
  /** The task whose completion made this step, if one did. */
  completedTaskId: string | null;
  /** The instance's first step: it has no task rows yet. */
  firstStep: boolean;
  now: Date;
}

/** Returns the instance's open tasks after the step; adds to `history` what changed. */
export async function syncTasks(
  ctx: UseCaseContext,
  tx: Repositories,
  instance: ProcessInstance,
  props: TaskSyncProps,
  history: PendingHistory[],
): Promise<TaskRecord[]> {
  const { now } = props;
  const allTasks = props.firstStep ? [] : await tx.tasks.listByInstance(instance.id);
  const openTasks = allTasks.filter((task) => task.status === 'open');
  const waiting = new Set(props.waiting.map((task) => task.executionId));
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
  for (const task of props.waiting) {
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
    await emitStepEvent(ctx, tx, {
      type: 'task.created',
      task: created,
      variables: props.variables,
      completedTaskId: props.completedTaskId,
    });
    history.push({
      type: 'task.created',
      elementId: task.elementId,
      details: { taskId: created.id, assignee: created.assignee, candidateGroups: created.candidateGroups },
    });
  }
  return stillOpen;
}
