/**
 * Who may see a task on a document: those who may see the document (its task holders among them:
 * a task given to a person grants them routed access). A task offered to a role or a department on
 * a document that member may not see (a restricted one they are not named on) is not theirs: routing
 * is need-to-know. A task on no document: the people it is assigned or offered to.
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
  const viewer = viewerOf(ctx.actor);
  const onDocument = task.businessKey !== null && isUuid(task.businessKey);
  const hidden =
    onDocument && (await repos.documentAccess.hiddenAmong([task.businessKey as string], viewer)).length > 0;
  if (hidden) throw new NotFound('No such task.');
  const seesDocument = onDocument && (await repos.documentAccess.canSee(task.businessKey as string, viewer));
  if (!offered && !seesDocument) throw new NotFound('No such task.');
  return { task, groups, seesDocument };
}
