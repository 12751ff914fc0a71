/** "Under my control" as the control page lists it: the engine's query, in the inbox's rows. */
import type { UseCaseContext } from '../../../engine/context.js';
import { listControlledTasks } from '../../../engine/records/controlList.js';
import type { InboxTask } from '../inbox/inboxQuery.js';

export async function loadControlledTasks(ctx: UseCaseContext): Promise<InboxTask[]> {
  return (await listControlledTasks(ctx)).map(({ task, overdue, assigneeName, document }) => ({
    id: task.id,
    name: task.name,
    dueAt: task.dueAt,
    overdue,
    assignee: task.assignee,
    assigneeName,
    offeredToMe: task.candidateUsers.includes(ctx.actor.username),
    document,
  }));
}
