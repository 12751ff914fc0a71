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

/** NotFound when the task's business key names a document the actor may not see. */
export async function requireTaskDocumentVisible(
  actor: UseCaseContext['actor'],
  repos: Pick<Repositories, 'documentAccess'>,
  task: TaskRecord,
): Promise<void> {
  if (actor.id === null || task.businessKey === null || !isUuid(task.businessKey)) return;
  if ((await repos.documentAccess.hiddenAmong([task.businessKey], viewerOf(actor))).length > 0) {
    throw new NotFound('No such task.');
  }
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
  await requireTaskDocumentVisible(ctx.actor, repos, task);
  const seesDocument =
    task.businessKey !== null &&
    isUuid(task.businessKey) &&
    (await repos.documentAccess.canSee(task.businessKey, viewerOf(ctx.actor)));
  if (!offered && !seesDocument) throw new NotFound('No such task.');
  return { task, groups, seesDocument };
}
