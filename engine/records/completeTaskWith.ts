/**
 * Completes a task of a given form together with record changes that must commit or fail with it
 * (a number issued at signing, a dispatch, a linked answer): the changes run in the task step's own
 * transaction, after the task row is claimed as completed and before the engine moves on, and the
 * variables they return join the task's output.
 */
import type { UseCaseContext } from '../context.js';
import { Invalid } from '../errors.js';
import type { Repositories } from '../store/ports.js';
import type { JsonObject, ProcessInstance, TaskRecord } from '../store/workflowPorts.js';
import { type CompletedTask, completeTaskStep } from '../workflow/runtime/completeTask.js';
import { runInstanceStep } from '../workflow/runtime/instanceStep.js';
import { loadTask } from '../workflow/runtime/loadTask.js';
import { actorGroups, requireMayComplete } from '../policies/task.js';

export type TaskSideEffect = (
  tx: Repositories,
  task: TaskRecord,
  instance: ProcessInstance,
) => Promise<JsonObject | undefined>;

/** The open task `taskId`, refused unless it takes the form `formKey`. */
export async function taskOfForm(ctx: UseCaseContext, taskId: string, formKey: string): Promise<TaskRecord> {
  const task = await loadTask(ctx.store, taskId);
  if (task.formKey !== formKey) {
    throw new Invalid(
      `Task ${task.name} does not take a ${formKey} form.`,
      [
        {
          field: 'taskId',
          message: `not a ${formKey} task`,
          code: 'problem.notFormTask',
          params: { form: formKey },
        },
      ],
      'refusal.taskForm',
      { task: task.name, form: formKey },
    );
  }
  requireMayComplete(task, ctx.actor, await actorGroups(ctx.store, ctx.actor));
  return task;
}

export async function completeTaskWith(
  ctx: UseCaseContext,
  task: TaskRecord,
  output: JsonObject,
  sideEffect: TaskSideEffect,
): Promise<CompletedTask> {
  // The step keeps a reference to `variables`: what the side effect adds reaches the engine.
  const variables: JsonObject = { ...output };
  const step = completeTaskStep(ctx, task.id, variables, ctx.actor.username);
  const {
    instance,
    openTasks,
    task: completed,
  } = await runInstanceStep(ctx, task.instanceId, {
    ...step,
    async prepare(tx, current) {
      const claimed = await step.prepare(tx, current);
      requireMayComplete({ ...claimed, status: 'open' }, ctx.actor, await actorGroups(tx, ctx.actor));
      Object.assign(variables, (await sideEffect(tx, claimed, current)) ?? {});
      return claimed;
    },
  });
  return { task: completed, instanceId: instance.id, instanceStatus: instance.status, openTasks };
}
