/**
 * Who may open a task page: the people it is assigned or offered to, and those who may see its
 * document. Everyone else gets the same 404 as for a task that does not exist.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { NotFound } from '../../../engine/errors.js';
import { viewerOf } from '../../../engine/records/policy.js';
import { isUuid } from '../../../engine/records/validation.js';
import type { TaskRecord } from '../../../engine/store/workflowPorts.js';
import { actorGroups, isCandidate, mayComplete } from '../../../engine/workflow/runtime/taskPolicy.js';

export interface TaskAccess {
  task: TaskRecord;
  groups: string[];
  /** The actor may fill in and complete the form now. */
  mayComplete: boolean;
  mayClaim: boolean;
  mayUnclaim: boolean;
}

export async function taskAccess(ctx: UseCaseContext, taskId: string): Promise<TaskAccess> {
  const task = isUuid(taskId) ? await ctx.store.tasks.get(taskId) : null;
  if (!task) throw new NotFound('No such task.');
  const groups = await actorGroups(ctx.store, ctx.actor);
  const offered = task.assignee === ctx.actor.username || isCandidate(task, ctx.actor, groups);
  const seesDocument =
    task.businessKey !== null &&
    isUuid(task.businessKey) &&
    (await ctx.store.documentAccess.canSee(task.businessKey, viewerOf(ctx.actor)));
  if (!offered && !seesDocument) throw new NotFound('No such task.');
  const open = task.status === 'open';
  return {
    task,
    groups,
    mayComplete: open && mayComplete(task, ctx.actor, groups),
    mayClaim: open && task.assignee === null && isCandidate(task, ctx.actor, groups),
    mayUnclaim: open && task.assignee === ctx.actor.username,
  };
}
