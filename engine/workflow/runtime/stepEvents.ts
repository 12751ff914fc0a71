/**
 * What a step reports to the rest of the engine: the runtime knows nothing of documents or
 * notifications, so it tells its listeners what happened to tasks, and those who care (routed access
 * to a document, task notifications) react. The composition root (engine/composition.ts) registers
 * the listeners once per process. Every listener runs inside the step's transaction, in the order
 * registered: what a listener writes commits with the step or not at all, and a listener that throws
 * fails the step.
 */
import type { UseCaseContext } from '../../context.js';
import type { Repositories } from '../../store/ports.js';
import type { JsonObject, TaskRecord } from '../../store/workflowPorts.js';

/** A step opened a task. */
export interface TaskCreated {
  type: 'task.created';
  task: TaskRecord;
  /** The instance's variables after the step. */
  variables: JsonObject;
  /** The task whose completion made this step, if one did. */
  completedTaskId: string | null;
}

/** Someone claimed, released or handed on an open task (`task` is the row after the change). */
export interface TaskAssigned {
  type: 'task.assigned';
  task: TaskRecord;
  change: 'task.claimed' | 'task.unclaimed' | 'task.reassigned';
}

export type TaskEvent = TaskCreated | TaskAssigned;

export type StepListener = (ctx: UseCaseContext, tx: Repositories, event: TaskEvent) => Promise<void>;

const listeners: StepListener[] = [];

/** Adds a listener of every step's events (the composition root does, once per process). */
export function addStepListener(listener: StepListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

/** Tells every listener of `event`, one after the other, in the step's transaction `tx`. */
export async function emitStepEvent(ctx: UseCaseContext, tx: Repositories, event: TaskEvent): Promise<void> {
  for (const listener of listeners) await listener(ctx, tx, event);
}
