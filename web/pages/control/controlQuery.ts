/** "Under my control" as the control page lists it: the engine's query, in the inbox's rows. */
import type { UseCaseContext } from '../../../engine/context.js';
import { listControlledTasks } from '../../../engine/records/controlList.js';
import { INBOX_PAGE_SIZE, inboxRow, type InboxTask } from '../inbox/inboxQuery.js';

export async function loadControlledTasks(
  ctx: UseCaseContext,
  page: number,
): Promise<{ tasks: InboxTask[]; total: number; overdue: number }> {
  const list = await listControlledTasks(ctx, { page, pageSize: INBOX_PAGE_SIZE });
  return {
    tasks: list.entries.map((entry) => inboxRow(entry, ctx.actor.username)),
    total: list.total,
    overdue: list.overdue,
  };
}
