/**
 * The open tasks of the actor as the API lists them: the engine's inbox (engine/records/inbox.ts),
 * the same definition as the pages' — `mine`: what the actor holds (or, as a deputy, the people they
 * stand in for); `unassigned` (also called `department`): offered to them, their roles or their
 * department and taken by nobody yet. Overdue first (or, `sort=priority`, urgent documents first),
 * one page at a time.
 */
import type { UseCaseContext } from '../../../engine/context.js';
import { listInbox } from '../../../engine/records/inbox.js';
import type { TaskRecord } from '../../../engine/store/workflowPorts.js';

export type ApiInboxScope = 'mine' | 'unassigned' | 'department' | 'all';

/**
 * An open task as the API lists it: with the username of the person a deputy takes it for, and
 * whether its document is urgent.
 */
export type ListedTask = TaskRecord & { onBehalfOf: string | null; urgent: boolean };

export async function openTasksOf(
  ctx: UseCaseContext,
  scope: ApiInboxScope,
  paging: { page: number; pageSize: number; sort?: 'due' | 'priority' },
): Promise<{ tasks: ListedTask[]; total: number; totalIsCapped: boolean }> {
  const inbox = await listInbox(ctx, {
    scope: scope === 'department' ? 'unassigned' : scope,
    page: paging.page,
    pageSize: paging.pageSize,
    sort: paging.sort ?? 'due',
  });
  return {
    tasks: inbox.entries.map(({ task, principal, urgent }) => ({
      ...task,
      onBehalfOf: principal?.username ?? null,
      urgent,
    })),
    total: inbox.total,
    totalIsCapped: inbox.totalIsCapped,
  };
}
