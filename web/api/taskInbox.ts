/**
 * The open tasks of the actor: `mine` are assigned to them; `department` are offered to them, their
 * roles or their department and taken by nobody yet. Read-only over the task rows.
 */
import type { UseCaseContext } from '../../engine/context.js';
import type { TaskRecord } from '../../engine/store/workflowPorts.js';
import { openTasksOfActor } from '../../engine/workflow/runtime/listMyTasks.js';
import { actingUsernames } from '../../engine/substitutions/actingFor.js';

export type InboxScope = 'mine' | 'department' | 'all';

/** Overdue first, then by due date (none last), then oldest first. */
const byUrgency = (a: TaskRecord, b: TaskRecord): number =>
  (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
  a.createdAt.getTime() - b.createdAt.getTime();

export async function openTasksOf(ctx: UseCaseContext, scope: InboxScope): Promise<TaskRecord[]> {
  const tasks = await openTasksOfActor(ctx.store, ctx.actor);
  // A deputy's own tasks include those assigned to the people they stand in for.
  const usernames = actingUsernames(ctx.actor);
  const wanted = tasks.filter((task) => {
    if (scope === 'mine') return task.assignee !== null && usernames.includes(task.assignee);
    if (scope === 'department') return task.assignee === null;
    return true;
  });
  return wanted.sort(byUrgency);
}
