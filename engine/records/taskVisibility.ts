/**
 * Who may see a task: the people it is assigned or offered to, and those who may see its document.
 * Everyone else is told it does not exist (NotFound, as for an unknown id), never that it is
 * forbidden: a task's existence already says something about its document.
 */
import type { UseCaseContext } from '../context.js';
import { NotFound } from '../errors.js';
import { isUuid } from '../store/ids.js';
import type { Repositories } from '../store/ports.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { actorGroups, isCandidate, mayComplete } from '../workflow/runtime/taskPolicy.js';
import { viewerOf } from './policy.js';

export interface VisibleTask {
  task: TaskRecord;
  /** The actor's group codes (see actorGroups). */
  groups: string[];
  /** The actor may see the task's document (false when it has none). */
  seesDocument: boolean;
}

export async function requireVisibleTask(
  ctx: UseCaseContext,
  taskId: string,
  repos: Pick<Repositories, 'tasks' | 'departments' | 'documentAccess'> = ctx.store,
): Promise<VisibleTask> {
  const task = isUuid(taskId) ? await repos.tasks.get(taskId) : null;
  if (!task || ctx.actor.id === null) throw new NotFound('No such task.');
  const groups = await actorGroups(repos, ctx.actor);
  // mayComplete: assigned to the actor, or (as a deputy) to someone they stand in for.
  const offered = mayComplete(task, ctx.actor, groups) || isCandidate(task, ctx.actor, groups);
  const seesDocument =
    task.businessKey !== null &&
    isUuid(task.businessKey) &&
    (await repos.documentAccess.canSee(task.businessKey, viewerOf(ctx.actor)));
  if (!offered && !seesDocument) throw new NotFound('No such task.');
  return { task, groups, seesDocument };
}
