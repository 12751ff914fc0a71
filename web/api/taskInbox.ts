/**
 * The open tasks of the actor: `mine` are assigned to them; `department` are offered to them, their
 * roles or their department and taken by nobody yet. Read-only over the task rows.
 */
import type { UseCaseContext } from '../../engine/context.js';
import type { TaskRecord } from '../../engine/store/workflowPorts.js';
import { openTasksOfActor } from '../../engine/workflow/runtime/listMyTasks.js';
import { actingUsernames } from '../../engine/substitutions/actingFor.js';
import { principalOf } from '../../engine/workflow/runtime/taskPolicy.js';

export type InboxScope = 'mine' | 'department' | 'all';

/** Overdue first, then by due date (none last), then oldest first. */
const byUrgency = (a: TaskRecord, b: TaskRecord): number =>
  (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
  a.createdAt.getTime() - b.createdAt.getTime();

/** An open task as the API lists it: with the username of the person a deputy takes it for. */
export type ListedTask = TaskRecord & { onBehalfOf: string | null };

export async function openTasksOf(ctx: UseCaseContext, scope: InboxScope): Promise<ListedTask[]> {
  const tasks = await openTasksOfActor(ctx.store, ctx.actor);
  // A deputy's own tasks include those assigned to the people they stand in for.
  const usernames = actingUsernames(ctx.actor);
  const wanted = tasks.filter((task) => {
    if (scope === 'mine') return task.assignee !== null && usernames.includes(task.assignee);
    if (scope === 'department') return task.assignee === null;
    return true;
  });
  const listed: ListedTask[] = [];
  for (const task of wanted.sort(byUrgency)) {
    listed.push({ ...task, onBehalfOf: (await principalOf(ctx, task))?.username ?? null });
  }
  return listed;
}
