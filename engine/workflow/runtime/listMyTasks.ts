/**
 * The actor's inbox: open tasks assigned to them, and unassigned tasks offered to them by username,
 * role code, department code or `role:DEPT`, earliest due first.
 */
import type { UseCaseContext } from '../../context.js';
import type { TaskRecord } from '../../store/workflowPorts.js';
import { actorGroups } from './taskPolicy.js';

export async function listMyTasks(ctx: UseCaseContext): Promise<TaskRecord[]> {
  return ctx.store.tasks.listOpenFor(ctx.actor.username, await actorGroups(ctx.store, ctx.actor));
}
