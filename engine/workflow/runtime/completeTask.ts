/** Completes a user task: merges its output into the process variables and runs the process on. */
import { auditActor, type UseCaseContext } from '../../context.js';
import { Conflict, Invalid } from '../../errors.js';
import type { Repositories } from '../../store/ports.js';
import type { JsonObject, TaskRecord } from '../../store/workflowPorts.js';
import { type InstanceStep, runInstanceStep } from './instanceStep.js';
import { loadTask } from './loadTask.js';
import type { PersistedStep } from './persistStep.js';
import { actingOnTask, onBehalfOfDetails } from './actingOnTask.js';
import { actorGroups, requireMayComplete } from '../../policies/task.js';

export interface CompleteTaskProps {
  taskId: string;
  /** The form's data; becomes process variables (`id` and `executionId` are engine words and dropped). */
  output?: JsonObject;
}

export interface CompletedTask {
  task: TaskRecord;
  instanceId: string;
  instanceStatus: 'running' | 'completed' | 'cancelled' | 'failed';
  /** The instance's open tasks after the step. */
  openTasks: TaskRecord[];
}

function cleanOutput(output: JsonObject | undefined): JsonObject {
  if (output === undefined) return {};
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    throw new Invalid('task output must be an object', [{ field: 'output', message: 'not an object' }]);
  }
  const { id: _id, executionId: _executionId, ...rest } = output;
  return rest;
}

/**
 * The engine step of a completion, by `completedBy`; `retryIncident` runs it again as recorded.
 * `onSaved` adds to the step's transaction (an incident resolved by the retry).
 */
export function completeTaskStep(
  ctx: UseCaseContext,
  taskId: string,
  output: JsonObject,
  completedBy: string,
  onSaved: (tx: Repositories) => Promise<void> = async () => {},
): InstanceStep<TaskRecord, PersistedStep & { task: TaskRecord }> {
  // A deputy's completion names the person it was done for (see actingOnTask.ts).
  const principal = ctx.actor.onBehalfOfId
    ? ctx.actor.actingFor?.find((person) => person.id === ctx.actor.onBehalfOfId)
    : undefined;
  return {
    command: { kind: 'completeTask', taskId, output, actor: completedBy },
    // Conflict when the task is no longer open (completed, cancelled with its instance).
    prepare: (tx) => tx.tasks.complete(taskId, completedBy, ctx.clock.now()),
    apply(session, task) {
      session.setVariables(output);
      if (!session.completeTask(task.executionId, output)) {
        throw new Conflict(
          `the process no longer waits for task ${task.id}`,
          'refusal.processNoLongerWaits',
          { id: task.id },
        );
      }
    },
    history: (task) => [
      {
        type: 'task.completed',
        elementId: task.elementId,
        details: {
          taskId: task.id,
          completedBy,
          output: Object.keys(output).sort(),
          ...onBehalfOfDetails(ctx.actor),
          ...(principal ? { completedFor: principal.username } : {}),
        },
      },
    ],
    async audit(tx, saved, task) {
      await tx.audit.append({
        ...auditActor(ctx.actor),
        occurredAt: ctx.clock.now(),
        action: 'task.completed',
        objectType: 'task',
        objectId: task.id,
        details: {
          processInstanceId: saved.id,
          elementId: task.elementId,
          completedBy,
          ...(principal
            ? { onBehalfOf: { username: principal.username, displayName: principal.displayName } }
            : {}),
          output,
        },
      });
      await onSaved(tx);
    },
    result: (persisted, task) => ({ ...persisted, task }),
  };
}

export async function completeTask(caller: UseCaseContext, props: CompleteTaskProps): Promise<CompletedTask> {
  const output = cleanOutput(props.output);
  const found = await loadTask(caller.store, props.taskId);
  requireMayComplete(found, caller.actor, await actorGroups(caller.store, caller.actor));
  // A deputy completing the principal's task: recorded on behalf of the principal.
  const ctx = await actingOnTask(caller, caller.store, found);
  const step = completeTaskStep(ctx, found.id, output, ctx.actor.username);
  const { instance, openTasks, task } = await runInstanceStep(ctx, found.instanceId, {
    ...step,
    async prepare(tx, current) {
      const completed = await step.prepare(tx, current);
      // Checked again on the row as this transaction completed it: it may have been reassigned
      // meanwhile (a refusal rolls the completion back).
      requireMayComplete({ ...completed, status: 'open' }, ctx.actor, await actorGroups(tx, ctx.actor));
      return completed;
    },
  });
  return { task, instanceId: instance.id, instanceStatus: instance.status, openTasks };
}
