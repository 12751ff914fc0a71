/** "Under my control" as the control page lists it: the engine's query, in the inbox's rows. */
import type { UseCaseContext } from '../../../engine/context.js';
import { listControlledTasks } from '../../../engine/records/controlList.js';
import { INBOX_PAGE_SIZE, inboxRow, type InboxTask, inLanguage } from '../inbox/inboxQuery.js';

export async function loadControlledTasks(
  ctx: UseCaseContext,
  page: number,
  language?: string,
): Promise<{
  tasks: InboxTask[];
  total: number;
  overdue: number;
  totalIsCapped: boolean;
  overdueIsCapped: boolean;
}> {
  const list = await listControlledTasks(ctx, { page, pageSize: INBOX_PAGE_SIZE });
  const rows = list.entries.map((entry) => inboxRow(entry, ctx.actor.username));
  return {
    tasks: language ? await inLanguage(ctx, language, list.entries, rows) : rows,
    total: list.total,
    overdue: list.overdue,
    totalIsCapped: list.totalIsCapped,
    overdueIsCapped: list.overdueIsCapped,
  };
}
