/**
 * "Under my control": the open tasks of running processes whose `controller` variable names the
 * person, overdue first, one query in the store. A document the person may not see is not named
 * (the task still is: controlling it is their job). A read-only query.
 */
import type { UseCaseContext } from '../context.js';
import { peopleNames } from '../directory/peopleNames.js';
import type { TaskRecord } from '../store/workflowPorts.js';
import { INBOX_COUNT_CAP } from './inbox.js';
import { viewerOf } from '../policies/document.js';

export interface ControlledTask {
  task: TaskRecord;
  overdue: boolean;
  assigneeName: string | null;
  document: { id: string; registrationNumber: string; subject: string } | null;
}

export interface ControlList {
  entries: ControlledTask[];
  /** At most INBOX_COUNT_CAP (or as far as the page reaches); `totalIsCapped`: there are more. */
  total: number;
  overdue: number;
  totalIsCapped: boolean;
  overdueIsCapped: boolean;
}

export async function listControlledTasks(
  ctx: UseCaseContext,
  options: { page?: number; pageSize?: number } = {},
): Promise<ControlList> {
  if (ctx.actor.id === null) {
    return { entries: [], total: 0, overdue: 0, totalIsCapped: false, overdueIsCapped: false };
  }
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(Math.max(1, Math.floor(options.pageSize ?? 50)), 500);
  const now = ctx.clock.now();
  const found = await ctx.store.tasks.listOpenControlledBy(ctx.actor.username, {
    now,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    // A head may control tens of thousands: counted as the inbox counts ("500+").
    countUpTo: Math.max(INBOX_COUNT_CAP, page * pageSize),
  });
  // One read for the page's documents, without those the person may not see.
  const keys = found.items.flatMap((task) => (task.businessKey ? [task.businessKey.toLowerCase()] : []));
  const hidden = new Set(await ctx.store.documentAccess.hiddenAmong(keys, viewerOf(ctx.actor)));
  const documents = new Map(
    (await ctx.store.documents.getMany(keys.filter((key) => !hidden.has(key)))).map((d) => [
      d.id,
      { id: d.id, registrationNumber: d.registrationNumber, subject: d.subject },
    ]),
  );
  const people = await peopleNames(
    ctx,
    found.items.map((task) => task.assignee),
  );
  return {
    entries: found.items.map((task) => ({
      task,
      overdue: task.dueAt !== null && task.dueAt.getTime() < now.getTime(),
      assigneeName: task.assignee ? people.nameOf(task.assignee) : null,
      document: (task.businessKey && documents.get(task.businessKey.toLowerCase())) || null,
    })),
    total: found.total,
    overdue: found.overdue,
    totalIsCapped: found.totalIsCapped,
    overdueIsCapped: found.overdueIsCapped,
  };
}

/**
 * Whether the person controls anything open now (the menu's "Under my control" for whoever is a
 * controller, not only heads): one count in the store, no documents read.
 */
export async function controlsAnything(ctx: UseCaseContext): Promise<boolean> {
  if (ctx.actor.id === null) return false;
  const found = await ctx.store.tasks.listOpenControlledBy(ctx.actor.username, {
    now: ctx.clock.now(),
    limit: 1,
    offset: 0,
    countUpTo: 1,
  });
  return found.total > 0;
}
