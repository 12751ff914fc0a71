/**
 * The actor's inbox: open tasks assigned to them, and unassigned tasks offered to them by username,
 * role code, department code or `role:DEPT`, earliest due first. A deputy also gets the tasks of
 * the people they stand in for. A task on a document the actor may not see is not theirs to work
 * (routing is need-to-know: a restricted document offered to a role or a department reaches only
 * those of it named on the document), so it is left out.
 */
import type { Actor, UseCaseContext } from '../../context.js';
import { viewerOf } from '../../records/policy.js';
import type { Repositories } from '../../store/ports.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { actorGroups } from './taskPolicy.js';

export async function listMyTasks(ctx: UseCaseContext): Promise<TaskRecord[]> {
  return openTasksOfActor(ctx.store, ctx.actor);
}

/** The open tasks the actor may work on, their own and (as a deputy) their principals'. */
export async function openTasksOfActor(
  repos: Pick<Repositories, 'tasks' | 'departments' | 'documentAccess'>,
  actor: Actor,
): Promise<TaskRecord[]> {
  return withoutHiddenDocuments(repos, actor, await offeredOrAssigned(repos, actor));
}

/** Leaves out the tasks whose business key names a document the actor may not see. */
export async function withoutHiddenDocuments(
  repos: Pick<Repositories, 'documentAccess'>,
  actor: Actor,
  tasks: TaskRecord[],
): Promise<TaskRecord[]> {
  if (actor.id === null) return tasks;
  const keys = tasks.flatMap((task) => (task.businessKey ? [task.businessKey] : []));
  const hidden = new Set(await repos.documentAccess.hiddenAmong(keys, viewerOf(actor)));
  if (hidden.size === 0) return tasks;
  return tasks.filter((task) => !task.businessKey || !hidden.has(task.businessKey.toLowerCase()));
}

async function offeredOrAssigned(
  repos: Pick<Repositories, 'tasks' | 'departments'>,
  actor: Actor,
): Promise<TaskRecord[]> {
  const groups = await actorGroups(repos, actor);
  const own = await repos.tasks.listOpenFor(actor.username, groups);
  if (!actor.actingFor?.length) return own;
  const byId = new Map(own.map((task) => [task.id, task]));
  for (const principal of actor.actingFor) {
    for (const task of await repos.tasks.listOpenFor(principal.username, groups)) byId.set(task.id, task);
  }
  return [...byId.values()].sort(
    (a, b) =>
      (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
}
