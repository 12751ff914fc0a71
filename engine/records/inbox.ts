/**
 * The inbox, one definition for pages and API: the open tasks a person holds ("mine": assigned to
 * them or, as a deputy, to those they stand in for) and those offered to them, their roles or their
 * department that nobody holds yet ("unassigned"). Filtered, counted and paged in the store, with the
 * access rule applied there (a task on a document the person may not see is in neither). A
 * read-only query.
 */
import type { UseCaseContext } from '../context.js';
import { peopleNames } from '../directory/peopleNames.js';
import type { InboxScope, TaskRecord } from '../store/workflowPorts.js';
import { actingUsernames } from '../substitutions/actingFor.js';
import { actorGroups } from '../policies/task.js';
import { principalOf } from '../workflow/runtime/actingOnTask.js';
import { viewerOf } from '../policies/document.js';

export interface InboxEntry {
  task: TaskRecord;
  overdue: boolean;
  /** The task is on an urgent document. */
  urgent: boolean;
  /** The holder's display name; null while nobody holds the task. */
  assigneeName: string | null;
  /** The person a deputy sees this task for; null for the person's own. */
  principal: { username: string; displayName: string } | null;
  /** The document the task is about (the person may see it), else null. */
  document: { id: string; registrationNumber: string; subject: string } | null;
}

export interface Inbox {
  entries: InboxEntry[];
  /** Each at most INBOX_COUNT_CAP (or as far as the page reaches): `countsCapped` says which stopped. */
  counts: Record<InboxScope, number> & { overdue: number };
  /** Which counts stopped: there are more tasks than that ("500+"). */
  countsCapped: Record<InboxScope, boolean> & { overdue: boolean };
  total: number;
  /** `total` stopped: there are more (at least one more page). */
  totalIsCapped: boolean;
  page: number;
  pageSize: number;
}

export const MAX_INBOX_PAGE_SIZE = 500;

/**
 * The inbox counts up to this many tasks per tab, then says "500+": counting an executor's thousands
 * of tasks (those offered to their department) was most of the first page's time (issue 14). A page
 * further on counts as far as it reaches.
 */
export const INBOX_COUNT_CAP = 500;

export async function listInbox(
  ctx: UseCaseContext,
  options: {
    scope: InboxScope;
    overdueOnly?: boolean;
    /** `due` (default): overdue first; `priority`: urgent first. */
    sort?: 'due' | 'priority';
    page?: number;
    pageSize?: number;
  },
): Promise<Inbox> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? 50)), MAX_INBOX_PAGE_SIZE);
  const now = ctx.clock.now();
  const found = await ctx.store.tasks.inbox({
    usernames: actingUsernames(ctx.actor),
    groups: await actorGroups(ctx.store, ctx.actor),
    viewer: viewerOf(ctx.actor),
    scope: options.scope,
    overdueOnly: options.overdueOnly ?? false,
    sort: options.sort ?? 'due',
    now,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    countUpTo: Math.max(INBOX_COUNT_CAP, page * pageSize),
  });
  const people = await peopleNames(
    ctx,
    found.items.map((task) => task.assignee),
  );
  // Every task listed is on a document the person may see, or on none: one read for the page.
  const documents = new Map(
    (
      await ctx.store.documents.getMany(found.items.flatMap((t) => (t.businessKey ? [t.businessKey] : [])))
    ).map((d) => [d.id, d]),
  );
  const entries: InboxEntry[] = [];
  for (const task of found.items) {
    const document = task.businessKey ? documents.get(task.businessKey.toLowerCase()) : undefined;
    const principal = ctx.actor.actingFor?.length ? await principalOf(ctx, task) : null;
    entries.push({
      task,
      overdue: task.dueAt !== null && task.dueAt.getTime() < now.getTime(),
      urgent: found.urgentIds.has(task.id),
      assigneeName: task.assignee ? people.nameOf(task.assignee) : null,
      principal: principal ? { username: principal.username, displayName: principal.displayName } : null,
      document: document
        ? { id: document.id, registrationNumber: document.registrationNumber, subject: document.subject }
        : null,
    });
  }
  return {
    entries,
    counts: found.counts,
    countsCapped: found.countsCapped,
    total: found.total,
    totalIsCapped: found.totalIsCapped,
    page,
    pageSize,
  };
}
